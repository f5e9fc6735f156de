from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as webauthn_exceptions
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration
from django_otp_webauthn.views import (
    BeginCredentialRegistrationView,
    CompleteCredentialRegistrationView,
)

from zicht.access import policy, services
from zicht.access.forms import (
    ApiTokenForm,
    CorrectionForm,
    EmergencyForm,
    PasswordChangeForm,
    PasswordForm,
    SharingForm,
)
from zicht.access.models import SessionRecord, SharingOverride
from zicht.access.selectors import disclosure_overview, household_corrections
from zicht.access.services import (
    emergency_access_open,
    password_change,
    person_correct,
    session_end,
    session_key_hash,
    sharing_approve,
    sharing_request,
)
from zicht.accounts.models import ApiToken
from zicht.accounts.passkeys import has_second_factor, passwordless_enabled
from zicht.core.reauth import mark_reauthenticated, recently_authenticated
from zicht.core.views import add_service_error
from zicht.households.services import household_read


def reauth_required(view):
    """Re-authentication (the password again) within ``ZICHT_REAUTH_MINUTES`` before
    revealing, exporting or changing security settings (ASVS 3.7.1)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not recently_authenticated(request):
            return _to_reauth(request)
        return view(request, *args, **kwargs)

    return wrapped


def _to_reauth(request):
    target = request.get_full_path() if request.method == "GET" else (
        request.headers.get("Referer") or reverse("home"))
    return redirect(reverse("access:reauth") + "?" + urlencode({"next": target}))


@login_required
def reauth(request):
    form = PasswordForm(request.POST or None)
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    if request.method == "POST" and form.is_valid():
        if request.user.check_password(form.cleaned_data["password"]):
            mark_reauthenticated(request)
            return redirect(target)
        form.add_error("password", _("Het wachtwoord klopt niet."))
    return render(request, "access/reauth.html", {"form": form, "next": target})


@login_required
def account(request):
    """Uw account: the professional's own security settings in one place."""
    return render(request, "access/account.html")


@login_required
def password_change_view(request):
    """Wachtwoord wijzigen: the current password is the re-authentication."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = password_change(actor=request.actor,
                                new_password=form.cleaned_data["new_password1"],
                                session_key=request.session.session_key or "")
        update_session_auth_hash(request, request.user)
        mark_reauthenticated(request)
        message = _("Uw wachtwoord is gewijzigd.")
        if ended:
            message += " " + ngettext("%(n)d andere sessie is beëindigd.",
                                      "%(n)d andere sessies zijn beëindigd.", ended) % {"n": ended}
        messages.success(request, message)
        return redirect("access:account")
    return render(request, "access/password_change.html", {"form": form})


class ClearingLogoutView(LogoutView):
    """Logout ends the session record and clears the browser's data for the site."""

    def post(self, request, *args, **kwargs):
        if request.session.session_key:
            SessionRecord.objects.filter(
                key_hash=session_key_hash(request.session.session_key),
                ended_at__isnull=True).update(ended_at=timezone.now(), ended_reason="logout")
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


@login_required
@reauth_required
def api_token(request):
    """Uw API-sleutels: made by the professional themself, after the password; a key is
    shown once, at creation, and only its digest is kept."""
    form = ApiTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = services.api_token_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "access/api_token.html",
                  {"form": form, "key": key, "tokens": tokens, "now": timezone.now()})


@login_required
@require_POST
@reauth_required
def api_token_revoke(request, token_uuid):
    """The owner, or the administrator of the owner's organisation, revokes a token; to
    anyone else it does not exist."""
    token = ApiToken.objects.filter(uuid=token_uuid).first()
    if token is None or not services.may_revoke_api_token(request.actor, token):
        raise Http404
    services.api_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("De API-sleutel is ingetrokken."))
    target = request.POST.get("next") or reverse("access:api_token")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("access:api_token")
    return redirect(target)


@login_required
def sessions(request):
    """The professional's own sessions, and a way to end the others."""
    current = session_key_hash(request.session.session_key or "")
    records = SessionRecord.objects.filter(user=request.user, ended_at__isnull=True)
    return render(request, "access/sessions.html", {"records": records, "current_hash": current})


@login_required
@require_POST
@reauth_required
def session_end_view(request, record_id: int):
    session_end(user=request.user, record_id=record_id)
    messages.success(request, _("De sessie is beëindigd."))
    return redirect("access:sessions")


@login_required
def emergency(request):
    """Break the glass (noodtoegang): reason and password, then a limited-time opening."""
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = emergency_access_open(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.warning(request, _("Noodtoegang tot %(t)s. Dit is vastgelegd en gemeld "
                                        "aan de regisseur en de privacyfunctionaris.")
                             % {"t": timezone.localtime(grant.expires_at).strftime("%H:%M")})
            return redirect("households:detail", grant.household.uuid)
    return render(request, "access/emergency.html", {"form": form})


@login_required
def overview(request, household_uuid):
    """Who saw what (overzicht voor de cliënt): readable, from the access log."""
    household, access = policy.household_and_access(request.actor, household_uuid)
    if not access.ground.startswith("involvement:"):
        raise Http404  # the overview is for those who carry the household
    household_read(actor=request.actor, household=household, record_type="inzage",
                   ground=access.ground)
    return render(request, "access/overview.html",
                  {"household": household, "rows": disclosure_overview(household)})


@login_required
def sharing(request, household_uuid):
    """Sharing without consent: propose, and approve someone else's proposal."""
    household = policy.household_for(request.actor, household_uuid)
    if not policy.is_involved(request.actor, household, *policy.CARER_REASONS):
        raise Http404
    form = SharingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sharing_request(actor=request.actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Vastgelegd. Een tweede professional moet het nog "
                                        "goedkeuren."))
            return redirect("access:sharing", household.uuid)
    overrides = SharingOverride.objects.filter(household=household).select_related(
        "organisation", "requested_by", "approved_by")
    return render(request, "access/sharing.html",
                  {"household": household, "form": form, "overrides": overrides})


@login_required
@require_POST
def sharing_approve_view(request, household_uuid, override_uuid):
    household = policy.household_for(request.actor, household_uuid)
    override = SharingOverride.objects.filter(household=household, uuid=override_uuid).first()
    if override is None:
        raise Http404
    try:
        sharing_approve(actor=request.actor, override=override)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Goedgekeurd."))
    return redirect("access:sharing", household.uuid)


@login_required
def inzage(request, household_uuid, person_uuid, fmt: str):
    """Inzage (AVG art. 15) for one person: JSON or a readable PDF. Only for the carers."""
    from zicht.access.inzage import inzage_pdf, person_inzage

    if fmt not in ("json", "pdf"):
        raise Http404
    household = policy.household_for(request.actor, household_uuid)
    if not policy.is_involved(request.actor, household, *policy.CARER_REASONS):
        raise Http404
    person = household.persons.filter(uuid=person_uuid).first()
    if person is None:
        raise Http404
    # Only now, so that an outsider gets the same 404 as for a household that is not there.
    if not recently_authenticated(request):
        return _to_reauth(request)
    data = person_inzage(actor=request.actor, household=household, person=person,
                        with_address=True)
    filename = f"inzage-{household.reference}-{str(person.uuid)[:8]}"
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    response = HttpResponse(inzage_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def _carer_household(request, household_uuid):
    """The household, for those who carry it; 404 for everyone else, as if it did not exist."""
    household = policy.household_for(request.actor, household_uuid)
    if not policy.is_involved(request.actor, household, *policy.CARER_REASONS):
        raise Http404
    return household


@login_required
def corrections(request, household_uuid):
    """The correction trail of the household's persons (AVG art. 16), for its carers."""
    household = _carer_household(request, household_uuid)
    household_read(actor=request.actor, household=household, record_type="correction")
    return render(request, "access/corrections.html",
                  {"household": household, "corrections": household_corrections(household)})


@login_required
def correction(request, household_uuid, person_uuid):
    """Correct one person's recorded data, with a reason (correctie, AVG art. 16)."""
    household = _carer_household(request, household_uuid)
    person = household.persons.filter(uuid=person_uuid).first()
    if person is None:
        raise Http404
    # Only now, so that an outsider gets the same 404 as for a household that is not there.
    if not recently_authenticated(request):
        return _to_reauth(request)
    form = CorrectionForm(request.POST or None, initial={
        f: getattr(person, f) for f in ("given_name", "family_name", "date_of_birth",
                                        "gender", "relation")})
    if request.method == "POST" and form.is_valid():
        try:
            person_correct(actor=request.actor, person=person, changes=form.changes(),
                           reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De correctie is vastgelegd."))
            return redirect("access:corrections", household.uuid)
    household_read(actor=request.actor, household=household, record_type="person")
    return render(request, "access/correction.html",
                  {"household": household, "person": person, "form": form})


class _RecentlyReauthenticated:
    """A passkey is a way into the account: registering one asks the password again, like
    every other change of the security settings."""

    def check_can_register(self):
        if not recently_authenticated(self.request):
            raise webauthn_exceptions.NotAuthenticated(
                detail=_("Vul eerst uw wachtwoord opnieuw in."))


class PasskeyRegisterBeginView(_RecentlyReauthenticated, BeginCredentialRegistrationView):
    pass


class PasskeyRegisterCompleteView(_RecentlyReauthenticated, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        services.passkey_registered(actor=self.request.actor)
        return response


@login_required
@reauth_required
def passkeys(request):
    """Uw passkeys: register one (the browser asks the device), see them by name and last
    use, remove one."""
    return render(request, "access/passkeys.html",
                  {"passkeys": services.passkeys_of(request.user),
                   "passwordless": passwordless_enabled()})


@login_required
@require_POST
@reauth_required
def passkey_remove(request, credential_id):
    try:
        removed = services.passkey_remove(actor=request.actor, credential_id=credential_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("access:passkeys")
    if not removed:
        raise Http404
    messages.success(request, _("De passkey is verwijderd."))
    return redirect("access:passkeys")


class _FirstSecondFactor:
    """At onboarding (or after a reset) the second factor may be a passkey instead of the
    authenticator app: like django-two-factor-auth's set-up, only while she has none (the
    password was just chosen or entered); with one, Uw passkeys asks the password again."""

    def check_can_register(self):
        if has_second_factor(self.request.user):
            raise webauthn_exceptions.NotAuthenticated(
                detail=_("U heeft al een tweede factor: voeg passkeys toe onder Uw account."))


class PasskeySetupBeginView(_FirstSecondFactor, BeginCredentialRegistrationView):
    pass


class PasskeySetupCompleteView(_FirstSecondFactor, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        # The library verifies the session with the new passkey (it has no other factor).
        response = super().post(*args, **kwargs)
        services.passkey_registered(actor=self.request.actor)
        return response


@login_required
def passkey_setup(request):
    """"Een passkey als tweede factor": the invitee (or someone whose second factor was
    reset) registers a passkey instead of the authenticator app, then goes on to Vandaag."""
    if has_second_factor(request.user):
        return redirect("home")
    config = get_configuration(request, {
        "beginRegistrationUrl": reverse("access:passkey_setup_begin"),
        "completeRegistrationUrl": reverse("access:passkey_setup_complete")})
    return render(request, "access/passkey_setup.html", {"configuration": config})


@login_required
def authenticator_app_remove(request):
    """In place of django-two-factor-auth's "disable", which removes every second factor:
    the authenticator app goes only when a passkey remains."""
    if not request.user.is_verified():
        return redirect("two_factor:login")
    if not recently_authenticated(request):
        return _to_reauth(request)
    has_passkey_left = services.passkeys_of(request.user).filter(confirmed=True).exists()
    if request.method == "POST":
        try:
            services.authenticator_app_remove(actor=request.actor)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De authenticator-app is verwijderd. U logt voortaan "
                                        "in met uw passkey."))
            return redirect("access:account")
    has_app = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "access/authenticator_app_remove.html",
                  {"has_passkey_left": has_passkey_left, "has_app": has_app})
