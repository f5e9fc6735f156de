"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside TOTP (issue 15).

At login the password step of django-two-factor-auth's wizard names the user; the passkey
then stands in for the TOTP code. The library's own authentication views know only
``request.user``, who is still anonymous at that step: these subclasses take the user from
the wizard instead, so only her own passkeys are offered and accepted, and a failure counts
toward django-axes' lock-out like a wrong code.

Passwordless sign-in ("Inloggen met een passkey", ``ZICHT_PASSKEY_PASSWORDLESS``) is
django-otp-webauthn's own: no user is named, the browser offers the discoverable passkeys
it holds for Zicht, and user verification (fingerprint, face or PIN on the device) is
required, so the passkey is both factors and the session is verified. Around it the rules
of every other sign-in: django-axes' lock-out (a failure with a known passkey counts for
its owner, a locked-out owner is refused), the login signals (axes' access log, the
session record), and no way in for a switched-off account or one without an active
membership (a client's account has none; a professional whose last membership ended hears
why, ``NO_MEMBERSHIP``: her passkey proved who she is)."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    CompleteCredentialAuthenticationView,
)
from formtools.wizard.storage import get_storage
from two_factor.views import LoginView as TwoFactorLoginView
from webauthn.helpers import base64url_to_bytes

from zicht.core import events
from zicht.core.ratelimit import attempts_count

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def has_passkey(user) -> bool:
    return bool(user) and WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def has_second_factor(user) -> bool:
    """An authenticator app or a passkey: what a professional signs in with besides (or,
    with a passkey, instead of) the password. Backup codes are no second factor of their
    own: they stand in for the app."""
    return has_passkey(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def passwordless_enabled() -> bool:
    return bool(getattr(settings, "ZICHT_PASSKEY_PASSWORDLESS", False))


def is_platform_admin(user) -> bool:
    """The operator (Django's admin, ``is_staff``): works in no organisation of necessity."""
    return bool(user.is_staff or user.is_superuser)


def may_sign_in(user) -> bool:
    """An active account with an active membership: a professional still at work; or the
    platform's operator."""
    return bool(user) and user.is_active and (
        is_platform_admin(user) or user.memberships.filter(active=True).exists())


def no_membership_message() -> str:
    """What an account hears whose credentials were right but whose last membership has
    ended: only after the password or passkey, so it tells a stranger nothing."""
    return _("U bent niet (meer) actief bij een organisatie in Zicht. Neem contact op met "
             "de beheerder van uw organisatie.")


def refuse_without_membership(request, user, *, way: str) -> None:
    """Log the refusal (``core.events.sign_in_refused``: the access log sits above)."""
    events.sign_in_refused.send(sender=__name__, user=user, way=way,
                                ip_address=request.META.get("REMOTE_ADDR"))


class _NoMembership(exceptions.OTPWebAuthnApiError):
    status_code = 403
    code = "no_membership"
    default_detail = "no active membership"


class _Locked(exceptions.OTPWebAuthnApiError):
    status_code = 403
    code = "locked_out"
    default_detail = "locked out"


def _wizard(request):
    # The storage of the login wizard (zicht.accounts.views.LoginView, prefix of its name).
    return get_storage(TwoFactorLoginView.storage_name, "login_view", request)


class _SignedIn(exceptions.OTPWebAuthnApiError):
    status_code = 403
    code = "signed_in"
    default_detail = "already signed in"


def _success_url(view) -> str:
    # The script sends the login page's own ``next``; back to the login page is no end.
    target = view.get_redirect_url()
    if not target or target.split("?")[0] == resolve_url(settings.LOGIN_URL):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    return target


class _PasswordStepUser:
    """The user who passed the password step of this session's login, or nobody."""

    def get_user(self):
        if self.request.user.is_authenticated:
            return None  # a second factor for a login in progress only
        storage = _wizard(self.request)
        if storage.current_step != TwoFactorLoginView.TOKEN_STEP:
            return None
        # The wizard's own limit on the time between the password and the second factor.
        timeout = getattr(settings, "TWO_FACTOR_LOGIN_TIMEOUT", 600)
        if timeout and storage.data.get("authentication_time", 0) + timeout < time.time():
            return None
        return storage.authenticated_user or None

    def check_can_authenticate(self):
        user = self.get_user()
        if user is None or not may_sign_in(user):  # its membership ended since the password
            raise exceptions.NotAuthenticated()
        if AxesProxyHandler.is_locked(self.request, {"username": user.get_username()}):
            raise _Locked()


class PasskeyLoginBeginView(_PasswordStepUser, BeginCredentialAuthenticationView):
    pass


class PasskeyLoginCompleteView(_PasswordStepUser, CompleteCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        user = self.get_user()
        try:
            return super().post(*args, **kwargs)
        except exceptions.OTPWebAuthnApiError:
            user_login_failed.send(sender=__name__, request=self.request,
                                   credentials={"username": user.get_username()})
            raise

    def complete_auth(self, device):
        user = self.get_user()
        _wizard(self.request).reset()
        auth_login(self.request, user)  # sends user_logged_in: axes resets the failures
        otp_login(self.request, device)

    def get_success_url(self):
        return _success_url(self)


class _Passwordless:
    """No user is named: the passkey says who it is (django-otp-webauthn's passwordless
    ceremony, which then requires user verification)."""

    def get_user(self):
        return None

    def check_can_authenticate(self):
        if not passwordless_enabled():
            raise exceptions.PasswordlessLoginDisabled()
        if self.request.user.is_authenticated:
            raise _SignedIn()


class _TooMany(exceptions.OTPWebAuthnApiError):
    status_code = 429
    code = "too_many"
    default_detail = "too many attempts"


#: Passwordless ceremonies begun per address per 15 minutes: each keeps a challenge in a
#: new anonymous session, so nobody fills the session table from one address.
PASSWORDLESS_ATTEMPTS = 30


class PasskeySigninBeginView(_Passwordless, BeginCredentialAuthenticationView):
    def check_can_authenticate(self):
        super().check_can_authenticate()
        address = self.request.META.get("REMOTE_ADDR")
        if attempts_count(f"passkey-signin:{address}", window_seconds=900) > \
                PASSWORDLESS_ATTEMPTS:
            raise _TooMany()


class PasskeySigninCompleteView(_Passwordless, CompleteCredentialAuthenticationView):
    def get_state(self):
        state = super().get_state()
        # A ceremony begun as a second factor did not ask for user verification: it is no
        # ground for a sign-in without the password.
        if not state.get("require_user_verification"):
            raise exceptions.InvalidState()
        return state

    def _claimed_user(self):
        """The owner of the passkey the browser sent, if it is one of ours (for the
        lock-out's count; nothing is decided on it)."""
        try:
            raw = base64url_to_bytes(self.request.data.get("rawId") or self.request.data["id"])
            return WebAuthnCredential.get_by_credential_id(raw).user
        except Exception:  # noqa: BLE001 - malformed or unknown: nobody to count it for
            return None

    def post(self, *args, **kwargs):
        try:
            return super().post(*args, **kwargs)
        except (_Locked, _NoMembership):  # the passkey was right: no failure to count
            raise
        except exceptions.OTPWebAuthnApiError:
            user = self._claimed_user()
            user_login_failed.send(sender=__name__, request=self.request, credentials={
                "username": user.get_username() if user else None})
            raise

    def check_device_usable(self, device):
        super().check_device_usable(device)  # confirmed, and the account active
        user = device.user
        if AxesProxyHandler.is_locked(self.request, {"username": user.get_username()}):
            raise _Locked()
        if not may_sign_in(user):
            if user.memberships.exists():  # a professional who left; a client's has none
                refuse_without_membership(self.request, user, way="passkey")
                raise _NoMembership(no_membership_message())
            raise exceptions.UserDisabled()

    def complete_auth(self, device):
        _wizard(self.request).reset()  # a password step begun in this session ends here
        # Sends user_logged_in: axes' access log, the session record, its clocks.
        auth_login(self.request, device.user, backend=MODEL_BACKEND)
        otp_login(self.request, device)

    def get_success_url(self):
        return _success_url(self)
