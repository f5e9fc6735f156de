"""Pages for safety: plan, risk, signals with the meldcode, zorg melden, Veilig Thuis reports.

Who sees what (decided for issue 4):
- involved care professionals (shelter, supporter, team lead): the household's safety page;
- the coordinating team: the "Signalen" page and the meldcode on each signal;
- a connected partner: per household only "zorg melden" and the status of its own signals,
  never the plan, the record or other signals;
- Veilig Thuis: only the reports sent to it, never the household page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log_many
from zicht.core.views import add_service_error
from zicht.directory.models import Role
from zicht.households.models import Person
from zicht.households.selectors import household_for
from zicht.households.services import household_read
from zicht.safety import services
from zicht.safety.forms import (
    PartnerConnectForm,
    PoliceAlertForm,
    ReportDraftForm,
    ReportForm,
    ReportStatusForm,
    RiskAssessmentForm,
    SafetyPlanForm,
    SignalForm,
    StepForm,
    ZorgMeldenForm,
)
from zicht.safety.models import RiskInstrument, SafetyPlan
from zicht.safety.report import report_json, report_pdf
from zicht.safety.selectors import (
    coordinator_signal_for,
    partner_household_for,
    partner_households,
    report_for,
)
from zicht.signals.models import STEP_TRANSITIONS, About, ReportStatus, Signal, Step


def _care_household(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    if not request.actor.has_role(*services.CARE_ROLES):
        raise Http404
    return household


@login_required
def safety_overview(request, household_uuid):
    """The household's safety page: plan with its versions, risk trend, signals, reports."""
    actor = request.actor
    household = _care_household(request, household_uuid)
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
        "signals": household.signals.select_related("reporter_organisation"),
        "reports": household.veilig_thuis_reports.select_related("veilig_thuis"),
        "police_alerts": household.police_alerts.select_related("by"),
        "partners": household.involvements.current().filter(reason="partner")
        .select_related("organisation"),
        "is_coordinator": services.is_coordinator(actor, household),
    })


def _form_page(request, household, form, title, intro=""):
    return render(request, "safety/form.html", {"household": household, "form": form,
                                                "title": title, "intro": intro})


@login_required
def safety_plan_edit(request, household_uuid):
    household = _care_household(request, household_uuid)
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
    household = _care_household(request, household_uuid)
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
    return _form_page(request, household, form, instrument.name, instrument.description)


@login_required
def partner_connect(request, household_uuid):
    household = _care_household(request, household_uuid)
    form = PartnerConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_connect(actor=request.actor, household=household,
                                     organisation=form.cleaned_data["organisation"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De ketenpartner is gekoppeld."))
            return redirect("safety:overview", household.uuid)
    return _form_page(request, household, form, _("Ketenpartner koppelen"))


@login_required
def police_alert(request, household_uuid):
    household = _care_household(request, household_uuid)
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


# --- Signals --------------------------------------------------------------------------


@login_required
def signal_list(request):
    """"Signalen": what the team must act on, and what I reported myself (status only)."""
    actor = request.actor
    now = timezone.now()
    to_handle = list(services.signals_for_coordinator(actor).order_by("due_at", "id"))
    access_log_many(actor=actor, action=AccessAction.LIST, record_type="signal",
                    household_uuids={s.household.uuid for s in to_handle})
    return render(request, "safety/signals.html", {
        "to_handle": to_handle,
        "own": services.own_signals(actor),
        "connected": partner_households(actor),
        "now": now,
    })


@login_required
def partner_household(request, household_uuid):
    """A connected partner's view of a household: report a worry, and its own signals."""
    actor = request.actor
    household = partner_household_for(actor, household_uuid)
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signal_report(actor=actor, household=household, urgency=data["urgency"],
                                   about=data["about"], observed=data["observed"],
                                   observed_on=data["observed_on"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Uw zorg is ontvangen en gaat naar de regisseur."))
            return redirect("safety:partner_household", household.uuid)
    return render(request, "safety/partner_household.html", {
        "household": household, "form": form,
        "own": services.own_signals(actor).filter(household=household),
    })


@login_required
def signal_new(request, household_uuid):
    """An involved professional records a signal on the household themselves."""
    household = _care_household(request, household_uuid)
    form = SignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["about"] == About.CLIENT:
            person = Person.objects.filter(household=household, role="client").first()
        try:
            services.signal_report(actor=request.actor, household=household,
                                   urgency=data["urgency"], about=data["about"],
                                   observed=data["observed"], observed_on=data["observed_on"],
                                   about_person=person)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het signaal is vastgelegd."))
            return redirect("safety:overview", household.uuid)
    return _form_page(request, household, form, _("Signaal vastleggen"))


@login_required
def zorg_melden(request):
    """"Zorg melden" for a professional not connected to the household.

    The answer is always the same receipt, whether or not the person is known.
    """
    actor = request.actor
    if actor.organisation is None:
        raise PermissionDenied
    form = ZorgMeldenForm(request.POST or None)
    if request.method == "POST":
        if not services.zorg_melden_allowed(user_id=request.user.pk,
                                            ip_address=actor.ip_address):
            return render(request, "safety/zorg_melden_limited.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.zorg_melden(actor=actor, given_name=data["given_name"],
                                 family_name=data["family_name"],
                                 date_of_birth=data["date_of_birth"], bsn=data["bsn"],
                                 urgency=data["urgency"], observed=data["observed"],
                                 observed_on=data["observed_on"])
            return render(request, "safety/zorg_melden_receipt.html")
    return render(request, "safety/zorg_melden.html", {"form": form})


@login_required
def signal_detail(request, signal_uuid):
    """The meldcode on one signal, for the coordinating team."""
    actor = request.actor
    signal = coordinator_signal_for(actor, signal_uuid)
    next_steps = STEP_TRANSITIONS[signal.step]
    next_step = next(iter(next_steps), None)
    form = StepForm(request.POST or None, step=next_step) if next_step else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.signal_step(actor=actor, signal=signal, to_step=next_step,
                                 notes=form.cleaned_data.get("notes", ""),
                                 **form.step_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De stap is vastgelegd."))
            return redirect("safety:signal", signal.uuid)
    with transaction.atomic():
        household_read(actor=actor, household=signal.household, record_type="signal")
    return render(request, "safety/signal.html", {
        "signal": signal, "household": signal.household, "form": form,
        "next_step": Step(next_step) if next_step else None,
        "steps": signal.steps.select_related("by"),
        "must_report": signal.must_report(),
        "draft_form": ReportDraftForm(),
    })


# --- Veilig Thuis -------------------------------------------------------------------------


@login_required
@require_POST
def report_new(request, household_uuid):
    household = _care_household(request, household_uuid)
    signal = None
    if request.POST.get("signal"):
        signal = coordinator_signal_for(request.actor, request.POST["signal"])
    form = ReportDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een Veilig Thuis-organisatie."))
        return redirect("safety:overview", household.uuid)
    report = services.report_draft(actor=request.actor, household=household, signal=signal,
                                   veilig_thuis=form.cleaned_data["veilig_thuis"])
    return redirect("safety:report", report.uuid)


@login_required
def report_detail(request, report_uuid):
    """The report: the coordinator edits and sends a draft; Veilig Thuis follows it up."""
    actor = request.actor
    report = report_for(actor, report_uuid)
    is_vt = actor.has_role(Role.VEILIG_THUIS)
    edit_form = status_form = None
    if is_vt:
        status_form = ReportStatusForm(request.POST or None)
        if request.method == "POST" and status_form.is_valid():
            try:
                services.report_status_set(actor=actor, report=report,
                                           **status_form.cleaned_data)
            except ValidationError as error:
                add_service_error(status_form, error)
            else:
                messages.success(request, _("De status is bijgewerkt."))
                return redirect("safety:report", report.uuid)
    elif report.status == ReportStatus.DRAFT and services.is_coordinator(actor, report.household):
        edit_form = ReportForm(request.POST or None, initial={
            **report.content, "include_address": report.include_address})
        if request.method == "POST" and edit_form.is_valid():
            try:
                services.report_update(actor=actor, report=report,
                                       content=edit_form.content(),
                                       include_address=edit_form.cleaned_data["include_address"])
                if "send" in request.POST:
                    services.report_send(actor=actor, report=report)
            except ValidationError as error:
                add_service_error(edit_form, error)
            else:
                messages.success(request, _("De melding is verstuurd naar Veilig Thuis.")
                                 if "send" in request.POST else _("Het concept is opgeslagen."))
                return redirect("safety:report", report.uuid)
    elif request.method == "POST":
        raise PermissionDenied
    with transaction.atomic():
        services.report_read(actor=actor, report=report)
    return render(request, "safety/report.html", {
        "report": report, "edit_form": edit_form, "status_form": status_form, "is_vt": is_vt,
        "sections": report_json(report)["sections"],
        "history": report.history.select_related("by"),
    })


@login_required
def report_download(request, report_uuid, fmt):
    if fmt not in ("pdf", "json"):
        raise Http404
    report = report_for(request.actor, report_uuid)
    with transaction.atomic():
        services.report_read(actor=request.actor, report=report, export=True)
    if fmt == "json":
        return JsonResponse(report_json(report), json_dumps_params={"ensure_ascii": False})
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="melding-{report.reference}.pdf"'
    return response


@login_required
def veilig_thuis_reports(request):
    """Veilig Thuis: the reports sent to this organisation, and nothing else."""
    reports = services.reports_for_veilig_thuis(request.actor)
    if not request.actor.has_role(Role.VEILIG_THUIS):
        raise Http404
    return render(request, "safety/veilig_thuis.html", {"reports": reports})


def signal_status_label(signal: Signal) -> str:
    return _("Opgepakt") if signal.is_picked_up else _("Ontvangen")
