"""Running the task worker and the periodic scans, as ``zicht worker`` or inside ``zicht demo``.

django-tasks-db's worker claims each task with ``SELECT ... FOR UPDATE SKIP LOCKED`` (an
exclusive transaction on SQLite), so any number of workers can run side by side.
"""

import logging
import threading
import time
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from zicht.rhythm.tasks import SCAN_INTERVAL_SECONDS, sight_scan_task

logger = logging.getLogger(__name__)


def make_worker(*, interval: float = 1.0, batch: bool = False,
                max_tasks: int | None = None) -> Worker:
    return Worker(queue_names=["default"], interval=interval, batch=batch,
                  backend_name="default", startup_delay=False, max_tasks=max_tasks,
                  worker_id=get_random_string(32), excluded_queue_names=[])


def enqueue_scan_if_due(interval_seconds: int = SCAN_INTERVAL_SECONDS) -> bool:
    """Enqueue the scan unless one was enqueued within the interval (by any worker)."""
    since = timezone.now() - timedelta(seconds=interval_seconds)
    recent = DBTaskResult.objects.filter(task_path=sight_scan_task.module_path,
                                         enqueued_at__gte=since)
    if recent.exists():
        return False
    sight_scan_task.enqueue()
    return True


def scheduler_loop(stop: threading.Event, *, interval_seconds: int = SCAN_INTERVAL_SECONDS,
                   tick: float = 30.0) -> None:
    while not stop.is_set():
        try:
            enqueue_scan_if_due(interval_seconds)
        except Exception:  # keep scheduling; the next tick tries again
            logger.exception("Could not enqueue the periodic scan")
        finally:
            close_old_connections()
        stop.wait(tick)


def start_in_background() -> tuple[Worker, threading.Event]:
    """For ``zicht demo``: the worker and the scheduler as daemon threads in this process."""
    worker = make_worker()
    stop = threading.Event()
    threading.Thread(target=worker.run, name="zicht-worker", daemon=True).start()
    threading.Thread(target=scheduler_loop, args=(stop,), name="zicht-scheduler",
                     daemon=True).start()
    return worker, stop


def run_forever(*, interval_seconds: int = SCAN_INTERVAL_SECONDS) -> None:
    """For ``zicht worker``: scheduler in a thread, worker in the foreground until Ctrl+C."""
    stop = threading.Event()
    threading.Thread(target=scheduler_loop, args=(stop,),
                     kwargs={"interval_seconds": interval_seconds},
                     name="zicht-scheduler", daemon=True).start()
    worker = make_worker()
    try:
        worker.run()
    except KeyboardInterrupt:
        pass
    finally:
        worker.running = False
        stop.set()
        time.sleep(0)
