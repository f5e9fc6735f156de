"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside TOTP (issue 15).

At login the password step of django-two-factor-auth's wizard names the user; the passkey
then stands in for the TOTP code. The library's own authentication views know only
``request.user``, who is still anonymous at that step: these subclasses take the user from
the wizard instead, so only her own passkeys are offered and accepted, and a failure counts
toward django-axes' lock-out like a wrong code."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import resolve_url
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    CompleteCredentialAuthenticationView,
)
from formtools.wizard.storage import get_storage
from two_factor.views import LoginView as TwoFactorLoginView


class _Locked(exceptions.OTPWebAuthnApiError):
    status_code = 403
    code = "locked_out"
    default_detail = "locked out"


def _wizard(request):
    from zicht.accounts.views import LoginView

    return get_storage(LoginView.storage_name, "login_view", request)


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
        if user is None or not user.is_active:
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
        # The script sends the login page's own ``next``; back to the login page is no end.
        target = self.get_redirect_url()
        if not target or target.split("?")[0] == resolve_url(settings.LOGIN_URL):
            return resolve_url(settings.LOGIN_REDIRECT_URL)
        return target
