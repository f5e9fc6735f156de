"""Open signals follow the household to whoever coordinates it now (issue 12).

Seed 001 (4.2): partners must be able to take a worry to the coordinator. When the
coordinator changes (an assignment, an accepted handover, an accepted move), every open
signal goes to the new coordinator's organisation with its meldcode step and deadline,
in the same transaction, and the new coordinator finds them in "Berichten". Reports to
Veilig Thuis stay with the household: whoever carries it now opens them.
"""

from django.urls import reverse

from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send
from zicht.signals.models import Signal
from zicht.trajectories.models import CoordinatorAssignment, Trajectory


def open_signals_follow(*, trajectory: Trajectory, assignment: CoordinatorAssignment) -> int:
    moved = (Signal.objects.filter(household_id=trajectory.household_id,
                                   closed_at__isnull=True)
             .exclude(coordinator_organisation_id=assignment.organisation_id)
             .update(coordinator_organisation_id=assignment.organisation_id,
                     trajectory=trajectory))
    if moved and assignment.professional_id:
        notifications_send([(assignment.professional_id, NotificationKind.SIGNAL_HANDED_OVER,
                             trajectory.household_id)], link=reverse("signals:signals"))
    return moved
