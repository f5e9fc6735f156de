"""The case conference pages, under ``households/<uuid>/conferences/``.

Connected partners reach them only while the client's consent names the plan for them
(else 404), and then only the conferences their organisation sat at.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.access.models import Category
from zicht.access.policy import household_and_access
from zicht.conferences import services
from zicht.conferences.forms import ConditionForm, ConferenceForm, DecisionForm, HoldForm
from zicht.conferences.models import ConferenceState
from zicht.conferences.selectors import conference_for, conference_view, conferences_for
from zicht.core.views import add_service_error
from zicht.households.services import household_read
from zicht.plans.forms import chosen_reviews
from zicht.plans.selectors import conditions_of


def _household(request, household_uuid):
    return household_and_access(request.actor, household_uuid, partial=True,
                                category=Category.PLAN)


def _conference(request, household_uuid, conference_uuid):
    household, access = _household(request, household_uuid)
    return household, conference_for(request.actor, household, access, conference_uuid)


def _convener_only(request, household):
    if not services.may_convene(request.actor, household):
        raise PermissionDenied  # the household is known to this actor: 403 tells nothing new


@login_required
def conference_list(request, household_uuid):
    household, access = _household(request, household_uuid)
    with transaction.atomic():
        household_read(actor=request.actor, household=household, record_type="conference")
    return render(request, "conferences/list.html", {
        "household": household,
        "conferences": list(conferences_for(request.actor, household, access)),
        "may_convene": services.may_convene(request.actor, household)})


def _form(request, household, form, act, success, template, context=None, to=None):
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Dit mag u in uw rol niet vastleggen."))
        else:
            messages.success(request, success)
            return redirect(*(to(result) if to else ("conferences:list", household.uuid)))
    return render(request, template, {"household": household, "form": form,
                                      **(context or {})})


@login_required
def conference_new(request, household_uuid):
    household, _access = _household(request, household_uuid)
    _convener_only(request, household)
    form = ConferenceForm(request.POST or None,
                          organisations=services.involved_organisations(household).exclude(
                              pk=request.actor.organisation.pk))
    return _form(request, household, form,
                 lambda d: services.conference_plan(actor=request.actor, household=household,
                                                    **form.service_data()),
                 _("Het casusoverleg is gepland."), "conferences/new.html",
                 to=lambda c: ("conferences:detail", household.uuid, c.uuid))


@login_required
def conference_detail(request, household_uuid, conference_uuid):
    household, conference = _conference(request, household_uuid, conference_uuid)
    with transaction.atomic():
        household_read(actor=request.actor, household=household, record_type="conference")
    return render(request, "conferences/detail.html", {
        "household": household, "conference": conference,
        "may_convene": services.may_convene(request.actor, household),
        **conference_view(conference)})


@login_required
def conference_hold(request, household_uuid, conference_uuid):
    household, conference = _conference(request, household_uuid, conference_uuid)
    _convener_only(request, household)
    if conference.state != ConferenceState.PLANNED:
        return redirect("conferences:detail", household.uuid, conference.uuid)
    form = HoldForm(request.POST or None, conditions=conditions_of(household, active_only=True))
    return _form(request, household, form,
                 lambda d: services.conference_hold(
                     actor=request.actor, conference=conference, held_on=d["held_on"],
                     decisions=d["decisions"], client_view=d["client_view"],
                     client_present=d["client_present"], reviews=chosen_reviews(form)),
                 _("Het casusoverleg is vastgelegd. Zet nu de veiligheidsvoorwaarden en "
                   "acties in het plan."), "conferences/hold.html",
                 {"conference": conference},
                 to=lambda c: ("conferences:detail", household.uuid, c.uuid))


@login_required
@require_POST
def conference_cancel(request, household_uuid, conference_uuid):
    household, conference = _conference(request, household_uuid, conference_uuid)
    _convener_only(request, household)
    try:
        services.conference_cancel(actor=request.actor, conference=conference,
                                   reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het casusoverleg is afgelast."))
    return redirect("conferences:detail", household.uuid, conference.uuid)


@login_required
def condition_new(request, household_uuid, conference_uuid):
    household, conference = _conference(request, household_uuid, conference_uuid)
    _convener_only(request, household)
    form = ConditionForm(request.POST or None, organisations=conference.participants.all())
    return _form(request, household, form,
                 lambda d: services.conference_condition_add(actor=request.actor,
                                                             conference=conference, **d),
                 _("De veiligheidsvoorwaarde staat in het plan."), "conferences/form.html",
                 {"conference": conference, "heading": _("Veiligheidsvoorwaarde afspreken")},
                 to=lambda _c: ("conferences:detail", household.uuid, conference.uuid))


@login_required
def decision_new(request, household_uuid, conference_uuid):
    household, conference = _conference(request, household_uuid, conference_uuid)
    _convener_only(request, household)
    form = DecisionForm(request.POST or None, organisations=conference.participants.all())
    return _form(request, household, form,
                 lambda d: services.conference_action_add(actor=request.actor,
                                                          conference=conference, **d),
                 _("De actie staat in het plan."), "conferences/form.html",
                 {"conference": conference, "heading": _("Actie afspreken")},
                 to=lambda _c: ("conferences:detail", household.uuid, conference.uuid))
