"""Background work: django-tasks with django-tasks-db's database worker."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from zicht.rhythm.models import SightStatus
from zicht.rhythm.tasks import SCAN_INTERVAL_SECONDS, sight_scan_task
from zicht.rhythm.worker import (
    enqueue_due,
    enqueue_if_due,
    make_worker,
    tasks_reclaim_lost,
    worker_seen,
)

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
    assert enqueue_if_due(sight_scan_task, SCAN_INTERVAL_SECONDS) is True
    assert enqueue_if_due(sight_scan_task, SCAN_INTERVAL_SECONDS) is False  # already queued
    make_worker(interval=0, batch=True).run()
    result = DBTaskResult.objects.get(task_path=sight_scan_task.module_path)
    assert result.status == "SUCCESSFUL"
    assert result.return_value["trajectories"] == 1
    assert SightStatus.objects.filter(trajectory__household=household).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_starts_every_periodic_task_once_per_interval(time_machine):
    assert set(enqueue_due()) == {"sight_scan_task", "signals_escalate_overdue_task",
                                  "notifications_mail_pending_task",
                                  "retention", "task_results_prune", "submissions_prune",
                                  "agreements_review_remind_task"}
    assert enqueue_due() == []
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    # every five minutes; the bundled inbox mail every minute
    assert set(enqueue_due()) == {"signals_escalate_overdue_task",
                                  "notifications_mail_pending_task"}
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    assert set(enqueue_due()) == {"sight_scan_task", "signals_escalate_overdue_task",
                                  "notifications_mail_pending_task"}
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert "retention" in enqueue_due()
    make_worker(interval=0, batch=True).run()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db
def test_old_task_results_are_pruned_and_failures_kept_longer(time_machine):
    from zicht.core.tasks import task_results_prune

    def finished(days_ago: int, status: str) -> DBTaskResult:
        result = DBTaskResult.objects.get(id=count_run.enqueue(days_ago).id)
        DBTaskResult.objects.filter(pk=result.pk).update(
            status=status, finished_at=timezone.now() - timedelta(days=days_ago))
        return result

    finished(15, "SUCCESSFUL"), finished(31, "FAILED")  # these go
    recent, failure = finished(13, "SUCCESSFUL"), finished(20, "FAILED")
    task_results_prune.call()
    assert set(DBTaskResult.objects.filter(task_path=count_run.module_path)) == {recent, failure}


def _running(worker_id: str, minutes_ago: int) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=count_run.enqueue(1).id)
    result.claim(worker_id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago))
    return result


def test_a_task_of_a_lost_worker_goes_back_in_the_queue(db, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    worker_seen("lost-worker")
    time_machine.shift(timedelta(minutes=10))  # longer than ZICHT_WORKER_LOST_SECONDS
    worker_seen("live-worker")
    lost = _running("lost-worker", minutes_ago=9)
    busy = _running("live-worker", minutes_ago=9)  # a long task of a live worker
    never_seen = _running("gone-before-it-said-so", minutes_ago=9)
    just_started = _running("lost-worker", minutes_ago=0)

    assert tasks_reclaim_lost() == 2

    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[lost.pk] == statuses[never_seen.pk] == "READY"
    assert statuses[busy.pk] == statuses[just_started.pk] == "RUNNING"
