"""Passkeys (issue 15, point 4): a professional registers hers after the password, sees
and removes only her own, and uses one instead of the TOTP code after the password.

The signature check itself is django-otp-webauthn's (and the browser story's, with a real
virtual authenticator): here the library's helper is told the outcome, so that Zicht's own
rules around it are tested."""

import json
import os
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from tests.conftest import login
from tests.test_hardening import forget_reauth
from tests.test_login import PASSWORD, login_steps
from zicht.audit.models import AccessLogEntry

BEGIN = "/account/passkey/begin/"
COMPLETE = "/account/passkey/complete/"


def passkey(user, name="Telefoon"):
    return WebAuthnCredential.objects.create(user=user, name=name,
                                             credential_id=os.urandom(32),
                                             public_key=b"key", sign_count=0)


def reauthenticated(client, user):
    login(client, user)
    session = client.session
    session["zicht_reauth_at"] = timezone.now().timestamp()
    session.save()
    return client


def post_json(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_registering_a_passkey_asks_the_password_again(client, supporter):
    login(client, supporter)
    forget_reauth(client)  # the login itself was longer ago than ZICHT_REAUTH_MINUTES
    response = post_json(client, "/security/passkeys/registration/begin/")
    assert response.status_code == 403
    assert client.get(reverse("access:passkeys")).status_code == 302  # to the password

    reauthenticated(client, supporter)
    response = post_json(client, "/security/passkeys/registration/begin/")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["name"] == "Zicht"
    assert options["user"]["name"] == supporter.username


def test_she_sees_her_own_passkeys_only(client, supporter, outsider):
    passkey(supporter, "Laptop")
    passkey(outsider, "Sleutel van Olaf")
    page = reauthenticated(client, supporter).get(reverse("access:passkeys")).content.decode()
    assert "Laptop" in page
    assert "Sleutel van Olaf" not in page
    assert reverse("access:passkeys") in client.get(reverse("access:account")).content.decode()


def test_she_removes_her_own_passkey_and_it_is_logged(client, supporter):
    own = passkey(supporter)
    response = reauthenticated(client, supporter).post(
        reverse("access:passkey_remove", args=[own.pk]))
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=own.pk).exists()
    assert AccessLogEntry.objects.filter(user=supporter, action="delete",
                                         record_type="passkey").exists()


def test_an_outsider_cannot_remove_anothers_passkey(client, supporter, outsider):
    hers = passkey(supporter)
    response = reauthenticated(client, outsider).post(
        reverse("access:passkey_remove", args=[hers.pk]))
    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=hers.pk).exists()


def test_removing_asks_the_password_again(client, supporter):
    own = passkey(supporter)
    forget_reauth(login(client, supporter))
    client.post(reverse("access:passkey_remove", args=[own.pk]))
    assert WebAuthnCredential.objects.filter(pk=own.pk).exists()


def test_the_token_step_offers_her_passkey(client, supporter, colleague):
    passkey(supporter)
    page = login_steps(client, supporter.username, PASSWORD).content.decode()
    assert "Gebruik uw passkey" in page
    assert "otp_webauthn_auth.js" in page
    client.logout()
    # Without a passkey, the code only.
    assert "Gebruik uw passkey" not in login_steps(client, colleague.username,
                                                   PASSWORD).content.decode()


def test_no_passkey_ceremony_without_the_password_first(client, supporter):
    passkey(supporter)
    assert post_json(client, BEGIN).status_code == 403
    assert post_json(client, COMPLETE).status_code == 403


def test_after_the_password_only_her_own_passkeys_are_asked_for(client, supporter, outsider):
    hers = passkey(supporter)
    passkey(outsider)
    login_steps(client, supporter.username, PASSWORD)
    options = post_json(client, BEGIN).json()
    allowed = [c["id"] for c in options["allowCredentials"]]
    assert len(allowed) == 1
    assert WebAuthnCredential.objects.get(user=outsider).pk != hers.pk


def test_a_passkey_after_the_password_opens_the_caseload_as_two_factor(client, supporter):
    hers = passkey(supporter)
    login_steps(client, supporter.username, PASSWORD)
    assert client.get(reverse("home")).status_code == 302
    post_json(client, BEGIN)
    with mock.patch.object(WebAuthnHelper, "authenticate_complete", return_value=hers):
        response = post_json(client, COMPLETE, {"id": "x"})
    assert response.status_code == 200
    assert response.json()["redirect_url"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200  # RequireTwoFactor lets her in
    assert client.session["otp_device_id"] == hers.persistent_id


def test_failed_passkeys_count_toward_the_lock_out(client, supporter, settings):
    passkey(supporter)
    login_steps(client, supporter.username, PASSWORD)
    failed = mock.patch.object(WebAuthnHelper, "authenticate_complete",
                               side_effect=exceptions.InvalidState())
    with failed:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_json(client, BEGIN)
            assert post_json(client, COMPLETE, {"id": "x"}).status_code >= 400
    assert post_json(client, BEGIN).status_code == 403  # locked out
    response = login_steps(client, supporter.username, PASSWORD)
    assert "Tijdelijk geblokkeerd" in response.content.decode()


@pytest.mark.parametrize("url", [BEGIN, COMPLETE])
def test_a_signed_in_professional_gets_no_second_login(client, supporter, url):
    passkey(supporter)
    assert post_json(login(client, supporter), url).status_code == 403


def test_a_lost_second_factor_reset_removes_her_passkeys_too(supporter, alkmaar_team):
    from tests.conftest import _member, as_actor
    from zicht.directory import services as directory

    passkey(supporter)
    admin = _member("anna.beheer", alkmaar_team, "admin")
    second = _member("bram.beheer", alkmaar_team, "admin")
    reset = directory.second_factor_reset_request(
        actor=as_actor(admin), membership=supporter.memberships.get(), reason="Telefoon kwijt.")
    directory.second_factor_reset_approve(actor=as_actor(second), reset=reset)
    assert not WebAuthnCredential.objects.filter(user=supporter).exists()


def test_a_password_step_long_ago_is_no_ground_for_a_passkey(client, supporter, settings):
    passkey(supporter)
    login_steps(client, supporter.username, PASSWORD)
    settings.TWO_FACTOR_LOGIN_TIMEOUT = -1  # as if the password was typed long ago
    assert post_json(client, BEGIN).status_code == 403
