"""Faults with real processes (issue 14, point 6): a task worker killed with kill -9 in
the middle of a task leaves nothing half done, and another worker runs the task again,
once (on SQLite always; on PostgreSQL when the suite runs there); and ``zicht serve``
goes on by itself when PostgreSQL restarts under load."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import pytest

from tests.operations.conftest import (
    ROOT,
    needs_postgresql,
    zicht,
    zicht_env,
)
from tests.operations.test_serve import free_port, get

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
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


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



@pytest.fixture
def own_postgresql():
    """A PostgreSQL cluster of the test's own (Debian's pg_createcluster), to restart
    without disturbing the suite's server; its URL."""
    if shutil.which("pg_createcluster") is None or os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs the restart drill as root with Debian's PostgreSQL tools")
        pytest.skip("needs root and Debian's pg_createcluster")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    name, port = f"zicht{uuid.uuid4().hex[:8]}", free_port()
    subprocess.run(["pg_createcluster", version, name, "-p", str(port), "--",  # noqa: S603, S607
                    "--auth=trust"], check=True, capture_output=True)
    try:
        subprocess.run(["pg_ctlcluster", version, name, "start"],  # noqa: S603, S607
                       check=True, capture_output=True)
        yield version, name, f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(["pg_dropcluster", version, name, "--stop"],  # noqa: S603, S607
                       capture_output=True, check=False)


def database_answers(base: str) -> bool | None:
    """What /health/ready says of the database: True, False, or None when the web
    process itself did not answer."""
    try:
        _, _, body = get(base + "/health/ready")
    except OSError:
        return None
    return json.loads(body)["checks"]["database"] == "ok"


@needs_postgresql
def test_zicht_serve_recovers_by_itself_when_postgresql_restarts(own_postgresql, tmp_path):
    version, name, url = own_postgresql
    env = zicht_env(tmp_path, DATABASE_URL=url, ZICHT_HTTPS="false")
    # Not even migrated: the probe's database check is all this drill reads.
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "zicht", "serve", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "2", "--no-collectstatic"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"),  # a pipe nobody reads fills and blocks it
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: database_answers(base), "zicht serve to reach the database")
        answers: list[bool | None] = []
        stop_load = threading.Event()

        def load():
            while not stop_load.is_set():
                answers.append(database_answers(base))

        threads = [threading.Thread(target=load, daemon=True) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        subprocess.run(["pg_ctlcluster", version, name, "restart", "-m", "fast"],  # noqa: S603, S607
                       check=True, capture_output=True)
        restarted = len(answers)
        try:
            wait_for(lambda: len(answers) > restarted + 8 and all(answers[-8:]),
                     "the web processes to reach the restarted database", timeout=60)
        finally:
            stop_load.set()
            for thread in threads:
                thread.join(timeout=30)
        assert None not in answers  # the web processes never stopped answering
        assert server.poll() is None  # and nobody had to restart them
        assert answers[-1] is True
    finally:
        stop(server)
