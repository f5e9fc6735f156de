"""Who hears of a signal: the coordinating team when it arrives, and its team lead when
nobody picked it up before the deadline (issue 4). Mail says only that there is something new.

Plain functions: ``signals.services`` calls them as a signal is reported, and the tasks in
``signals.tasks`` (the worker's periodic escalation, the notice after "zorg melden") run them
in the background. This module imports neither, so the two do not import each other.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Role
from zicht.notifications.models import Notification, NotificationKind
from zicht.notifications.services import notifications_send
from zicht.safety.services import CARE_ROLES
from zicht.signals.models import Signal, Step
from zicht.trajectories.models import CoordinatorAssignment

# The kinds that ask the coordinating team to pick a signal up; picking it up answers them.
PICK_UP_KINDS = (NotificationKind.SIGNAL_NEW, NotificationKind.SIGNAL_DUE_SOON,
                 NotificationKind.SIGNAL_OVERDUE)


def signal_link(signal: Signal) -> str:
    return reverse("signals:signal", args=[signal.uuid])


def signal_coordinators_notify(signal: Signal, kind: str = NotificationKind.SIGNAL_NEW,
                               roles: tuple[str, ...] = CARE_ROLES) -> None:
    """Tell the coordinating team's care professionals (or only those in ``roles``) about
    the signal: in their inbox ("Berichten", leading to the signal) and by a content-free
    e-mail."""
    if signal.coordinator_organisation_id and signal.household_id:
        recipients = Membership.objects.filter(
            organisation_id=signal.coordinator_organisation_id, active=True,
            role__in=roles).values_list("user_id", flat=True).distinct()
        notifications_send([(r, kind, signal.household_id) for r in recipients],
                           link=signal_link(signal))


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
    The team lead finds "Signaal niet op tijd opgepakt" in the inbox (issue 13), leading
    to the signal; the e-mail says only that there is something new.
    """
    now = now or timezone.now()
    with transaction.atomic():
        signals = list(overdue_signals(now).select_for_update())
        Signal.objects.filter(pk__in=[s.pk for s in signals]).update(escalated_at=now)
        for signal in signals:
            signal_coordinators_notify(signal, NotificationKind.SIGNAL_OVERDUE,
                                       roles=(Role.TEAM_LEAD,))
    return len(signals)


def signals_warn_due_soon(now: datetime | None = None) -> int:
    """Warn the coordinating team once that a signal's deadline is near (issue 13).

    "Near" is ``ZICHT_SIGNAL_DUE_SOON_HOURS`` (default 8) before the deadline: the end of
    the day it falls on, so the warning comes in the afternoon of the working day. A
    signal whose whole term is shorter than that (acute, reported late in the day) is not
    warned: the message that it arrived is still fresh.
    """
    now = now or timezone.now()
    soon = timedelta(hours=getattr(settings, "ZICHT_SIGNAL_DUE_SOON_HOURS", 8))
    with transaction.atomic():
        candidates = list(
            Signal.objects.filter(step=Step.RECEIVED, closed_at__isnull=True,
                                  escalated_at__isnull=True, household__isnull=False,
                                  coordinator_organisation__isnull=False,
                                  due_at__gte=now, due_at__lte=now + soon,
                                  received_at__lt=F("due_at") - soon).select_for_update())
        warned = set(Notification.objects.filter(
            kind=NotificationKind.SIGNAL_DUE_SOON,
            link__in=[signal_link(s) for s in candidates]).values_list("link", flat=True))
        signals = [s for s in candidates if signal_link(s) not in warned]
        for signal in signals:
            signal_coordinators_notify(signal, NotificationKind.SIGNAL_DUE_SOON)
    return len(signals)
