from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from zicht.contacts.models import ContactMoment
from zicht.core.actor import Actor
from zicht.households.models import Household, Person, PersonRole
from zicht.households.selectors import visible_households
from zicht.trajectories.models import ACTIVE_PHASES, CoordinatorAssignment, Phase, Trajectory


def current_trajectory(household: Household) -> Trajectory | None:
    """The household's open trajectory, else its most recent one."""
    trajectories = household.trajectories.select_related(
        "shelter", "destination_municipality", "supporter_organisation", "supporter"
    ).order_by("-created_at")
    return trajectories.exclude(phase=Phase.CLOSED).first() or trajectories.first()


def current_coordinator(trajectory: Trajectory) -> CoordinatorAssignment | None:
    return (trajectory.coordinator_assignments.filter(ended_at__isnull=True)
            .select_related("organisation", "professional").first())


def caseload(actor: Actor) -> QuerySet[Trajectory]:
    """The active trajectories of the households the actor's organisation is involved with.

    A fixed number of queries however long the caseload: clients and current coordinators
    are prefetched, last contacts are aggregated in the database, and the out-of-sight
    status (``rhythm.SightStatus``) is joined and sorted on, most urgent first.
    """
    contacts = ContactMoment.objects.filter(trajectory=OuterRef("pk")).order_by("-held_on")
    # The ids first, in a query of their own: joined with the eight relations below,
    # PostgreSQL no longer reorders the joins (join_collapse_limit) and would scan every
    # active trajectory before applying the involvement filter.
    ids = list(Trajectory.objects.filter(household__in=visible_households(actor),
                                         phase__in=ACTIVE_PHASES).values_list("pk", flat=True))
    return (
        Trajectory.objects.filter(pk__in=ids)
        .select_related("household", "destination_municipality", "supporter",
                        "supporter_organisation", "shelter", "sight_status")
        .prefetch_related(
            Prefetch("household__persons", queryset=Person.objects.filter(role=PersonRole.CLIENT),
                     to_attr="clients"),
            Prefetch("coordinator_assignments",
                     queryset=CoordinatorAssignment.objects.filter(ended_at__isnull=True)
                     .select_related("organisation", "professional"),
                     to_attr="current_coordinators"),
        )
        # Correlated subqueries (an index lookup per listed trajectory) rather than a
        # GROUP BY over a join with all contacts, which the planner may run for every
        # active trajectory before filtering on involvement.
        .annotate(
            last_reached_contact=Subquery(contacts.filter(reached=True).values("held_on")[:1]),
            last_contact_attempt=Subquery(contacts.values("held_on")[:1]),
        )
        # Most urgent first (rhythm.SightStatus), then the contact due soonest.
        .order_by(F("sight_status__level").desc(nulls_last=True),
                  F("sight_status__next_contact_due").asc(nulls_last=True),
                  "phase", "departure_date", "id")
    )


def caseload_extras(actor: Actor, following: list[Trajectory]) -> dict:
    """Marks on the caseload rows ("in overdracht", aftercare ending without a successor)
    and the incoming handovers, in a fixed number of queries."""
    from django.utils import timezone

    from zicht.moves.selectors import households_in_handover, incoming_moves
    from zicht.trajectories.handovers import (
        aftercare_ending_without_successor,
        incoming_handovers,
    )
    from zicht.trajectories.models import CoordinatorHandover, HandoverState

    today = timezone.localdate()
    moving = households_in_handover([t.household_id for t in following])
    proposed = set(CoordinatorHandover.objects.filter(
        state=HandoverState.PROPOSED, trajectory__in=following,
    ).values_list("trajectory_id", flat=True))
    for t in following:
        t.in_handover = t.household_id in moving
        t.open_handovers = [t.pk] if t.pk in proposed else []
        t.aftercare_warning = aftercare_ending_without_successor(t, today)
    return {"incoming": list(incoming_handovers(actor)),
            "incoming_moves": list(incoming_moves(actor))}
