from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import ngettext

from zicht.access.policy import Access
from zicht.core.events import OpenWork
from zicht.households.models import Household, Involvement
from zicht.plans.models import (
    Action,
    ActionStatus,
    ConditionStatus,
    Goal,
    Instrument,
    InstrumentDomain,
    Plan,
    SafetyCondition,
    SelfRelianceScore,
)
from zicht.trajectories.models import Trajectory


def is_partner_view(access: Access) -> bool:
    """A connected partner's view (``Access.is_partner_view``): the partner sees goals and
    actions, not the scores."""
    return access.is_partner_view


def default_instrument() -> Instrument | None:
    return Instrument.objects.filter(is_default=True).first()


@dataclass(frozen=True)
class DomainTrend:
    domain: InstrumentDomain
    scores: list[SelfRelianceScore]

    @property
    def direction(self) -> str:
        """"up", "down", "same" or "" (fewer than two scores)."""
        if len(self.scores) < 2:
            return ""
        first, last = self.scores[0].level.value, self.scores[-1].level.value
        return "up" if last > first else "down" if last < first else "same"


def plan_view(household: Household) -> dict:
    """Everything the plan page shows, in a fixed number of queries."""
    plan = Plan.objects.filter(household=household).first()
    if plan is None:
        return {"plan": None, "goals": [], "actions": [], "trends": [], "conditions": []}
    goals = list(Goal.objects.filter(plan=plan).select_related("person", "organisation"))
    actions = list(Action.objects.filter(plan=plan).select_related(
        "responsible_organisation", "goal").prefetch_related("history__by"))
    # An open action of an organisation that no longer carries the household (after a
    # move or a change of coordinator) is for the coordinator to take over or close.
    involved = set(Involvement.objects.current().filter(household=household)
                   .values_list("organisation_id", flat=True))
    for action in actions:
        action.to_take_over = (action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
                               and action.responsible_organisation_id not in involved)
    scores = list(SelfRelianceScore.objects.filter(plan=plan).select_related("domain", "level"))
    by_domain: dict[int, list[SelfRelianceScore]] = {}
    for score in scores:
        by_domain.setdefault(score.domain_id, []).append(score)
    trends = [DomainTrend(domain=s[0].domain, scores=s) for s in by_domain.values()]
    conditions = conditions_of(household)
    return {"plan": plan, "goals": goals, "actions": actions, "trends": trends,
            "conditions": conditions}


def conditions_of(household: Household, *, active_only: bool = False) -> list[SafetyCondition]:
    """The household's veiligheidsvoorwaarden with their reviews, the active ones first;
    ``last_review`` is the latest check (or None)."""
    conditions = SafetyCondition.objects.filter(plan__household=household).select_related(
        "monitored_by").prefetch_related("reviews__by", "reviews__organisation")
    if active_only:
        conditions = conditions.filter(status=ConditionStatus.ACTIVE)
    result = sorted(conditions, key=lambda c: c.status != ConditionStatus.ACTIVE)
    for condition in result:
        reviews = list(condition.reviews.all())
        condition.last_review = reviews[-1] if reviews else None
    return result


def open_work_on_closing(trajectory: Trajectory) -> list[OpenWork]:
    """Plan actions still planned or under way (``trajectory_closing``): someone is still
    counting on them, so each is marked done or dropped (vervallen) before the close."""
    household = trajectory.household
    count = Action.objects.filter(plan__household=household, status__in=(
        ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)).count()
    if not count:
        return []
    return [OpenWork(ngettext("%(n)d actie in het plan die nog open staat",
                              "%(n)d acties in het plan die nog open staan", count)
                     % {"n": count}, reverse("plans:detail", args=[household.uuid]))]
