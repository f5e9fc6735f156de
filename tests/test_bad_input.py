"""Bad input gets a clear message and nothing half-saved; no input reaches a 500
(issue 18, points 2 and 5). On the API every error is a problem (RFC 9457)."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import login
from zicht.contacts.models import ContactMoment
from zicht.evaluation.models import SurveyResponse
from zicht.safety.models import PoliceAlert

SURVEY = {"cooperation": "4", "coordinator": "5", "signals": "3", "length": "2", "tool": "4"}


def api(user) -> APIClient:
    return login(APIClient(), user)


def test_a_list_never_returns_more_than_a_page_however_large_the_limit(household, supporter):
    for query in ("limit=9223372036854775808", "offset=9223372036854775808",
                  "limit=-1&offset=abc"):
        response = api(supporter).get(f"/api/v1/households/?{query}")
        assert response.status_code == 200, query
        assert len(response.json()["results"]) <= 200


def test_api_errors_are_problem_details_with_the_invalid_fields(household, supporter):
    response = api(supporter).post(f"/api/v1/households/{household.uuid}/contacts/", {
        "held_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "channel": "phone", "reached": True}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"]) == (400, "Bad Request")
    assert [p["name"] for p in body["invalidParams"]] == ["held_on"]
    assert "toekomst" in body["invalidParams"][0]["reason"]


def test_not_found_and_method_not_allowed_on_the_api_are_problems_too(household, supporter,
                                                                      outsider):
    unknown_path = api(supporter).get("/api/v1/no-such-thing/")
    not_mine = api(outsider).get(f"/api/v1/households/{household.uuid}/")
    wrong_method = api(supporter).delete("/api/v1/households/")
    for response, status in ((unknown_path, 404), (not_mine, 404), (wrong_method, 405)):
        assert response.status_code == status
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status


def test_a_server_error_on_the_api_is_a_problem_without_a_trace(settings, supporter):
    from zicht.core.errors import server_error

    request = Client().get("/api/v1/").wsgi_request
    response = server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert b"Traceback" not in response.content


def test_a_police_call_out_in_the_year_one_is_refused_on_the_page_and_the_api(
        client, household, supporter):
    login(client, supporter)
    page = client.post(f"/safety/households/{household.uuid}/police/",
                       {"called_at": "0001-01-01T00:00", "what_was_done": "112 gebeld."})
    assert page.status_code == 200 and "tussen 1900 en 2100" in page.content.decode()
    response = api(supporter).post(f"/api/v1/households/{household.uuid}/police-alerts/",
                                   {"called_at": "0001-01-01T00:00:00+01:00",
                                    "what_was_done": "112 gebeld."}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "called_at"
    assert not PoliceAlert.objects.exists()


def test_a_contact_held_in_1800_is_refused_with_a_message(client, household, supporter):
    login(client, supporter)
    page = client.post(f"/households/{household.uuid}/contacts/new/", {
        "held_on": "1800-01-01", "channel": "phone", "reached": "on"})
    assert page.status_code == 200 and "tussen 1900 en 2100" in page.content.decode()
    assert not ContactMoment.objects.exists()


def test_a_note_longer_than_a_page_holds_is_refused_with_its_length(client, household,
                                                                    supporter):
    login(client, supporter)
    page = client.post(f"/safety/households/{household.uuid}/police/", {
        "called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "what_was_done": "x" * 5001})
    assert page.status_code == 200 and "5000" in page.content.decode()
    assert not PoliceAlert.objects.exists()


def test_the_questionnaire_sent_twice_says_it_was_answered_and_keeps_one(client, household,
                                                                         supporter):
    login(client, supporter)
    assert client.post("/evaluatie/vragenlijst/", SURVEY).status_code == 302
    again = client.post("/evaluatie/vragenlijst/", SURVEY)
    assert again.status_code == 200 and "al ingevuld" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
