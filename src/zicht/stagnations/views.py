from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log, access_log_list
from zicht.core.views import add_service_error
from zicht.households.selectors import household_for, visible_households
from zicht.households.services import household_read
from zicht.stagnations import services
from zicht.stagnations.forms import EscalateForm, ResolveForm, StagnationForm
from zicht.stagnations.selectors import (
    AGE_BANDS,
    age_in_days,
    household_stagnations,
    municipality_counts,
    municipality_overview,
    stagnation_for,
)


@login_required
def household_register(request, household_uuid):
    """The household's register, with the form to record a new stagnation."""
    household = household_for(request.actor, household_uuid)
    form = StagnationForm(request.POST or None, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.stagnation_record(actor=request.actor, household=household,
                                       **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De stagnatie is vastgelegd."))
            return redirect("stagnations:household", household.uuid)
    with transaction.atomic():
        household_read(actor=request.actor, household=household, record_type="stagnations")
    today = timezone.localdate()
    stagnations = list(household_stagnations(household))
    for s in stagnations:
        s.age = age_in_days(s, today)
    return render(request, "stagnations/household.html",
                  {"household": household, "form": form, "stagnations": stagnations,
                   "today": today})


@login_required
def stagnation_detail(request, stagnation_uuid):
    actor = request.actor
    stagnation = stagnation_for(actor, stagnation_uuid)
    involved = visible_households(actor, among=[stagnation.household_id]).exists()
    escalate = EscalateForm(request.POST if request.POST.get("do") == "escalate" else None)
    resolve = ResolveForm(request.POST if request.POST.get("do") == "resolve" else None)
    if request.method == "POST":
        form = escalate if request.POST.get("do") == "escalate" else resolve
        if form.is_valid():
            try:
                if form is escalate:
                    services.stagnation_escalate(actor=actor, stagnation=stagnation,
                                                 **form.cleaned_data)
                else:
                    services.stagnation_resolve(actor=actor, stagnation=stagnation,
                                                **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            except PermissionDenied:
                form.add_error(None, _("Dit mag u in uw rol niet vastleggen."))
            else:
                messages.success(request, _("De stagnatie is bijgewerkt."))
                return redirect("stagnations:detail", stagnation.uuid)
    stagnation.age = age_in_days(stagnation, timezone.localdate())
    return render(request, "stagnations/detail.html", {
        "stagnation": stagnation, "escalate": escalate, "resolve": resolve,
        "involved": involved, "steps": stagnation.steps.select_related("by"),
    })


OVERVIEW_PAGE_SIZE = 50


@login_required
def overview(request):
    """The municipality's open stagnations: counts per domain and age for its policy staff,
    and for its contact with doorzettingsmacht also the escalated ones, to break them."""
    actor = request.actor
    org = actor.organisation
    if org is None or not services.sees_stagnation_counts(actor, org.municipality_id):
        raise PermissionDenied
    today = timezone.localdate()
    holder = services.holds_doorzettingsmacht(actor, org.municipality_id)
    # Paged (issue 14); only the holder of doorzettingsmacht sees households at all.
    page = Paginator(municipality_overview(actor), OVERVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")) if holder else None
    stagnations = list(page) if page else []
    counts = municipality_counts(actor, today)
    with transaction.atomic():
        if stagnations:
            access_log_list(actor=actor, action=AccessAction.LIST,
                            record_type="stagnation_overview",
                            households=[s.household for s in stagnations])
        access_log(actor=actor, action=AccessAction.READ, record_type="stagnation_counts")
    for s in stagnations:
        s.age = age_in_days(s, today)
        s.overdue = s.deadline < today
    return render(request, "stagnations/overview.html", {
        "municipality": org.municipality, "holder": holder, "stagnations": stagnations,
        "page": page, "counts": counts, "bands": AGE_BANDS,
        "total": sum(c.total for c in counts),
        "escalated": sum(c.escalated for c in counts)})
