from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.models import Category
from zicht.access.policy import household_and_access
from zicht.core.views import add_service_error
from zicht.households.selectors import household_for
from zicht.households.services import household_read
from zicht.plans import services
from zicht.plans.forms import ActionForm, ActionUpdateForm, GoalForm, ScoresForm
from zicht.plans.models import Action
from zicht.plans.selectors import default_instrument, is_partner_view, plan_view


def _plan_household(request, household_uuid) -> tuple:
    """The household and the actor's access, for the pages a connected partner shares.

    A partner sees the plan only while the client's consent names "plan" for it (or a
    sharing decision does); otherwise 404, exactly as for a household that does not exist.
    """
    return household_and_access(request.actor, household_uuid, partial=True,
                                category=Category.PLAN)


@login_required
def plan_detail(request, household_uuid):
    household, access = _plan_household(request, household_uuid)
    with transaction.atomic():
        household_read(actor=request.actor, household=household, record_type="plan")
    context = plan_view(household)
    partner_view = is_partner_view(access)
    if partner_view:
        # A partner sees the goals and actions it works on, not the self-reliance scores;
        # whose goal it is only with consent for the household's persons.
        context["trends"] = []
    for action in context["actions"]:
        action.may_update = services.may_update_action(request.actor, action)
    return render(request, "plans/detail.html", {
        "household": household, "partner_view": partner_view,
        "may_see_persons": access.allows(Category.PERSONS), **context})


def _form(request, household, form, act, success, template):
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Dit mag u in uw rol niet vastleggen."))
        else:
            messages.success(request, success)
            return redirect("plans:detail", household.uuid)
    return render(request, template, {"household": household, "form": form})


@login_required
def goal_new(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    form = GoalForm(request.POST or None, household=household)
    return _form(request, household, form,
                 lambda d: services.goal_add(actor=request.actor, household=household, **d),
                 _("Het doel is toegevoegd."), "plans/goal_new.html")


@login_required
def action_new(request, household_uuid):
    household, access = _plan_household(request, household_uuid)
    form = ActionForm(request.POST or None, plan=services.Plan.objects.filter(
        household=household).first(),
        initial={"responsible_organisation": request.actor.organisation},
        own_organisation_only=is_partner_view(access) and request.actor.organisation)
    return _form(request, household, form,
                 lambda d: services.action_add(actor=request.actor, household=household, **d),
                 _("De actie is toegevoegd."), "plans/action_new.html")


@login_required
def action_update(request, household_uuid, action_uuid):
    household, _access = _plan_household(request, household_uuid)
    action = Action.objects.filter(plan__household=household, uuid=action_uuid).first()
    if action is None:
        raise Http404
    if not services.may_update_action(request.actor, action):
        # The partner sees this action in the plan, so 403 tells it nothing new.
        raise PermissionDenied
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status})
    return _form(request, household, form,
                 lambda d: services.action_update(actor=request.actor, action=action, **d),
                 _("De actie is bijgewerkt."), "plans/action_update.html")


@login_required
def scores_new(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    instrument = default_instrument()
    if instrument is None:
        raise Http404
    form = ScoresForm(request.POST or None, instrument=instrument,
                      initial={"scored_on": timezone.localdate()})
    return _form(request, household, form,
                 lambda d: services.scores_record(actor=request.actor, household=household,
                                                  moment=d["moment"], scored_on=d["scored_on"],
                                                  levels=form.levels()),
                 _("De scores zijn vastgelegd."), "plans/scores_new.html")
