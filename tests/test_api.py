"""The REST API keeps the pages' rules.

- Need to know: a household the organisation is not involved with answers 404 (never 403)
  on every endpoint, nested ones included, exactly like a household that does not exist.
- The (secret) address is in no list or detail; only "toon adres" returns it, logged.
- Reads are logged; writes go through the services and save nothing when refused.
- Only tokens and two-factor-verified sessions get in.
- ``docs/openapi.yaml`` is what the code generates.
"""

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import SECRET_STREET, api_key_for, as_actor, invalid_params, login
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.models import ContactMoment
from zicht.households.models import Household, Involvement, PersonRole
from zicht.households.services import PersonData, household_register
from zicht.trajectories.models import Phase, Trajectory
from zicht.trajectories.services import departure_record, supporter_invite

OPENAPI = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"

# (method, path below /api/v1/households/{uuid}/) for every household endpoint.
HOUSEHOLD_ENDPOINTS = [
    ("get", ""),
    ("post", "address/"),
    ("put", "address/"),
    ("get", "access-log/"),
    ("get", "contacts/"),
    ("post", "contacts/"),
    ("get", "consents/"),
    ("post", "consents/"),
    ("post", "invitation/"),
    ("post", "departure/"),
    ("get", "coordinator/"),
    ("post", "coordinator/"),
    ("post", "close/"),
]


def url(household_or_uuid, path: str = "") -> str:
    value = getattr(household_or_uuid, "uuid", household_or_uuid)
    return f"/api/v1/households/{value}/{path}"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def signed_in(user) -> APIClient:
    """A fresh client with a two-factor-verified session for ``user``."""
    return login(APIClient(), user)


def today():
    return timezone.localdate()


def log_count(user, action: str | None = None) -> int:
    entries = AccessLogEntry.objects.filter(user=user)
    return entries.filter(action=action).count() if action else entries.count()


# --- Need to know -----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), HOUSEHOLD_ENDPOINTS)
@pytest.mark.parametrize("persona", ["outsider", "school_partner"])
def test_an_uninvolved_professional_gets_404_on_every_household_endpoint(
        request, household, persona, method, path):
    user = request.getfixturevalue(persona)
    response = getattr(signed_in(user), method)(url(household, path), {}, format="json")
    assert response.status_code == 404
    assert SECRET_STREET not in response.content.decode()
    assert log_count(user) == 0


def test_the_404_of_an_outsider_equals_that_of_a_household_that_does_not_exist(household,
                                                                               outsider):
    client = signed_in(outsider)
    known = client.get(url(household))
    unknown = client.get(url(uuid.uuid4()))
    assert known.status_code == unknown.status_code == 404
    assert known.json() == unknown.json()


def test_the_outsiders_list_does_not_contain_the_household(household, outsider):
    response = signed_in(outsider).get("/api/v1/households/")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert str(household.uuid) not in response.content.decode()


@pytest.mark.parametrize("persona", ["supporter", "colleague"])
def test_the_involved_supporter_and_colleague_see_the_household(request, household, persona):
    client = signed_in(request.getfixturevalue(persona))
    listed = client.get("/api/v1/households/")
    assert listed.status_code == 200
    assert [row["uuid"] for row in listed.json()["results"]] == [str(household.uuid)]
    detail = client.get(url(household))
    assert detail.status_code == 200
    body = detail.json()
    assert body["reference"] == household.reference
    assert body["trajectory"]["phase"] == Phase.FOLLOW_UP
    assert body["coordinator"]["organisation"]["name"] == "Sociaal Team Alkmaar"
    assert {p["role"] for p in body["persons"]} == {"client", "child", "perpetrator"}
    for path in ("contacts/", "consents/", "coordinator/", "access-log/"):
        assert client.get(url(household, path)).status_code == 200, path


# --- The address ------------------------------------------------------------------------


def test_the_address_is_only_in_the_reveal_response_which_is_logged(household, supporter):
    client = signed_in(supporter)
    for response in (client.get("/api/v1/households/"), client.get(url(household))):
        assert response.status_code == 200
        assert SECRET_STREET not in response.content.decode()
        assert "1811 AB" not in response.content.decode()
    assert client.get(url(household)).json()["has_address"] is True
    assert log_count(supporter, AccessAction.REVEAL_ADDRESS) == 0

    revealed = client.post(url(household, "address/"))

    assert revealed.status_code == 200
    assert revealed.json()["street"] == SECRET_STREET
    assert revealed.json()["is_secret"] is True
    entry = AccessLogEntry.objects.get(user=supporter, action=AccessAction.REVEAL_ADDRESS)
    assert entry.household_uuid == household.uuid
    assert revealed["Cache-Control"] == "no-store"


def test_the_address_cannot_be_read_with_get(household, supporter):
    assert signed_in(supporter).get(url(household, "address/")).status_code == 405


def test_the_list_names_the_client_but_no_perpetrator(household, supporter):
    response = signed_in(supporter).get("/api/v1/households/")
    row = response.json()["results"][0]
    assert row["client"]["given_name"] == "Fatima"
    assert row["coordinator_organisation"]["name"] == "Sociaal Team Alkmaar"
    assert row["destination_municipality"]["cbs_code"] == "GM0361"
    text = response.content.decode()
    assert "Kees" not in text and "Bakker" not in text
    assert "Noor" not in text  # nor the children


# --- Access log -------------------------------------------------------------------------


def test_reads_are_logged_like_the_pages_do(household, supporter):
    client = signed_in(supporter)
    client.get("/api/v1/households/")
    client.get(url(household))
    assert AccessLogEntry.objects.about(household.uuid).filter(
        user=supporter, action=AccessAction.LIST).count() == 1
    assert AccessLogEntry.objects.filter(user=supporter, action=AccessAction.READ,
                                         household_uuid=household.uuid).count() == 1
    entries = client.get(url(household, "access-log/")).json()["results"]
    assert {e["action"] for e in entries} >= {"list", "read", "create"}


# --- Authentication ---------------------------------------------------------------------


def test_a_token_works_for_a_system(api, household, supporter):
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(supporter)}")
    assert api.get(url(household)).status_code == 200


def test_a_wrong_token_is_refused(api, household):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/households/").status_code == 401


def test_without_credentials_the_api_answers_401(api, household):
    assert api.get("/api/v1/households/").status_code == 401
    assert api.get(url(household)).status_code == 401
    assert api.get("/api/v1/organisations/").status_code == 401


def test_a_session_without_two_factor_is_refused(api, household, supporter):
    api.force_login(supporter)  # password only: no OTP device used in this session
    for response in (api.get("/api/v1/households/"), api.get(url(household)),
                     api.post(url(household, "address/"))):
        assert response.status_code == 403
        assert SECRET_STREET not in response.content.decode()
    assert log_count(supporter) == 0


# --- Writes -----------------------------------------------------------------------------

REGISTRATION = {
    "client": {"given_name": "Aylin", "family_name": "Demir", "gender": "female"},
    "others": [
        {"role": "child", "given_name": "Sem", "family_name": "Demir",
         "date_of_birth": "2019-04-02"},
        {"role": "perpetrator", "given_name": "Rik", "family_name": "Visser",
         "relation": "ex-partner"},
    ],
}


def test_a_shelter_worker_registers_a_household(shelter_worker, shelter):
    response = signed_in(shelter_worker).post("/api/v1/households/", REGISTRATION,
                                              format="json")
    assert response.status_code == 201, response.content
    household = Household.objects.get(uuid=response.json()["uuid"])
    assert household.client.given_name == "Aylin"
    assert household.persons.count() == 3
    trajectory = household.trajectories.get()
    assert (trajectory.phase, trajectory.shelter) == (Phase.REGISTERED, shelter)
    assert response.json()["trajectory"]["phase"] == "registered"


def test_a_supporter_cannot_register_a_household(supporter):
    response = signed_in(supporter).post("/api/v1/households/", REGISTRATION, format="json")
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_a_registration_with_a_second_client_is_a_400(shelter_worker):
    data = {**REGISTRATION, "others": [{"role": "client", "given_name": "Twee"}]}
    response = signed_in(shelter_worker).post("/api/v1/households/", data, format="json")
    assert response.status_code == 400
    assert "others.0.role" in invalid_params(response)  # the path of the field
    assert not Household.objects.exists()


def test_the_whole_year_through_the_api(shelter_worker, supporter, colleague, alkmaar_team):
    """Register, consent, invite, meet, depart, hand over the coordination, close."""
    shelter_api, supporter_api = signed_in(shelter_worker), signed_in(supporter)
    created = shelter_api.post("/api/v1/households/", REGISTRATION, format="json")
    household = Household.objects.get(uuid=created.json()["uuid"])
    assert supporter_api.get(url(household)).status_code == 404  # not invited yet

    consent = shelter_api.post(url(household, "consents/"), {
        "purpose": ConsentPurpose.FOLLOW_UP, "method": ConsentMethod.WRITTEN,
        "given_on": today().isoformat()}, format="json")
    assert consent.status_code == 201, consent.content
    assert consent.json()["person"] == str(household.client.uuid)

    invited = shelter_api.post(url(household, "invitation/"), {
        "supporter_organisation": str(alkmaar_team.uuid), "supporter": str(supporter.uuid),
    }, format="json")
    assert invited.status_code == 200, invited.content
    assert invited.json()["phase"] == Phase.INVITED

    introduction = supporter_api.post(url(household, "contacts/"), {
        "kind": "introduction", "held_on": today().isoformat(), "channel": "in_person",
        "reached": True}, format="json")
    assert introduction.status_code == 201, introduction.content

    # The shelter's step, not the supporter's: involved, but outside the role.
    departure = {
        "departure_date": today().isoformat(),
        "shelter_aftercare_until": (today() + timedelta(days=90)).isoformat(),
        "street": "Schuilplaats 4", "postcode": "1812 CD", "city": "Alkmaar",
        "address_is_secret": True, "coordinator_organisation": str(alkmaar_team.uuid),
        "coordinator": str(supporter.uuid),
    }
    assert supporter_api.post(url(household, "departure/"), departure,
                              format="json").status_code == 403
    departed = shelter_api.post(url(household, "departure/"), departure, format="json")
    assert departed.status_code == 200, departed.content
    assert departed.json()["phase"] == Phase.FOLLOW_UP
    assert "Schuilplaats" not in departed.content.decode()

    contact = supporter_api.post(url(household, "contacts/"), {
        "held_on": today().isoformat(), "channel": "phone", "reached": True,
        "feels_safe": "yes", "safety_plan_current": "partly", "notes": "Rustig gesprek."},
        format="json")
    assert contact.status_code == 201, contact.content
    contacts = supporter_api.get(url(household, "contacts/")).json()["results"]
    assert [c["kind"] for c in contacts] == ["follow_up", "introduction"]

    handover = supporter_api.post(url(household, "coordinator/"), {
        "organisation": str(alkmaar_team.uuid), "professional": str(colleague.uuid)},
        format="json")
    assert handover.status_code == 201, handover.content
    # A proposal changes nothing until the successor accepts it.
    assert len(supporter_api.get(url(household, "coordinator/")).json()) == 1
    accepted = signed_in(colleague).post(
        f"/api/v1/coordinator-handovers/{handover.json()['uuid']}/accept/")
    assert accepted.status_code == 200, accepted.content
    history = supporter_api.get(url(household, "coordinator/")).json()
    assert [a["professional"]["uuid"] for a in history] == [str(supporter.uuid),
                                                            str(colleague.uuid)]
    assert history[0]["ended_at"] is not None and history[1]["ended_at"] is None

    closed = supporter_api.post(url(household, "close/"), {"reason": "Verhuisd naar het "
                                                                      "buitenland"},
                                format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["phase"] == Phase.CLOSED
    # The involvement ended with the trajectory: from now on, not even its existence.
    assert supporter_api.get(url(household)).status_code == 404


# --- Refused writes save nothing --------------------------------------------------------


def _nothing_written(before_contacts: int, before_log: int) -> bool:
    return (ContactMoment.objects.count(), AccessLogEntry.objects.count()) == (before_contacts,
                                                                               before_log)


def test_a_contact_in_the_future_is_a_400_on_the_date(household, supporter):
    contacts, log = ContactMoment.objects.count(), AccessLogEntry.objects.count()
    response = signed_in(supporter).post(url(household, "contacts/"), {
        "held_on": (today() + timedelta(days=1)).isoformat(), "channel": "phone",
        "reached": True}, format="json")
    assert response.status_code == 400
    assert "toekomst" in invalid_params(response)["held_on"][0]
    assert _nothing_written(contacts, log)


def test_answers_on_an_unreached_contact_are_a_400(household, supporter):
    contacts, log = ContactMoment.objects.count(), AccessLogEntry.objects.count()
    response = signed_in(supporter).post(url(household, "contacts/"), {
        "held_on": today().isoformat(), "channel": "phone", "reached": False,
        "feels_safe": "yes"}, format="json")
    assert response.status_code == 400
    assert "niet bereikt" in invalid_params(response)["non_field_errors"][0]
    assert _nothing_written(contacts, log)


def test_an_unknown_answer_is_a_400_on_the_field(household, supporter):
    response = signed_in(supporter).post(url(household, "contacts/"), {
        "held_on": today().isoformat(), "channel": "phone", "reached": True,
        "feels_safe": "maybe"}, format="json")
    assert response.status_code == 400
    assert "feels_safe" in invalid_params(response)


def test_an_invitation_before_consent_is_a_400(registered_household, shelter_worker,
                                               alkmaar_team):
    log = AccessLogEntry.objects.count()
    response = signed_in(shelter_worker).post(url(registered_household, "invitation/"), {
        "supporter_organisation": str(alkmaar_team.uuid)}, format="json")
    assert response.status_code == 400
    assert "toestemming" in invalid_params(response)["non_field_errors"][0]
    trajectory = registered_household.trajectories.get()
    assert (trajectory.phase, trajectory.supporter_organisation) == (Phase.REGISTERED, None)
    assert not Involvement.objects.filter(organisation=alkmaar_team).exists()
    assert AccessLogEntry.objects.count() == log


def test_an_invitation_to_an_unknown_team_is_a_400_on_the_field(registered_household,
                                                                shelter_worker):
    response = signed_in(shelter_worker).post(url(registered_household, "invitation/"), {
        "supporter_organisation": str(uuid.uuid4())}, format="json")
    assert response.status_code == 400
    assert "supporter_organisation" in invalid_params(response)


def test_only_the_shelter_records_consent(invited_household, supporter, shelter_worker):
    consent = {"purpose": "follow_up", "method": "verbal", "given_on": today().isoformat()}
    refused = signed_in(supporter).post(url(invited_household, "consents/"), consent,
                                        format="json")
    assert refused.status_code == 403  # involved, but it is not the supporter's step
    backwards = {**consent, "valid_until": (today() - timedelta(days=1)).isoformat()}
    response = signed_in(shelter_worker).post(url(invited_household, "consents/"), backwards,
                                              format="json")
    assert response.status_code == 400
    assert "valid_until" in invalid_params(response)
    assert invited_household.consents.count() == 1  # the fixture's own


def test_closing_without_a_reason_is_a_400(household, supporter):
    response = signed_in(supporter).post(url(household, "close/"), {"reason": ""},
                                         format="json")
    assert response.status_code == 400
    assert "reason" in invalid_params(response)
    assert Trajectory.objects.get(household=household).phase == Phase.FOLLOW_UP


# --- Performance ------------------------------------------------------------------------


def _more_households(n, shelter_worker, supporter, alkmaar, alkmaar_team):
    actor = as_actor(shelter_worker)
    for i in range(n):
        household = household_register(
            actor=actor,
            client=PersonData(role=PersonRole.CLIENT, given_name=f"Cliënt {i}"),
            others=[PersonData(role=PersonRole.CHILD, given_name=f"Kind {i}")],
        )
        consent_record(actor=actor, household=household, person=household.client,
                       purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.VERBAL,
                       given_on=today())
        trajectory = supporter_invite(actor=actor, trajectory=household.trajectories.get(),
                                      municipality=alkmaar, supporter_organisation=alkmaar_team,
                                      supporter=supporter)
        departure_record(actor=actor, trajectory=trajectory, departure_date=today(),
                         shelter_aftercare_until=None, street=f"Straat {i}",
                         postcode="1811 AA", city="Alkmaar", address_is_secret=False,
                         coordinator_organisation=alkmaar_team, coordinator=supporter)


def test_the_list_takes_the_same_number_of_queries_for_2_or_6_households(
        shelter_worker, supporter, alkmaar, alkmaar_team):
    client = signed_in(supporter)

    def queries_for_list(expected: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/households/")
        assert response.status_code == 200
        assert response.json()["count"] == expected
        return len(queries)

    _more_households(2, shelter_worker, supporter, alkmaar, alkmaar_team)
    with_two = queries_for_list(2)
    _more_households(4, shelter_worker, supporter, alkmaar, alkmaar_team)
    assert queries_for_list(6) == with_two


# --- Directory and schema ---------------------------------------------------------------


def test_the_directory_lists_organisations_and_municipalities(supporter, alkmaar_team,
                                                              hoorn, shelter):
    client = signed_in(supporter)
    teams = client.get("/api/v1/organisations/", {"municipality": "GM0361"}).json()
    assert teams["results"] == [{
        "uuid": str(alkmaar_team.uuid), "name": "Sociaal Team Alkmaar",
        "kind": "municipality_team", "municipality": "GM0361",
        "region": "Noord-Holland Noord", "email": alkmaar_team.email, "phone": "",
    }]
    shelters = client.get("/api/v1/organisations/", {"kind": "shelter"}).json()["results"]
    assert [o["name"] for o in shelters] == ["Opvang De Linde"]
    municipalities = client.get("/api/v1/municipalities/").json()["results"]
    assert {m["cbs_code"] for m in municipalities} == {"GM0361", "GM0405"}


def test_the_schema_endpoint_serves_signed_in_users_only(api, supporter):
    assert api.get("/api/schema/").status_code == 401
    response = signed_in(supporter).get("/api/schema/")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert b"url: /api/v1" in response.content  # the server; paths are relative to it
    assert b"/households/{household_uuid}/address/" in response.content


def test_the_committed_openapi_yaml_is_up_to_date(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "nl", "--validate", "--fail-on-warn",
                 "--file", str(fresh))
    assert OPENAPI.exists() and OPENAPI.read_text() == fresh.read_text(), (
        "docs/openapi.yaml differs from the schema the code generates. Regenerate it with: "
        "ZICHT_HTTPS=false zicht spectacular --lang nl --validate --fail-on-warn "
        "--file docs/openapi.yaml"
    )
