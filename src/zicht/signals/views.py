"""Pages for signals: partners, the meldcode, zorg melden, Veilig Thuis reports.

Who sees what (decided for issue 4):
- the coordinating team: the "Signalen" page and the meldcode on each signal;
- a connected partner: per household only "zorg melden" and the status of its own signals,
  never the plan, the record or other signals;
- Veilig Thuis: only the reports sent to it, never the household page.
The household's safety page (``zicht.safety``) shows its signals and reports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log_list
from zicht.core.reauth import mark_reauthenticated, recently_authenticated
from zicht.core.views import add_service_error
from zicht.directory.models import Role
from zicht.households.models import Person
from zicht.households.services import household_read
from zicht.safety.selectors import care_household
from zicht.safety.services import is_coordinator
from zicht.signals import closing, services
from zicht.signals.closing import allowed_outcomes
from zicht.signals.forms import (
    CloseForm,
    PartnerConnectForm,
    PartnerLabelForm,
    ReopenForm,
    ReportDraftForm,
    ReportForm,
    ReportStatusForm,
    SignalForm,
    StepForm,
    ZorgMeldenForm,
)
from zicht.signals.models import STEP_TRANSITIONS, About, ReportStatus, Step
from zicht.signals.report import report_json, report_pdf
from zicht.signals.reports import (
    next_statuses,
    report_address_reveal,
    report_draft,
    report_read,
    report_send,
    report_status_set,
    report_update,
    reports_for_veilig_thuis,
    veilig_thuis_worklist,
)
from zicht.signals.selectors import (
    coordinator_contact,
    coordinator_signal_for,
    partner_household_for,
    partner_households,
    partner_label,
    report_for,
)


def _form_page(request, household, form, title, intro=""):
    return render(request, "signals/form.html", {"household": household, "form": form,
                                                "title": title, "intro": intro})


@login_required
def partner_connect(request, household_uuid):
    household = care_household(request.actor, household_uuid)
    form = PartnerConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_connect(actor=request.actor, household=household,
                                     organisation=form.cleaned_data["organisation"],
                                     label=form.cleaned_data["label"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De ketenpartner is gekoppeld."))
            return redirect("safety:overview", household.uuid)
    return _form_page(request, household, form, _("Ketenpartner koppelen"))


# --- Signals --------------------------------------------------------------------------


PAGE_SIZE = 25


@login_required
def signal_list(request):
    """"Signalen": what the team must act on, and what I reported myself (status only).

    Each of its lists pages on its own (issue 14), and the page writes one access-log
    entry naming the households it shows."""
    actor = request.actor
    now = timezone.now()
    get = request.GET.get
    to_handle = Paginator(services.signals_for_coordinator(actor).order_by("due_at", "id"),
                          PAGE_SIZE).get_page(get("page"))
    connected = Paginator(partner_households(actor).order_by("reference"),
                          PAGE_SIZE).get_page(get("gekoppeld"))
    own = Paginator(services.own_signals(actor), PAGE_SIZE).get_page(get("eigen"))
    shown = {s.household.uuid: s.household for s in to_handle}
    shown.update((h.uuid, h) for h in connected)
    if shown:
        access_log_list(actor=actor, action=AccessAction.LIST, record_type="signal",
                        households=shown.values())
    return render(request, "signals/signals.html", {
        "to_handle": to_handle, "own": own, "connected": connected, "now": now,
    })


@login_required
def partner_household(request, household_uuid):
    """A connected partner's view of a household: report a worry, and its own signals."""
    actor = request.actor
    household = partner_household_for(actor, household_uuid)
    label = partner_label(actor, household)
    renaming = request.method == "POST" and "rename" in request.POST
    form = SignalForm(None if renaming else request.POST or None)
    label_form = PartnerLabelForm(request.POST if renaming else None,
                                  initial={"label": "" if label == household.reference
                                           else label})
    if renaming and label_form.is_valid():
        services.partner_label_set(actor=actor, household=household,
                                   label=label_form.cleaned_data["label"])
        messages.success(request, _("Uw omschrijving is opgeslagen."))
        return redirect("signals:partner_household", household.uuid)
    if request.method == "POST" and not renaming and form.is_valid():
        data = form.cleaned_data
        try:
            services.signal_report(actor=actor, household=household, urgency=data["urgency"],
                                   about=data["about"], observed=data["observed"],
                                   observed_on=data["observed_on"],
                                   reporter_label=data["reporter_label"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Uw zorg is ontvangen en gaat naar de regisseur."))
            return redirect("signals:partner_household", household.uuid)
    with transaction.atomic():
        household_read(actor=actor, household=household, record_type="partner_view")
    return render(request, "signals/partner_household.html", {
        "household": household, "label": label, "form": form, "label_form": label_form,
        "coordinator": coordinator_contact(household),
        "own": services.own_signals(actor).filter(household=household),
    })


@login_required
def signal_new(request, household_uuid):
    """An involved professional records a signal on the household themselves."""
    household = care_household(request.actor, household_uuid)
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
            return render(request, "signals/zorg_melden_limited.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.zorg_melden(actor=actor, given_name=data["given_name"],
                                 family_name=data["family_name"],
                                 date_of_birth=data["date_of_birth"], bsn=data["bsn"],
                                 urgency=data["urgency"], observed=data["observed"],
                                 observed_on=data["observed_on"])
            return render(request, "signals/zorg_melden_receipt.html")
    return render(request, "signals/zorg_melden.html", {"form": form})


@login_required
def signal_detail(request, signal_uuid):
    """The meldcode on one signal, for the coordinating team."""
    actor = request.actor
    signal = coordinator_signal_for(actor, signal_uuid)
    next_steps = STEP_TRANSITIONS[signal.step]
    next_step = next(iter(next_steps), None)
    form = (StepForm(request.POST or None, step=next_step)
            if next_step and signal.closed_at is None else None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.signal_step(actor=actor, signal=signal, to_step=next_step,
                                 notes=form.cleaned_data.get("notes", ""),
                                 **form.step_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De stap is vastgelegd."))
            return redirect("signals:signal", signal.uuid)
    with transaction.atomic():
        household_read(actor=actor, household=signal.household, record_type="signal")
    closing = None if signal.closed_at else CloseForm(outcomes=allowed_outcomes(signal))
    return render(request, "signals/signal.html", {
        "close_form": closing, "reopen_form": ReopenForm() if signal.closed_at else None,
        "closures": signal.closures.select_related("by"),
        "signal": signal, "household": signal.household, "form": form,
        "next_step": Step(next_step) if next_step else None,
        "steps": signal.steps.select_related("by"),
        "must_report": signal.must_report(),
        "draft_form": ReportDraftForm(),
    })


@login_required
@require_POST
def signal_close(request, signal_uuid):
    """Close the signal with an outcome; it leaves the lists and stays in the history."""
    signal = coordinator_signal_for(request.actor, signal_uuid)
    form = CloseForm(request.POST, outcomes=allowed_outcomes(signal))
    return _closing(request, signal, form, closing.signal_close, _("Het signaal is afgesloten."))


@login_required
@require_POST
def signal_reopen(request, signal_uuid):
    signal = coordinator_signal_for(request.actor, signal_uuid)
    return _closing(request, signal, ReopenForm(request.POST), closing.signal_reopen,
                    _("Het signaal is weer open."))


def _closing(request, signal, form, act, success):
    """Close or reopen through the service; on a refusal the form with its message."""
    if form.is_valid():
        try:
            act(actor=request.actor, signal=signal, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("signals:signal", signal.uuid)
    return render(request, "signals/close.html", {"signal": signal, "form": form,
                                                  "household": signal.household}, status=400)


# --- Veilig Thuis -------------------------------------------------------------------------


@login_required
@require_POST
def report_new(request, household_uuid):
    household = care_household(request.actor, household_uuid)
    signal = None
    if request.POST.get("signal"):
        signal = coordinator_signal_for(request.actor, request.POST["signal"])
    form = ReportDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een Veilig Thuis-organisatie."))
        return redirect("safety:overview", household.uuid)
    report = report_draft(actor=request.actor, household=household, signal=signal,
                                   veilig_thuis=form.cleaned_data["veilig_thuis"])
    return redirect("signals:report", report.uuid)


@login_required
def report_detail(request, report_uuid):
    """The report: the coordinator edits and sends a draft; Veilig Thuis follows it up."""
    actor = request.actor
    report = report_for(actor, report_uuid)
    is_vt = actor.has_role(Role.VEILIG_THUIS)
    edit_form = status_form = None
    if is_vt and next_statuses(report):
        status_form = ReportStatusForm(request.POST or None, allowed=next_statuses(report))
        if request.method == "POST" and status_form.is_valid():
            try:
                report_status_set(actor=actor, report=report,
                                           **status_form.cleaned_data)
            except ValidationError as error:
                add_service_error(status_form, error)
            else:
                messages.success(request, _("De status is bijgewerkt."))
                return redirect("signals:report", report.uuid)
    elif report.status == ReportStatus.DRAFT and is_coordinator(actor, report.household):
        edit_form = ReportForm(request.POST or None, initial={
            **report.content, "include_address": report.include_address})
        if request.method == "POST" and edit_form.is_valid():
            try:
                report_update(actor=actor, report=report,
                                       content=edit_form.content(),
                                       include_address=edit_form.cleaned_data["include_address"])
                if "send" in request.POST:
                    report_send(actor=actor, report=report)
            except ValidationError as error:
                add_service_error(edit_form, error)
            else:
                messages.success(request, _("De melding is verstuurd naar Veilig Thuis.")
                                 if "send" in request.POST else _("Het concept is opgeslagen."))
                return redirect("signals:report", report.uuid)
    elif request.method == "POST":
        raise PermissionDenied
    with transaction.atomic():
        report_read(actor=actor, report=report)
    return render(request, "signals/report.html", {
        "report": report, "edit_form": edit_form, "status_form": status_form, "is_vt": is_vt,
        "sections": report_json(report)["sections"],
        "history": report.history.select_related("by"),
    })


@login_required
@require_POST
def report_address(request, report_uuid):
    """"Toon adres" on a report: the password again, then the one reveal service."""
    report = report_for(request.actor, report_uuid)
    if not report.include_address:
        raise Http404
    if not recently_authenticated(request):
        password = request.POST.get("password")
        if not (password and request.user.check_password(password)):
            return render(request, "signals/report_address.html",
                          {"report": report, "wrong": bool(password)})
        mark_reauthenticated(request)
    address = report_address_reveal(actor=request.actor, report=report)
    return render(request, "signals/report_address.html", {"report": report,
                                                          "address": address})


@login_required
def report_download(request, report_uuid, fmt):
    if fmt not in ("pdf", "json"):
        raise Http404
    report = report_for(request.actor, report_uuid)
    with transaction.atomic():
        report_read(actor=request.actor, report=report, export=True)
    # The address goes into the document only for Veilig Thuis, to whom it was sent, after
    # the password: the document for sending, not a second door for carers.
    address = None
    if (report.include_address and recently_authenticated(request)
            and reports_for_veilig_thuis(request.actor).filter(pk=report.pk).exists()):
        address = report_address_reveal(actor=request.actor, report=report)
    if fmt == "json":
        return JsonResponse(report_json(report, address=address),
                            json_dumps_params={"ensure_ascii": False})
    response = HttpResponse(report_pdf(report, address=address), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="melding-{report.reference}.pdf"'
    return response


@login_required
def veilig_thuis_reports(request):
    """Veilig Thuis: the reports sent to this organisation, and nothing else."""
    actor = request.actor
    if not actor.has_role(Role.VEILIG_THUIS):
        raise Http404
    # Sorted on the triage deadline in Python, so paged as a list (issue 14).
    lines = Paginator(veilig_thuis_worklist(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    if lines.object_list:
        access_log_list(actor=actor, action=AccessAction.LIST,
                        record_type="veilig_thuis_report",
                        households=[line.report.household for line in lines])
    return render(request, "signals/veilig_thuis.html", {"lines": lines})



