"""Writes about safety. Each service runs in one transaction with its access-log entry.

Sections: 1. safety plan, 2. risk assessment, 3. partners and signals, 4. the meldcode,
5. escalation to Veilig Thuis and the police.
"""

import difflib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.actor import Actor
from zicht.core.notify import notify_by_email
from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
from zicht.households.models import (
    Address,
    Household,
    Involvement,
    InvolvementReason,
    Person,
    PersonRole,
)
from zicht.households.selectors import is_involved
from zicht.safety.models import (
    PoliceAlert,
    RiskAnswer,
    RiskAssessment,
    RiskInstrument,
    RiskItem,
    RiskLevel,
    SafetyPlan,
    SafetyPlanVersion,
)
from zicht.signals.models import (
    REPORT_TRANSITIONS,
    STEP_TRANSITIONS,
    VEILIG_THUIS_STATUSES,
    About,
    Decision,
    ReportStatus,
    ReportStatusChange,
    Signal,
    SignalSource,
    SignalStep,
    Step,
    Urgency,
    VeiligThuisReport,
)
from zicht.trajectories.models import ACTIVE_PHASES, CoordinatorAssignment, Trajectory

CARE_ROLES = (Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER)
PARTNER_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.GP, OrganisationKind.HOUSING,
                 OrganisationKind.YOUTH_HEALTH, OrganisationKind.POLICE, OrganisationKind.OTHER)


def _require_care(actor: Actor, household: Household) -> None:
    if not (actor.has_role(*CARE_ROLES) and is_involved(actor, household)):
        raise PermissionDenied


def is_coordinator(actor: Actor, household: Household) -> bool:
    """The actor works in the organisation that currently coordinates (regie) the household."""
    return actor.has_role(*CARE_ROLES) and is_involved(actor, household,
                                                       InvolvementReason.COORDINATOR)


def _require_coordinator(actor: Actor, household: Household) -> None:
    if not is_coordinator(actor, household):
        raise PermissionDenied


# --- 1. Safety plan -----------------------------------------------------------------------


def plan_lines(version: SafetyPlanVersion | None) -> list[str]:
    """A field-by-field rendering of a version, the basis of the readable difference."""
    if version is None:
        return []
    lines: list[str] = []
    for name in SafetyPlanVersion.TEXT_FIELDS:
        label = str(SafetyPlanVersion._meta.get_field(name).verbose_name)
        for line in (getattr(version, name) or "").splitlines() or [""]:
            lines.append(f"{label}: {line}")
    for name in SafetyPlanVersion.MEASURE_FIELDS:
        label = str(SafetyPlanVersion._meta.get_field(name).verbose_name)
        lines.append(f"{label}: {_('ja') if getattr(version, name) else _('nee')}")
    review = version.next_review_on.isoformat() if version.next_review_on else "-"
    lines.append(f"{_('Volgende evaluatie')}: {review}")
    return lines


def plan_difference(old: SafetyPlanVersion | None, new: SafetyPlanVersion) -> list[str]:
    """What changed between two versions: removed lines start with '-', added with '+'."""
    return [line for line in difflib.ndiff(plan_lines(old), plan_lines(new))
            if line[:1] in "+-"]


def safety_plan_save(*, actor: Actor, household: Household, data: dict[str, Any],
                     change_note: str = "") -> SafetyPlanVersion:
    """Record a new version of the safety plan; earlier versions stay as they were."""
    _require_care(actor, household)
    allowed = {*SafetyPlanVersion.TEXT_FIELDS, *SafetyPlanVersion.MEASURE_FIELDS,
               "next_review_on"}
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Unknown safety plan fields: {sorted(unknown)}")
    with transaction.atomic():
        plan, _created = SafetyPlan.objects.get_or_create(household=household)
        # Lock the plan so that two simultaneous saves get consecutive numbers.
        plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
        last = plan.versions.order_by("-number").first()
        version = SafetyPlanVersion.objects.create(
            plan=plan, number=(last.number + 1) if last else 1, change_note=change_note,
            changed_by=actor.user, organisation=actor.organisation, **data,
        )
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="safety_plan",
                   household_uuid=household.uuid, record_uuid=version.uuid)
        # A new review date changes the out-of-sight status (issue 3's rules).
        from zicht.rhythm.services import sight_refresh_on_commit

        for trajectory in household.trajectories.filter(phase="follow_up"):
            sight_refresh_on_commit(trajectory)
    return version


def plan_review_overdue(household: Household, on: date | None = None) -> bool:
    """A plan past its review date counts for the out-of-sight status (issue 4)."""
    on = on or timezone.localdate()
    plan = SafetyPlan.objects.filter(household=household).first()
    current = plan.current() if plan else None
    return bool(current and current.next_review_on and current.next_review_on < on)


# --- 2. Risk assessment -------------------------------------------------------------------


def risk_instrument_load(data: dict[str, Any]) -> RiskInstrument:
    """Load (or replace the items and levels of) an instrument from its JSON description."""
    with transaction.atomic():
        instrument, _created = RiskInstrument.objects.update_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data.get("description", ""),
                      "is_default": bool(data.get("default", False))},
        )
        if instrument.is_default:
            RiskInstrument.objects.exclude(pk=instrument.pk).update(is_default=False)
        codes = [item["code"] for item in data["items"]]
        instrument.items.exclude(code__in=codes).delete()
        for order, item in enumerate(data["items"]):
            RiskItem.objects.update_or_create(
                instrument=instrument, code=item["code"],
                defaults={"text": item["text"], "weight": item.get("weight", 1),
                          "source": item.get("source", ""), "order": order},
            )
        instrument.levels.all().delete()
        RiskLevel.objects.bulk_create(
            RiskLevel(instrument=instrument, min_score=level["min_score"],
                      label=level["label"], advice=level.get("advice", ""))
            for level in data["levels"]
        )
    return instrument


def risk_assess(*, actor: Actor, household: Household, instrument: RiskInstrument,
                moment: str, assessed_on: date, present: set[str]) -> RiskAssessment:
    """Score a checklist: the sum of the weights of the items present, and its level's advice."""
    _require_care(actor, household)
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("Een taxatie kan niet in de toekomst liggen.")})
    items = list(instrument.items.all())
    score = sum(item.weight for item in items if item.code in present)
    level = instrument.levels.filter(min_score__lte=score).order_by("-min_score").first()
    with transaction.atomic():
        assessment = RiskAssessment.objects.create(
            household=household, instrument=instrument, moment=moment,
            assessed_on=assessed_on, score=score, level=level.label if level else "",
            advice=level.advice if level else "", by=actor.user,
            organisation=actor.organisation,
        )
        RiskAnswer.objects.bulk_create(
            RiskAnswer(assessment=assessment, item=item, present=item.code in present)
            for item in items
        )
        access_log(actor=actor, action=AccessAction.CREATE, record_type="risk_assessment",
                   household_uuid=household.uuid, record_uuid=assessment.uuid)
    return assessment


# --- 3. Partners and signals ----------------------------------------------------------


def partner_connect(*, actor: Actor, household: Household,
                    organisation: Organisation) -> Involvement:
    """The coordinator connects a partner organisation (school, GP, ...) to the household.

    The partner can then report worries about it and follow its own signals; it does not
    see the household's record (see ``households.selectors.visible_households``).
    """
    _require_coordinator(actor, household)
    if organisation.kind not in PARTNER_KINDS:
        raise ValidationError({"organisation": _("Kies een ketenpartner.")})
    with transaction.atomic():
        involvement = Involvement.objects.current().filter(
            household=household, organisation=organisation, reason=InvolvementReason.PARTNER
        ).first() or Involvement.objects.create(
            household=household, organisation=organisation,
            reason=InvolvementReason.PARTNER, started_on=timezone.localdate(),
        )
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="partner",
                   household_uuid=household.uuid)
    return involvement


def is_connected_partner(actor: Actor, household: Household) -> bool:
    return actor.has_role(Role.PARTNER) and is_involved(actor, household,
                                                        InvolvementReason.PARTNER)


def _add_working_days(day: date, days: int) -> date:
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def signal_deadline(received_at: datetime, urgency: str) -> datetime:
    """Acute: the same day; otherwise within one working day (both configurable).

    The deadline is the end of the day it falls on, in local time.
    """
    days = (settings.ZICHT_SIGNAL_ACUTE_WORKING_DAYS if urgency == Urgency.ACUTE
            else settings.ZICHT_SIGNAL_WORKING_DAYS)
    day = _add_working_days(timezone.localtime(received_at).date(), days)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _route(signal: Signal, household_id: int | None) -> None:
    """Give the signal to the coordinator of the household's active trajectory, with its
    deadline. One query, also when there is no household: a "zorg melden" that matched
    nobody does the same work as one that did."""
    current_coordinator = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("pk"), ended_at__isnull=True).values("organisation_id")[:1]
    trajectory = (Trajectory.objects.filter(household_id=household_id, phase__in=ACTIVE_PHASES)
                  .annotate(coordinator_org=Subquery(current_coordinator))
                  .values("pk", "coordinator_org", "supporter_organisation_id", "shelter_id")
                  .first())
    signal.trajectory_id = trajectory["pk"] if trajectory else None
    # Before departure there is no coordinator yet: the supporter's team, else the shelter,
    # acts on the worry.
    signal.coordinator_organisation_id = (
        trajectory["coordinator_org"] or trajectory["supporter_organisation_id"]
        or trajectory["shelter_id"]) if trajectory else None
    signal.due_at = signal_deadline(signal.received_at, signal.urgency)


def _notify_coordinators(signal: Signal) -> None:
    if signal.coordinator_organisation_id:
        notify_by_email(Membership.objects.filter(
            organisation_id=signal.coordinator_organisation_id, active=True,
            role__in=CARE_ROLES).values_list("user__email", flat=True))


def signal_report(*, actor: Actor, household: Household, urgency: str, about: str,
                  observed: str, observed_on: date,
                  about_person: Person | None = None) -> Signal:
    """A connected partner (or a professional involved) reports a worry on the household."""
    if not (is_connected_partner(actor, household) or is_involved(actor, household)):
        raise PermissionDenied
    if observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("Deze datum ligt in de toekomst.")})
    if about_person is not None and about_person.household_id != household.pk:
        raise ValidationError({"about_person": _("Deze persoon hoort niet bij dit gezin.")})
    with transaction.atomic():
        signal = Signal(household=household, source=SignalSource.PARTNER, urgency=urgency,
                        about=about, about_person=about_person, observed=observed,
                        observed_on=observed_on, reported_by=actor.user,
                        reporter_organisation=actor.organisation, received_at=timezone.now())
        _route(signal, household.pk)
        signal.save()
        access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
                   household_uuid=household.uuid, record_uuid=signal.uuid)
        _notify_coordinators(signal)
    return signal


def zorg_melden_allowed(*, user_id: int, ip_address: str | None) -> bool:
    """A simple counter per professional and per address (Django's cache)."""
    window = settings.ZICHT_ZORG_MELDEN_WINDOW
    allowed = True
    for key in (f"zorg-melden:user:{user_id}", f"zorg-melden:ip:{ip_address or '-'}"):
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        allowed = allowed and count <= settings.ZICHT_ZORG_MELDEN_LIMIT
    return allowed


def _match_person(given_name: str, family_name: str, date_of_birth: date | None,
                  bsn: str) -> Person | None:
    """One query whatever the input, and whether or not anyone matches."""
    if bsn:
        identity = Q(bsn=bsn)
    else:
        identity = Q(given_name__iexact=given_name.strip(),
                     family_name__iexact=family_name.strip(), date_of_birth=date_of_birth)
    return (Person.objects.filter(identity, role__in=[PersonRole.CLIENT, PersonRole.CHILD],
                                  household__trajectories__phase__in=ACTIVE_PHASES)
            .select_related("household").order_by("id").first())


def zorg_melden(*, actor: Actor, given_name: str, family_name: str,
                date_of_birth: date | None, bsn: str, urgency: str, observed: str,
                observed_on: date) -> Signal:
    """"Zorg melden": a professional not connected to a household reports a worry.

    The rule (issue 4): the form must never tell anyone, a perpetrator posing as a
    professional included, whether a person is known. So a row is always written, the
    same work is done, and the caller always shows the same receipt; the identity typed
    in is not stored. A matched signal goes to the coordinator of the active trajectory.
    """
    if not actor.organisation:
        raise PermissionDenied
    if not bsn and not (given_name and family_name and date_of_birth):
        raise ValidationError(_("Vul naam en geboortedatum in, of het BSN."))
    person = _match_person(given_name, family_name, date_of_birth, bsn)
    household = person.household if person else None
    with transaction.atomic():
        signal = Signal(household=household, source=SignalSource.ZORG_MELDEN, urgency=urgency,
                        about=About.CHILD if person and person.role == PersonRole.CHILD
                        else About.CLIENT, about_person=person, observed=observed,
                        observed_on=min(observed_on, timezone.localdate()),
                        reported_by=actor.user, reporter_organisation=actor.organisation,
                        received_at=timezone.now())
        _route(signal, household.pk if household else None)
        signal.save()
        # One entry either way; for an unmatched report it names no household.
        access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
                   household_uuid=household.uuid if household else None,
                   record_uuid=signal.uuid, ground="zorg melden")
        from zicht.safety.tasks import signal_notify

        # Mail leaves in the worker, after the answer, for every report alike.
        transaction.on_commit(lambda: signal_notify.enqueue(signal_id=signal.pk))
    return signal


def signal_from_contact(*, actor: Actor, contact) -> Signal:
    """A contact moment answered "does not feel safe" makes a signal (issue 4)."""
    household = contact.trajectory.household
    signal = Signal(household=household, source=SignalSource.CONTACT,
                    urgency=Urgency.NOT_ACUTE, about=About.CLIENT,
                    observed=_("Bij het contactmoment van %(date)s voelde de cliënt zich "
                               "niet veilig.") % {"date": contact.held_on.strftime("%d-%m-%Y")},
                    observed_on=contact.held_on, reported_by=actor.user,
                    reporter_organisation=actor.organisation, received_at=timezone.now())
    _route(signal, household.pk)
    signal.save()
    access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
               household_uuid=household.uuid, record_uuid=signal.uuid)
    _notify_coordinators(signal)
    return signal


def signals_for_coordinator(actor: Actor) -> QuerySet[Signal]:
    """The signals the actor's team has to act on (the "Signalen" page)."""
    if not (actor.organisation and actor.has_role(*CARE_ROLES)):
        return Signal.objects.none()
    return (Signal.objects.filter(coordinator_organisation=actor.organisation,
                                  household__isnull=False)
            .select_related("household", "reporter_organisation"))


def own_signals(actor: Actor) -> QuerySet[Signal]:
    """What a reporter may follow: only the status of the signals they reported themselves."""
    return Signal.objects.filter(reported_by=actor.user).order_by("-received_at", "-id")


# --- 4. The meldcode ----------------------------------------------------------------------

STEP_FIELDS = {
    Step.TALKED: {"talk_skipped_reason"},
    Step.WEIGHED: {"suspicion", "acute_or_structural", "can_organise_help", "help_accepted",
                   "lasting_safety"},
    Step.DECIDED: {"decision"},
}


def signal_step(*, actor: Actor, signal: Signal, to_step: str, notes: str = "",
                **fields: Any) -> Signal:
    """Record the next step of the Meldcode huiselijk geweld en kindermishandeling.

    Step 3 may be skipped "when talking itself endangers safety", with the reason.
    Step 4 answers the afwegingskader; if it says reporting is required (acute or
    structural unsafety, or help that cannot be organised, is refused or does not last),
    step 5 cannot decide without a report.
    """
    if signal.household is None:
        raise PermissionDenied
    _require_coordinator(actor, signal.household)
    if to_step not in STEP_TRANSITIONS[signal.step]:
        raise ValidationError(_("Deze stap kan nu niet: eerst '%(step)s'.") % {
            "step": Step(next(iter(STEP_TRANSITIONS[signal.step]), signal.step)).label})
    unknown = set(fields) - STEP_FIELDS.get(to_step, set())
    if unknown:
        raise ValueError(f"Unknown fields for step {to_step}: {sorted(unknown)}")
    if to_step == Step.TALKED and not notes.strip() and not fields.get("talk_skipped_reason"):
        raise ValidationError({"notes": _("Leg vast wat er besproken is, of waarom het "
                                          "gesprek niet kon (reden).")})
    if to_step == Step.WEIGHED:
        if fields.get("suspicion") is None:
            raise ValidationError({"suspicion": _("Beantwoord deze vraag.")})
        if fields["suspicion"]:
            missing = [f for f in STEP_FIELDS[Step.WEIGHED] if fields.get(f) is None]
            if missing:
                raise ValidationError({f: _("Beantwoord deze vraag.") for f in missing})
    if to_step == Step.DECIDED:
        decision = fields.get("decision", "")
        if decision not in Decision.values:
            raise ValidationError({"decision": _("Kies een besluit.")})
        if signal.must_report() and decision not in (Decision.REPORT, Decision.HELP_AND_REPORT):
            raise ValidationError({"decision": _(
                "Volgens de afweging is melden bij Veilig Thuis verplicht: er is acute of "
                "structurele onveiligheid, of hulp kan niet (duurzaam) veiligheid bieden. "
                "Kies een besluit met melden.")})
        if decision == Decision.CLOSE and signal.suspicion:
            raise ValidationError({"decision": _(
                "Er is een vermoeden van huiselijk geweld of kindermishandeling: "
                "organiseer hulp en/of meld.")})
    with transaction.atomic():
        SignalStep.objects.create(signal=signal, from_step=signal.step, to_step=to_step,
                                  notes=notes, by=actor.user)
        for name, value in fields.items():
            setattr(signal, name, value)
        signal.step = to_step
        if signal.picked_up_at is None:
            signal.picked_up_at = timezone.now()
        signal.save()
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="signal",
                   household_uuid=signal.household.uuid, record_uuid=signal.uuid)
    return signal


def overdue_signals(now: datetime | None = None) -> QuerySet[Signal]:
    """Signals nobody picked up before their deadline, not yet escalated."""
    now = now or timezone.now()
    return Signal.objects.filter(step=Step.RECEIVED, due_at__lt=now, escalated_at__isnull=True,
                                 household__isnull=False, coordinator_organisation__isnull=False)


def signals_escalate_overdue(now: datetime | None = None) -> int:
    """Escalate overdue signals to the team leads of the coordinating team (issue 4).

    A plain function for the periodic worker (issue 3) and ``escalate_overdue_signals``.
    The team lead is told only that there is something new.
    """
    now = now or timezone.now()
    with transaction.atomic():
        signals = list(overdue_signals(now).select_for_update())
        org_ids = {s.coordinator_organisation_id for s in signals}
        Signal.objects.filter(pk__in=[s.pk for s in signals]).update(escalated_at=now)
        notify_by_email(Membership.objects.filter(
            organisation_id__in=org_ids, role=Role.TEAM_LEAD, active=True,
        ).values_list("user__email", flat=True))
    return len(signals)


# --- 5. Escalation to Veilig Thuis and the police -----------------------------------


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
        + (f", {p.date_of_birth.strftime('%d-%m-%Y')}" if p.date_of_birth else "")
        + (f" ({p.relation})" if p.relation else "")
        for p in persons
    )
    signals = list(household.signals.order_by("received_at")[:10])
    content = {
        "reason": signal.observed if signal else "",
        "household": people,
        "signals": "\n".join(f"{s.observed_on.strftime('%d-%m-%Y')} ({s.get_urgency_display()}):"
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
    _require_coordinator(actor, household)
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
    _require_coordinator(actor, report.household)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("Een verstuurde melding kan niet meer worden gewijzigd."))
    unknown = set(content) - set(VeiligThuisReport.SECTIONS)
    if unknown:
        raise ValueError(f"Unknown report sections: {sorted(unknown)}")
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


def _report_move(actor: Actor, report: VeiligThuisReport, to: str, note: str = "") -> None:
    if to not in REPORT_TRANSITIONS[report.status]:
        raise ValidationError({"status": _("Deze status kan nu niet.")})
    ReportStatusChange.objects.create(report=report, from_status=report.status, to_status=to,
                                      note=note, by=actor.user)
    report.status = to


def report_send(*, actor: Actor, report: VeiligThuisReport) -> VeiligThuisReport:
    """Send the report: from now on Veilig Thuis sees it on its own reports page."""
    _require_coordinator(actor, report.household)
    with transaction.atomic():
        _report_move(actor, report, ReportStatus.SENT)
        report.sent_at = timezone.now()
        report.save()
        access_log(actor=actor, action=AccessAction.TRANSFER, record_type="veilig_thuis_report",
                   household_uuid=report.household.uuid, record_uuid=report.uuid,
                   ground=_("melding aan Veilig Thuis (meldrecht, Wmo 5.2.6)"))
        notify_by_email(Membership.objects.filter(
            organisation=report.veilig_thuis, role=Role.VEILIG_THUIS, active=True,
        ).values_list("user__email", flat=True))
    return report


def reports_for_veilig_thuis(actor: Actor) -> QuerySet[VeiligThuisReport]:
    """Veilig Thuis staff see only what was reported to them, never the household's record."""
    if not (actor.has_role(Role.VEILIG_THUIS) and actor.organisation
            and actor.organisation.kind == OrganisationKind.VEILIG_THUIS):
        return VeiligThuisReport.objects.none()
    return VeiligThuisReport.objects.filter(veilig_thuis=actor.organisation).exclude(
        status=ReportStatus.DRAFT).select_related("organisation", "drafted_by")


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
        raise ValidationError({"status": _("Deze status kan nu niet.")})
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
        notify_by_email(Membership.objects.filter(
            organisation=report.organisation, role__in=CARE_ROLES, active=True,
        ).values_list("user__email", flat=True))
    return report


def police_alert_record(*, actor: Actor, household: Household, called_at: datetime,
                        what_was_done: str, signal: Signal | None = None) -> PoliceAlert:
    """The police called in acute danger: recorded with the time and what was done."""
    _require_care(actor, household)
    if called_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"called_at": _("Dit tijdstip ligt in de toekomst.")})
    with transaction.atomic():
        alert = PoliceAlert.objects.create(household=household, signal=signal,
                                           called_at=called_at, what_was_done=what_was_done,
                                           by=actor.user, organisation=actor.organisation)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="police_alert",
                   household_uuid=household.uuid, record_uuid=alert.uuid)
    return alert
