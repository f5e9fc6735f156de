"""A web process killed with kill -9 in the middle of a write (issue 14, point 6), with
real processes on PostgreSQL: ``zicht serve`` (gunicorn, one worker process) records the
introduction over the API, a write of several rows in one transaction (the contact
moment, the phase change, the trajectory's new phase, the access-log entry). The drill
holds the trajectory's row from outside, so the request stops half way, the contact
moment and phase change written but not committed; then the gunicorn worker is killed.
Nothing of it stays, gunicorn's master starts a new worker, and the same request (the same
``Idempotency-Key``, as a client resends after a dropped connection) then saves, once."""

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import date

import pytest

from tests.operations.conftest import ROOT, server_url, zicht, zicht_env
from tests.operations.test_faults import query, stop, wait_for
from tests.operations.test_serve import free_port, get

pytestmark = pytest.mark.skipif(
    server_url() is None,
    reason="PostgreSQL only: the drill stops the request half way by holding one row lock "
    "from outside (SQLite locks the whole file per writer, so no write could be half "
    "done); runs when the suite runs with DATABASE_URL=postgres://... (as .ci/run does)",
)


def gunicorn_workers(master: int) -> list[int]:
    """The worker processes of a gunicorn master (its children)."""
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            return [int(pid) for pid in f.read().split()]
    except FileNotFoundError:
        return []


def post(url: str, key: str, idempotency_key: str, body: dict) -> tuple[int, dict, dict]:
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Token {key}",
            "Content-Type": "application/json",
            "Idempotency-Key": idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def test_a_web_process_killed_mid_write_leaves_nothing_and_the_resend_saves_once(
    started_postgres, tmp_path
):
    _, url, data, started = started_postgres
    assert started.returncode == 0, started.stderr
    env = zicht_env(
        data, DATABASE_URL=url, ZICHT_HTTPS="false", ZICHT_IDEMPOTENCY_ABANDONED_SECONDS="3"
    )
    made = zicht(
        env,
        "shell",
        "-c",
        "from tests.operations.fault_setup import invited_household; invited_household()",
    )
    assert made.returncode == 0, made.stderr
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    trajectory, household = setup["trajectory"], setup["household"]

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "zicht",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--no-collectstatic",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    contacts = f"{base}/api/v1/households/{household}/contacts/"
    introduction = {
        "kind": "introduction",
        "held_on": date.today().isoformat(),
        "channel": "in_person",
        "reached": True,
    }
    idempotency_key = f"intro-{uuid.uuid4().hex}"

    def written() -> dict[str, int | str]:
        return {
            "contacts": query(
                env,
                "SELECT count(*) FROM contacts_contactmoment WHERE trajectory_id = ?",
                trajectory,
            )[0][0],
            "phase changes": query(
                env,
                "SELECT count(*) FROM trajectories_phasechange "
                "WHERE trajectory_id = ? AND to_phase = 'introduced'",
                trajectory,
            )[0][0],
            "phase": query(
                env, "SELECT phase FROM trajectories_trajectory WHERE id = ?", trajectory
            )[0][0],
            "logged": query(
                env,
                "SELECT count(*) FROM audit_accesslogentry WHERE "
                "household_uuid = ? AND action = 'create' AND "
                "record_type = 'contact'",
                household,
            )[0][0],
        }

    import psycopg

    try:
        wait_for(lambda: _live(base), "zicht serve to answer")
        (worker,) = gunicorn_workers(server.pid)
        before = written()
        assert before == {"contacts": 0, "phase changes": 0, "phase": "invited", "logged": 0}

        # One session holds the trajectory's row, so the request stops there; another
        # watches (pg_stat_activity stays the same within one transaction).
        holder, watcher = psycopg.connect(url), psycopg.connect(url, autocommit=True)
        holder.execute(
            "SELECT 1 FROM trajectories_trajectory WHERE id = %s FOR UPDATE", (trajectory,)
        )
        outcome: list = []

        def first_request():
            try:
                outcome.append(post(contacts, setup["key"], idempotency_key, introduction))
            except (OSError, http.client.HTTPException) as error:
                outcome.append(error)

        sender = threading.Thread(target=first_request, daemon=True)
        sender.start()
        # Half way: the request's transaction inserted the contact moment (it holds the
        # table's RowExclusiveLock) and waits for the trajectory's row.
        def half_way():
            assert not outcome, f"the request ended instead of waiting: {outcome}"
            return _waiting_on_trajectory(watcher)

        backend = wait_for(half_way, "the write to stop half way")
        assert watcher.execute(
            "SELECT count(*) FROM pg_locks WHERE pid = %s AND mode = 'RowExclusiveLock' AND "
            "relation IN ('contacts_contactmoment'::regclass, "
            "'trajectories_phasechange'::regclass)",
            (backend,),
        ).fetchone() == (2,)

        os.kill(worker, signal.SIGKILL)
        sender.join(timeout=30)
        assert outcome and isinstance(outcome[0], Exception)  # the client lost its answer
        holder.rollback()  # let go: the dead request's backend finds its client gone
        wait_for(
            lambda: (
                watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (backend,)
                ).fetchone()
                == (0,)
            ),
            "the dead request's database session to end",
        )
        holder.close()
        watcher.close()
        assert written() == before  # nothing of the half-done write stayed

        # gunicorn's master starts a new worker, and the server answers again.
        wait_for(
            lambda: (workers := gunicorn_workers(server.pid)) and worker not in workers,
            "gunicorn to start a new worker",
        )
        wait_for(lambda: _live(base), "the new worker to answer")
        assert server.poll() is None

        time.sleep(3.5)  # the dead request's claim of the key is abandoned now
        status, headers, body = post(contacts, setup["key"], idempotency_key, introduction)
        assert status == 201, body
        assert "Idempotent-Replayed" not in headers and body["kind"] == "introduction"
        status, headers, again = post(contacts, setup["key"], idempotency_key, introduction)
        assert status == 201 and headers["Idempotent-Replayed"] == "true"
        assert again["uuid"] == body["uuid"]
        assert written() == {"contacts": 1, "phase changes": 1, "phase": "introduced", "logged": 1}
    finally:
        stop(server)


def _live(base: str) -> bool:
    try:
        return get(base + "/health/live")[0] == 200
    except OSError:
        return False


def _waiting_on_trajectory(watcher) -> int | None:
    row = watcher.execute(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
        "query LIKE 'UPDATE \"trajectories_trajectory\"%' AND pid <> pg_backend_pid()"
    ).fetchone()
    return row[0] if row else None
