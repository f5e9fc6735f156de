"""Background work: django-tasks with django-tasks-db's database worker."""

import threading
import time

import pytest
from django.db import connection, connections
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from zicht.rhythm.models import SightStatus
from zicht.rhythm.tasks import sight_scan_task
from zicht.rhythm.worker import enqueue_scan_if_due, make_worker

RUNS: list[int] = []
RUNS_LOCK = threading.Lock()


@task()
def count_run(number: int) -> int:
    """A task whose every run is counted, to see that none runs twice."""
    with RUNS_LOCK:
        RUNS.append(number)
    time.sleep(0.005)
    return number


def _run_worker() -> None:
    try:
        make_worker(interval=0, batch=True).run()
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_run_the_same_task_twice():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the property under test is SELECT ... FOR UPDATE SKIP "
                    "LOCKED between two connections; SQLite serialises its single writer")
    RUNS.clear()
    for number in range(60):
        count_run.enqueue(number)
    workers = [threading.Thread(target=_run_worker) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(RUNS) == list(range(60))
    results = DBTaskResult.objects.filter(task_path=count_run.module_path)
    assert results.count() == 60
    assert all(r.status == "SUCCESSFUL" and len(r.worker_ids) == 1 for r in results)
    assert len({r.worker_ids[0] for r in results}) == 2  # both workers took part


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_periodic_scan(household):
    assert enqueue_scan_if_due() is True
    assert enqueue_scan_if_due() is False  # already enqueued within the interval
    make_worker(interval=0, batch=True).run()
    result = DBTaskResult.objects.get(task_path=sight_scan_task.module_path)
    assert result.status == "SUCCESSFUL"
    assert result.return_value["trajectories"] == 1
    assert SightStatus.objects.filter(trajectory__household=household).exists()
