"""The caseload (werkvoorraad): the households the organisation carries, most urgent first.

It lives with the out-of-sight status because it is sorted on it, and it reads the
contacts, the coordinator handovers and the moves, all of which sit below this app.
"""

from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from zicht.contacts.models import ContactMoment
from zicht.directory.actor import Actor
from zicht.households.models import Person, PersonRole
from zicht.households.selectors import visible_households
from zicht.moves.models import Move, MoveState
from zicht.moves.selectors import incoming_moves
from zicht.trajectories.handovers import aftercare_ending_without_successor, incoming_handovers
from zicht.trajectories.models import (
    ACTIVE_PHASES,
    CoordinatorAssignment,
    CoordinatorHandover,
    HandoverState,
    Trajectory,
)


def caseload(actor: Actor, *, households: Iterable[int] | None = None) -> QuerySet[Trajectory]:
    """The active trajectories of the households the actor's organisation carries.

    A fixed number of queries however long the caseload: clients and current coordinators
    are prefetched, last contacts and the handover marks are subqueries, and the
    out-of-sight status (``rhythm.SightStatus``) is joined and sorted on, most urgent
    first. Only households with full access (``visible_households``), so every name shows.
    ``households``: ids the caller already narrowed to (see ``visible_households``).
    """
    contacts = ContactMoment.objects.filter(trajectory=OuterRef("pk")).order_by("-held_on")
    return (
        Trajectory.objects.filter(household__in=visible_households(actor, among=households),
                                  phase__in=ACTIVE_PHASES)
        # What the caseload shows, no more: every related row is a model built per line.
        .select_related("household", "destination_municipality", "sight_status")
        .prefetch_related(*caseload_prefetches())
        # Correlated subqueries (an index lookup per listed trajectory) rather than a
        # GROUP BY over a join with all contacts, which the planner may run for every
        # active trajectory before filtering on involvement.
        .annotate(
            last_reached_contact=Subquery(contacts.filter(reached=True).values("held_on")[:1]),
            in_handover=Exists(Move.objects.filter(trajectory=OuterRef("pk"),
                                                   state=MoveState.REQUESTED)),
            handover_proposed=Exists(CoordinatorHandover.objects.filter(
                trajectory=OuterRef("pk"), state=HandoverState.PROPOSED)),
        )
        # Most urgent first (rhythm.SightStatus), then the contact due soonest.
        .order_by(F("sight_status__level").desc(nulls_last=True),
                  F("sight_status__next_contact_due").asc(nulls_last=True),
                  "phase", "departure_date", "id")
    )


def caseload_prefetches() -> tuple[Prefetch, Prefetch]:
    """A caseload line's clients (``clients``) and current coordinators
    (``current_coordinators``); Vandaag fetches them for the lines it shows only."""
    return (
        Prefetch("household__persons", queryset=Person.objects.filter(role=PersonRole.CLIENT),
                 to_attr="clients"),
        Prefetch("coordinator_assignments",
                 queryset=CoordinatorAssignment.objects.filter(ended_at__isnull=True)
                 .select_related("organisation", "professional"),
                 to_attr="current_coordinators"),
    )


def caseload_extras(actor: Actor, following: list[Trajectory]) -> dict:
    """The aftercare mark on the caseload rows (ending, no successor proposed) and the
    handovers and moves addressed to the actor's organisation, in two queries."""
    today = timezone.localdate()
    for t in following:
        t.aftercare_warning = aftercare_ending_without_successor(t, today)
    return {"incoming": list(incoming_handovers(actor)),
            "incoming_moves": list(incoming_moves(actor))}
