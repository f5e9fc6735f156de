"""The secret address shows through one door (issue 19): the API asks what the page asks.

Persona: the supporter who carries the household, at a secret address; the Alkmaar team's
registration system, with a token the operator made (``zicht token_create``).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import SECRET_STREET, api_key_for, as_actor, login
from zicht.accounts.models import ApiToken
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.core.reauth import REAUTH


def _reveal(api, household):
    return api.post(f"/api/v1/households/{household.uuid}/address/")


def _reveals(user):
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.REVEAL_ADDRESS).count()


def test_a_browser_session_reveals_a_secret_address_only_after_the_password(household,
                                                                            supporter):
    api = login(APIClient(), supporter)
    session = api.session
    session.pop(REAUTH, None)
    session.save()
    refused = _reveal(api, household)
    assert refused.status_code == 403 and SECRET_STREET not in refused.content.decode()
    assert _reveals(supporter) == 0
    api.post("/security/reauth/", {"password": "correct horse battery", "next": "/"})
    assert _reveal(api, household).status_code == 200
    assert _reveals(supporter) == 1


def test_an_api_key_never_reveals_a_secret_address(household, supporter):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(supporter)}")
    refused = _reveal(api, household)
    assert refused.status_code == 403 and SECRET_STREET not in refused.content.decode()
    assert _reveals(supporter) == 0


def test_a_professionals_own_key_reveals_no_address_at_all(household, supporter):
    from zicht.households.models import Address

    Address.objects.filter(household=household).update(is_secret=False)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {api_key_for(supporter)}")
    refused = _reveal(api, household)
    assert refused.status_code == 403 and SECRET_STREET not in refused.content.decode()
    # Even a scope written onto a professional's token by hand opens nothing: only a
    # system token carries one.
    api = APIClient(HTTP_AUTHORIZATION=f"Token {api_key_for(supporter, scopes='address')}")
    assert _reveal(api, household).status_code == 403
    assert _reveals(supporter) == 0


def _token_create(*args) -> str:
    out = StringIO()
    call_command("token_create", *args, stdout=out)
    return out.getvalue().split("key (shown once): ")[1].strip()


def test_a_system_token_with_the_address_scope_reveals_it_logged_under_the_system(
        household, alkmaar_team):
    key = _token_create("--system", "Regiesysteem Alkmaar", "--organisation",
                        str(alkmaar_team.uuid), "--role", "supporter", "--scope", "address")
    token = ApiToken.objects.get(name="Regiesysteem Alkmaar")
    assert token.is_system and token.scopes == "address"
    assert key not in {token.digest, token.token_key}  # only a digest is kept
    system = token.user
    assert not system.has_usable_password()  # the service account cannot sign in
    created = AccessLogEntry.objects.get(user=system, record_type="system_api_token")
    assert created.action == AccessAction.CREATE and created.record_uuid == token.uuid
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    answer = _reveal(api, household)
    assert answer.status_code == 200 and answer.json()["street"] == SECRET_STREET
    entry = AccessLogEntry.objects.get(user=system, action=AccessAction.REVEAL_ADDRESS)
    assert entry.household_uuid == household.uuid
    assert "Regiesysteem Alkmaar" in entry.user_name


def test_a_system_token_without_the_scope_reveals_nothing(household, alkmaar_team):
    key = _token_create("--system", "Planning", "--organisation", alkmaar_team.name,
                        "--role", "supporter")
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"/api/v1/households/{household.uuid}/").status_code == 200
    refused = _reveal(api, household)
    assert refused.status_code == 403 and SECRET_STREET not in refused.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.REVEAL_ADDRESS).exists()


def test_a_system_token_of_an_uninvolved_organisation_gets_404(household, hoorn_team):
    key = _token_create("--system", "Regiesysteem Hoorn", "--organisation",
                        str(hoorn_team.uuid), "--role", "supporter", "--scope", "address")
    answer = _reveal(APIClient(HTTP_AUTHORIZATION=f"Token {key}"), household)
    assert answer.status_code == 404 and SECRET_STREET not in answer.content.decode()


@pytest.mark.parametrize("args", [["--organisation", "Bestaat niet", "--role", "supporter"],
                                  ["--organisation", "not-a-uuid", "--role", "supporter"]])
def test_token_create_refuses_an_unknown_organisation(db, args):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _token_create("--system", "X", *args)
    assert not ApiToken.objects.exists()


# --- A test that fails if a new door opens -------------------------------------------------


def _walk(client, household, extra_urls):
    """GET every route of the household (and every other route), with the real household."""
    from tests.test_permission_matrix import NOT_HOUSEHOLD_SCOPED, all_routes, fill

    urls = [fill(r, household.uuid) for r in all_routes()
            if r.count("<") == 1 and "<uuid:household_uuid>" in r]
    # Not the quick exit of Mijn afspraken: it logs out whoever walks by, and the rest of
    # the walk would see only the login page.
    urls += [fill(r, None) for r in NOT_HOUSEHOLD_SCOPED if "<" not in r and r != "mijn/weg/"]
    found = {}
    for url in [*urls, *extra_urls]:
        response = client.get(url)
        if SECRET_STREET.encode() in response.content:
            found[url] = response.status_code
    return found


def test_no_page_or_api_route_shows_the_street_except_toon_adres_after_the_password(
        client, household, supporter, shelter_worker, colleague, outsider):
    from django.utils import timezone

    from tests.factories import OrganisationFactory
    from zicht.signals import reports, services

    veilig_thuis = OrganisationFactory(name="Veilig Thuis", kind="veilig_thuis",
                                       region=household.trajectories.get()
                                       .destination_municipality.region)
    from tests.conftest import _member

    vt_worker = _member("vera.vt", veilig_thuis, "veilig_thuis")
    actor = as_actor(supporter)
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis)
    reports.report_update(actor=actor, report=report, content={}, include_address=True)
    reports.report_send(actor=actor, report=report)
    services.signal_report(actor=actor, household=household, urgency="not_acute",
                           about="client", observed="Zorgen", observed_on=timezone.localdate())
    report_urls = [f"/safety/reports/{report.uuid}/", f"/safety/reports/{report.uuid}/pdf/",
                   f"/safety/reports/{report.uuid}/json/",
                   f"/api/v1/veilig-thuis/reports/{report.uuid}/",
                   f"/api/v1/veilig-thuis/reports/{report.uuid}/pdf/",
                   f"/api/v1/households/{household.uuid}/reports/{report.uuid}/"]
    # Veilig Thuis's own download of the report sent to it is a door: the reveal service,
    # after the password (a fresh login counts), logged as an address reveal.
    vt_doors = {f"/safety/reports/{report.uuid}/pdf/", f"/safety/reports/{report.uuid}/json/"}
    # The client's inzage is a door for her carers: the reveal service after the password.
    inzage = f"/households/{household.uuid}/persons/{household.client.uuid}/inzage.json"
    api_inzage = f"/api/v1/households/{household.uuid}/persons/{household.client.uuid}/inzage/"
    for person in (supporter, shelter_worker, colleague, outsider, vt_worker):
        login(client, person)  # a fresh login counts as the password just entered
        found = set(_walk(client, household, [*report_urls, inzage, api_inzage]))
        doors = (vt_doors if person == vt_worker else set() if person == outsider
                 else {inzage, api_inzage})
        assert found <= doors, (person, found)
        if person == supporter:
            assert inzage in found  # the walk sees the street where it is
    # The doors themselves: the household's and the report's "toon adres" (POST).
    login(client, supporter)
    session = client.session
    session.pop(REAUTH, None)
    session.save()
    for door in (f"/households/{household.uuid}/address/",
                 f"/safety/reports/{report.uuid}/address/"):
        assert SECRET_STREET.encode() not in client.post(door).content, door
    client.post("/security/reauth/", {"password": "correct horse battery", "next": "/"})
    for door in (f"/households/{household.uuid}/address/",
                 f"/safety/reports/{report.uuid}/address/"):
        assert SECRET_STREET.encode() in client.post(door).content, door
