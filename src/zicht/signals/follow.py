"""Open signals follow the household to whoever coordinates it now (issue 12).

Seed 001 (4.2): partners must be able to take a worry to the coordinator. When the
coordinator changes (an assignment, an accepted handover, an accepted move), every open
signal goes to the new coordinator's organisation with its meldcode step and deadline,
in the same transaction, and the new coordinator finds them in "Berichten". Reports to
Veilig Thuis stay with the household: whoever carries it now opens them.
"""

from django.urls import reverse
from django.utils.translation import ngettext

from zicht.core.events import OpenWork
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send
from zicht.signals.models import ReportStatus, Signal, VeiligThuisReport
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


def open_work_on_closing(trajectory: Trajectory) -> list[OpenWork]:
    """Open signals and reports still awaiting Veilig Thuis's answer (``trajectory_closing``):
    a worry nobody decided on, or feedback nobody would receive."""
    household = trajectory.household
    url = reverse("safety:overview", args=[household.uuid])
    work = []
    signals = Signal.objects.filter(household=household, closed_at__isnull=True).count()
    if signals:
        work.append(OpenWork(ngettext("%(n)d open signaal", "%(n)d open signalen", signals)
                             % {"n": signals}, url))
    reports = VeiligThuisReport.objects.filter(
        household=household, status__in=(ReportStatus.SENT, ReportStatus.RECEIVED)).count()
    if reports:
        work.append(OpenWork(ngettext(
            "%(n)d melding bij Veilig Thuis die nog op terugkoppeling wacht",
            "%(n)d meldingen bij Veilig Thuis die nog op terugkoppeling wachten", reports)
            % {"n": reports}, url))
    return work
