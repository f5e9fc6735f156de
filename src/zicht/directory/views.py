from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.accounts.models import ApiToken
from zicht.core.middleware import client_ip
from zicht.core.views import add_service_error
from zicht.directory import services
from zicht.directory.forms import (
    AcceptForm,
    InvitationForm,
    MembershipForm,
    OnboardForm,
    OrganisationForm,
    ResetRequestForm,
    SearchForm,
)
from zicht.directory.models import Invitation, Organisation, OrganisationKind, Role
from zicht.directory.selectors import (
    INACTIVE_DAYS,
    directory_search,
    membership_managed_by,
    open_invitations,
    resets_awaiting,
    staff_of,
    staff_trail,
)


@login_required
def search(request):
    """The sociale kaart: searchable by municipality and kind. It holds no client data, so
    plain GET parameters are fine."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = directory_search(municipality=form.cleaned_data["municipality"],
                                   kind=form.cleaned_data["kind"],
                                   shelter=form.cleaned_data["shelter"])
    elif not request.GET:
        results = directory_search()
    return render(request, "directory/search.html", {
        "form": form, "results": results,
        "team_kind": OrganisationKind.MUNICIPALITY_TEAM,
    })


@login_required
def manage(request):
    """The organisation's own administrator keeps its entry current."""
    actor = request.actor
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied
    organisation = actor.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(actor=actor, organisation=organisation,
                                     email=form.cleaned_data["email"],
                                     phone=form.cleaned_data["phone"])
        messages.success(request, _("De gegevens van uw organisatie zijn bijgewerkt."))
        return redirect("directory:manage")
    inactive = request.GET.get("filter") == "inactief"
    return render(request, "directory/manage.html", {
        "form": form, "organisation": organisation,
        "memberships": staff_of(organisation, inactive=inactive), "inactive": inactive,
        "inactive_days": INACTIVE_DAYS,
        "invitations": open_invitations(organisation).select_related("invited_by"),
        "resets": resets_awaiting(organisation)})


def _admin(request):
    if not request.actor.has_role(Role.ADMIN):
        raise PermissionDenied
    return request.actor


def _managed(request, membership_uuid):
    membership = membership_managed_by(_admin(request), membership_uuid)
    if membership is None:
        raise Http404
    return membership


@login_required
def membership_edit(request, membership_uuid):
    actor = _admin(request)
    membership = _managed(request, membership_uuid)
    form = MembershipForm(request.POST or None, initial={
        "role": membership.role, "active": membership.active,
        "in_directory": membership.in_directory,
        "doorzettingsmacht": membership.doorzettingsmacht},
        holder_possible=services.may_hold_doorzettingsmacht(membership))
    if membership.role not in dict(form.fields["role"].choices):
        # A role an admin cannot give (the regional admin's) stays as it is when saved.
        form.fields["role"].choices = [(membership.role, membership.get_role_display()),
                                       *form.fields["role"].choices]
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(actor=actor, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De medewerker is bijgewerkt."))
            return redirect("directory:manage")
    # Issue 15.6 and 19: the administrator sees and revokes the member's API tokens, by
    # name and dates; nothing on this page makes one or shows a key.
    return render(request, "directory/membership.html", {
        "form": form, "membership": membership, "reset_form": ResetRequestForm(),
        "tokens": ApiToken.objects.filter(user=membership.user), "now": timezone.now(),
        "other_organisations": membership.user.memberships.filter(active=True).exclude(
            organisation_id=membership.organisation_id).exists()})


@login_required
@require_POST
def account_deactivate(request, membership_uuid):
    actor = _admin(request)
    membership = _managed(request, membership_uuid)
    try:
        services.account_deactivate(actor=actor, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directory:membership", membership.uuid)
    messages.success(request, _("Het account is uitgezet; alle sessies zijn beëindigd."))
    return redirect("directory:manage")


@login_required
def invite(request):
    actor = _admin(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invitation_create(actor=actor, organisation=actor.organisation,
                                                **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if isinstance(result, Invitation):
                messages.success(request, _("De uitnodiging is verstuurd."))
            else:
                messages.success(request, _(
                    "Er was al een account met dit e-mailadres: het heeft nu een "
                    "lidmaatschap bij uw organisatie."))
            return redirect("directory:manage")
    return render(request, "directory/invite.html", {"form": form,
                                                     "days": services.invite_days()})


@login_required
@require_POST
def invitation_revoke(request, invitation_uuid):
    actor = _admin(request)
    invitation = open_invitations(actor.organisation).filter(uuid=invitation_uuid).first()
    if invitation is None:
        raise Http404
    services.invitation_revoke(actor=actor, invitation=invitation)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("directory:manage")


def invitation(request, token):
    """The invitee's link: choose a password, then the second factor, then Vandaag. No
    login needed; the link works once."""
    found = services.invitation_for_token(token)
    if found is None or not found.is_open:
        state = ("unknown" if found is None else "used" if found.accepted_at
                 else "revoked" if found.revoked_at else "expired")
        return render(request, "directory/invitation_closed.html", {"state": state},
                      status=404 if found is None else 410)
    if request.user.is_authenticated:
        return render(request, "directory/invitation_closed.html", {"state": "signed_in"},
                      status=409)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=found,
                                              password=form.cleaned_data["password1"],
                                              ip_address=client_ip(request))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # The second factor before anything else (the app, or a passkey: the set-up's
            # first page offers it, access.views.passkey_setup); then Vandaag.
            return redirect(reverse("two_factor:setup") + "?" + urlencode({"next": "/"}))
    return render(request, "directory/invitation.html", {"form": form, "invitation": found})


@login_required
def reset_request(request, membership_uuid):
    actor = _admin(request)
    membership = _managed(request, membership_uuid)
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_reset_request(actor=actor, membership=membership,
                                                 reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("directory:membership", membership.uuid)
        messages.success(request, _(
            "Het herstel is aangevraagd. Een andere beheerder of de functionaris "
            "gegevensbescherming keurt het goed."))
        return redirect("directory:manage")
    return render(request, "directory/reset_request.html", {"form": form,
                                                            "membership": membership})


def _approver(request):
    actor = request.actor
    if not actor.has_role(*services.APPROVER_ROLES):
        raise PermissionDenied
    return actor


@login_required
def resets(request):
    """Resets of a lost second factor awaiting a second person (admin, privacy officer)."""
    actor = _approver(request)
    return render(request, "directory/resets.html", {
        "resets": resets_awaiting(actor.organisation)})


@login_required
@require_POST
def reset_decide(request, reset_uuid):
    actor = _approver(request)
    reset = resets_awaiting(actor.organisation).filter(uuid=reset_uuid).first()
    if reset is None:
        raise Http404
    try:
        if request.POST.get("decision") == "cancel":
            services.second_factor_reset_cancel(actor=actor, reset=reset)
            messages.success(request, _("De aanvraag is ingetrokken."))
        else:
            services.second_factor_reset_approve(actor=actor, reset=reset)
            messages.success(request, _(
                "Goedgekeurd: de tweede factor is verwijderd en alle sessies zijn beëindigd. "
                "Bij de volgende keer inloggen stelt de medewerker een nieuwe in."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:resets")


@login_required
def trail(request):
    """Who was invited, changed, switched off or had a second factor reset, by whom."""
    actor = _approver(request)
    return render(request, "directory/trail.html", {
        "organisation": actor.organisation, "entries": staff_trail(actor.organisation)})


@login_required
def region(request):
    """The regional admin connects a new organisation of the region and its first admin."""
    actor = request.actor
    if not actor.has_role(Role.REGIONAL_ADMIN):
        raise PermissionDenied
    own_region = actor.organisation.region
    form = OnboardForm(request.POST or None, region=own_region)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_onboard(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _(
                "%(name)s is aangesloten; de uitnodiging voor de beheerder is verstuurd."
            ) % {"name": organisation.name})
            return redirect("directory:region")
    now = timezone.now()
    organisations = (Organisation.objects.filter(region=own_region)
                     .select_related("municipality").order_by("name", "id")
                     .annotate(admins=Count("memberships", filter=Q(
                         memberships__role=Role.ADMIN, memberships__active=True,
                         memberships__user__is_active=True), distinct=True),
                               invited=Count("invitations", filter=Q(
                                   invitations__role=Role.ADMIN,
                                   invitations__accepted_at__isnull=True,
                                   invitations__revoked_at__isnull=True,
                                   invitations__expires_at__gt=now), distinct=True)))
    return render(request, "directory/region.html", {
        "form": form, "region": own_region, "organisations": organisations})


@login_required
def region_invite_admin(request, organisation_uuid):
    """The regional admin invites a new admin where an organisation of the region has none
    left (the first invitation expired, or its admin left)."""
    actor = request.actor
    if not actor.has_role(Role.REGIONAL_ADMIN):
        raise PermissionDenied
    organisation = Organisation.objects.filter(region=actor.organisation.region_id,
                                               uuid=organisation_uuid).first()
    if organisation is None:
        raise Http404
    form = InvitationForm(request.POST or None, initial={"role": Role.ADMIN})
    form.fields["role"].choices = [(Role.ADMIN.value, Role.ADMIN.label)]
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=actor, organisation=organisation,
                                       **form.cleaned_data)
        except PermissionDenied:
            form.add_error(None, _("Deze organisatie heeft al een beheerder: die nodigt "
                                   "de medewerkers uit."))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De uitnodiging voor de beheerder is verstuurd."))
            return redirect("directory:region")
    return render(request, "directory/invite.html", {
        "form": form, "days": services.invite_days(), "organisation": organisation,
        "back": reverse("directory:region")})
