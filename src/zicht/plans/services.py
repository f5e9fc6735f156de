"""Writes to the household's plan. Each in one transaction with its access-log row."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.access.models import Category
from zicht.access.policy import access_for
from zicht.audit.models import AccessAction
from zicht.core.dates import PLANNING_YEARS, check_between, years_from
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation, Role
from zicht.households.models import Household, InvolvementReason, Person
from zicht.households.selectors import is_involved
from zicht.plans.models import (
    Action,
    ActionChange,
    ActionStatus,
    ConditionReview,
    ConditionStatus,
    Goal,
    InstrumentDomain,
    InstrumentLevel,
    Plan,
    ReviewOutcome,
    SafetyCondition,
    SelfRelianceScore,
)

# Those who hold the plan together with the client: they set goals and score.
PLAN_HOLDERS = (Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER)


def plan_of(household: Household) -> Plan:
    """The household's one plan, made on first use (1 gezin, 1 plan)."""
    plan, _created = Plan.objects.get_or_create(household=household)
    return plan


def _require_holder(actor: Actor, household: Household) -> None:
    if not (actor.has_role(*PLAN_HOLDERS) and is_involved(actor, household)):
        raise PermissionDenied


def goal_add(*, actor: Actor, household: Household, person: Person, domain: str,
             description: str) -> Goal:
    """A goal for one person; children get their own goals in the same plan."""
    _require_holder(actor, household)
    if person.household_id != household.pk or person.is_perpetrator:
        raise ValidationError({"person": _("Kies de cliënt of een kind uit dit gezin.")})
    with transaction.atomic():
        goal = Goal.objects.create(plan=plan_of(household), person=person, domain=domain,
                                   description=description, created_by=actor.user,
                                   organisation=actor.organisation)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="plan_goal",
                   household_uuid=household.uuid, record_uuid=goal.uuid)
    return goal


def _involved_or_partner(actor: Actor, household: Household) -> bool:
    """In the record, or a connected partner that may see the plan.

    "Involved partners add and update their own actions, within what the client consented
    to" (issue 5): a partner keeps its own actions only while the client's consent (or a
    sharing decision) names the plan; withdrawn consent stops it at once.
    """
    if is_involved(actor, household):
        return True
    return (is_involved(actor, household, InvolvementReason.PARTNER)
            and access_for(actor, household).allows(Category.PLAN))


def due_date_check(due_on: date | None) -> None:
    """A plan action is due at most PLANNING_YEARS ahead and at most a year back (an
    action recorded late, or its old date sent again with a new status); beyond either the
    date outlives the follow-up year and is a typing error."""
    today = timezone.localdate()
    check_between(due_on, field="due_on", earliest=years_from(today, -1),
                  latest=years_from(today, PLANNING_YEARS),
                  message=_("Kies een datum tussen een jaar geleden en %(years)d jaar "
                            "vooruit.") % {"years": PLANNING_YEARS})


def action_add(*, actor: Actor, household: Household, domain: str, description: str,
               responsible_organisation: Organisation, responsible_person: str = "",
               due_on: date | None = None, goal: Goal | None = None) -> Action:
    """Involved partners add their own actions; plan holders may give one to anyone."""
    if not _involved_or_partner(actor, household):
        raise PermissionDenied
    if not actor.has_role(*PLAN_HOLDERS) and responsible_organisation != actor.organisation:
        raise ValidationError({"responsible_organisation": _(
            "Als ketenpartner legt u alleen acties van uw eigen organisatie vast.")})
    due_date_check(due_on)
    plan = plan_of(household)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("Dit doel hoort niet bij dit plan.")})
    with transaction.atomic():
        action = Action.objects.create(
            plan=plan, goal=goal, domain=domain, description=description,
            responsible_organisation=responsible_organisation,
            responsible_person=responsible_person, due_on=due_on, created_by=actor.user)
        ActionChange.objects.create(action=action, to_status=action.status, by=actor.user,
                                    organisation=actor.organisation)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="plan_action",
                   household_uuid=household.uuid, record_uuid=action.uuid)
    return action


def may_update_action(actor: Actor, action: Action) -> bool:
    """The responsible organisation updates its own action; plan holders any action."""
    if actor.organisation is None:
        return False
    return (action.responsible_organisation_id == actor.organisation.pk
            or actor.has_role(*PLAN_HOLDERS))


def action_update(*, actor: Actor, action: Action, status: str, note: str = "",
                  due_on: date | None = None) -> Action:
    from zicht.plans.models import ACTION_TRANSITIONS

    household = action.plan.household
    if not (_involved_or_partner(actor, household) and may_update_action(actor, action)):
        raise PermissionDenied
    if status != action.status and status not in ACTION_TRANSITIONS[action.status]:
        raise ValidationError({"status": _("Van '%(from)s' kan een actie niet naar '%(to)s'.")
                               % {"from": action.get_status_display(),
                                  "to": ActionStatus(status).label}})
    if due_on is not None and due_on != action.due_on:
        due_date_check(due_on)
    with transaction.atomic():
        ActionChange.objects.create(action=action, from_status=action.status, to_status=status,
                                    note=note, by=actor.user, organisation=actor.organisation)
        action.status = status
        if due_on is not None:
            action.due_on = due_on
        action.save(update_fields=["status", "due_on"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="plan_action",
                   household_uuid=household.uuid, record_uuid=action.uuid)
    return action


def scores_record(*, actor: Actor, household: Household, moment: str, scored_on: date,
                  levels: dict[InstrumentDomain, InstrumentLevel]) -> list[SelfRelianceScore]:
    """Score self-reliance per domain at one moment (at departure, later, at the end)."""
    _require_holder(actor, household)
    if not levels:
        raise ValidationError(_("Scoor ten minste één domein."))
    check_between(scored_on, field="scored_on", latest=timezone.localdate(),
                  message=_("Een score ligt niet in de toekomst."))
    for domain, level in levels.items():
        if domain.instrument_id != level.instrument_id:
            raise ValidationError(_("Domein en niveau horen niet bij hetzelfde instrument."))
    plan = plan_of(household)
    with transaction.atomic():
        scores = SelfRelianceScore.objects.bulk_create(
            SelfRelianceScore(plan=plan, domain=d, level=lv, moment=moment, scored_on=scored_on,
                              scored_by=actor.user) for d, lv in levels.items())
        access_log(actor=actor, action=AccessAction.CREATE, record_type="plan_scores",
                   household_uuid=household.uuid, record_uuid=plan.uuid)
    return scores


def condition_add(*, actor: Actor, household: Household, description: str,
                  monitored_by: Organisation, how: str,
                  monitor_person: str = "") -> SafetyCondition:
    """A veiligheidsvoorwaarde in the household's plan: what must hold, who monitors it
    and how. The plan holders involved with the household set it (at a case conference:
    ``conferences.services.conference_condition_add``)."""
    _require_holder(actor, household)
    if not description.strip() or not how.strip():
        raise ValidationError(_("Beschrijf de voorwaarde en hoe erop wordt toegezien."))
    with transaction.atomic():
        condition = SafetyCondition.objects.create(
            plan=plan_of(household), description=description, monitored_by=monitored_by,
            monitor_person=monitor_person, how=how, created_by=actor.user,
            organisation=actor.organisation)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="plan_condition",
                   household_uuid=household.uuid, record_uuid=condition.uuid)
    return condition


def may_review_condition(actor: Actor, condition: SafetyCondition) -> bool:
    """Plan holders review every condition; the monitoring organisation its own."""
    if actor.organisation is None:
        return False
    return (actor.has_role(*PLAN_HOLDERS)
            or condition.monitored_by_id == actor.organisation.pk)


def condition_review(*, actor: Actor, condition: SafetyCondition, outcome: str,
                     moment: str, moment_uuid, note: str = "") -> ConditionReview:
    """Record one check of a condition, at a contact moment or a case conference.

    "No longer needed" ends the condition; an ended condition is not reviewed again.
    """
    household = condition.plan.household
    if not (_involved_or_partner(actor, household) and may_review_condition(actor, condition)):
        raise PermissionDenied
    if condition.status != ConditionStatus.ACTIVE:
        raise ValidationError(_("Deze voorwaarde geldt niet meer."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Kies een uitkomst.")})
    with transaction.atomic():
        review = ConditionReview.objects.create(
            condition=condition, outcome=outcome, note=note, moment=moment,
            moment_uuid=moment_uuid, by=actor.user, organisation=actor.organisation)
        if outcome == ReviewOutcome.NO_LONGER_NEEDED:
            condition.status = ConditionStatus.ENDED
            condition.save(update_fields=["status"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="plan_condition",
                   household_uuid=household.uuid, record_uuid=condition.uuid)
    return review
