"""Issue 5: "Involved partners add and update their own actions, within what the client
consented to."

A connected partner (a school, a GP) works in the plan only while the client's consent
names "plan" for it: it sees the goals and actions, adds its own organisation's actions and
updates their status. Another organisation's action it sees but may not change (403: it
already knows the action exists). Without that consent, or once it is withdrawn, every
plan page and endpoint answers 404, as for a household that does not exist.
"""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import SECRET_STREET, as_actor, login
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record, consent_withdraw
from zicht.plans.models import Action, ActionStatus
from zicht.plans.services import action_add, goal_add


def _consent(household, supporter, school, categories):
    return consent_record(
        actor=as_actor(supporter), household=household, person=household.client,
        purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(), organisation=school, categories=categories)


@pytest.fixture
def plan_consent(household, supporter, school):
    """The client agreed that the school works in the plan (and nothing else)."""
    return _consent(household, supporter, school, ["plan"])


@pytest.fixture
def supporters_action(household, supporter, alkmaar_team):
    return action_add(actor=as_actor(supporter), household=household, domain="debts",
                      description="Aanmelden schuldhulp", responsible_organisation=alkmaar_team)


def api(user) -> APIClient:
    return login(APIClient(), user)


def plan_url(household, path: str = "") -> str:
    return f"/api/v1/households/{household.uuid}/plan/{path}"


def test_a_partner_with_consent_sees_goals_and_actions_and_nothing_else(
        client, household, supporter, school_partner, plan_consent, supporters_action):
    goal_add(actor=as_actor(supporter), household=household, person=household.client,
             domain="housing", description="Vaste woning")
    login(client, school_partner)
    page = client.get(reverse("plans:detail", args=[household.uuid]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vaste woning" in html and "Aanmelden schuldhulp" in html
    # No name without consent for persons, no scores, no address, no way to set goals.
    assert household.client.given_name not in html
    assert SECRET_STREET not in html
    assert "Zelfredzaamheid" not in html
    assert reverse("plans:goal_new", args=[household.uuid]) not in html
    # Another organisation's action: visible, not changeable.
    assert reverse("plans:action_update",
                   args=[household.uuid, supporters_action.uuid]) not in html


def test_a_partner_with_consent_adds_and_updates_its_own_action_on_the_page(
        client, household, school, school_partner, plan_consent, alkmaar_team):
    login(client, school_partner)
    new = reverse("plans:action_new", args=[household.uuid])
    form = client.get(new).context["form"]
    assert list(form.fields["responsible_organisation"].queryset) == [school]
    # Someone else's organisation is not a choice for a partner.
    refused = client.post(new, {"domain": "debts", "description": "x",
                                "responsible_organisation": alkmaar_team.pk})
    assert refused.status_code == 200 and not Action.objects.exists()
    response = client.post(new, {"domain": "education", "description": "Intake IB'er",
                                 "responsible_organisation": school.pk})
    assert response.status_code == 302
    own = Action.objects.get()
    assert own.responsible_organisation == school
    response = client.post(reverse("plans:action_update", args=[household.uuid, own.uuid]),
                           {"status": "in_progress", "note": "Gesprek gepland"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ActionStatus.IN_PROGRESS
    assert own.history.last().organisation == school


def test_a_partner_cannot_update_another_organisations_action(
        client, household, school_partner, plan_consent, supporters_action):
    login(client, school_partner)
    page = reverse("plans:action_update", args=[household.uuid, supporters_action.uuid])
    assert client.get(page).status_code == 403
    assert client.post(page, {"status": "done"}).status_code == 403
    response = api(school_partner).post(plan_url(household, f"actions/{supporters_action.uuid}/"),
                                        {"status": "done"}, format="json")
    assert response.status_code == 403
    supporters_action.refresh_from_db()
    assert supporters_action.status == ActionStatus.PLANNED


def test_a_partner_with_consent_lists_adds_and_updates_own_actions_over_the_api(
        household, school, school_partner, plan_consent, supporters_action, alkmaar_team):
    partner = api(school_partner)
    listed = partner.get(plan_url(household))
    assert listed.status_code == 200
    assert [a["uuid"] for a in listed.json()["actions"]] == [str(supporters_action.uuid)]
    assert listed.json()["scores"] == []
    refused = partner.post(plan_url(household, "actions/"), {
        "domain": "debts", "description": "x",
        "responsible_organisation": str(alkmaar_team.uuid)}, format="json")
    assert refused.status_code == 400
    created = partner.post(plan_url(household, "actions/"), {
        "domain": "education", "description": "Intake IB'er",
        "responsible_organisation": str(school.uuid)}, format="json")
    assert created.status_code == 201
    updated = partner.post(plan_url(household, f"actions/{created.json()['uuid']}/"),
                           {"status": "done"}, format="json")
    assert updated.status_code == 200 and updated.json()["status"] == "done"
    # Goals and scores stay with those who hold the plan.
    goal = partner.post(plan_url(household, "goals/"), {
        "person": str(household.client.uuid), "domain": "housing", "description": "x"},
        format="json")
    assert goal.status_code == 403


def _assert_plan_is_404(household, user, action):
    c = login(APIClient(), user)
    pages = [reverse("plans:detail", args=[household.uuid]),
             reverse("plans:action_new", args=[household.uuid]),
             reverse("plans:action_update", args=[household.uuid, action.uuid])]
    endpoints = [plan_url(household), plan_url(household, "actions/"),
                 plan_url(household, f"actions/{action.uuid}/")]
    for path in pages + endpoints:
        assert c.get(path).status_code == 404, path
        assert c.post(path, {"status": "done", "domain": "education", "description": "x"},
                      format="json").status_code in (404, 405), path
    # Exactly as for a household that does not exist.
    assert c.get(f"/api/v1/households/{uuid.uuid4()}/plan/").status_code == 404


def test_without_consent_for_the_plan_a_partner_gets_404(household, supporter, school,
                                                         school_partner, supporters_action):
    # Consent for signals only: involved, but the plan is not the school's to see.
    _consent(household, supporter, school, ["signals"])
    _assert_plan_is_404(household, school_partner, supporters_action)


def test_after_withdrawal_the_partner_gets_404_at_once(household, supporter, school,
                                                       school_partner, plan_consent):
    own = action_add(actor=as_actor(school_partner), household=household, domain="education",
                     description="Intake IB'er", responsible_organisation=school)
    assert api(school_partner).get(plan_url(household)).status_code == 200
    consent_withdraw(actor=as_actor(supporter), consent=plan_consent)
    _assert_plan_is_404(household, school_partner, own)


def test_an_outsider_gets_404_on_the_plan(household, outsider, supporters_action):
    _assert_plan_is_404(household, outsider, supporters_action)


def test_the_plan_holder_still_sees_scores_and_names(client, household, supporter):
    login(client, supporter)
    html = client.get(reverse("plans:detail", args=[household.uuid])).content.decode()
    assert "Zelfredzaamheid" in html
    assert reverse("plans:goal_new", args=[household.uuid]) in html


def test_the_household_page_gives_the_partner_the_plan_link_only(client, household,
                                                                  school_partner,
                                                                  plan_consent):
    login(client, school_partner)
    html = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert reverse("plans:detail", args=[household.uuid]) in html
    assert reverse("stagnations:household", args=[household.uuid]) not in html
