"""Scale-out (issue 14, point 8), with real processes on PostgreSQL: two ``zicht serve``
and two ``zicht worker`` against one database, through PgBouncer in transaction mode.
A professional logs in on one web process and goes on on the other (the web processes
keep nothing of their own, and the lock-out and the rate limits count across them); the
two workers run every task once."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django_otp.oath import totp

from tests.operations.conftest import (
    ROOT,
    needs_postgresql,
    server_url,
    zicht,
    zicht_env,
)
from tests.operations.test_faults import query, stop, wait_for
from tests.operations.test_serve import free_port, get
from zicht.demo.personas import DEMO_PASSWORD, demo_totp_key

pytestmark = needs_postgresql

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


@pytest.fixture
def pgbouncer():
    """PgBouncer in transaction mode in front of the suite's PostgreSQL; its port."""
    if not os.path.exists(PGBOUNCER):
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's pgbouncer (.ci/run installs it)")
        pytest.skip("apt-get install pgbouncer to run the scale-out test")
    server = urllib.parse.urlsplit(server_url())
    port = free_port()
    folder = tempfile.mkdtemp(prefix="zicht-pgbouncer-")
    os.chmod(folder, 0o755)  # noqa: S103 (PgBouncer drops root for the postgres user)
    config = os.path.join(folder, "pgbouncer.ini")
    with open(config, "w") as f:
        f.write(f"""[databases]
* = host={server.hostname} port={server.port or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
unix_socket_dir =
ignore_startup_parameters = extra_float_digits,options
default_pool_size = 8
""")
    with open(os.path.join(folder, "users.txt"), "w") as f:
        f.write(f'"{server.username or "postgres"}" ""\n')
    for name in os.listdir(folder):
        os.chmod(os.path.join(folder, name), 0o644)
    args = [PGBOUNCER, config] if os.geteuid() else [PGBOUNCER, "-u", "postgres", config]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL,  # noqa: S603
                               stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for(lambda: _listening(port), "PgBouncer to listen", timeout=20)
    try:
        yield port
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def serve(env: dict) -> tuple[str, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "zicht", "serve", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "2", "--no-collectstatic"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)  # a pipe nobody reads would fill and block it
    wait_for(lambda: _listening(port), "zicht serve to listen")
    return f"http://127.0.0.1:{port}", process


def workers(env: dict, n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-m", "zicht", "worker"],  # noqa: S603
                             env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            for _ in range(n)]


class Browser:
    """Just enough of a browser: cookies, the CSRF token of the last form."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.csrf = ""

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))  # noqa: S310 (loopback)

    def post(self, url: str, data: dict) -> tuple[int, str]:
        payload = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        return self._open(urllib.request.Request(url, data=payload,  # noqa: S310
                                                 headers={"Referer": url}))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        if found := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body):
            self.csrf = found.group(1)
        return status, body

    def log_in(self, base: str, username: str, password: str) -> tuple[int, str]:
        self.get(f"{base}/account/login/")
        return self.post(f"{base}/account/login/", {
            "login_view-current_step": "auth", "auth-username": username,
            "auth-password": password})


def test_two_web_processes_and_two_workers_through_pgbouncer(pgbouncer, started_postgres):
    _, direct, data, started = started_postgres
    assert started.returncode == 0, started.stderr
    pooled = re.sub(r"@[^/]+/", f"@127.0.0.1:{pgbouncer}/", direct)
    env = zicht_env(data, DATABASE_URL=pooled, ZICHT_DB_POOLER="transaction",
                    ZICHT_HTTPS="false")  # plain HTTP on loopback
    processes = []
    try:
        keys = [uuid.uuid4().hex for _ in range(40)]
        made = zicht(env, "shell", "-c", (
            "from zicht.demo.personas import ensure_directory, ensure_demo_accounts\n"
            "from tests.operations.fault_tasks import write_once\n"
            "ensure_demo_accounts(ensure_directory())\n"
            f"for key in {keys!r}: write_once.enqueue(key)"))
        assert made.returncode == 0, made.stderr

        (web_a, a), (web_b, b) = serve(env), serve(env)
        processes += [a, b, *workers(env, 2)]

        browser = Browser()
        browser.log_in(web_a, "ondersteuner", DEMO_PASSWORD)
        code = f"{totp(bytes.fromhex(demo_totp_key('ondersteuner'))):06d}"
        status, body = browser.post(f"{web_a}/account/login/", {
            "login_view-current_step": "token", "token-otp_token": code})
        assert status == 200 and "Vandaag" in body  # logged in on web process A
        status, body = browser.get(f"{web_b}/")  # and goes on on web process B
        assert status == 200 and "Vandaag" in body and "Omar El Amrani" in body

        done = "SELECT count(*) FROM core_submission WHERE key = ANY(%s)"
        # The lock-out counts the wrong passwords of all web processes together.
        guesser = Browser()
        for attempt in range(5):
            guesser.log_in((web_a, web_b)[attempt % 2], "ondersteuner2", "wrong password")
        status, body = guesser.log_in(web_b, "ondersteuner2", DEMO_PASSWORD)
        assert "Tijdelijk geblokkeerd" in body
        # And so does the API's limit on wrong tokens (20 from one address).
        statuses = [get(f"{(web_a, web_b)[n % 2]}/api/v1/households/",
                        Authorization=f"Token wrong{n}")[0] for n in range(21)]
        assert statuses[:20] == [401] * 20 and statuses[20] == 429

        wait_for(lambda: query(env, done, keys)[0][0] == 40,
                 "the two workers to run the 40 tasks", timeout=120)
        runs = query(env, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
                          " WHERE task_path LIKE %s", "%write_once")
        assert len(runs) == 40
        assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in runs)
        assert all(process.poll() is None for process in processes)
    finally:
        for process in processes:
            stop(process, signal.SIGTERM)
