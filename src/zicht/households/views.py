from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.access.models import Category
from zicht.access.policy import household_and_access
from zicht.audit.models import AccessLogEntry
from zicht.consent.models import Consent
from zicht.core.reauth import mark_reauthenticated, recently_authenticated
from zicht.core.views import add_service_error
from zicht.directory.models import OrganisationKind, Role
from zicht.households.forms import (
    AddressChangeForm,
    ChildFormSet,
    ClientForm,
    OtherPersonFormSet,
)
from zicht.households.models import Address, AddressChange, PersonRole
from zicht.households.search import household_search, search_allowed
from zicht.households.selectors import household_for
from zicht.households.services import (
    address_change,
    address_reveal,
    household_read,
    household_register,
    may_change_address,
)
from zicht.trajectories.models import Phase
from zicht.trajectories.selectors import current_trajectory

# The latest contact moments on the household page; all of them on their own page.
HOUSEHOLD_PAGE_CONTACTS = 5


@login_required
def search(request):
    """Zoeken: among the households the actor may open, and nothing else (``search``)."""
    text = request.GET.get("q", "")
    if text.strip() and not search_allowed(request.actor):
        return render(request, "households/search.html", {"query": text, "limited": True},
                      status=429)
    result = household_search(actor=request.actor, text=text) if text.strip() else None
    return render(request, "households/search.html", {"query": text, "result": result})


@login_required
def household_new(request):
    actor = request.actor
    if not (actor.has_role(Role.SHELTER_WORKER)
            and actor.organisation.kind == OrganisationKind.SHELTER):
        raise PermissionDenied
    client_form = ClientForm(request.POST or None, prefix="client")
    children = ChildFormSet(request.POST or None, prefix="children")
    others = OtherPersonFormSet(request.POST or None, prefix="others")
    if request.method == "POST" and all(f.is_valid() for f in (client_form, children, others)):
        try:
            household = household_register(
                actor=actor,
                client=client_form.person_data(PersonRole.CLIENT),
                others=[f.person_data(PersonRole.CHILD) for f in children if f.has_changed()]
                + [f.person_data() for f in others if f.has_changed()],
            )
        except ValidationError as error:
            # The message names the person: the rule may concern a child's row.
            client_form.add_error(None, error.messages)
        else:
            messages.success(request,
                             _("Het huishouden is aangemeld. Leg nu de toestemming vast."))
            return redirect("households:detail", household.uuid)
    return render(request, "households/new.html",
                  {"client_form": client_form, "children": children, "others": others})


@login_required
def household_detail(request, household_uuid):
    actor = request.actor
    household, access = household_and_access(actor, household_uuid, partial=True)
    with transaction.atomic():
        household_read(actor=actor, household=household, ground=access.ground)
    trajectory = current_trajectory(household)
    persons = list(household.persons.all())
    if access.is_partner_view:
        # A partner's own part of the family (issue 18): the people, not the perpetrator.
        persons = [p for p in persons if p.role in (PersonRole.CLIENT, PersonRole.CHILD)]
    # The latest few: all of a year's contacts are a page of their own (contacts:list).
    contacts = list(trajectory.contacts.select_related("recorded_by", "organisation")
                    [:HOUSEHOLD_PAGE_CONTACTS + 1]) if trajectory else []
    coordinators = list(trajectory.coordinator_assignments.select_related(
        "organisation", "professional")) if trajectory else []
    context = {
        "partner_view": access.is_partner_view,
        "household": household,
        "trajectory": trajectory,
        "client": next((p for p in persons if p.role == PersonRole.CLIENT), None),
        "children": [p for p in persons if p.role == PersonRole.CHILD],
        "others": [p for p in persons if p.role not in (PersonRole.CLIENT, PersonRole.CHILD)],
        "coordinators": coordinators,
        # At most one open assignment (a constraint): read from the list, not once more.
        "coordinator": next((a for a in coordinators if a.ended_at is None), None),
        "consents": Consent.objects.filter(household=household).select_related(
            "person", "organisation"),
        "contacts": contacts[:HOUSEHOLD_PAGE_CONTACTS],
        # Counted only when there are more: the link to them says how many.
        "contacts_total": trajectory.contacts.count()
        if len(contacts) > HOUSEHOLD_PAGE_CONTACTS else len(contacts),
        "history": trajectory.history.select_related("by") if trajectory else [],
        "may": access.as_flags(),
        "access": access,
    }
    if access.allows(Category.ADDRESS):
        context.update(_address_context(actor, household, trajectory, access))
    return render(request, "households/detail.html", context)


def _address_context(actor, household, trajectory, access) -> dict:
    """What the address section needs, without reading (decrypting) the address itself."""
    municipality_id, is_secret = (Address.objects.filter(household=household)
                                  .values_list("municipality_id", "is_secret").first()
                                  or (None, False))
    running = trajectory is not None and trajectory.phase == Phase.FOLLOW_UP
    # The warnings that compare the address with the safety plan and with the move are
    # added by those apps' template tags (safety_sections, household_sections).
    return {
        "has_address": municipality_id is not None,
        "address_municipality_id": municipality_id,
        "address_is_secret": is_secret,
        "may_change_address": running and municipality_id is not None
        and may_change_address(actor, household, access),
    }


@login_required
@require_POST
def address_show(request, household_uuid):
    """"Toon adres": shown on request only, and every showing is logged."""
    household, _access = household_and_access(request.actor, household_uuid, partial=True,
                                              category=Category.ADDRESS)
    if not recently_authenticated(request) and Address.objects.filter(
            household=household, is_secret=True).exists():
        # A secret address only after the password again (re-authentication).
        password = request.POST.get("password")
        if not (password and request.user.check_password(password)):
            return render(request, "access/_address_reauth.html",
                          {"household": household, "wrong": bool(password)})
        mark_reauthenticated(request)
    address = address_reveal(actor=request.actor, household=household)
    return render(request, "households/_address.html", {"address": address,
                                                         "household": household})


@login_required
def address_edit(request, household_uuid):
    """"Adres wijzigen": a new address with the reason for the change.

    The same door as "toon adres" (404 for whoever may not see the address), then only
    for those who carry the household (403 for a partner who may see it). The form is
    never filled with the current address; a secret one asks for the password again.
    """
    actor = request.actor
    household, access = household_and_access(actor, household_uuid, partial=True,
                                             category=Category.ADDRESS)
    if not may_change_address(actor, household, access):
        raise PermissionDenied
    trajectory = current_trajectory(household)
    current = Address.objects.filter(household=household).values(
        "is_secret", "municipality_id").first()
    if current is None or trajectory is None or trajectory.phase != Phase.FOLLOW_UP:
        return render(request, "households/address_edit.html",
                      {"household": household, "form": None, "has_address": bool(current)})
    needs_password = current["is_secret"] and not recently_authenticated(request)
    if needs_password and not request.user.has_usable_password():
        # She signs in through her organisation: she confirms who she is there.
        return redirect(reverse("access:reauth") + "?" + urlencode(
            {"next": request.get_full_path()}))
    form = AddressChangeForm(request.POST or None, needs_password=needs_password, initial={
        "municipality": trajectory.destination_municipality_id,
        "is_secret": current["is_secret"]})
    if request.method == "POST":
        valid = form.is_valid()
        if form.needs_password:
            password = request.POST.get("password")
            if password and request.user.check_password(password):
                mark_reauthenticated(request)
                form.password_confirmed()
            else:
                if password:
                    form.add_error("password", _("Het wachtwoord klopt niet."))
                valid = False
        if valid:
            try:
                address_change(actor=actor, household=household, **form.address_data())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Het nieuwe adres is vastgelegd."))
                return redirect("households:detail", household.uuid)
    return render(request, "households/address_edit.html", {
        "household": household, "form": form, "has_address": True,
        "current_is_secret": current["is_secret"],
        "changes": AddressChange.objects.filter(household=household).select_related(
            "by", "organisation", "municipality"),
    })


@login_required
def access_log(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    entries = AccessLogEntry.objects.about(household.uuid)[:500]
    return render(request, "households/access_log.html",
                  {"household": household, "entries": entries})
