"""The new household pages and API endpoints of issue 5 answer 404 to outsiders."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, invalid_params, login
from tests.test_api import signed_in
from zicht.plans.services import action_add
from zicht.stagnations.services import stagnation_record

HOUSEHOLD_PAGES = [
    ("plans:detail", "get"), ("plans:goal_new", "get"), ("plans:goal_new", "post"),
    ("plans:action_new", "get"), ("plans:action_new", "post"),
    ("plans:scores_new", "get"), ("plans:scores_new", "post"),
    ("stagnations:household", "get"), ("stagnations:household", "post"),
    ("moves:new", "get"), ("moves:new", "post"),
]

HOUSEHOLD_ENDPOINTS = [
    ("get", "plan/"), ("post", "plan/goals/"), ("post", "plan/actions/"),
    ("post", "plan/scores/"), ("post", f"plan/actions/{uuid.uuid4()}/"),
    ("get", "stagnations/"), ("post", "stagnations/"),
    ("get", "moves/"), ("post", "moves/"),
    ("get", "coordinator-handovers/"),
]


@pytest.mark.parametrize(("name", "method"), HOUSEHOLD_PAGES)
def test_an_outsider_gets_404_on_every_new_household_page(client, household, outsider,
                                                          school_partner, name, method):
    for user in (outsider, school_partner):
        login(client, user)
        response = getattr(client, method)(reverse(name, args=[household.uuid]))
        assert response.status_code == 404


def test_an_outsider_gets_404_on_an_action_page(client, household, supporter, alkmaar_team,
                                                outsider):
    act = action_add(actor=as_actor(supporter), household=household, domain="housing",
                     description="x", responsible_organisation=alkmaar_team)
    login(client, outsider)
    url = reverse("plans:action_update", args=[household.uuid, act.uuid])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("method", "path"), HOUSEHOLD_ENDPOINTS)
def test_an_outsider_gets_404_on_every_new_household_endpoint(household, outsider, method,
                                                              path):
    response = getattr(signed_in(outsider), method)(
        f"/api/v1/households/{household.uuid}/{path}", {}, format="json")
    assert response.status_code == 404


def test_an_outsider_gets_404_on_stagnations_moves_and_handovers_by_id(household, supporter,
                                                                      outsider):
    stagnation = stagnation_record(actor=as_actor(supporter), household=household,
                                   domain="debts", what="x", since=timezone.localdate(),
                                   must_act="y")
    api = signed_in(outsider)
    for path in (f"stagnations/{stagnation.uuid}/", f"stagnations/{stagnation.uuid}/resolve/",
                 f"moves/{uuid.uuid4()}/", f"coordinator-handovers/{uuid.uuid4()}/"):
        method = api.post if path.endswith(("resolve/",)) else api.get
        assert method(f"/api/v1/{path}", {"resolution": "x"}, format="json").status_code == 404


def test_plan_stagnation_and_move_through_the_api(household, supporter, outsider, hoorn_team,
                                                  alkmaar_team):
    api = signed_in(supporter)
    base = f"/api/v1/households/{household.uuid}/"
    goal = api.post(base + "plan/goals/", {"person": str(household.client.uuid),
                                           "domain": "housing", "description": "Woning"},
                    format="json")
    assert goal.status_code == 201, goal.content
    act = api.post(base + "plan/actions/", {
        "domain": "housing", "description": "Urgentie aanvragen",
        "responsible_organisation": str(alkmaar_team.uuid), "goal": goal.json()["uuid"]},
        format="json")
    assert act.status_code == 201, act.content
    done = api.post(base + f"plan/actions/{act.json()['uuid']}/", {"status": "done"},
                    format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    scores = api.post(base + "plan/scores/", {"moment": "departure",
                                              "scored_on": timezone.localdate().isoformat(),
                                              "levels": {"finances": 2, "housing": 3}},
                      format="json")
    assert scores.status_code == 201, scores.content
    plan = api.get(base + "plan/").json()
    assert len(plan["goals"]) == 1 and len(plan["scores"]) == 2

    stagnation = api.post(base + "stagnations/", {
        "domain": "debts", "what": "Wachtlijst", "since": timezone.localdate().isoformat(),
        "must_act": "Schuldhulp"}, format="json")
    assert stagnation.status_code == 201, stagnation.content
    escalated = api.post(f"/api/v1/stagnations/{stagnation.json()['uuid']}/escalate/",
                         {"note": "Wachtlijst van een half jaar.", "provision": "debt_help",
                          "tried": ["contacted"]}, format="json")
    assert escalated.json()["rung"] == "municipality"

    request = {"to_organisation": str(hoorn_team.uuid), "to_supporter": str(outsider.uuid),
               "meeting_at": timezone.now().isoformat(),
               "moving_date": timezone.localdate().isoformat()}
    refused = api.post(base + "moves/", request, format="json")
    assert refused.status_code == 400 and "consent" in invalid_params(refused)  # none recorded yet
    move = api.post(base + "moves/", {**request, "consent": {"method": "verbal"}},
                    format="json")
    assert move.status_code == 201, move.content
    assert move.json()["has_new_address"] is False
    receiver = signed_in(outsider)
    incoming = receiver.get("/api/v1/moves/").json()["results"]  # paged (issue 14)
    assert [m["uuid"] for m in incoming] == [move.json()["uuid"]]
    accept = f"/api/v1/moves/{move.json()['uuid']}/accept/"
    assert receiver.post(accept, {}, format="json").status_code == 400  # no address yet
    accepted = receiver.post(accept, {"new_address": {
        "street": "Grote Noord 12", "postcode": "1621 KH", "city": "Hoorn"}}, format="json")
    assert "Grote Noord" not in accepted.content.decode()
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert api.get(base).status_code == 404
    assert receiver.get(base + "plan/").status_code == 200
