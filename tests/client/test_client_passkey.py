"""Mijn afspraken with a passkey (issue 17, item 1): activated in person by QR code and a
passkey on her own phone, with the authenticator app as the fallback; she logs in with the
passkey alone; ending her access ends the passkey.

The passkey is a software key (tests/client/softauthn.py) whose answers py_webauthn checks
for real: signature, challenge, origin, relying party and counter."""

import json
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests.client.softauthn import SoftPasskey
from tests.conftest import as_actor, login
from zicht.audit.models import AccessLogEntry
from zicht.client.middleware import CLIENT
from zicht.client.models import ClientAccess
from zicht.client.services import (
    client_access_end,
    client_access_start,
    client_activate_passkey,
    client_passkey_options,
)

LOGIN_BEGIN, LOGIN_COMPLETE = "/mijn/inloggen/passkey/", "/mijn/inloggen/passkey/klaar/"


def post_json(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def activate(phone, token, key):
    options = post_json(phone, f"/mijn/activeren/{token}/passkey/").json()
    return post_json(phone, f"/mijn/activeren/{token}/passkey/klaar/", key.create(options))


def passkey_login(phone, key, **answer):
    options = post_json(phone, LOGIN_BEGIN).json()
    return post_json(phone, LOGIN_COMPLETE, key.get(options, **answer))


def with_passkey(actor, household) -> tuple[ClientAccess, SoftPasskey]:
    """Her access, activated with a passkey on her phone (through the services)."""
    access, _token = client_access_start(actor=actor, household=household)
    key = SoftPasskey()
    options, state = client_passkey_options(access=access)
    client_activate_passkey(access=access, state=state, data=key.create(options),
                            ip_address="127.0.0.1")
    access.refresh_from_db()
    return access, key


@pytest.fixture
def fatima_passkey(household, supporter):
    return with_passkey(as_actor(supporter), household)


def test_at_activation_the_passkey_comes_first_and_the_app_is_the_fallback(
        client, household, supporter):
    login(client, supporter)
    link = client.post(f"/households/{household.uuid}/mijn-toegang/").context["link"]
    page = Client().get(link).content.decode()
    assert 'id="passkey-register-button"' in page
    assert page.index("passkey-register-button") < page.index("otpauth://totp/")
    assert "Zicht" not in page


def test_she_activates_with_a_passkey_and_the_link_is_used_up(client, household, supporter):
    login(client, supporter)
    link = client.post(f"/households/{household.uuid}/mijn-toegang/").context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    access = ClientAccess.objects.get(household=household)
    phone, key = Client(), SoftPasskey()
    phone.get(link)

    options = post_json(phone, f"/mijn/activeren/{token}/passkey/").json()
    # What her phone keeps besides the key: neutral names only.
    assert options["rp"] == {"name": "Mijn afspraken", "id": "localhost"}
    assert options["user"]["name"] == options["user"]["displayName"] == "Mijn afspraken"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    text = json.dumps(options)
    for word in ("Zicht", "Fatima", "Yilmaz", access.login_code, "client", "Cliënt"):
        assert word not in text

    done = post_json(phone, f"/mijn/activeren/{token}/passkey/klaar/", key.create(options))
    assert done.status_code == 200 and done.json()["redirect_url"] == "/mijn/welkom/"
    assert phone.get("/mijn/welkom/").status_code == 200  # signed in on her phone
    credential = WebAuthnCredential.objects.get()
    assert credential.user == access.user and credential.name == "Mijn afspraken"
    assert not TOTPDevice.objects.filter(user=access.user).exists()  # the passkey is her way in
    access.refresh_from_db()
    assert access.activated_at and not access.activation_hash
    assert Client().get(link).status_code == 404  # used up
    assert post_json(Client(), f"/mijn/activeren/{token}/passkey/").status_code == 404
    assert AccessLogEntry.objects.filter(record_type="client_access", record_uuid=access.uuid,
                                         action="update", ground="client:self").count() == 1


def test_she_logs_in_with_her_passkey_alone(fatima_passkey):
    access, key = fatima_passkey
    phone = Client()
    response = passkey_login(phone, key)
    assert response.status_code == 200
    assert response.json()["redirect_url"] == "/mijn/welkom/"  # the first time: quick exit
    assert phone.get("/mijn/welkom/").status_code == 200
    assert phone.session[CLIENT] == str(access.uuid)
    assert phone.session.get_expire_at_browser_close()  # no "remember me"
    credential = WebAuthnCredential.objects.get(user=access.user)
    assert credential.sign_count == 1 and credential.last_used_at is not None
    phone.post("/mijn/welkom/")
    assert passkey_login(Client(), key).json()["redirect_url"] == "/mijn/"


def test_the_short_idle_session_holds_after_a_passkey(fatima_passkey, time_machine):
    _access, key = fatima_passkey
    phone = Client()
    passkey_login(phone, key)
    time_machine.move_to(timezone.now() + timedelta(minutes=11))
    assert phone.get("/mijn/welkom/")["Location"] == "/mijn/inloggen/?reason=idle"


def test_ending_her_access_ends_her_passkey(client, household, supporter, fatima_passkey):
    access, key = fatima_passkey
    phone = Client()
    passkey_login(phone, key)
    login(client, supporter)
    client.post(f"/households/{household.uuid}/mijn-toegang/{access.uuid}/end/")
    assert phone.get("/mijn/welkom/")["Location"] == "/mijn/inloggen/"
    assert not WebAuthnCredential.objects.filter(user=access.user).exists()
    refused = passkey_login(Client(), key)
    assert refused.status_code == 403
    assert "Vraag je ondersteuner" in refused.json()["detail"]


def test_a_new_qr_code_retires_the_old_phones_passkey(household, supporter, fatima_passkey):
    old, old_key = fatima_passkey
    new, new_key = with_passkey(as_actor(supporter), household)
    assert passkey_login(Client(), old_key).status_code == 403
    phone = Client()
    assert passkey_login(phone, new_key).status_code == 200
    assert phone.session[CLIENT] == str(new.uuid) != str(old.uuid)


def test_a_passkey_made_for_one_client_never_activates_another(
        household, supporter, shelter_worker):
    from zicht.households.models import PersonRole
    from zicht.households.services import PersonData, household_register

    other = household_register(
        actor=as_actor(shelter_worker),
        client=PersonData(role=PersonRole.CLIENT, given_name="Sanne", family_name="Visser"),
        others=[])
    _mine, my_token = client_access_start(actor=as_actor(supporter), household=household)
    theirs, their_token = client_access_start(actor=as_actor(shelter_worker), household=other)
    phone, key = Client(), SoftPasskey()
    options = post_json(phone, f"/mijn/activeren/{my_token}/passkey/").json()
    # Her challenge, sent to the other client's link: refused, nothing activated.
    response = post_json(phone, f"/mijn/activeren/{their_token}/passkey/klaar/",
                         key.create(options))
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.activated_at is None
    assert not WebAuthnCredential.objects.exists()


def test_another_clients_or_a_professionals_passkey_opens_nothing(
        household, supporter, shelter_worker, fatima_passkey):
    from zicht.households.models import PersonRole
    from zicht.households.services import PersonData, household_register

    other = household_register(
        actor=as_actor(shelter_worker),
        client=PersonData(role=PersonRole.CLIENT, given_name="Sanne", family_name="Visser"),
        others=[])
    sanne, sanne_key = with_passkey(as_actor(shelter_worker), other)
    phone = Client()
    passkey_login(phone, sanne_key)
    assert phone.session[CLIENT] == str(sanne.uuid)  # her own, never Fatima's
    assert "Sanne" not in phone.get("/mijn/welkom/").content.decode()

    # A professional's passkey for the same relying party is no client's key.
    professional = SoftPasskey()
    WebAuthnCredential.objects.create(user=supporter, name="Telefoon",
                                      credential_id=professional.credential_id,
                                      public_key=professional.cose_public_key(), sign_count=0)
    phone = Client()
    assert passkey_login(phone, professional).status_code == 403
    assert CLIENT not in phone.session and "_auth_user_id" not in phone.session
    assert WebAuthnCredential.objects.get(user=supporter).last_used_at is None  # untouched


def test_an_answer_is_used_once(fatima_passkey):
    _access, key = fatima_passkey
    phone = Client()
    options = post_json(phone, LOGIN_BEGIN).json()
    answer = key.get(options)
    assert post_json(phone, LOGIN_COMPLETE, answer).status_code == 200
    thief = Client()
    assert post_json(thief, LOGIN_COMPLETE, answer).status_code == 403  # no challenge of its own
    post_json(thief, LOGIN_BEGIN)
    assert post_json(thief, LOGIN_COMPLETE, answer).status_code == 403  # another challenge
    assert CLIENT not in thief.session


def test_a_copied_key_whose_counter_does_not_go_up_is_refused(fatima_passkey):
    _access, key = fatima_passkey
    assert passkey_login(Client(), key).status_code == 200
    copy = Client()
    assert passkey_login(copy, key, count_up=False).status_code == 403
    assert CLIENT not in copy.session


def test_the_relying_party_is_her_own(fatima_passkey, settings):
    _access, key = fatima_passkey
    # Her pages on a neutral host of their own: a passkey answered for another origin fails.
    settings.ZICHT_CLIENT_WEBAUTHN_RP_ID = "mijn-afspraken.example"
    settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS = ["https://mijn-afspraken.example"]
    options = post_json(Client(), LOGIN_BEGIN).json()
    assert options["rpId"] == "mijn-afspraken.example"
    assert options["userVerification"] == "required"
    assert "allowCredentials" not in options or options["allowCredentials"] == []
    assert passkey_login(Client(), key).status_code == 403
    assert django_settings.OTP_WEBAUTHN_RP_ID == "localhost"  # the professionals' unchanged


def test_a_passkey_for_another_origin_does_not_activate(client, household, supporter):
    access, token = client_access_start(actor=as_actor(supporter), household=household)
    key = SoftPasskey(origin="https://elders.example")
    assert activate(Client(), token, key).status_code == 400
    access.refresh_from_db()
    assert access.activated_at is None and access.activation_hash


def test_a_malformed_answer_is_refused_calmly(fatima_passkey):
    phone = Client()
    post_json(phone, LOGIN_BEGIN)
    response = phone.post(LOGIN_COMPLETE, "not json", content_type="application/json")
    assert response.status_code == 403
    post_json(phone, LOGIN_BEGIN)
    assert post_json(phone, LOGIN_COMPLETE, {"id": "x", "rawId": "x"}).status_code == 403


def test_passkey_logins_are_rate_limited(fatima_passkey):
    _access, key = fatima_passkey
    phone = Client()
    for _i in range(11):
        post_json(phone, LOGIN_BEGIN)
        post_json(phone, LOGIN_COMPLETE, {})
    response = passkey_login(phone, key)
    assert response.status_code == 429
    assert CLIENT not in phone.session


def test_the_endpoints_are_no_store_ask_for_csrf_and_leave_nothing_but_the_session(
        fatima_passkey):
    _access, key = fatima_passkey
    phone = Client()
    options = post_json(phone, LOGIN_BEGIN)
    done = post_json(phone, LOGIN_COMPLETE, key.get(options.json()))
    for response in (options, done):
        assert response["Cache-Control"] == "no-store"
        assert set(response.cookies) <= {django_settings.SESSION_COOKIE_NAME,
                                         django_settings.CSRF_COOKIE_NAME}
    guarded = Client(enforce_csrf_checks=True)
    assert post_json(guarded, LOGIN_BEGIN).status_code == 403


def test_a_professional_never_uses_her_passkey_endpoints(client, supporter, fatima_passkey):
    login(client, supporter)
    for path in (LOGIN_BEGIN, LOGIN_COMPLETE, "/mijn/passkey/teksten.js"):
        assert post_json(client, path).status_code == 404
        assert client.get(path).status_code == 404


def test_ending_by_service_deletes_the_passkey_and_logs_it(household, supporter,
                                                           fatima_passkey):
    access, _key = fatima_passkey
    client_access_end(actor=as_actor(supporter), access=access)
    assert not WebAuthnCredential.objects.filter(user=access.user).exists()
    assert AccessLogEntry.objects.filter(record_type="client_access", record_uuid=access.uuid,
                                         action="delete").exists()


def test_her_supporter_sees_that_she_logs_in_with_a_passkey(client, household, supporter,
                                                            fatima_passkey):
    login(client, supporter)
    page = client.get(f"/households/{household.uuid}/mijn-toegang/").content.decode()
    assert "Zij logt in met een passkey op haar telefoon." in page


def test_with_the_app_her_supporter_sees_the_app(client, household, supporter, fatima):
    login(client, supporter)
    page = client.get(f"/households/{household.uuid}/mijn-toegang/").content.decode()
    assert "Zij logt in met een app voor inlogcodes." in page


def test_deploy_check_wants_her_origins_under_her_relying_party(settings):
    from zicht.operations.checks import passkey_relying_parties

    assert passkey_relying_parties(None) == []  # the defaults
    settings.ZICHT_CLIENT_WEBAUTHN_RP_ID = "mijn-afspraken.example"
    settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS = ["https://mijn-afspraken.example",
                                              "https://zicht.example.nl"]
    errors = passkey_relying_parties(None)
    assert [e.id for e in errors] == ["zicht.E003"]
    assert "https://zicht.example.nl" in errors[0].msg


def test_her_passkey_is_no_way_into_a_professionals_login(fatima_passkey):
    _access, key = fatima_passkey
    phone = Client()
    begin = post_json(phone, "/account/passkey/begin/")
    assert begin.status_code in (401, 403)  # only after a professional's password step
    complete = post_json(phone, "/account/passkey/complete/",
                         key.get({"challenge": "AAAA"}))
    assert complete.status_code in (401, 403)
    assert "_auth_user_id" not in phone.session


def test_the_qr_code_points_at_her_pages_own_host(client, household, supporter, settings):
    from zicht.operations.checks import passkey_relying_parties

    settings.ZICHT_CLIENT_BASE_URL = "https://mijn-afspraken.example/"
    login(client, supporter)
    link = client.post(f"/households/{household.uuid}/mijn-toegang/").context["link"]
    assert link.startswith("https://mijn-afspraken.example/mijn/activeren/")
    assert [e.id for e in passkey_relying_parties(None)] == ["zicht.E004"]
    settings.ZICHT_CLIENT_WEBAUTHN_RP_ID = "mijn-afspraken.example"
    settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS = ["https://mijn-afspraken.example"]
    assert passkey_relying_parties(None) == []
