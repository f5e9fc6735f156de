"""Satisfaction questionnaires: a personal link for the client, anonymous answers.

- The supporter makes a link from the household page; it opens without login, once,
  and not after it expired.
- After submission the answers carry no link to the household: only the municipality,
  the moment and the month.
- Professionals answer once a quarter; their answers carry no name.
- The dashboard shows averages only from 5 answers on.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import as_actor, login
from zicht.evaluation.indicators import indicators_for
from zicht.evaluation.models import SurveyInvitation, SurveyResponse
from zicht.evaluation.scope import Scope
from zicht.evaluation.services import survey_invitation_create

ANSWERS = {"contact": "5", "frequency": "4", "safety": "5", "help": "3", "overall": "4"}


def make_link(household, supporter, moment="month_3") -> str:
    _, token = survey_invitation_create(actor=as_actor(supporter),
                                        trajectory=household.trajectories.get(), moment=moment)
    return f"/vragenlijst/{token}/"


def test_the_supporter_makes_a_link_on_the_household_page(client, household, supporter):
    login(client, supporter)
    page = client.get(f"/households/{household.uuid}/").content.decode()
    assert "Tevredenheidsvragenlijst" in page
    response = client.post(f"/households/{household.uuid}/vragenlijst/", {"moment": "month_3"})
    assert response.status_code == 200
    assert "/vragenlijst/" in response.content.decode()
    invitation = SurveyInvitation.objects.get()
    assert invitation.status == "open"
    # Only the hash is stored: the link in the page is not in the database.
    link = response.context["link"]
    assert invitation.token_hash not in link


def test_an_outsider_cannot_make_a_link(client, household, outsider):
    response = login(client, outsider).post(f"/households/{household.uuid}/vragenlijst/",
                                            {"moment": "month_3"})
    assert response.status_code == 404
    assert not SurveyInvitation.objects.exists()


def test_the_client_answers_without_login_once(client, household, supporter):
    link = make_link(household, supporter)
    page = client.get(link)
    assert page.status_code == 200
    content = page.content.decode()
    assert household.reference not in content and "Fatima" not in content
    assert client.post(link, ANSWERS).status_code == 200
    response = SurveyResponse.objects.get()
    assert (response.municipality.name, response.moment) == ("Alkmaar", "month_3")
    assert response.period == timezone.localdate().replace(day=1)
    # No field of the response points back to the household or the invitation.
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not fields & {"household", "trajectory", "invitation", "person", "created_at"}
    assert client.get(link).status_code == 404
    assert client.post(link, ANSWERS).status_code == 404
    assert SurveyResponse.objects.count() == 1


def test_an_expired_link_does_not_open(client, household, supporter, time_machine):
    link = make_link(household, supporter)
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert client.get(link).status_code == 404


def test_every_question_must_be_answered(client, household, supporter):
    link = make_link(household, supporter)
    response = client.post(link, {**ANSWERS, "overall": ""})
    assert response.status_code == 200 and not SurveyResponse.objects.exists()


def test_a_new_link_replaces_the_open_one(client, household, supporter):
    first = make_link(household, supporter)
    make_link(household, supporter)
    assert client.get(first).status_code == 404


def test_a_professional_answers_once_a_quarter(client, household, supporter):
    login(client, supporter)
    assert client.post("/evaluatie/vragenlijst/", {
        "cooperation": "4", "coordinator": "5", "signals": "3", "length": "2", "tool": "4",
    }).status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.audience, response.role) == ("professional", "supporter")
    assert "al ingevuld" in client.get("/evaluatie/vragenlijst/").content.decode()


def test_policy_staff_do_not_get_the_professionals_questionnaire(client, policy):
    assert login(client, policy).get("/evaluatie/vragenlijst/").status_code == 403


@pytest.mark.parametrize(("n", "shown"), [(4, False), (5, True)])
def test_satisfaction_is_shown_from_five_answers(client, household, supporter, alkmaar, n,
                                                 shown):
    for moment in ["month_3", "month_6", "month_12", "end", "month_3"][:n]:
        SurveyInvitation.objects.filter(moment=moment).delete()
        client.post(make_link(household, supporter, moment), ANSWERS)
    today = timezone.localdate()
    scope = Scope(municipality=alkmaar, region=alkmaar.region, start=today, end=today)
    result = next(r for r in indicators_for(scope) if r.key == "satisfaction_clients")
    overall = next(row for row in result.table.rows if row.label == "Alles samen")
    assert overall.cells[0].value == (4.0 if shown else None)


def test_survey_invitations_over_the_api(household, supporter, outsider):
    url = f"/api/v1/households/{household.uuid}/survey-invitations/"
    created = login(APIClient(), supporter).post(url, {"moment": "month_6"}, format="json")
    assert created.status_code == 201 and "/vragenlijst/" in created.json()["link"]
    listed = login(APIClient(), supporter).get(url).json()
    assert listed[0]["status"] == "open" and "link" not in listed[0]
    assert login(APIClient(), outsider).get(url).status_code == 404
    assert login(APIClient(), outsider).post(url, {"moment": "end"},
                                             format="json").status_code == 404


def test_questionnaires_are_data_over_the_api(supporter, db):
    data = login(APIClient(), supporter).get("/api/v1/evaluation/questionnaires/").json()
    assert {q["key"] for q in data} == {"client", "professional"}
    assert all(len(q["questions"]) == 5 for q in data)
