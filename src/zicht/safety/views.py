"""Pages for safety: the household's safety page, the safety plan, risk, the police.

Who sees what (decided for issue 4): the involved care professionals (shelter, supporter,
team lead) see the household's safety page; everyone else gets 404. Its signals and
reports come from ``zicht.signals`` (``signals/templatetags/signal_sections.py``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.core.i18n import shipped
from zicht.core.views import add_service_error
from zicht.households.services import household_read
from zicht.safety import services
from zicht.safety.forms import PoliceAlertForm, RiskAssessmentForm, SafetyPlanForm
from zicht.safety.models import RiskInstrument, SafetyPlan
from zicht.safety.selectors import care_household


@login_required
def safety_overview(request, household_uuid):
    """The household's safety page: plan with its versions, risk trend, signals, reports.

    The signals, partners and reports are ``zicht.signals``'s part of it, drawn by its
    template tags (``signal_sections``).
    """
    actor = request.actor
    household = care_household(request.actor, household_uuid)
    with transaction.atomic():
        household_read(actor=actor, household=household, record_type="safety")
    plan = SafetyPlan.objects.filter(household=household).first()
    versions = list(plan.versions.select_related("changed_by", "organisation")) if plan else []
    changes = [(v, services.plan_difference(versions[i + 1] if i + 1 < len(versions) else None,
                                            v)) for i, v in enumerate(versions)]
    assessments = list(household.risk_assessments.select_related("instrument", "by"))
    return render(request, "safety/overview.html", {
        "household": household,
        "plan": versions[0] if versions else None,
        "changes": changes,
        "review_overdue": services.plan_review_overdue(household),
        "assessments": assessments,
        "max_score": max((a.score for a in assessments), default=0) or 1,
        "police_alerts": household.police_alerts.select_related("by"),
        "is_coordinator": services.is_coordinator(actor, household),
    })


def _form_page(request, household, form, title, intro=""):
    return render(request, "safety/form.html", {"household": household, "form": form,
                                                "title": title, "intro": intro})


@login_required
def safety_plan_edit(request, household_uuid):
    household = care_household(request.actor, household_uuid)
    plan = SafetyPlan.objects.filter(household=household).first()
    current = plan.current() if plan else None
    form = SafetyPlanForm(request.POST or None, instance=None,
                          initial={f: getattr(current, f) for f in SafetyPlanForm.Meta.fields
                                   if f != "change_note"} if current else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_plan_save(actor=request.actor, household=household,
                                      data=form.plan_data(),
                                      change_note=form.cleaned_data["change_note"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het veiligheidsplan is opgeslagen als nieuwe versie."))
            return redirect("safety:overview", household.uuid)
    return _form_page(request, household, form, _("Veiligheidsplan bijwerken"),
                      _("Elke wijziging wordt een nieuwe versie; eerdere versies blijven "
                        "zichtbaar met wie wat veranderde."))


@login_required
def risk_assess(request, household_uuid):
    household = care_household(request.actor, household_uuid)
    instrument = RiskInstrument.objects.filter(is_default=True).first()
    if instrument is None:
        raise Http404
    form = RiskAssessmentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_assess(actor=request.actor, household=household,
                                 instrument=instrument, moment=form.cleaned_data["moment"],
                                 assessed_on=form.cleaned_data["assessed_on"],
                                 present=form.present())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De risicotaxatie is vastgelegd."))
            return redirect("safety:overview", household.uuid)
    return _form_page(request, household, form, shipped(instrument.name),
                      shipped(instrument.description))


@login_required
def police_alert(request, household_uuid):
    household = care_household(request.actor, household_uuid)
    form = PoliceAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.police_alert_record(actor=request.actor, household=household,
                                         **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De inzet van de politie is vastgelegd."))
            return redirect("safety:overview", household.uuid)
    return _form_page(request, household, form, _("Politie ingeschakeld (acuut gevaar)"))
