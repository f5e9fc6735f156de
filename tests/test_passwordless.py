"""Passkeys beyond the second step (issue 15, points 1 and 4): "Inloggen met een passkey"
without the password, a passkey as the first second factor at onboarding, and no
professional without a second factor.

As in tests/test_passkeys.py, the signature check is django-otp-webauthn's (and the
browser stories', with Chromium's virtual authenticator): here the library's helper is
told the outcome, so that Zicht's own rules around it are tested."""

import json
import os
from unittest import mock

import pytest
from axes.models import AccessLog
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import bytes_to_base64url

from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.test_hardening import forget_reauth
from tests.test_login import PASSWORD, login_steps
from tests.test_passkeys import passkey, post_json, reauthenticated
from zicht.access.models import SessionRecord
from zicht.audit.models import AccessLogEntry

SIGNIN_BEGIN = "/account/passkey/signin/begin/"
SIGNIN_COMPLETE = "/account/passkey/signin/complete/"
SETUP = "/account/passkey/setup/"
SETUP_BEGIN = "/account/passkey/setup/begin/"
SETUP_COMPLETE = "/account/passkey/setup/complete/"


def signed_by(credential):
    """The helper's verdict: the browser's signature by this passkey checked out."""
    return mock.patch.object(WebAuthnHelper, "authenticate_complete", return_value=credential)


def sign_in_with(client, credential):
    post_json(client, SIGNIN_BEGIN)
    with signed_by(credential):
        return post_json(client, SIGNIN_COMPLETE,
                         {"id": bytes_to_base64url(bytes(credential.credential_id))})


@pytest.fixture
def newcomer(alkmaar_team):
    """Just past the invitation's password: an account and a membership, no second factor
    yet, signed in without one (as ``directory.views.invitation`` leaves her)."""
    user = UserFactory(username="nina.nieuw@example.org", totp=False)
    MembershipFactory(user=user, organisation=alkmaar_team, role="supporter")
    return user


# --- Inloggen met een passkey ---------------------------------------------------------------


def test_the_login_page_offers_a_passkey_sign_in_when_it_is_on(client, db, settings):
    page = client.get(reverse("two_factor:login")).content.decode()
    assert "Inloggen met een passkey" in page
    assert SIGNIN_BEGIN in page  # the library's script, bound to the passwordless ceremony
    settings.ZICHT_PASSKEY_PASSWORDLESS = False
    page = client.get(reverse("two_factor:login")).content.decode()
    assert "Inloggen met een passkey" not in page
    assert post_json(client, SIGNIN_BEGIN).status_code == 403


def test_the_passwordless_ceremony_names_nobody_and_requires_user_verification(client,
                                                                               supporter):
    passkey(supporter)
    options = post_json(client, SIGNIN_BEGIN).json()
    assert options["userVerification"] == "required"
    assert not options.get("allowCredentials")  # the browser offers what it holds
    assert client.session["otp_webauthn_authentication_state"]["require_user_verification"]


def test_a_verified_passkey_alone_opens_vandaag_as_two_factors(client, supporter):
    hers = passkey(supporter)
    assert client.get(reverse("home")).status_code == 302
    response = sign_in_with(client, hers)
    assert response.status_code == 200
    assert response.json()["redirect_url"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200  # RequireTwoFactor lets her in
    assert client.session["otp_device_id"] == hers.persistent_id
    assert int(client.session["_auth_user_id"]) == supporter.pk
    # The trail of every other sign-in: axes' access log and the session record.
    assert AccessLog.objects.filter(username=supporter.username).exists()
    assert SessionRecord.objects.filter(user=supporter, ended_at__isnull=True).exists()


def test_a_second_factor_ceremony_is_no_ground_for_a_passwordless_sign_in(client, supporter):
    # Begun as the second step after a password: user verification was not asked for.
    hers = passkey(supporter)
    login_steps(client, supporter.username, PASSWORD)
    post_json(client, "/account/passkey/begin/")
    assert not client.session["otp_webauthn_authentication_state"]["require_user_verification"]
    with signed_by(hers):
        response = post_json(client, SIGNIN_COMPLETE, {"id": "x"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("how", ["account_off", "membership_ended", "no_membership"])
def test_no_passwordless_way_in_for_someone_no_longer_at_work(client, supporter, how):
    hers = passkey(supporter)
    if how == "account_off":
        supporter.is_active = False
        supporter.save()
    elif how == "membership_ended":
        supporter.memberships.update(active=False)
    else:  # a client's account has no membership, nor a system account's passkey
        supporter.memberships.all().delete()
    response = sign_in_with(client, hers)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_a_clients_passkey_is_no_way_into_the_professionals_pages(client, fatima):
    hers = passkey(fatima.user, "Telefoon van de cliënt")
    assert sign_in_with(client, hers).status_code == 403
    assert "_auth_user_id" not in client.session


def test_failed_passkeys_count_toward_their_owners_lock_out(client, supporter, settings):
    hers = passkey(supporter)
    raw = {"id": bytes_to_base64url(bytes(hers.credential_id))}
    failing = mock.patch.object(WebAuthnHelper, "authenticate_complete",
                                side_effect=exceptions.InvalidState())
    with failing:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_json(client, SIGNIN_BEGIN)
            assert post_json(client, SIGNIN_COMPLETE, raw).status_code >= 400
    # Locked out: the password is refused, and so is the passkey itself, for now.
    assert "Tijdelijk geblokkeerd" in login_steps(client, supporter.username,
                                                  PASSWORD).content.decode()
    client.cookies.clear()
    assert sign_in_with(client, hers).status_code == 403
    assert client.get(reverse("home")).status_code == 302


def test_one_address_cannot_begin_ceremonies_without_end(client, db):
    from zicht.accounts.passkeys import PASSWORDLESS_ATTEMPTS

    for _ in range(PASSWORDLESS_ATTEMPTS):
        assert post_json(client, SIGNIN_BEGIN).status_code == 200
    assert post_json(client, SIGNIN_BEGIN).status_code == 429
    client.defaults["REMOTE_ADDR"] = "10.9.9.9"  # another address is not held up by it
    assert post_json(client, SIGNIN_BEGIN).status_code == 200


def test_a_signed_in_professional_gets_no_passwordless_second_login(client, supporter):
    passkey(supporter)
    assert post_json(login(client, supporter), SIGNIN_BEGIN).status_code == 403
    assert post_json(client, SIGNIN_COMPLETE).status_code == 403


def test_a_passwordless_sign_in_forgets_a_password_step_in_progress(client, supporter,
                                                                    colleague):
    # Colleague's password typed on this browser, then the supporter's own passkey.
    login_steps(client, colleague.username, PASSWORD)
    sign_in_with(client, passkey(supporter))
    assert int(client.session["_auth_user_id"]) == supporter.pk
    assert not client.session["wizard_login_view"]["step"]  # the colleague's step is gone
    assert post_json(client, "/account/passkey/begin/").status_code == 403


# --- A passkey as the first second factor (onboarding) -------------------------------------


def test_the_set_up_offers_a_passkey_instead_of_the_app(client, newcomer):
    client.force_login(newcomer)
    page = client.get(reverse("two_factor:setup")).content.decode()
    assert SETUP in page and "Een passkey als tweede factor" in page
    page = client.get(SETUP)
    assert page.status_code == 200
    assert SETUP_BEGIN in page.content.decode()


def test_the_newcomer_registers_a_passkey_and_reaches_vandaag(client, newcomer):
    client.force_login(newcomer)
    forget_reauth(client)  # no password again needed: she has no second factor yet
    assert client.get(reverse("home"))["Location"] == reverse("two_factor:setup")
    options = post_json(client, SETUP_BEGIN).json()
    assert options["user"]["name"] == newcomer.username
    assert options["authenticatorSelection"]["residentKey"] == "required"  # passwordless
    created = WebAuthnCredential(user=newcomer, name="Telefoon", credential_id=os.urandom(32),
                                 public_key=b"key", sign_count=0)

    def register(self, user, state, data):
        created.save()
        return created

    with mock.patch.object(WebAuthnHelper, "register_complete", register):
        assert post_json(client, SETUP_COMPLETE, {"id": "x"}).status_code == 200
    assert client.get(reverse("home")).status_code == 200  # verified by her new passkey
    assert AccessLogEntry.objects.filter(user=newcomer, action="create",
                                         record_type="passkey").exists()


def test_the_set_up_of_a_first_passkey_is_for_someone_without_a_second_factor(client,
                                                                              supporter):
    # With the app already, a passkey is added on Uw passkeys, after the password again.
    login(client, supporter)
    assert client.get(SETUP)["Location"] == reverse("home")
    assert post_json(client, SETUP_BEGIN).status_code == 403
    assert post_json(client, SETUP_COMPLETE).status_code == 403
    client.logout()
    assert client.get(SETUP).status_code == 302  # to the login
    assert post_json(client, SETUP_BEGIN).status_code == 403


def test_someone_with_only_a_passkey_gets_the_passkey_step_after_the_password(client,
                                                                              newcomer):
    hers = passkey(newcomer)
    response = login_steps(client, newcomer.username, PASSWORD)
    page = response.content.decode()
    assert "Gebruik uw passkey" in page and "token-otp_token" not in page
    assert client.get(reverse("home")).status_code == 302  # the password alone: nothing
    post_json(client, "/account/passkey/begin/")
    with signed_by(hers):
        assert post_json(client, "/account/passkey/complete/", {"id": "x"}).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_code_sent_on_the_passkey_step_opens_nothing(client, newcomer):
    passkey(newcomer)
    login_steps(client, newcomer.username, PASSWORD, token="123456")
    assert client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in client.session


# --- Never without a second factor -----------------------------------------------------------


def signed_in_with_passkey(client, user, credential):
    """Signed in with her passkey, the password entered a moment ago."""
    client.force_login(user)
    session = client.session
    session["zicht_reauth_at"] = timezone.now().timestamp()
    session["otp_device_id"] = credential.persistent_id
    session.save()
    return client


def test_her_only_passkey_cannot_be_removed(client, newcomer):
    only = passkey(newcomer)
    signed_in_with_passkey(client, newcomer, only)
    response = client.post(reverse("access:passkey_remove", args=[only.pk]), follow=True)
    assert "enige tweede factor" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=only.pk).exists()
    # With a second passkey, either may go.
    other = passkey(newcomer, "Sleutel")
    client.post(reverse("access:passkey_remove", args=[only.pk]))
    assert list(WebAuthnCredential.objects.filter(user=newcomer)) == [other]


def test_two_factors_disable_does_not_remove_her_only_factor(client, supporter):
    # django-two-factor-auth's "disable" would remove every second factor at once.
    assert reverse("two_factor:disable") == reverse("access:authenticator_app_remove")
    reauthenticated(client, supporter)
    page = client.get(reverse("two_factor:disable")).content.decode()
    assert "enige tweede factor" in page
    client.post(reverse("two_factor:disable"))
    assert TOTPDevice.objects.filter(user=supporter).exists()


def test_with_a_passkey_the_app_may_go_and_it_is_logged(client, supporter):
    passkey(supporter)
    StaticDevice.objects.create(user=supporter, name="backup")
    reauthenticated(client, supporter)
    assert "U verwijdert de authenticator-app" in client.get(
        reverse("two_factor:disable")).content.decode()
    response = client.post(reverse("two_factor:disable"))
    assert response["Location"] == reverse("access:account")
    assert not TOTPDevice.objects.filter(user=supporter).exists()
    assert not StaticDevice.objects.filter(user=supporter).exists()
    assert WebAuthnCredential.objects.filter(user=supporter).exists()
    assert AccessLogEntry.objects.filter(user=supporter, action="delete",
                                         record_type="authenticator_app").exists()


def test_removing_the_app_asks_the_password_again(client, supporter):
    passkey(supporter)
    forget_reauth(login(client, supporter))
    assert client.post(reverse("two_factor:disable")).status_code == 302
    assert TOTPDevice.objects.filter(user=supporter).exists()


def test_an_outsider_removes_nothing_of_anothers(client, supporter, outsider):
    hers = passkey(supporter)
    reauthenticated(client, outsider)
    assert client.post(reverse("access:passkey_remove", args=[hers.pk])).status_code == 404
    client.post(reverse("two_factor:disable"))  # her own app only, and she has no passkey
    assert WebAuthnCredential.objects.filter(pk=hers.pk).exists()
    assert TOTPDevice.objects.filter(user=supporter).exists()
    assert TOTPDevice.objects.filter(user=outsider).exists()


def test_the_json_of_a_failed_ceremony_says_no_more_than_the_library(client, db):
    response = post_json(client, SIGNIN_COMPLETE, {"id": "x"})
    assert response.status_code == 400  # no ceremony begun
    assert set(json.loads(response.content)) == {"detail", "code"}
