"""Reports (meldingen) to Veilig Thuis: drafted from the record, edited and sent by the
coordinator, followed up by Veilig Thuis. Each runs in one transaction with its access-log
entry. The PDF and JSON of a report are in ``signals.report``.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.access.models import Category
from zicht.access.policy import require
from zicht.audit.models import AccessAction
from zicht.core.dates import add_working_days
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
from zicht.households.models import Address, Household
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_resolve, notifications_send
from zicht.safety.models import SafetyPlan, SafetyPlanVersion
from zicht.safety.services import CARE_ROLES, require_coordinator
from zicht.signals.models import (
    REPORT_TRANSITIONS,
    VEILIG_THUIS_STATUSES,
    ReportStatus,
    ReportStatusChange,
    Signal,
    Urgency,
    VeiligThuisReport,
)


def _yes_no(value: bool | None) -> str:
    return {True: _("ja"), False: _("nee"), None: _("niet beantwoord")}[value]


def report_draft_content(household: Household, signal: Signal | None) -> dict[str, str]:
    """Draft the report from the record, limited to what Veilig Thuis needs to triage:
    who is in the household, what was seen, the weighing, the safety plan's risks and
    measures, and what has been done. No contact moments' notes, no consent details,
    and never the address (that is a separate, explicit choice)."""
    persons = list(household.persons.all())
    people = "\n".join(
        f"{p.get_role_display()}: {p}"
        + (f", {date_format(p.date_of_birth)}" if p.date_of_birth else "")
        + (f" ({p.relation})" if p.relation else "")
        for p in persons
    )
    signals = list(household.signals.order_by("received_at")[:10])
    content = {
        "reason": signal.observed if signal else "",
        "household": people,
        "signals": "\n".join(f"{date_format(s.observed_on)} ({s.get_urgency_display()}):"
                             f" {s.observed}" for s in signals),
        "weighing": "",
        "safety_plan": "",
        "done": "",
    }
    if signal and signal.suspicion is not None:
        content["weighing"] = "\n".join([
            f"{_('Vermoeden van huiselijk geweld of kindermishandeling')}: "
            f"{_yes_no(signal.suspicion)}",
            f"{_('Acute of structurele onveiligheid')}: {_yes_no(signal.acute_or_structural)}",
            f"{_('Hulp te bieden of te organiseren')}: {_yes_no(signal.can_organise_help)}",
            f"{_('Hulp aanvaard')}: {_yes_no(signal.help_accepted)}",
            f"{_('Leidt tot duurzame veiligheid')}: {_yes_no(signal.lasting_safety)}",
        ])
        content["done"] = "\n".join(f"{step.get_to_step_display()}: {step.notes}"
                                    for step in signal.steps.all() if step.notes)
    plan = SafetyPlan.objects.filter(household=household).first()
    current = plan.current() if plan else None
    if current:
        measures = ", ".join(str(SafetyPlanVersion._meta.get_field(f).verbose_name)
                             for f in SafetyPlanVersion.MEASURE_FIELDS
                             if getattr(current, f) and f != "secret_address")
        content["safety_plan"] = "\n".join(filter(None, [
            current.risks, current.risks_to_children,
            f"{_('Maatregelen')}: {measures}" if measures else "",
        ]))
    return content


def report_draft(*, actor: Actor, household: Household, veilig_thuis: Organisation,
                 signal: Signal | None = None) -> VeiligThuisReport:
    require_coordinator(actor, household)
    if veilig_thuis.kind != OrganisationKind.VEILIG_THUIS:
        raise ValidationError({"veilig_thuis": _("Kies een Veilig Thuis-organisatie.")})
    if signal is not None and signal.household_id != household.pk:
        raise ValidationError({"signal": _("Dit signaal hoort niet bij dit gezin.")})
    with transaction.atomic():
        report = VeiligThuisReport.objects.create(
            household=household, signal=signal, veilig_thuis=veilig_thuis,
            reference=household.reference, content=report_draft_content(household, signal),
            drafted_by=actor.user, organisation=actor.organisation,
        )
        ReportStatusChange.objects.create(report=report, to_status=ReportStatus.DRAFT,
                                          by=actor.user)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="veilig_thuis_report",
                   household_uuid=household.uuid, record_uuid=report.uuid)
    return report


def report_update(*, actor: Actor, report: VeiligThuisReport, content: dict[str, str],
                  include_address: bool) -> VeiligThuisReport:
    """The coordinator edits the draft. Including the address is an explicit, logged choice."""
    require_coordinator(actor, report.household)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("Een verstuurde melding kan niet meer worden gewijzigd."))
    unknown = set(content) - set(VeiligThuisReport.SECTIONS)
    if unknown:
        raise ValidationError({"content": _("Onbekend onderdeel van de melding: %(names)s.")
                               % {"names": ", ".join(sorted(unknown))}})
    with transaction.atomic():
        report.content = {**report.content, **content}
        if include_address and not report.include_address:
            address = Address.objects.filter(household=report.household).first()
            report.address = (f"{address.street}, {address.postcode} {address.city}"
                              if address else "")
            access_log(actor=actor, action=AccessAction.REVEAL_ADDRESS, record_type="address",
                       household_uuid=report.household.uuid, record_uuid=report.uuid,
                       ground=_("adres opgenomen in melding aan Veilig Thuis"))
        elif not include_address:
            report.address = ""
        report.include_address = include_address
        report.save()
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="veilig_thuis_report",
                   household_uuid=report.household.uuid, record_uuid=report.uuid)
    return report


def next_statuses(report: VeiligThuisReport) -> list[ReportStatus]:
    """What Veilig Thuis may move the report to now, in the order of the road."""
    allowed = REPORT_TRANSITIONS[report.status] & VEILIG_THUIS_STATUSES
    return [s for s in ReportStatus if s in allowed]


def _not_now(report: VeiligThuisReport) -> ValidationError:
    """Say which status is possible, not only that this one is not (issue 13)."""
    allowed = next_statuses(report)
    if not allowed:
        return ValidationError({"status": _(
            "Deze melding is afgerond (%(now)s): de status verandert niet meer.")
            % {"now": report.get_status_display()}})
    return ValidationError({"status": _(
        "Deze status kan nu niet. De melding staat op '%(now)s'; mogelijk is nu: "
        "%(allowed)s.") % {"now": report.get_status_display(),
                           "allowed": ", ".join(f"'{s.label}'" for s in allowed)}})


def report_link(report: VeiligThuisReport) -> str:
    return reverse("signals:report", args=[report.uuid])


def _report_move(actor: Actor, report: VeiligThuisReport, to: str, note: str = "") -> None:
    if to not in REPORT_TRANSITIONS[report.status]:
        raise _not_now(report)
    ReportStatusChange.objects.create(report=report, from_status=report.status, to_status=to,
                                      note=note, by=actor.user)
    report.status = to


def report_send(*, actor: Actor, report: VeiligThuisReport) -> VeiligThuisReport:
    """Send the report: from now on Veilig Thuis sees it on its own reports page."""
    require_coordinator(actor, report.household)
    with transaction.atomic():
        _report_move(actor, report, ReportStatus.SENT)
        report.sent_at = timezone.now()
        report.save()
        access_log(actor=actor, action=AccessAction.TRANSFER, record_type="veilig_thuis_report",
                   household_uuid=report.household.uuid, record_uuid=report.uuid,
                   ground=_("melding aan Veilig Thuis (meldrecht, Wmo 5.2.6)"))
        # Veilig Thuis does not open the household's record: the message names no household
        # and leads to the report, which Veilig Thuis may open.
        notifications_send([(u, NotificationKind.REPORT_RECEIVED, None)
                            for u in Membership.objects.filter(
                                organisation=report.veilig_thuis, role=Role.VEILIG_THUIS,
                                active=True).values_list("user_id", flat=True).distinct()],
                           link=report_link(report))
    return report


def reports_for_veilig_thuis(actor: Actor) -> QuerySet[VeiligThuisReport]:
    """Veilig Thuis staff see only what was reported to them, never the household's record."""
    if not (actor.has_role(Role.VEILIG_THUIS) and actor.organisation
            and actor.organisation.kind == OrganisationKind.VEILIG_THUIS):
        return VeiligThuisReport.objects.none()
    return VeiligThuisReport.objects.filter(veilig_thuis=actor.organisation).exclude(
        status=ReportStatus.DRAFT).select_related("organisation", "drafted_by", "signal")


# DOMAIN.md, "Veilig Thuis": triage within 5 working days, acute cases within 24 hours.
# Veilig Thuis's own standard, so not a setting. Triage ends when Veilig Thuis takes the
# report on as advice or as a report.
TRIAGE_ACUTE = timedelta(hours=24)
TRIAGE_WORKING_DAYS = 5
TRIAGE_OPEN = (ReportStatus.SENT, ReportStatus.RECEIVED)


def is_acute(report: VeiligThuisReport) -> bool:
    """Acute when the signal it was drafted from is (a report without one is not)."""
    return report.signal is not None and report.signal.urgency == Urgency.ACUTE


def triage_deadline(report: VeiligThuisReport) -> datetime | None:
    """When Veilig Thuis must have triaged the report: 24 hours after sending for an acute
    one, else the end of the fifth working day after the day it was sent."""
    if report.sent_at is None:
        return None
    if is_acute(report):
        return report.sent_at + TRIAGE_ACUTE
    day = add_working_days(timezone.localtime(report.sent_at).date(), TRIAGE_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


@dataclass(frozen=True)
class ReportLine:
    report: VeiligThuisReport
    acute: bool
    deadline: datetime | None
    open: bool  # still to triage
    late: bool


def veilig_thuis_worklist(actor: Actor) -> list[ReportLine]:
    """Veilig Thuis's reports: those still to triage first, by deadline; then the rest,
    newest first. One query."""
    now = timezone.now()
    lines = []
    for report in (reports_for_veilig_thuis(actor).select_related("household")
                   .order_by("-sent_at", "-id")):
        deadline = triage_deadline(report)
        still_open = report.status in TRIAGE_OPEN
        lines.append(ReportLine(report=report, acute=is_acute(report), deadline=deadline,
                                open=still_open,
                                late=still_open and deadline is not None and deadline < now))
    # Stable sort: the triaged keep their newest-first order behind the open ones.
    return sorted(lines, key=lambda line: (not line.open,
                                           line.deadline if line.open and line.deadline
                                           else now))


def report_read(*, actor: Actor, report: VeiligThuisReport, export: bool = False) -> None:
    access_log(actor=actor, action=AccessAction.EXPORT if export else AccessAction.READ,
               record_type="veilig_thuis_report", household_uuid=report.household.uuid,
               record_uuid=report.uuid)


def report_status_set(*, actor: Actor, report: VeiligThuisReport, status: str, note: str = "",
                      feedback: str = "", safety_conditions: str = "",
                      monitoring: str = "") -> VeiligThuisReport:
    """Veilig Thuis follows up: received, advice or report, investigation, handed back.

    DOMAIN.md: Veilig Thuis feeds back whether a follow-up started, who took the case over,
    and the safety conditions (veiligheidsvoorwaarden) and how they are monitored.
    """
    if not reports_for_veilig_thuis(actor).filter(pk=report.pk).exists():
        raise PermissionDenied
    if status not in VEILIG_THUIS_STATUSES:
        raise _not_now(report)
    if status == ReportStatus.HANDED_BACK and not (safety_conditions or report.safety_conditions):
        raise ValidationError({"safety_conditions": _(
            "Leg bij de overdracht aan het lokale team de veiligheidsvoorwaarden vast.")})
    with transaction.atomic():
        _report_move(actor, report, status, note)
        report.feedback = feedback or report.feedback
        report.safety_conditions = safety_conditions or report.safety_conditions
        report.monitoring = monitoring or report.monitoring
        report.save()
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="veilig_thuis_report",
                   household_uuid=report.household.uuid, record_uuid=report.uuid)
        # Veilig Thuis picked it up: its own message about the report is answered.
        notifications_resolve(link=report_link(report), kinds=[NotificationKind.REPORT_RECEIVED])
        notifications_send([(u, NotificationKind.REPORT_FEEDBACK, report.household_id)
                            for u in Membership.objects.filter(
                                organisation=report.organisation, role__in=CARE_ROLES,
                                active=True).values_list("user_id", flat=True).distinct()],
                           link=report_link(report))
    return report


def report_address_reveal(*, actor: Actor, report: VeiligThuisReport) -> str:
    """"Toon adres" on a report that carries the address: the same door as the household's
    (issue 19). Veilig Thuis, for a report sent to it, or those who may see the
    household's address; logged as an address reveal. Re-authentication is the caller's.
    """
    if not report.include_address:
        return ""
    if not reports_for_veilig_thuis(actor).filter(pk=report.pk).exists():
        require(actor, report.household, Category.ADDRESS)
    with transaction.atomic():
        access_log(actor=actor, action=AccessAction.REVEAL_ADDRESS, record_type="address",
                   household_uuid=report.household.uuid, record_uuid=report.uuid)
    return report.address
