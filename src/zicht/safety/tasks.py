"""Background work for safety; the worker itself is issue 3's."""

from django_tasks import task


@task()
def signal_notify(*, signal_id: int) -> None:
    """Tell the coordinating team a "zorg melden" arrived, after the reporter got the receipt.

    Runs for every report, matched or not, so that the request does the same work either way.
    """
    from zicht.safety.services import _notify_coordinators
    from zicht.signals.models import Signal

    signal = Signal.objects.filter(pk=signal_id).first()
    if signal is not None:
        _notify_coordinators(signal)


@task()
def signals_escalate_overdue_task() -> int:
    """The periodic escalation of signals nobody picked up before their deadline."""
    from zicht.safety.services import signals_escalate_overdue

    return signals_escalate_overdue()
