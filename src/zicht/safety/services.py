"""Writes about safety. Each service runs in one transaction with its access-log entry.

Sections: 1. safety plan, 2. risk assessment, 3. the police. Who counts as a carer and as
the coordinator is decided here too; ``zicht.signals`` uses the same rules.
"""

import difflib
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.core.dates import PLANNING_YEARS, check_between, years_from
from zicht.core.events import trajectory_changed
from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.households.models import Household, InvolvementReason
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

CARE_ROLES = (Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER)


def require_care(actor: Actor, household: Household) -> None:
    """Only the care professionals involved with the household (else ``PermissionDenied``)."""
    if not (actor.has_role(*CARE_ROLES) and is_involved(actor, household)):
        raise PermissionDenied


def is_coordinator(actor: Actor, household: Household) -> bool:
    """The actor works in the organisation that currently coordinates (regie) the household."""
    return actor.has_role(*CARE_ROLES) and is_involved(actor, household,
                                                       InvolvementReason.COORDINATOR)


def require_coordinator(actor: Actor, household: Household) -> None:
    """Only the coordinating team (else ``PermissionDenied``)."""
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
    review = date_format(version.next_review_on) if version.next_review_on else "-"
    lines.append(f"{_('Volgende evaluatie')}: {review}")
    return lines


def plan_difference(old: SafetyPlanVersion | None, new: SafetyPlanVersion) -> list[str]:
    """What changed between two versions: removed lines start with '-', added with '+'."""
    return [line for line in difflib.ndiff(plan_lines(old), plan_lines(new))
            if line[:1] in "+-"]


def safety_plan_save(*, actor: Actor, household: Household, data: dict[str, Any],
                     change_note: str = "") -> SafetyPlanVersion:
    """Record a new version of the safety plan; earlier versions stay as they were."""
    require_care(actor, household)
    allowed = {*SafetyPlanVersion.TEXT_FIELDS, *SafetyPlanVersion.MEASURE_FIELDS,
               "next_review_on"}
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Unknown safety plan fields: {sorted(unknown)}")
    # A review date lies at most PLANNING_YEARS ahead. Backwards a year: a new version may
    # carry an overdue review date on (that is what makes it overdue), but one more than
    # the follow-up year old is a typing error.
    today = timezone.localdate()
    check_between(data.get("next_review_on"), field="next_review_on",
                  earliest=years_from(today, -1), latest=years_from(today, PLANNING_YEARS),
                  message=_("Kies een evaluatiedatum tussen een jaar geleden en %(years)d jaar "
                            "vooruit.") % {"years": PLANNING_YEARS})
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
        for trajectory in household.trajectories.filter(phase="follow_up"):
            trajectory_changed.send(sender=SafetyPlanVersion, trajectory=trajectory)
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
    require_care(actor, household)
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


# --- 3. The police ------------------------------------------------------------------------


def police_alert_record(*, actor: Actor, household: Household, called_at: datetime,
                        what_was_done: str, signal: models.Model | None = None) -> PoliceAlert:
    """The police called in acute danger: recorded with the time and what was done.

    ``signal`` is the ``signals.Signal`` that led to it, if any.
    """
    require_care(actor, household)
    if called_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"called_at": _("Dit tijdstip ligt in de toekomst.")})
    with transaction.atomic():
        alert = PoliceAlert.objects.create(household=household, signal=signal,
                                           called_at=called_at, what_was_done=what_was_done,
                                           by=actor.user, organisation=actor.organisation)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="police_alert",
                   household_uuid=household.uuid, record_uuid=alert.uuid)
    return alert

