"""Each date a professional enters has its domain's range, held by the service, so the
page and the API refuse the same dates with the same message, and nothing is saved
(issue 18, point 5). The plausible years 1900-2100 are `test_bad_input`'s."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import invalid_params, login
from zicht.consent.models import Consent
from zicht.contacts.models import ContactMoment
from zicht.core.dates import years_from
from zicht.households.models import Household
from zicht.plans.models import Action
from zicht.safety.models import PoliceAlert, SafetyPlanVersion
from zicht.trajectories.models import Phase

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def api(user) -> APIClient:
    return login(APIClient(), user)


def url(household, tail=""):
    return f"/api/v1/households/{household.uuid}/{tail}"


def refused_on_page(response, words: str) -> None:
    assert response.status_code == 200
    assert words in response.content.decode()


def refused_by_api(response, field: str, words: str) -> None:
    assert response.status_code == 400, response.content
    params = invalid_params(response)
    assert field in params, params
    assert words in " ".join(params[field])


# --- birth dates: in the past, at most 120 years back ------------------------------------

# The days are worked out when the test runs, not when it is collected: a suite that
# crossed midnight (Amsterdam) took tomorrow for today.
@pytest.mark.parametrize("born", [lambda: today() + timedelta(days=1),
                                  lambda: years_from(today(), -121)],
                         ids=["tomorrow", "121 years ago"])
def test_a_birth_date_in_the_future_or_over_120_years_ago_is_refused_on_the_page(
        client, shelter_worker, born):
    born = born()
    login(client, shelter_worker)
    response = client.post(reverse("households:new"), {
        "client-given_name": "Anouk", "client-family_name": "de Vries",
        "client-date_of_birth": "1990-04-02", "client-gender": "female",
        "children-TOTAL_FORMS": "1", "children-INITIAL_FORMS": "0",
        "children-0-given_name": "Sem", "children-0-date_of_birth": born.isoformat(),
        "others-TOTAL_FORMS": "0", "others-INITIAL_FORMS": "0",
    })
    refused_on_page(response, "Geboortedatum van Sem: Een geboortedatum ligt in het "
                              "verleden, hooguit 120 jaar terug.")
    assert not Household.objects.exists()


def test_a_birth_date_of_9999_or_next_year_is_refused_by_the_api(shelter_worker):
    response = api(shelter_worker).post("/api/v1/households/", {
        "client": {"given_name": "Aylin", "family_name": "Demir",
                   "date_of_birth": (today() + timedelta(days=30)).isoformat()},
        "others": []}, format="json")
    refused_by_api(response, "date_of_birth", "hooguit 120 jaar terug")
    assert not Household.objects.exists()


def test_a_correction_of_the_birth_date_holds_the_same_range(household, supporter):
    response = api(supporter).post(url(household, "corrections/"), {
        "person": str(household.client.uuid), "reason": "Op verzoek van de cliënt.",
        "date_of_birth": (today() + timedelta(days=1)).isoformat()}, format="json")
    assert response.status_code == 400, response.content
    assert "120 jaar" in response.content.decode()
    household.client.refresh_from_db()
    assert household.client.date_of_birth.year == 1990


# --- contact moments: not in the future, not before the trajectory ----------------------

def test_a_contact_before_the_departure_is_refused_on_the_page(client, household, supporter):
    login(client, supporter)
    departure = household.trajectories.get().departure_date
    response = client.post(f"/households/{household.uuid}/contacts/new/", {
        "held_on": (departure - timedelta(days=1)).isoformat(), "channel": "phone",
        "reached": "yes"})
    refused_on_page(response, "Een contactmoment ligt niet vóór het vertrek")
    assert not ContactMoment.objects.filter(kind="follow_up").exists()


def test_a_contact_before_the_departure_or_in_the_future_is_refused_by_the_api(
        household, supporter):
    departure = household.trajectories.get().departure_date
    before = api(supporter).post(url(household, "contacts/"), {
        "held_on": (departure - timedelta(days=3)).isoformat(), "channel": "phone",
        "reached": True}, format="json")
    refused_by_api(before, "held_on", "niet vóór het vertrek")
    later = api(supporter).post(url(household, "contacts/"), {
        "held_on": (today() + timedelta(days=1)).isoformat(), "channel": "phone",
        "reached": True}, format="json")
    refused_by_api(later, "held_on", "toekomst")
    assert not ContactMoment.objects.filter(kind="follow_up").exists()


def test_an_introduction_before_the_registration_is_refused(invited_household, supporter):
    response = api(supporter).post(url(invited_household, "contacts/"), {
        "kind": "introduction", "held_on": (today() - timedelta(days=1)).isoformat(),
        "channel": "in_person", "reached": True}, format="json")
    refused_by_api(response, "held_on", "niet vóór de aanmelding")
    assert not ContactMoment.objects.exists()


# --- departure: at most the follow-up year back, some weeks ahead -----------------------

def departure_data(alkmaar_team, supporter, day, aftercare=None):
    return {"departure_date": day.isoformat(),
            "shelter_aftercare_until": aftercare.isoformat() if aftercare else None,
            "street": "Schuilplaats 4", "postcode": "1812 CD", "city": "Alkmaar",
            "address_is_secret": True, "coordinator_organisation": str(alkmaar_team.uuid),
            "coordinator": str(supporter.uuid)}


@pytest.mark.parametrize("day", [lambda: years_from(today(), -1) - timedelta(days=1),
                                 lambda: today() + timedelta(days=61)],
                         ids=["over a year ago", "61 days ahead"])
def test_a_departure_over_a_year_ago_or_months_ahead_is_refused_by_the_api(
        invited_household, shelter_worker, supporter, alkmaar_team, day):
    day = day()
    response = api(shelter_worker).post(url(invited_household, "departure/"),
                                        departure_data(alkmaar_team, supporter, day),
                                        format="json")
    refused_by_api(response, "departure_date", "vertrekdatum")
    trajectory = invited_household.trajectories.get()
    assert (trajectory.phase, trajectory.departure_date) == (Phase.INVITED, None)
    assert not hasattr(invited_household, "address") or invited_household.address is None


def test_aftercare_beyond_the_follow_up_year_is_refused_on_the_page(
        client, invited_household, shelter_worker, supporter, alkmaar_team):
    login(client, shelter_worker)
    response = client.post(reverse("households:departure", args=[invited_household.uuid]), {
        **departure_data(alkmaar_team, supporter, today(),
                         aftercare=years_from(today(), 1) + timedelta(days=1)),
        "shelter_aftercare_until": (years_from(today(), 1) + timedelta(days=1)).isoformat(),
        "address_is_secret": "on", "coordinator": "shelter"})
    refused_on_page(response, "De nazorg van de opvang eindigt binnen 12 maanden")
    assert invited_household.trajectories.get().phase == Phase.INVITED


# --- safety-plan reviews and consent: within the planning horizon -----------------------

def test_a_review_date_years_ahead_is_refused_on_the_page_and_the_api(
        client, household, supporter):
    far = years_from(today(), 2) + timedelta(days=1)
    login(client, supporter)
    page = client.post(f"/safety/households/{household.uuid}/plan/", {
        "risks": "Ex-partner", "next_review_on": far.isoformat()})
    refused_on_page(page, "Kies een evaluatiedatum tussen een jaar geleden en 2 jaar vooruit.")
    response = api(supporter).post(url(household, "safety-plan/"), {
        "risks": "Ex-partner", "next_review_on": years_from(today(), -2).isoformat()},
        format="json")
    refused_by_api(response, "next_review_on", "evaluatiedatum")
    assert not SafetyPlanVersion.objects.exists()


def test_consent_valid_for_years_is_refused_on_the_page_and_the_api(
        client, household, shelter_worker):
    until = years_from(today(), 2) + timedelta(days=1)
    login(client, shelter_worker)
    page = client.post(f"/households/{household.uuid}/consent/", {
        "person": household.client.pk, "purpose": "follow_up", "method": "written",
        "given_on": today().isoformat(), "valid_until": until.isoformat()})
    refused_on_page(page, "Toestemming geldt hooguit 2 jaar na het geven.")
    before = Consent.objects.count()
    response = api(shelter_worker).post(url(household, "consents/"), {
        "purpose": "follow_up", "method": "written",
        "given_on": (today() + timedelta(days=1)).isoformat()}, format="json")
    refused_by_api(response, "given_on", "niet in de toekomst")
    assert Consent.objects.count() == before


# --- police call-outs: not in the future -------------------------------------------------

def test_a_police_call_out_tomorrow_is_refused_on_the_page_and_the_api(
        client, household, supporter):
    tomorrow = timezone.localtime() + timedelta(days=1)
    login(client, supporter)
    page = client.post(f"/safety/households/{household.uuid}/police/", {
        "called_at": tomorrow.strftime("%Y-%m-%dT%H:%M"), "what_was_done": "112 gebeld."})
    refused_on_page(page, "Dit tijdstip ligt in de toekomst.")
    response = api(supporter).post(url(household, "police-alerts/"), {
        "called_at": tomorrow.isoformat(), "what_was_done": "112 gebeld."}, format="json")
    refused_by_api(response, "called_at", "toekomst")
    assert not PoliceAlert.objects.exists()


# --- plan actions: due within the planning horizon --------------------------------------

def test_an_action_due_years_ahead_is_refused_on_the_page_and_the_api(
        client, household, supporter, alkmaar_team):
    far = years_from(today(), 2) + timedelta(days=1)
    login(client, supporter)
    page = client.post(f"/households/{household.uuid}/plan/actions/new/", {
        "domain": "housing", "description": "Urgentie aanvragen",
        "responsible_organisation": alkmaar_team.pk, "due_on": far.isoformat()})
    refused_on_page(page, "Kies een datum tussen een jaar geleden en 2 jaar vooruit.")
    response = api(supporter).post(url(household, "plan/actions/"), {
        "domain": "housing", "description": "Urgentie aanvragen",
        "responsible_organisation": str(alkmaar_team.uuid),
        "due_on": years_from(today(), -2).isoformat()}, format="json")
    refused_by_api(response, "due_on", "een jaar geleden")
    assert not Action.objects.exists()


def test_an_action_keeps_its_old_due_date_when_only_its_status_changes(
        household, supporter, alkmaar_team, time_machine):
    created = api(supporter).post(url(household, "plan/actions/"), {
        "domain": "housing", "description": "Urgentie aanvragen",
        "responsible_organisation": str(alkmaar_team.uuid),
        "due_on": (today() + timedelta(days=10)).isoformat()}, format="json")
    assert created.status_code == 201, created.content
    due = created.json()["due_on"]
    time_machine.move_to(timezone.now() + timedelta(days=400))
    done = api(supporter).post(url(household, f"plan/actions/{created.json()['uuid']}/"),
                               {"status": "done", "due_on": due}, format="json")
    assert done.status_code == 200, done.content
