from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.audit.models import AccessLogEntry
from zicht.consent.models import Consent
from zicht.directory.models import OrganisationKind, Role
from zicht.households.forms import ChildFormSet, ClientForm, OtherPersonFormSet
from zicht.households.models import PersonRole
from zicht.households.selectors import household_for
from zicht.households.services import address_reveal, household_read, household_register
from zicht.trajectories.selectors import current_coordinator, current_trajectory


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
        household = household_register(
            actor=actor,
            client=client_form.person_data(PersonRole.CLIENT),
            others=[f.person_data(PersonRole.CHILD) for f in children if f.has_changed()]
            + [f.person_data() for f in others if f.has_changed()],
        )
        messages.success(request, _("Het huishouden is aangemeld. Leg nu de toestemming vast."))
        return redirect("households:detail", household.uuid)
    return render(request, "households/new.html",
                  {"client_form": client_form, "children": children, "others": others})


@login_required
def household_detail(request, household_uuid):
    actor = request.actor
    household = household_for(actor, household_uuid)
    with transaction.atomic():
        household_read(actor=actor, household=household)
    trajectory = current_trajectory(household)
    persons = list(household.persons.all())
    context = {
        "household": household,
        "trajectory": trajectory,
        "client": next((p for p in persons if p.role == PersonRole.CLIENT), None),
        "children": [p for p in persons if p.role == PersonRole.CHILD],
        "others": [p for p in persons if p.role not in (PersonRole.CLIENT, PersonRole.CHILD)],
        "coordinator": current_coordinator(trajectory) if trajectory else None,
        "coordinators": trajectory.coordinator_assignments.select_related(
            "organisation", "professional") if trajectory else [],
        "consents": Consent.objects.filter(household=household).select_related("person"),
        "contacts": list(trajectory.contacts.select_related("recorded_by", "organisation"))
        if trajectory else [],
        "history": trajectory.history.select_related("by") if trajectory else [],
        "has_address": hasattr(household, "address"),
    }
    return render(request, "households/detail.html", context)


@login_required
@require_POST
def address_show(request, household_uuid):
    """"Toon adres": shown on request only, and every showing is logged."""
    household = household_for(request.actor, household_uuid)
    address = address_reveal(actor=request.actor, household=household)
    return render(request, "households/_address.html", {"address": address,
                                                         "household": household})


@login_required
def access_log(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    entries = AccessLogEntry.objects.filter(household_uuid=household.uuid)[:500]
    return render(request, "households/access_log.html",
                  {"household": household, "entries": entries})
