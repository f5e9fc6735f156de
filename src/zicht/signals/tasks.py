"""Background work for signals, run by the worker (``zicht worker``, issue 3).

Thin wrappers: the work itself is in ``signals.escalation``. ``signals.services`` enqueues
``signal_notify``; this module does not import the services, so they do not import each other.
"""

from django_tasks import task

from zicht.signals.escalation import (
    signal_coordinators_notify,
    signals_escalate_overdue,
    signals_warn_due_soon,
)
from zicht.signals.models import Signal


@task()
def signal_notify(*, signal_id: int) -> None:
    """Tell the coordinating team a "zorg melden" arrived, after the reporter got the receipt.

    Runs for every report, matched or not, so that the request does the same work either way.
    """
    signal = Signal.objects.filter(pk=signal_id).first()
    if signal is not None:
        signal_coordinators_notify(signal)


@task()
def signals_escalate_overdue_task() -> int:
    """The periodic escalation of signals nobody picked up before their deadline, and the
    warning shortly before it."""
    signals_warn_due_soon()
    return signals_escalate_overdue()
