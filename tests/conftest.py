"""Personas and a small region they work in.

- ``shelter_worker`` works at the shelter "Opvang De Linde" and registers households.
- ``supporter`` (Alkmaar) is the invited supporter of the household: involved.
- ``colleague`` works in the same Alkmaar team: involved through the organisation.
- ``outsider`` is a supporter in Hoorn, a team never involved: must see nothing (404).
- ``school_partner`` works at a school: a partner, not involved unless connected.
- ``team_lead`` leads the Alkmaar team; ``policy`` (Alkmaar) and ``hoorn_policy`` are
  municipal policy staff, who hold doorzettingsmacht for stagnations.
- ``vt_worker`` works at Veilig Thuis (``veilig_thuis``).
- ``administrator`` (``beheerder``) is the Alkmaar team's admin and staff in Django's
  admin: manages memberships and configuration, opens no household data.
- ``fatima`` is the client of ``household`` with her own access to "Mijn afspraken"
  (issue 17), activated in person by the supporter: no membership, no password.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.directory.actor import Actor, actor_for
from zicht.households.models import PersonRole
from zicht.households.services import PersonData, household_register
from zicht.trajectories.services import departure_record, supporter_invite


@pytest.fixture(autouse=True)
def _no_real_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def alkmaar(region):
    return MunicipalityFactory(name="Alkmaar", cbs_code="GM0361", region=region)


@pytest.fixture
def hoorn(region):
    return MunicipalityFactory(name="Hoorn", cbs_code="GM0405", region=region)


@pytest.fixture
def shelter(region):
    return OrganisationFactory(name="Opvang De Linde", kind="shelter", region=region)


@pytest.fixture
def alkmaar_team(alkmaar):
    return OrganisationFactory(name="Sociaal Team Alkmaar", kind="municipality_team",
                               region=alkmaar.region, municipality=alkmaar)


@pytest.fixture
def hoorn_team(hoorn):
    return OrganisationFactory(name="Wijkteam Hoorn", kind="municipality_team",
                               region=hoorn.region, municipality=hoorn)


@pytest.fixture
def school(region):
    return OrganisationFactory(name="OBS De Regenboog", kind="school", region=region)


#: The client's date of birth: with the reference, the second identifier to break the glass.
CLIENT_BORN = date(1990, 3, 14)


def _member(username, organisation, role):
    return MembershipFactory(user=UserFactory(username=username), organisation=organisation,
                             role=role).user


@pytest.fixture
def shelter_worker(shelter):
    return _member("sanne.opvang", shelter, "shelter_worker")


@pytest.fixture
def supporter(alkmaar_team):
    return _member("omar.ondersteuner", alkmaar_team, "supporter")


@pytest.fixture
def colleague(alkmaar_team):
    return _member("carla.collega", alkmaar_team, "supporter")


@pytest.fixture
def outsider(hoorn_team):
    return _member("olaf.buitenstaander", hoorn_team, "supporter")


@pytest.fixture
def school_partner(school):
    return _member("petra.school", school, "partner")


@pytest.fixture
def team_lead(alkmaar_team):
    return _member("tamara.teamleider", alkmaar_team, "team_lead")


@pytest.fixture
def policy(alkmaar_team):
    """The Alkmaar contact with doorzettingsmacht."""
    return _member("bea.beleid", alkmaar_team, "policy")


@pytest.fixture
def doorzetter(alkmaar_team):
    """Alkmaar's contact with doorzettingsmacht: a policy officer named so by the team."""
    user = _member("dora.doorzetter", alkmaar_team, "policy")
    user.memberships.update(doorzettingsmacht=True)
    return user


@pytest.fixture
def hoorn_policy(hoorn_team):
    return _member("henk.beleid", hoorn_team, "policy")


@pytest.fixture
def veilig_thuis(region):
    return OrganisationFactory(name="Veilig Thuis Noord-Holland Noord", kind="veilig_thuis",
                               region=region)


@pytest.fixture
def vt_worker(veilig_thuis):
    return _member("victor.veiligthuis", veilig_thuis, "veilig_thuis")


@pytest.fixture
def administrator(alkmaar_team):
    user = _member("beheerder", alkmaar_team, "admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def as_actor(user) -> Actor:
    return actor_for(user, ip_address="127.0.0.1")


@pytest.fixture
def registered_household(shelter_worker):
    """A household registered at the shelter: a client, two children and the perpetrator."""
    return household_register(
        actor=as_actor(shelter_worker),
        client=PersonData(role=PersonRole.CLIENT, given_name="Fatima", family_name="Yilmaz",
                          date_of_birth=CLIENT_BORN),
        others=[
            PersonData(role=PersonRole.CHILD, given_name="Noor", family_name="Yilmaz"),
            PersonData(role=PersonRole.CHILD, given_name="Emre", family_name="Yilmaz"),
            PersonData(role=PersonRole.PERPETRATOR, given_name="Kees", family_name="Bakker",
                       relation="ex-partner"),
        ],
    )


@pytest.fixture
def invited_household(registered_household, shelter_worker, supporter, alkmaar, alkmaar_team):
    household = registered_household
    actor = as_actor(shelter_worker)
    consent_record(actor=actor, household=household, person=household.client,
                   purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate())
    supporter_invite(actor=actor, trajectory=household.trajectories.get(),
                     municipality=alkmaar, supporter_organisation=alkmaar_team,
                     supporter=supporter)
    return household


SECRET_STREET = "Geheimelaan 13"


@pytest.fixture
def household(invited_household, shelter_worker, alkmaar_team, supporter):
    """The household after departure, at a secret address, coordinated by the Alkmaar team."""
    today = timezone.localdate()
    departure_record(
        actor=as_actor(shelter_worker), trajectory=invited_household.trajectories.get(),
        departure_date=today - timedelta(days=7),
        shelter_aftercare_until=today + timedelta(days=60),
        street=SECRET_STREET, postcode="1811 AB", city="Alkmaar", address_is_secret=True,
        coordinator_organisation=alkmaar_team, coordinator=supporter,
    )
    return invited_household


def login(client, user):
    """Log in as a professional who passed two-factor."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


@pytest.fixture
def login_as(client):
    return lambda user: login(client, user)


def client_totp(access) -> str:
    """The current code of the client's authenticator app."""
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user=access.user)
    return f"{TOTP(device.bin_key, step=device.step, digits=device.digits).token():06d}"


@pytest.fixture
def fatima(household, supporter):
    """The client's own access, activated (the supporter showed the QR code)."""
    from zicht.client.services import activation_device, client_access_start, client_activate

    access, _token = client_access_start(actor=as_actor(supporter), household=household)
    activation_device(access)
    client_activate(access=access, code=client_totp(access), ip_address="127.0.0.1")
    access.refresh_from_db()
    return access


def login_client(client, access, *, welcomed: bool = True):
    """Log in as the client, through her own login page."""
    from zicht.client.services import client_welcomed

    if welcomed:
        client_welcomed(access=access)
    # A code is accepted once (replay protection): let the test use this window's again.
    TOTPDevice.objects.filter(user=access.user).update(last_t=-1)
    response = client.post("/mijn/inloggen/", {"login_code": access.login_code,
                                               "code": client_totp(access)})
    assert response.status_code == 302, response.content
    return client


def invalid_params(response) -> dict[str, list[str]]:
    """The field messages of an API 400, a problem (RFC 9457) with ``invalidParams``."""
    assert response["Content-Type"] == "application/problem+json"
    fields: dict[str, list[str]] = {}
    for param in response.json()["invalidParams"]:
        fields.setdefault(param["name"], []).append(param["reason"])
    return fields


def api_key_for(user, *, name: str = "koppeling", days: int = 30, **fields) -> str:
    """A fresh API token of the user (as the professional would make it); its key."""
    from zicht.accounts.models import ApiToken

    _token, key = ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name,
                                          **fields)
    return key


@pytest.fixture(scope="session")
def provider():
    """An organisation's OpenID Connect provider (issue 15.5): oidc-provider-mock, a real
    authorization server (authlib) with a login form and RS256-signed ID tokens, on a
    loopback port for the whole session. Any client id and secret are accepted."""
    import os

    import oidc_provider_mock

    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


def provider_user(provider, sub: str, **claims) -> str:
    """The provider's account of ``sub`` with its claims (its ID tokens carry them)."""
    import requests

    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204
    return sub
