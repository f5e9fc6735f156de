"""Open work follows the household when a move is accepted (issue 12).

Seed 001 (2.1, 3.3, 4.2): families drop out of sight at the handover, above all when they
move; partners must know where to take a worry. So in the transaction that accepts the
move, everything still open goes to the organisation and professional who now carry the
household, and those who step back are told what they handed over (by kind, never by
content). The contact rhythm and planned contacts belong to the trajectory, which moves
as a whole; the out-of-sight status is recomputed once the acceptance commits.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from zicht.directory.actor import Actor
from zicht.directory.models import Municipality
from zicht.moves.models import Move
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send
from zicht.plans.models import Action, ActionStatus
from zicht.stagnations.models import Rung, StagnationStep
from zicht.stagnations.services import municipality_contacts

OPEN_ACTION = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


def doorzettingsmacht_holders(municipality: Municipality) -> list[int]:
    """Those ``stagnations`` tells of an escalation in the municipality."""
    return municipality_contacts(municipality.pk)[0]


def open_work_follow(*, actor: Actor, move: Move, from_organisation_ids: set[int]) -> None:
    """Hand the open stagnations and plan actions to the new municipality and coordinator.

    Called by ``move_accept`` inside its transaction, after the new team became supporter
    and coordinator. ``from_organisation_ids`` are the organisations that step back.
    """
    trajectory = move.trajectory
    household = trajectory.household
    coordinator_id = trajectory.supporter_id

    stagnations = list(household.stagnations.filter(resolved_on__isnull=True))
    note = _("Overgedragen aan de gemeente %(m)s bij de verhuizing.") % {
        "m": move.to_municipality.name}
    StagnationStep.objects.bulk_create(
        StagnationStep(stagnation=s, rung=s.rung, deadline=s.deadline, note=note, by=actor.user)
        for s in stagnations)
    household.stagnations.filter(resolved_on__isnull=True).update(
        municipality=move.to_municipality)
    if any(s.rung == Rung.MUNICIPALITY for s in stagnations):
        # An escalation to the old municipality becomes one to the new; the old one is told
        # it was handed over, without the household (it no longer has anything to open).
        notifications_send([(u, NotificationKind.STAGNATION_HANDED_OVER, None)
                            for u in doorzettingsmacht_holders(move.from_municipality)])
        notifications_send([(u, NotificationKind.STAGNATION_HANDED_OVER, None)
                            for u in doorzettingsmacht_holders(move.to_municipality)],
                           link=reverse("stagnations:overview"))

    if Action.objects.filter(Q(responsible_organisation_id__in=from_organisation_ids),
                             plan__household=household, status__in=OPEN_ACTION).exists():
        # The new coordinator decides per action: take it over, or close it.
        notifications_send([(coordinator_id, NotificationKind.ACTIONS_TO_TAKE_OVER,
                             household.pk)],
                           link=reverse("plans:detail", args=[household.uuid]))
