from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext

from zicht.core.events import OpenWork
from zicht.directory.actor import Actor
from zicht.households.models import Household
from zicht.households.selectors import visible_households
from zicht.plans.models import LifeDomain
from zicht.stagnations.models import Rung, Stagnation
from zicht.stagnations.services import holds_doorzettingsmacht, sees_stagnation_counts
from zicht.trajectories.models import Trajectory


def household_stagnations(household: Household) -> QuerySet[Stagnation]:
    return household.stagnations.select_related("recorded_by", "organisation").order_by(
        "resolved_on", "since", "id")


def open_stagnations_for_handover(household: Household) -> QuerySet[Stagnation]:
    return household.stagnations.filter(resolved_on__isnull=True)


def municipality_overview(actor: Actor) -> QuerySet[Stagnation]:
    """The stagnations escalated to the actor's municipality and still open, for its
    contact with doorzettingsmacht: by reference and chosen fields, never a name."""
    org = actor.organisation
    if org is None or not holds_doorzettingsmacht(actor, org.municipality_id):
        return Stagnation.objects.none()
    return (Stagnation.objects.filter(municipality_id=org.municipality_id,
                                      resolved_on__isnull=True, rung=Rung.MUNICIPALITY)
            .select_related("household", "stuck_organisation").order_by("domain", "since", "id"))


#: The age bands of the counts: the coordinator's rung lasts 14 days, the municipality's 28.
AGE_BANDS = ((0, 14), (14, 42), (42, 91), (91, None))


@dataclass(frozen=True)
class DomainCount:
    domain: str
    label: str
    total: int
    escalated: int
    by_age: tuple[int, ...]


def municipality_counts(actor: Actor, today: date) -> list[DomainCount]:
    """Open stagnations in the actor's municipality per domain and age band, for its
    policy staff: counts only, no household, no text (issue 18, point 11)."""
    org = actor.organisation
    if org is None or not sees_stagnation_counts(actor, org.municipality_id):
        return []
    bands = {}
    for i, (low, high) in enumerate(AGE_BANDS):
        q = Q(since__lte=today - timedelta(days=low))
        if high is not None:
            q &= Q(since__gt=today - timedelta(days=high))
        bands[f"band{i}"] = Count("id", filter=q)
    rows = (Stagnation.objects.filter(municipality_id=org.municipality_id,
                                      resolved_on__isnull=True)
            .values("domain").order_by("domain")
            .annotate(total=Count("id"), escalated=Count("id", filter=Q(
                rung=Rung.MUNICIPALITY)), **bands))
    return [DomainCount(domain=row["domain"], label=LifeDomain(row["domain"]).label,
                        total=row["total"], escalated=row["escalated"],
                        by_age=tuple(row[f"band{i}"] for i in range(len(AGE_BANDS))))
            for row in rows]


def stagnation_for(actor: Actor, stagnation_uuid: UUID | str) -> Stagnation:
    """A stagnation of a household the actor is involved with, or escalated to their
    municipality when they hold doorzettingsmacht; anything else is 404."""
    try:
        stagnation = Stagnation.objects.select_related(
            "household", "stuck_organisation").get(uuid=stagnation_uuid)
    except (Stagnation.DoesNotExist, ValidationError):
        raise Http404 from None
    if visible_households(actor, among=[stagnation.household_id]).exists() or (
            stagnation.rung == Rung.MUNICIPALITY
            and holds_doorzettingsmacht(actor, stagnation.municipality_id)):
        return stagnation
    raise Http404


def age_in_days(stagnation: Stagnation, today: date) -> int:
    return ((stagnation.resolved_on or today) - stagnation.since).days


def open_work_on_closing(trajectory: Trajectory) -> list[OpenWork]:
    """Unresolved stagnations (``trajectory_closing``): help that stalls with nobody left."""
    household = trajectory.household
    count = open_stagnations_for_handover(household).count()
    if not count:
        return []
    return [OpenWork(ngettext("%(n)d stagnatie die niet is opgelost",
                              "%(n)d stagnaties die niet zijn opgelost", count) % {"n": count},
                     reverse("stagnations:household", args=[household.uuid]))]
