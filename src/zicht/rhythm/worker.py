"""Running the task worker and the periodic tasks, as ``zicht worker`` or inside ``zicht demo``.

django-tasks-db's worker claims each task with ``SELECT ... FOR UPDATE SKIP LOCKED`` (an
exclusive transaction on SQLite), so any number of workers can run side by side. A task
killed with its worker leaves no half-done work (each task writes in transactions), and
another worker runs it again once the lost worker has not been seen for a while.
"""

import logging
import os
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from zicht.rhythm.models import TaskWorker
from zicht.rhythm.tasks import SCAN_INTERVAL_SECONDS, sight_scan_task

logger = logging.getLogger(__name__)

SIGNAL_ESCALATION_INTERVAL_SECONDS = 5 * 60
# The bundled inbox mail waits for the 15 minutes between mails to pass; checking every
# minute sends it at most a minute late.
INBOX_MAIL_INTERVAL_SECONDS = 60
DAY = 24 * 3600
SCHEDULER_TICK_SECONDS = 30.0


def lost_after() -> timedelta:
    """How long a worker may go unseen before its running tasks are given to another.
    Several ticks, so that a busy database does not make a live worker look lost."""
    return timedelta(seconds=int(os.environ.get("ZICHT_WORKER_LOST_SECONDS", "300")))


def make_worker(*, interval: float = 1.0, batch: bool = False,
                max_tasks: int | None = None, worker_id: str | None = None) -> Worker:
    return Worker(queue_names=["default"], interval=interval, batch=batch,
                  backend_name="default", startup_delay=False, max_tasks=max_tasks,
                  worker_id=worker_id or get_random_string(32), excluded_queue_names=[])


def worker_seen(worker_id: str) -> None:
    TaskWorker.objects.update_or_create(worker_id=worker_id,
                                        defaults={"seen_at": timezone.now()})


@transaction.atomic
def tasks_reclaim_lost() -> int:
    """Put the tasks of lost workers back in the queue; how many. A task's last worker id
    is the one running it; a worker that never said it was alive counts as lost too."""
    cutoff = timezone.now() - lost_after()
    alive = set(TaskWorker.objects.filter(seen_at__gte=cutoff)
                .values_list("worker_id", flat=True))
    lost = [result.pk for result in
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            if not result.worker_ids or result.worker_ids[-1] not in alive]
    if lost:
        DBTaskResult.objects.filter(pk__in=lost).update(status=TaskResultStatus.READY,
                                                        started_at=None)
        logger.warning("Requeued %d task(s) of a lost worker", len(lost))
    TaskWorker.objects.filter(seen_at__lt=timezone.now() - 10 * lost_after()).delete()
    return len(lost)


# Periodic tasks of the apps above this one (which the worker may not import), added by
# them in their ``AppConfig.ready`` (the cooperation agreements' review reminder).
_registered: list[tuple[Task, int]] = []


def periodic_task_register(task: Task, interval_seconds: int) -> None:
    if all(t.module_path != task.module_path for t, _i in _registered):
        _registered.append((task, interval_seconds))


def periodic_tasks(scan_interval: int = SCAN_INTERVAL_SECONDS) -> list[tuple[Task, int]]:
    """What the worker starts by itself, and every how many seconds.

    The scan notices who drops out of sight (issue 3); a signal nobody picked up before
    its deadline goes to the team lead (issue 4: acute ones are due the same day, so this
    runs often); the inbox mails what waited out the 15 minutes between two mails to one
    professional (issue 13); retention pseudonymises and removes closed households
    (issue 6); and the task results themselves are pruned, or the table grows by a hundred
    rows a day.
    """
    from zicht.access.tasks import retention
    from zicht.core.tasks import submissions_prune, task_results_prune
    from zicht.notifications.tasks import notifications_mail_pending_task
    from zicht.signals.tasks import signals_escalate_overdue_task

    return [
        (sight_scan_task, scan_interval),
        (signals_escalate_overdue_task, SIGNAL_ESCALATION_INTERVAL_SECONDS),
        (notifications_mail_pending_task, INBOX_MAIL_INTERVAL_SECONDS),
        (retention, DAY),
        (task_results_prune, DAY),
        (submissions_prune, DAY),
        *_registered,
    ]


def enqueue_if_due(task: Task, interval_seconds: int) -> bool:
    """Enqueue the task unless it was enqueued within the interval (by any worker)."""
    since = timezone.now() - timedelta(seconds=interval_seconds)
    if DBTaskResult.objects.filter(task_path=task.module_path, enqueued_at__gte=since).exists():
        return False
    task.enqueue()
    return True


def enqueue_due(scan_interval: int = SCAN_INTERVAL_SECONDS) -> list[str]:
    """Enqueue every periodic task that is due; their names, for the log."""
    return [task.name for task, interval in periodic_tasks(scan_interval)
            if enqueue_if_due(task, interval)]


def scheduler_loop(stop: threading.Event, *, worker_id: str,
                   interval_seconds: int = SCAN_INTERVAL_SECONDS,
                   tick: float = SCHEDULER_TICK_SECONDS) -> None:
    """Every tick: say this worker is alive, take over the tasks of lost ones, and
    enqueue the periodic tasks that are due."""
    while not stop.is_set():
        try:
            worker_seen(worker_id)
            tasks_reclaim_lost()
            enqueue_due(interval_seconds)
        except Exception:  # keep scheduling; the next tick tries again
            logger.exception("Could not enqueue the periodic tasks")
        finally:
            close_old_connections()
        stop.wait(tick)


def start_in_background() -> tuple[Worker, threading.Event]:
    """For ``zicht demo``: the worker and the scheduler as daemon threads in this process."""
    worker = make_worker()
    stop = threading.Event()
    threading.Thread(target=worker.run, name="zicht-worker", daemon=True).start()
    threading.Thread(target=scheduler_loop, args=(stop,),
                     kwargs={"worker_id": worker.worker_id}, name="zicht-scheduler",
                     daemon=True).start()
    return worker, stop


def run_forever(*, interval_seconds: int = SCAN_INTERVAL_SECONDS) -> None:
    """For ``zicht worker``: scheduler in a thread, worker in the foreground until Ctrl+C."""
    stop = threading.Event()
    worker = make_worker()
    worker_seen(worker.worker_id)  # before its first task, so it never looks lost
    threading.Thread(target=scheduler_loop, args=(stop,),
                     kwargs={"interval_seconds": interval_seconds,
                             "worker_id": worker.worker_id},
                     name="zicht-scheduler", daemon=True).start()
    try:
        worker.run()
    except KeyboardInterrupt:
        pass
    finally:
        worker.running = False
        stop.set()
        time.sleep(0)
