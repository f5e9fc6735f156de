"""Faults with real processes (issue 14, point 6): a task worker killed with kill -9 in
the middle of a task leaves nothing half done, and another worker runs the task again,
once. On SQLite always; on PostgreSQL when the suite runs there."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

from tests.operations.conftest import (
    ROOT,
    needs_postgresql,
    zicht,
    zicht_env,
)

TASK = "tests.operations.fault_tasks.write_then_wait"


def query(env: dict, sql: str, *params) -> list[tuple]:
    """Read the installation's database from outside its processes."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()
    with sqlite3.connect(os.path.join(env["ZICHT_DATA_DIR"], "zicht.sqlite3")) as conn:
        return conn.execute(sql, params).fetchall()


def task_state(env: dict) -> tuple[str, list] | None:
    import json

    rows = query(env, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                      "WHERE task_path = ? ORDER BY enqueued_at DESC", TASK)
    if not rows:
        return None
    status, worker_ids = rows[0]
    return status, worker_ids if isinstance(worker_ids, list) else json.loads(worker_ids)


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "zicht", "worker"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def wait_for(predicate, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout} s for {what}")


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def killed_worker_drill(env: dict) -> None:
    key = uuid.uuid4().hex
    enqueued = zicht(env, "shell", "-c", "from tests.operations.fault_tasks import "
                     f"write_then_wait; write_then_wait.enqueue({key!r}, 120)")
    assert enqueued.returncode == 0, enqueued.stderr

    first = start_worker(env)
    try:
        wait_for(lambda: (task_state(env) or ("",))[0] == "RUNNING", "the task to start")
        time.sleep(1)  # inside the task's transaction, the row written, not committed
    finally:
        stop(first, signal.SIGKILL)
    assert first.returncode == -signal.SIGKILL
    assert task_state(env)[0] == "RUNNING"  # as the killed worker left it
    assert query(env, "SELECT count(*) FROM core_submission WHERE key = ?", key) == [(0,)]

    time.sleep(2)  # longer than ZICHT_WORKER_LOST_SECONDS: the first worker is lost
    second = start_worker(env)
    try:
        wait_for(lambda: (task_state(env) or ("",))[0] == "SUCCESSFUL",
                 "another worker to run the task again")
    finally:
        stop(second)
    status, worker_ids = task_state(env)
    assert len(worker_ids) == 2 and worker_ids[0] != worker_ids[1]  # once more, not twice
    assert query(env, "SELECT count(*) FROM core_submission WHERE key = ?", key) == [(1,)]


def test_a_worker_killed_mid_task_leaves_nothing_and_the_task_runs_again_once(
        sqlite_install):
    killed_worker_drill(zicht_env(sqlite_install, ZICHT_WORKER_LOST_SECONDS="2"))


@needs_postgresql
def test_on_postgresql_a_worker_killed_mid_task_leaves_nothing_and_it_runs_again_once(
        started_postgres):
    _, url, data, started = started_postgres
    assert started.returncode == 0, started.stderr
    killed_worker_drill(zicht_env(data, DATABASE_URL=url, ZICHT_WORKER_LOST_SECONDS="2"))

