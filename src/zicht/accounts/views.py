from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration
from two_factor.utils import default_device
from two_factor.views import LoginView as TwoFactorLoginView
from two_factor.views import ProfileView as TwoFactorProfileView

from zicht.accounts.passkeys import (
    has_passkey,
    may_sign_in,
    no_membership_message,
    passwordless_enabled,
    refuse_without_membership,
)
from zicht.core.middleware import SSO_ORGANISATION

#: In the login wizard's data: the sign-in came through the organisation's provider
#: (``directory.oidc``), which did not ask two factors; the value names the membership to
#: act in and its organisation, the only one the session acts in. The wizard then starts
#: at the code step instead of the password.
SSO_PENDING = "zicht_sso_membership"


#: ``?reason=`` on the login page after a session was ended for it (``directory.middleware``).
NO_MEMBERSHIP = "no_membership"


class SignInForm(AuthenticationForm):
    """The password step: the right password of an account whose last membership ended is
    refused with the reason; a wrong one gets the usual answer, so a stranger learns
    nothing about the account."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not may_sign_in(user):
            refuse_without_membership(self.request, user, way="password")
            raise ValidationError(no_membership_message(), code=NO_MEMBERSHIP)


class LoginView(TwoFactorLoginView):
    """django-two-factor-auth's login, with wrong codes counted by django-axes like wrong
    passwords: someone who has the password cannot try codes without end (issue 15).

    A professional whose only second factor is a passkey (chosen at onboarding) gets the
    token step too, with the passkey alone; on the first step, "Inloggen met een passkey"
    signs in without the password (``zicht.accounts.passkeys``)."""

    CODE_STEPS = (TwoFactorLoginView.TOKEN_STEP, TwoFactorLoginView.BACKUP_STEP)
    form_list = ((TwoFactorLoginView.AUTH_STEP, SignInForm),
                 *TwoFactorLoginView.form_list[1:])

    def has_token_step(self):
        return bool(super().has_token_step()
                    or (not self.remember_agent and has_passkey(self.get_user())))

    condition_dict = {**TwoFactorLoginView.condition_dict,
                      TwoFactorLoginView.TOKEN_STEP: has_token_step}

    def _credentials(self) -> dict:
        user = self.get_user()
        return {"username": user.get_username() if user else None}

    def _locked_out(self):
        if not AxesProxyHandler.is_locked(self.request, self._credentials()):
            return None
        self.storage.reset()  # back to the password: the lock-out checks it there too
        return get_lockout_response(self.request, credentials=self._credentials())

    def _passkey_only(self) -> bool:
        return self.steps.current == self.TOKEN_STEP and default_device(self.get_user()) is None

    def get_template_names(self):
        if self._passkey_only():
            return ["accounts/login_passkey.html"]
        return super().get_template_names()

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == self.TOKEN_STEP and (user := self.get_user()):
            # Her passkey may stand in for the code (zicht.accounts.passkeys).
            context["passkey_available"] = WebAuthnCredential.objects.filter(
                user=user, confirmed=True).exists()
        if (self.steps.current == self.AUTH_STEP and not form.is_bound
                and self.request.GET.get("reason") == NO_MEMBERSHIP):
            context["signed_out_message"] = no_membership_message()
        if self.steps.current == self.AUTH_STEP and passwordless_enabled():
            # django-otp-webauthn's script, bound to the passwordless ceremony.
            context["passkey_signin"] = get_configuration(self.request, {
                "beginAuthenticationUrl": reverse("passkey_signin_begin"),
                "completeAuthenticationUrl": reverse("passkey_signin_complete")})
        return context

    def get(self, request, *args, **kwargs):
        # The wizard starts anew on GET; not after the organisation's sign-in, which stands
        # for the password step (``directory.oidc.continue_at_second_factor``).
        # Only where the callback sent her (``?via=organisatie``): "Annuleren" starts anew.
        if (request.GET.get("via") == "organisatie" and self.storage.data.get(SSO_PENDING)
                and self.steps.current == self.TOKEN_STEP and self.get_user()
                and not self.expired):
            return self.render(self.get_form())
        return super().get(request, *args, **kwargs)

    def done(self, form_list, **kwargs):
        pending = self.storage.data.get(SSO_PENDING)
        response = super().done(form_list, **kwargs)
        if pending:
            self.request.session["membership"] = pending["membership"]
            self.request.session[SSO_ORGANISATION] = pending["organisation"]
        return response

    def post(self, *args, **kwargs):
        if self.steps.current in self.CODE_STEPS and (response := self._locked_out()):
            return response
        return super().post(*args, **kwargs)

    def render(self, form=None, **kwargs):
        if (self.steps.current in self.CODE_STEPS and form is not None and form.is_bound
                and not form.is_valid()):
            user_login_failed.send(sender=__name__, credentials=self._credentials(),
                                   request=self.request)
            if response := self._locked_out():
                return response
        if self._passkey_only():
            # No device to send a challenge to (two_factor's render asks its default one).
            return super(TwoFactorLoginView, self).render(form, **kwargs)
        return super().render(form, **kwargs)


class ProfileView(TwoFactorProfileView):
    """"Tweestapsverificatie": two_factor's page knows only its own devices and called a
    professional who signs in with a passkey unprotected; her passkeys are named too."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["passkeys"] = list(WebAuthnCredential.objects.filter(
            user=self.request.user, confirmed=True).order_by("created_at")
            .only("name", "created_at", "last_used_at"))
        context["passwordless"] = passwordless_enabled()
        return context
