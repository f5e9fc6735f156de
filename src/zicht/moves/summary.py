"""The handover summary: a safety handover for the receiving supporter (issue 12).

DOMAIN.md, consent: "Sharing is per partner and purpose". The client's consent for the
handover (``ConsentPurpose.HANDOVER``) names the categories that may go along; no
categories means all of them. A category without consent is named as withheld, in words,
never what is in it. The address never goes along: it reaches the household's own record
at acceptance, through the address service.

Seed 001 (2.2-2.6): the safety plan made in the shelter is often not handed over; seed
001 (3.3) and DOMAIN.md: a move is where families drop out of sight. So what the
receiving supporter needs most for safety comes first: that there is a perpetrator, the
current safety plan and risk trend, open signals and where they are in the meldcode,
the Veilig Thuis report with its veiligheidsvoorwaarden.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.models import Category
from zicht.consent.models import Consent, ConsentPurpose
from zicht.core.i18n import shipped
from zicht.households.models import PersonRole
from zicht.plans.models import Action, ActionStatus, Goal, GoalStatus
from zicht.safety.models import RiskAssessment, SafetyPlan, SafetyPlanVersion
from zicht.signals.models import Signal, Step, VeiligThuisReport
from zicht.trajectories.models import Trajectory

# What a handover may carry, in the order the receiving supporter reads it.
HANDED_OVER = [Category.PERSONS, Category.SAFETY_PLAN, Category.SIGNALS, Category.PLAN,
               Category.CONTACT_NOTES]


def consented_categories(trajectory: Trajectory) -> set[str]:
    """The categories the client's active handover consents cover (none: nothing)."""
    allowed: set[str] = set()
    for consent in Consent.objects.active().filter(
            household=trajectory.household, person__role=PersonRole.CLIENT,
            purpose=ConsentPurpose.HANDOVER):
        allowed |= {c for c in HANDED_OVER if consent.covers(c)}
    return allowed


def _day(value) -> str:
    return date_format(value) if value else ""


def _persons(household) -> list[dict]:
    """Everyone in the household with their role; the perpetrator flagged, and of him
    only the name: never a birth date or contact details."""
    return [{"role": p.get_role_display(), "name": str(p),
             "perpetrator": p.role == PersonRole.PERPETRATOR,
             "date_of_birth": _day(p.date_of_birth)
             if p.role in (PersonRole.CLIENT, PersonRole.CHILD) else ""}
            for p in household.persons.order_by("id")]


def _safety_plan(household) -> dict | None:
    """The current version of the safety plan, as label → value."""
    plan = SafetyPlan.objects.filter(household=household).first()
    version = plan.current() if plan else None
    if version is None:
        return None
    fields = SafetyPlanVersion._meta
    content = {str(fields.get_field(f).verbose_name): getattr(version, f)
               for f in SafetyPlanVersion.TEXT_FIELDS if getattr(version, f)}
    measures = [str(fields.get_field(f).verbose_name)
                for f in SafetyPlanVersion.MEASURE_FIELDS if getattr(version, f)]
    if measures:
        content[_("Maatregelen")] = ", ".join(measures)
    content[_("Versie")] = f"{version.number} ({_day(version.changed_at)})"
    return content


def _risk_trend(household) -> list[dict]:
    return [{"on": _day(a.assessed_on), "moment": a.get_moment_display(),
             "instrument": shipped(a.instrument.name),
             "level": shipped(a.level) or str(a.score)}
            for a in RiskAssessment.objects.filter(household=household)
            .select_related("instrument").order_by("assessed_on", "id")]


def _signals(household) -> list[dict]:
    return [{"received": _day(s.received_at), "urgency": s.get_urgency_display(),
             "about": s.get_about_display(), "step": s.get_step_display(),
             "observed": s.observed}
            for s in Signal.objects.filter(household=household).exclude(
                step=Step.DECIDED).order_by("received_at", "id")]


def _veilig_thuis(household) -> list[dict]:
    return [{"sent": _day(r.sent_at), "status": r.get_status_display(),
             "safety_conditions": r.safety_conditions, "monitoring": r.monitoring}
            for r in VeiligThuisReport.objects.filter(household=household,
                                                      sent_at__isnull=False)
            .order_by("sent_at", "id")]


def handover_summary(trajectory: Trajectory) -> dict:
    household = trajectory.household
    allowed = consented_categories(trajectory)
    summary: dict = {
        "reference": household.reference,
        "taken_on": _day(timezone.localdate()),
        "departure_date": _day(trajectory.departure_date),
        "planned_end": _day(trajectory.planned_end),
        "withheld": [str(c.label) for c in HANDED_OVER if c not in allowed],
    }
    if Category.PERSONS in allowed:
        summary["persons"] = _persons(household)
    if Category.SAFETY_PLAN in allowed:
        summary["safety_plan"] = _safety_plan(household)
        summary["risk_trend"] = _risk_trend(household)
    if Category.SIGNALS in allowed:
        summary["signals"] = _signals(household)
        summary["veilig_thuis"] = _veilig_thuis(household)
    if Category.PLAN in allowed:
        summary["goals"] = [
            {"domain": g.get_domain_display(), "for": g.person.given_name,
             "description": g.description}
            for g in Goal.objects.filter(plan__household=household,
                                         status=GoalStatus.OPEN).select_related("person")]
        summary["actions"] = [
            {"domain": a.get_domain_display(), "description": a.description,
             "organisation": a.responsible_organisation.name, "status": a.get_status_display(),
             "due_on": _day(a.due_on)}
            for a in Action.objects.filter(
                plan__household=household,
                status__in=(ActionStatus.PLANNED, ActionStatus.IN_PROGRESS))
            .select_related("responsible_organisation")]
        summary["stagnations"] = [
            {"domain": s.get_domain_display(), "what": s.what, "since": _day(s.since),
             "must_act": s.must_act, "rung": s.get_rung_display()}
            for s in household.stagnations.filter(resolved_on__isnull=True)]
    if Category.CONTACT_NOTES in allowed:
        summary["contacts"] = [
            {"held_on": _day(c.held_on), "kind": c.get_kind_display(),
             "channel": c.get_channel_display(), "reached": c.reached,
             "feels_safe": c.get_feels_safe_display(), "notes": c.notes,
             "organisation": c.organisation.name}
            for c in trajectory.contacts.select_related("organisation")]
    return summary
