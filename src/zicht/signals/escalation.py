"""Who hears of a signal: the coordinating team when it arrives, and its team lead when
nobody picked it up before the deadline (issue 4). Mail says only that there is something new.

Plain functions: ``signals.services`` calls them as a signal is reported, and the tasks in
``signals.tasks`` (the worker's periodic escalation, the notice after "zorg melden") run them
in the background. This module imports neither, so the two do not import each other.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Role
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send
from zicht.safety.services import CARE_ROLES
from zicht.signals.models import Signal, Step
from zicht.trajectories.models import CoordinatorAssignment


def signal_coordinators_notify(signal: Signal) -> None:
    """Tell the coordinating team's care professionals there is a new signal: in their
    inbox ("Berichten", leading to the signal) and by a content-free e-mail."""
    if signal.coordinator_organisation_id and signal.household_id:
        recipients = Membership.objects.filter(
            organisation_id=signal.coordinator_organisation_id, active=True,
            role__in=CARE_ROLES).values_list("user_id", flat=True).distinct()
        notifications_send([(r, NotificationKind.SIGNAL_NEW, signal.household_id)
                            for r in recipients],
                           link=reverse("signals:signal", args=[signal.uuid]))


def signal_acute_notify(signal: Signal, *, actor: Actor | None = None) -> None:
    """An acute signal: the coordinator (else the coordinating team) and its team lead are
    told in their inbox, leading to the signal; not the one who judged it acute."""
    assignment = (CoordinatorAssignment.objects.filter(
        trajectory_id=signal.trajectory_id, ended_at__isnull=True).first()
        if signal.trajectory_id else None)
    roles = [Role.TEAM_LEAD] if assignment and assignment.professional_id else CARE_ROLES
    recipients = set(Membership.objects.filter(
        organisation_id=signal.coordinator_organisation_id, active=True,
        role__in=roles).values_list("user_id", flat=True))
    if assignment and assignment.professional_id:
        recipients.add(assignment.professional_id)
    recipients.discard(actor.user.pk if actor else None)
    notifications_send([(r, NotificationKind.SIGNAL_NEW, signal.household_id)
                        for r in sorted(recipients)],
                       link=reverse("signals:signal", args=[signal.uuid]))


def overdue_signals(now: datetime | None = None) -> QuerySet[Signal]:
    """Signals nobody picked up before their deadline, not yet escalated."""
    now = now or timezone.now()
    return Signal.objects.filter(step=Step.RECEIVED, due_at__lt=now, escalated_at__isnull=True,
                                 closed_at__isnull=True,
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
