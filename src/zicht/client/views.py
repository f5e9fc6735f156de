"""The client's own pages (``/mijn/``) and the professional's activation of them.

A deliberate choice: her pages are session-only, without an API. A client holds no API
token that could be copied off her phone, and every answer can carry the no-store and
quick-exit rules of a page.
"""

import base64
import json
import time
from dataclasses import replace
from functools import wraps
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from zicht.access.inzage import inzage_pdf, person_inzage
from zicht.access.log import access_log
from zicht.access.selectors import disclosure_overview
from zicht.audit.models import AccessAction
from zicht.client.middleware import CLIENT, CLIENT_SEEN
from zicht.client.models import CheckInAnswer, ClientAccess
from zicht.client.selectors import client_overview, has_passkey, masked, masker
from zicht.client.services import (
    GROUND,
    access_for_token,
    activation_device,
    client_access_end,
    client_access_start,
    client_action_update,
    client_activate,
    client_activate_passkey,
    client_actor,
    client_checkin,
    client_login_check,
    client_passkey_login,
    client_passkey_login_options,
    client_passkey_options,
    client_review_request,
    client_unsafe,
    client_welcomed,
    is_own_action,
    may_activate,
)
from zicht.core.middleware import client_ip
from zicht.core.ratelimit import attempts_count
from zicht.evaluation.forms import QuestionnaireForm
from zicht.evaluation.services import due_invitation, own_survey_submit
from zicht.households.selectors import household_for
from zicht.plans.models import Action
from zicht.trajectories.selectors import current_trajectory

LOGIN_ATTEMPTS = 10  # per address per 15 minutes
BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_required(view):
    """Her own access, still open; anyone else goes to the (neutral) login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access = None
        if request.user.is_authenticated and CLIENT in request.session:
            access = (ClientAccess.objects.select_related("household", "person", "user")
                      .filter(uuid=request.session[CLIENT], user=request.user,
                              ended_at__isnull=True).first())
        if access is None:
            return redirect("client:login")
        request.client_access = access
        return view(request, *args, **kwargs)

    return wrapper


def _start_session(request, access: ClientAccess, device) -> None:
    login(request, access.user, backend=BACKEND)
    otp_login(request, device)
    request.session[CLIENT] = str(access.uuid)
    # Idle from this moment: her first page after the login counts too.
    request.session[CLIENT_SEEN] = time.time()
    # No "remember me": the cookie dies with the browser, the session after 10 idle minutes.
    request.session.set_expiry(0)


def _after_login(access: ClientAccess):
    return redirect("client:home" if access.welcomed_at else "client:welcome")


# Her passkey (zicht.client.passkeys): django-otp-webauthn's scripts talk to these JSON
# endpoints; the challenge waits in her session and is taken out before it is checked.
REGISTER_STATE = "zicht_client_passkey_register"
LOGIN_STATE = "zicht_client_passkey_login"


def _passkey_config(request, begin: str, complete: str) -> dict:
    """The configuration django-otp-webauthn's scripts read (its template tags would point
    them at the professionals' endpoints)."""
    return {"autocompleteLoginFieldSelector": None, "nextFieldSelector": "input[name='next']",
            "csrfToken": get_token(request),
            "beginRegistrationUrl": begin, "completeRegistrationUrl": complete,
            "beginAuthenticationUrl": begin, "completeAuthenticationUrl": complete}


def _take_state(request, key: str) -> dict | None:
    state = request.session.pop(key, None)
    request.session.save()  # never used twice, whatever happens next
    return state


def _json_body(request):
    try:
        return json.loads(request.body or b"{}")
    except ValueError:
        return None


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@require_POST
def activate_passkey_begin(request, token: str):
    access = access_for_token(token)
    if access is None:
        raise Http404
    options, state = client_passkey_options(access=access)
    request.session[REGISTER_STATE] = state
    return JsonResponse(options)


@require_POST
def activate_passkey_complete(request, token: str):
    access = access_for_token(token)
    if access is None:
        raise Http404
    state = _take_state(request, REGISTER_STATE)
    try:
        credential = client_activate_passkey(access=access, state=state,
                                             data=_json_body(request),
                                             ip_address=client_ip(request))
    except ValidationError as exc:
        return _refused(exc.messages[0])
    _start_session(request, access, credential)
    return JsonResponse({"id": credential.pk, "redirect_url": reverse("client:welcome")})


@require_POST
def login_passkey_begin(request):
    options, state = client_passkey_login_options()
    request.session[LOGIN_STATE] = state
    return JsonResponse(options)


@require_POST
def login_passkey_complete(request):
    state = _take_state(request, LOGIN_STATE)
    if attempts_count(f"client-login:{client_ip(request)}", window_seconds=900) > LOGIN_ATTEMPTS:
        return _refused(_("Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw."),
                        status=429)
    try:
        access, credential = client_passkey_login(state=state, data=_json_body(request))
    except ValidationError as exc:
        return _refused(exc.messages[0], status=403)
    _start_session(request, access, credential)
    return JsonResponse({"id": credential.pk,
                         "redirect_url": reverse("client:home" if access.welcomed_at
                                                 else "client:welcome")})


def login_page(request):
    error = ""
    if request.method == "POST":
        ip = client_ip(request)
        if attempts_count(f"client-login:{ip}", window_seconds=900) > LOGIN_ATTEMPTS:
            error = _("Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.")
        else:
            found = client_login_check(login_code=request.POST.get("login_code", ""),
                                       code=request.POST.get("code", ""))
            if found:
                access, device = found
                _start_session(request, access, device)
                return _after_login(access)
            error = _("Dat lukte niet. Kijk of je code en de zes cijfers uit je app kloppen.")
    return render(request, "client/login.html",
                  {"error": error, "reason": request.GET.get("reason", ""),
                   "passkey_config": _passkey_config(request, reverse("client:login_passkey"),
                                                     reverse("client:login_passkey_complete"))},
                  status=400 if error else 200)


def _otpauth_url(access: ClientAccess, device) -> str:
    # The issuer and label she sees in her app: neutral, with her login code.
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"Mijn afspraken:{access.login_code}")
    return (f"otpauth://totp/{label}?secret={secret}&issuer={quote('Mijn afspraken')}"
            f"&digits={device.digits}&period={device.step}")


def activate(request, token: str):
    access = access_for_token(token)
    if access is None:
        return render(request, "client/link_expired.html", status=404)
    device = activation_device(access)
    error = ""
    if request.method == "POST":
        try:
            device = client_activate(access=access, code=request.POST.get("code", "").strip(),
                                     ip_address=client_ip(request))
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            _start_session(request, access, device)
            return redirect("client:welcome")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "client/activate.html", {
        "access": access, "otpauth": _otpauth_url(access, device),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "passkey_config": _passkey_config(
            request, reverse("client:activate_passkey", args=[token]),
            reverse("client:activate_passkey_complete", args=[token])),
        "error": error}, status=400 if error else 200)


@client_required
def welcome(request):
    if request.method == "POST":
        client_welcomed(access=request.client_access)
        return redirect("client:home")
    return render(request, "client/welcome.html")


@client_required
def home(request):
    access = request.client_access
    if access.welcomed_at is None:
        return redirect("client:welcome")
    context = client_overview(access)
    context["answers"] = CheckInAnswer.choices
    context["checked_in"] = request.session.pop("client_checked_in", False)
    context["survey"] = due_invitation(current_trajectory(access.household))
    return render(request, "client/home.html", context)


@client_required
@require_POST
def checkin(request):
    try:
        client_checkin(access=request.client_access, answer=request.POST.get("answer", ""),
                       ip_address=client_ip(request))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        # Only that it was sent, never which answer: someone may look over her shoulder.
        request.session["client_checked_in"] = True
    return redirect(reverse("client:home") + "#hoe-gaat-het")


@client_required
def unsafe(request):
    if request.method == "POST":
        client_unsafe(access=request.client_access, ip_address=client_ip(request))
        request.session["client_unsafe_sent"] = True
        return redirect("client:unsafe")
    return render(request, "client/unsafe.html",
                  {"sent": request.session.pop("client_unsafe_sent", False)})


@client_required
@require_POST
def review_request(request):
    client_review_request(access=request.client_access, ip_address=client_ip(request))
    messages.success(request, _("Je ondersteuner weet het. Die neemt contact met je op."))
    return redirect(reverse("client:home") + "#veiligheidsplan")


@client_required
@require_POST
def action_update(request, action_uuid):
    access = request.client_access
    action = get_object_or_404(Action.objects.select_related("plan", "responsible_organisation"),
                               uuid=action_uuid, plan__household=access.household)
    if not is_own_action(access, action):
        raise Http404
    try:
        client_action_update(access=access, action=action,
                             done=request.POST.get("done") == "1",
                             comment=request.POST.get("comment", ""),
                             ip_address=client_ip(request))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Opgeslagen. Je ondersteuner ziet het."))
    return redirect(reverse("client:home") + "#plan")


@client_required
def survey(request):
    """The satisfaction questionnaire her supporter asked for, filled in on her own pages.

    The same invitation as the link: whichever is used first counts, the other is closed.
    Her answers are stored as through the link, without her household; nothing of them is
    logged or shown back (someone may look over her shoulder).
    """
    access = request.client_access
    trajectory = current_trajectory(access.household)
    invitation = due_invitation(trajectory)
    if request.session.pop("client_survey_done", False):
        return render(request, "client/survey.html", {"done": True})
    if invitation is None:
        return render(request, "client/survey.html", {})
    form = QuestionnaireForm(invitation.questionnaire, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = own_survey_submit(trajectory=trajectory, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            with transaction.atomic():
                # That she filled it in (as the link's "ingevuld"), never what she answered.
                access_log(actor=client_actor(access, client_ip(request)),
                           action=AccessAction.UPDATE, record_type="survey_invitation",
                           household_uuid=access.household.uuid, record_uuid=used.uuid,
                           ground=GROUND)
            request.session["client_survey_done"] = True
            return redirect("client:survey")
    return render(request, "client/survey.html",
                  {"form": form, "questionnaire": invitation.questionnaire},
                  status=400 if request.method == "POST" else 200)


@client_required
def disclosures(request):
    access = request.client_access
    mask = masker(access)
    # A ground is free text a professional may have typed (a reason, a move): masked too.
    rows = [replace(row, ground=mask(row.ground or ""))
            for row in disclosure_overview(access.household, limit=200)]
    return render(request, "client/disclosures.html", {"rows": rows})


@client_required
def inzage(request):
    access = request.client_access
    data = person_inzage(actor=client_actor(access, client_ip(request)),
                         household=access.household, person=access.person)
    # Her copy walks every record of the household: his names (a goal or signal that
    # names him, free text about him) and her address are blanked, as on her pages.
    data = masked(data, masker(access))
    response = HttpResponse(inzage_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.pdf"'
    return response


def quick_exit(request):
    """Log out on the server first, then to a neutral site; works without JavaScript."""
    logout(request)
    response = redirect(settings.ZICHT_CLIENT_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- The professional's side: activate and end, on the household page -----------------


def _qr_svg(url: str) -> str:
    """The QR code as a data URI (img-src allows data:, the CSP no inline styles)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@login_required
def access_page(request, household_uuid):
    actor = request.actor
    household = household_for(actor, household_uuid)
    if not may_activate(actor, household):
        raise Http404
    open_access = ClientAccess.objects.filter(household=household, ended_at__isnull=True).first()
    context = {"household": household, "open_access": open_access,
               "with_passkey": has_passkey(open_access)}
    if request.method == "POST":
        try:
            access, token = client_access_start(actor=actor, household=household)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("households:detail", household.uuid)
        path = reverse("client:activate", args=[token])
        # On her pages' own (neutral) host when they have one: her passkey is bound to it.
        base = settings.ZICHT_CLIENT_BASE_URL.rstrip("/")
        link = f"{base}{path}" if base else request.build_absolute_uri(path)
        context.update(open_access=access, link=link, qr=_qr_svg(link),
                       minutes=settings.ZICHT_CLIENT_ACTIVATION_MINUTES)
    return render(request, "client/access.html", context)


@login_required
@require_POST
def access_end(request, household_uuid, access_uuid):
    actor = request.actor
    household = household_for(actor, household_uuid)
    access = get_object_or_404(ClientAccess, household=household, uuid=access_uuid)
    try:
        with transaction.atomic():
            client_access_end(actor=actor, access=access)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("De toegang van de cliënt is beëindigd."))
    return redirect("households:detail", household.uuid)

