"""The OpenID Connect protocol of the organisation's own sign-in (issue 15.5), through
mozilla-django-oidc: the authorization request with state, nonce and PKCE, the callback,
the token exchange and the ID token's signature. Its settings are per organisation
(``SingleSignOn``), not global: these subclasses set them from the provider chosen by
the e-mail domain. Who the subject is, and whether Zicht still asks its own second factor,
is decided in ``directory.sso``.

mozilla-django-oidc checks the ID token's signature, expiry and nonce (PyJWT) but not its
issuer or audience: ``SingleSignOnBackend.verify_token`` adds those (OpenID Connect Core
3.1.3.7).
"""

import logging
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import View
from formtools.wizard.storage import get_storage
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from two_factor.utils import default_device

from zicht.accounts.views import SSO_PENDING, LoginView
from zicht.core.middleware import SSO_ORGANISATION, client_ip
from zicht.core.reauth import mark_reauthenticated
from zicht.directory.forms import SingleSignOnForm
from zicht.directory.models import SingleSignOn, SingleSignOnDevice, SingleSignOnIdentity
from zicht.directory.sso import (
    ProviderClaims,
    SignInRefused,
    provider_origins,
    single_sign_on_for_email,
    single_sign_on_refuse,
    single_sign_on_sign_in,
)

logger = logging.getLogger(__name__)

BACKEND = "zicht.directory.oidc.SingleSignOnBackend"
#: The provider chosen for each open authorization request: ``{state: SingleSignOn uuid}``.
STATES = "zicht_sso_states"
#: Reconfirmations under way: ``{state: the page to return to}``.
RECONFIRMS = "zicht_sso_reconfirms"
#: Seconds of clock difference allowed on the ID token's times.
LEEWAY = 120


def _sso_of_state(request, state: str) -> SingleSignOn | None:
    uuid = request.session.get(STATES, {}).get(state or "")
    return SingleSignOn.objects.select_related("organisation").filter(
        uuid=uuid, active=True).first() if uuid else None


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the chosen organisation's provider. Only the
    callback of an authorization request this session started reaches it (the request
    carries the state Zicht stored with the provider); a password sign-in passes by."""

    def __init__(self, *args, **kwargs):
        # Not the global OIDC_OP_* settings: each organisation has its own provider.
        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.sso = None

    def _use(self, sso: SingleSignOn) -> None:
        self.sso = sso
        self.OIDC_OP_TOKEN_ENDPOINT = sso.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = sso.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = sso.jwks_uri
        self.OIDC_RP_CLIENT_ID = sso.client_id
        self.OIDC_RP_CLIENT_SECRET = sso.client_secret

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or "code" not in request.GET:
            return None
        sso = _sso_of_state(request, request.GET.get("state", ""))
        if sso is None:
            return None
        self._use(sso)
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, jwt.PyJWTError,
                ValueError, KeyError, TypeError) as error:
            # The provider answered wrongly (a bad token, a wrong nonce, an error page).
            logger.warning("sso provider answer refused", extra={"error": type(error).__name__})
            single_sign_on_refuse(single_sign_on=sso, reason="provider",
                                  ip_address=client_ip(request))
            request.zicht_sso_logged = True
            return None

    def get_settings(self, attr, *args):
        if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return "sso:callback"
        return super().get_settings(attr, *args)

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for the token: by its ``kid``, or, when the header
        names none (RFC 7517 allows it), the provider's only key for the algorithm."""
        header = jwt.get_unverified_header(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings(
            "OIDC_TIMEOUT", None), verify=self.get_settings("OIDC_VERIFY_SSL", True))
        response.raise_for_status()
        keys = [key for key in response.json().get("keys", [])
                if key.get("use", "sig") == "sig"
                and key.get("alg", header.get("alg")) == header.get("alg")]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("no single signing key for the ID token")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)  # signature and nonce
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        now = time.time()
        if (str(payload.get("iss", "")).rstrip("/") != self.sso.issuer.rstrip("/")
                or self.sso.client_id not in audiences
                or (len(audiences) > 1 and payload.get("azp") != self.sso.client_id)
                or not isinstance(payload.get("exp"), int | float)
                or payload["exp"] < now - LEEWAY
                or not payload.get("sub")):
            raise SuspiciousOperation("ID token not for this client or expired")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        info = {}
        if self.OIDC_OP_USER_ENDPOINT:
            info = self.get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload["sub"]:  # Core 5.3.2: the same subject or nothing
                info = {}
        merged = {**info, **payload}
        amr = payload.get("amr") or []
        claims = ProviderClaims(
            issuer=str(payload["iss"]).rstrip("/"), subject=str(payload["sub"]),
            email=str(merged.get("email") or ""),
            email_verified=merged.get("email_verified") in (True, "true"),
            given_name=str(merged.get("given_name") or ""),
            family_name=str(merged.get("family_name") or ""),
            amr=[str(v) for v in amr] if isinstance(amr, list) else [],
            acr=str(payload.get("acr") or ""))
        request = self.request
        request.zicht_sso_logged = True
        target = request.session.get(RECONFIRMS, {}).pop(request.GET.get("state", ""), None)
        if target is not None:
            request.session.modified = True
            if not _recently_signed_in(payload):
                # The provider let an old sign-in of its own stand for ``prompt=login``: no
                # confirmation that she is at the screen now (Core 3.1.2.1, ``auth_time``).
                single_sign_on_refuse(single_sign_on=self.sso, reason="reconfirm_stale",
                                      ip_address=client_ip(request))
                request.zicht_sso_stale = target
                return None
            # Who she already is, or nobody: no account is linked or made on the way.
            if SingleSignOnIdentity.objects.filter(
                    single_sign_on=self.sso, issuer=claims.issuer, subject=claims.subject,
                    user_id=request.user.pk, user__is_active=True).exists():
                request.zicht_sso_reconfirmed = target
                return request.user
            single_sign_on_refuse(single_sign_on=self.sso, reason="reconfirm",
                                  ip_address=client_ip(request))
            return None
        try:
            sign_in = single_sign_on_sign_in(single_sign_on=self.sso, claims=claims,
                                             ip_address=client_ip(request))
        except SignInRefused:
            return None
        request.zicht_sso_sign_in = sign_in
        return sign_in.user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def _recently_signed_in(payload: dict) -> bool:
    """The ID token says the provider signed her in within the re-authentication window
    (``core.reauth``): without ``auth_time`` nothing says it asked at all."""
    auth_time = payload.get("auth_time")
    if not isinstance(auth_time, int | float) or isinstance(auth_time, bool):
        return False
    return time.time() - auth_time <= settings.ZICHT_REAUTH_MINUTES * 60 + LEEWAY


class _AuthorizationRequest(OIDCAuthenticationRequestView):
    """The redirect to the chosen provider, with state, nonce and PKCE (in the session)."""

    def __init__(self, sso: SingleSignOn, email: str, *, again: bool = False):
        View.__init__(self)
        self.OIDC_OP_AUTH_ENDPOINT = sso.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = sso.client_id
        self.email = email
        self.again = again

    def get_settings(self, attr, *args):
        if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return "sso:callback"
        return super().get_settings(attr, *args)

    def get_extra_params(self, request):
        # Confirming who one is again: the provider must ask, not reuse its own session.
        return {"login_hint": self.email, **({"prompt": "login"} if self.again else {})}


def _remember_state(request, response, sso: SingleSignOn) -> str:
    state = parse_qs(urlsplit(response.url).query)["state"][0]
    states = request.session.get(STATES, {})
    states[state] = str(sso.uuid)
    request.session[STATES] = dict(list(states.items())[-5:])  # a few tabs at most
    return state


@never_cache
def start(request):
    """"Inloggen via uw organisatie": the work e-mail address chooses the organisation's
    provider. The page answers the same whether an account exists or not."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SingleSignOnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        sso = single_sign_on_for_email(email)
        if sso is not None:
            response = _AuthorizationRequest(sso, email).get(request)
            _remember_state(request, response, sso)
            return response
        form.add_error("email", _no_provider_message())
    response = render(request, "directory/sso_start.html", {"form": form})
    # The form's redirect goes to the provider: the policy must let the form go there.
    if origins := provider_origins():
        response._csp_update = {"form-action": origins}
    return response


@never_cache
def reconfirm(request):
    """"Bevestigen via uw organisatie": re-authentication for an account that signs in
    through its organisation and has no password of Zicht's. The provider is asked to sign
    her in again (``prompt=login``); back at the callback, the same subject as the session's
    own marks the session re-authenticated (``core.reauth``) and nothing else changes."""
    if not request.user.is_authenticated:
        return redirect("two_factor:login")
    target = request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    identity = (SingleSignOnIdentity.objects.select_related("single_sign_on")
                .filter(user=request.user, single_sign_on__active=True,
                        single_sign_on__organisation_id=request.session.get(SSO_ORGANISATION))
                .first())
    if identity is None:
        return redirect(reverse("access:reauth") + "?" + urlencode({"next": target}))
    response = _AuthorizationRequest(identity.single_sign_on, request.user.email,
                                     again=True).get(request)
    state = _remember_state(request, response, identity.single_sign_on)
    request.session[RECONFIRMS] = {**request.session.get(RECONFIRMS, {}), state: target}
    return response


def _no_provider_message() -> str:
    from django.utils.translation import gettext as _

    return _("Voor dit e-mailadres is inloggen via uw organisatie niet ingesteld. Log in "
             "met uw gebruikersnaam en wachtwoord.")


def continue_at_second_factor(request, user, membership) -> None:
    """Put the provider's sign-in into the login wizard at its code step, as if the
    password had been typed: Zicht's own second factor (TOTP or passkey) comes next, with
    the lock-out and the time limit of that step (``accounts.views.LoginView``)."""
    storage = get_storage(LoginView.storage_name, "login_view", request)
    storage.reset()
    user.backend = BACKEND
    storage.authenticated_user = user
    storage.data["authentication_time"] = int(time.time())
    storage.data[SSO_PENDING] = {"membership": str(membership.uuid),
                                 "organisation": membership.organisation_id}
    storage.current_step = LoginView.TOKEN_STEP


@method_decorator(never_cache, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the professional back here with a code; mozilla-django-oidc
    checks the state and exchanges the code, ``SingleSignOnBackend`` decides who it is."""

    def get(self, request):
        state = request.GET.get("state", "")
        self.sso = _sso_of_state(request, state)
        if state not in request.session.get(STATES, {}):
            # Not a sign-in this browser started (a forged or replayed link): refused before
            # mozilla-django-oidc, whose error branch would sign out whoever follows it.
            return self.login_failure()
        try:
            response = super().get(request)
        except SuspiciousOperation:  # a state this session never sent
            response = self.login_failure()
        states = self.request.session.get(STATES, {})
        if state in states:
            del states[state]
            self.request.session[STATES] = states
        return response

    def login_failure(self):
        request = self.request
        if not getattr(request, "zicht_sso_logged", False):
            reason = "provider" if request.GET.get("error") else "state"
            single_sign_on_refuse(single_sign_on=self.sso, reason=reason,
                                  ip_address=client_ip(request))
        if (target := getattr(request, "zicht_sso_stale", None)) is not None:
            # Still signed in, not confirmed: the way to try again, to the same page.
            return render(request, "directory/sso_reconfirm_stale.html", status=403,
                          context={"again": reverse("sso:reconfirm") + "?"
                                   + urlencode({"next": target})})
        return render(request, "directory/sso_refused.html", status=403)

    def login_success(self):
        request = self.request
        if (target := getattr(request, "zicht_sso_reconfirmed", None)) is not None:
            mark_reauthenticated(request)
            return redirect(target)
        sign_in = request.zicht_sso_sign_in
        user, membership = sign_in.user, sign_in.membership
        if default_device(user) and not sign_in.mfa:
            continue_at_second_factor(request, user, membership)
            return redirect(reverse("two_factor:login") + "?via=organisatie")
        if sign_in.mfa:
            user.otp_device = SingleSignOnDevice.objects.filter(user=user).first()
        auth.login(request, user, backend=BACKEND)  # django-otp marks it verified if so
        request.session["membership"] = str(membership.uuid)
        request.session[SSO_ORGANISATION] = membership.organisation_id
        if sign_in.mfa:
            return redirect("home")
        # No second factor of Zicht's yet: set one up before anything else.
        return redirect(reverse("two_factor:setup") + "?next=/")
