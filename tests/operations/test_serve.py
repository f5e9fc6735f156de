"""``zicht serve`` for real: gunicorn on a free loopback port, asked over HTTP, stopped."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.operations.conftest import ROOT, zicht_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http on loopback)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture
def server(sqlite_install):
    port = free_port()
    env = zicht_env(sqlite_install, ZICHT_HTTPS="true", ZICHT_WEB_WORKERS="2",
                    ZICHT_WEB_THREADS="2")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "zicht", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(base + "/health/live")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    try:
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_zicht_serve_answers_the_probes_and_the_pages(server, sqlite_install):
    base, process = server
    assert process.poll() is None, process.stderr.read()

    status, headers, body = get(base + "/health/live", **{"X-Request-ID": "probe-0001"})
    assert status == 200 and json.loads(body) == {"status": "ok"}
    assert headers["Server"] == "gunicorn" and headers["X-Request-ID"] == "probe-0001"
    assert "Set-Cookie" not in headers

    # ZICHT_HTTPS=true: plain HTTP is redirected, except for the probes; behind the proxy
    # (X-Forwarded-Proto: https) the login page is served, its CSS by WhiteNoise.
    status, headers, _ = get(base + "/account/login/")
    assert status == 301 and headers["Location"].startswith("https://")
    status, headers, body = get(base + "/account/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200 and b"<form" in body
    css = next(part.split('"')[0] for part in body.decode().split('href="')[1:]
               if part.split('"')[0].endswith(".css"))
    status, headers, _ = get(base + css, **{"X-Forwarded-Proto": "https"})
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert (sqlite_install / "static").is_dir()  # collected at start-up

    status, _, body = get(base + "/health/ready")
    assert status == 503 and json.loads(body)["checks"]["worker"] == "fail"

    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert process.returncode == 0
    err = process.stderr.read()
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "zicht.request"]
    assert {line["route"] for line in requests} >= {"operations:health_live", "login"}
    assert any(line["request_id"] == "probe-0001" for line in requests)
    assert any("Booting worker" in line["message"] for line in lines)  # gunicorn's, as JSON


def test_gunicorn_takes_its_settings_from_the_environment(monkeypatch):
    import importlib

    import zicht.operations.gunicorn_conf as conf

    monkeypatch.setenv("ZICHT_WEB_WORKERS", "3")
    monkeypatch.setenv("ZICHT_WEB_THREADS", "1")
    monkeypatch.setenv("ZICHT_WEB_TIMEOUT", "45")
    monkeypatch.setenv("ZICHT_BIND", "0.0.0.0:9000")
    importlib.reload(conf)
    assert (conf.workers, conf.threads, conf.worker_class, conf.timeout, conf.bind) == (
        3, 1, "sync", 45, ["0.0.0.0:9000"])
    # zicht.wsgi is loaded in the master, which calls gc.freeze() before the workers fork.
    assert conf.preload_app is True and conf.accesslog is None
    for name in ("ZICHT_WEB_WORKERS", "ZICHT_WEB_THREADS", "ZICHT_WEB_TIMEOUT", "ZICHT_BIND"):
        monkeypatch.delenv(name)
    importlib.reload(conf)
    assert (conf.workers, conf.threads, conf.worker_class, conf.bind) == (
        2, 4, "gthread", ["127.0.0.1:8000"])
