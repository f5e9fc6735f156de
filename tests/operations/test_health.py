"""/health/live and /health/ready: no login, no session, plain HTTP, no personal data."""

import json
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import SECRET_STREET, login
from zicht.core import crypto
from zicht.operations import health
from zicht.rhythm.tasks import sight_scan_task


@pytest.fixture
def key_file(settings, tmp_path, monkeypatch):
    """The suite's field key, in a key file of the test's own."""
    monkeypatch.delenv("ZICHT_FIELD_KEYS", raising=False)
    path = tmp_path / "field_keys"
    path.write_text(b"\n".join(crypto._keys()).decode() + "\n")
    settings.ZICHT_FIELD_KEY_FILE = str(path)
    crypto.reload_keys()
    yield path
    crypto.reload_keys()


def worker_ran(minutes_ago: float) -> None:
    result = sight_scan_task.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status="SUCCESSFUL", started_at=timezone.now() - timedelta(minutes=minutes_ago),
        finished_at=timezone.now() - timedelta(minutes=minutes_ago))


def ready(client):
    response = client.get("/health/ready")
    return response.status_code, json.loads(response.content)


def test_live_answers_anyone_without_a_session(client, db):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert not response.cookies and not Session.objects.exists()


def test_ready_when_everything_is_there(client, household, key_file):
    worker_ran(minutes_ago=3)
    status, body = ready(client)
    assert (status, body) == (200, {"status": "ok", "checks": {
        "database": "ok", "migrations": "ok", "field_keys": "ok", "worker": "ok"}})
    response = client.get("/health/ready")
    assert not response.cookies and not Session.objects.exists()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_not_ready_without_a_worker_seen_within_the_scan_interval(client, household, key_file,
                                                                  settings):
    worker_ran(minutes_ago=16)
    status, body = ready(client)
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["worker"] == "fail" and body["checks"]["database"] == "ok"
    settings.ZICHT_HEALTH_WORKER_SECONDS = 20 * 60
    assert ready(client)[0] == 200


def test_the_web_processes_stay_in_service_while_the_worker_is_down(client, household,
                                                                   key_file):
    # The load balancer asks /health/ready/web: a stopped worker is the operator's alert
    # on /health/ready, not a reason to take every web process out of service.
    worker_ran(minutes_ago=60)
    response = client.get("/health/ready/web")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {
        "database": "ok", "migrations": "ok", "field_keys": "ok"}}
    assert ready(client)[0] == 503


def test_a_web_process_that_cannot_decrypt_is_not_ready_either(client, household, key_file,
                                                              monkeypatch):
    from zicht.core import crypto

    monkeypatch.setattr(crypto, "keys_configured", lambda: False)
    response = client.get("/health/ready/web")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["field_keys"] == "fail"


def test_not_ready_with_keys_that_cannot_decrypt_the_addresses(client, household, key_file):
    worker_ran(minutes_ago=1)
    key_file.write_text(Fernet.generate_key().decode() + "\n")  # the right key is lost
    crypto.reload_keys()
    status, body = ready(client)
    assert status == 503 and body["checks"]["field_keys"] == "fail"
    assert SECRET_STREET not in json.dumps(body)


def test_not_ready_without_keys_and_it_makes_none(client, household, key_file):
    worker_ran(minutes_ago=1)
    key_file.unlink()
    crypto.reload_keys()
    assert ready(client)[1]["checks"]["field_keys"] == "fail"
    assert not key_file.exists()


def test_not_ready_with_unapplied_migrations(client, household, key_file, monkeypatch):
    worker_ran(minutes_ago=1)
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan",
                        lambda self, targets: [("a migration", False)])
    status, body = ready(client)
    assert status == 503 and body["checks"]["migrations"] == "fail"


def test_plain_http_is_allowed_for_the_probes_only(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 503  # answered, not redirected
    assert client.get("/health/ready/web").status_code != 301
    response = client.get("/account/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_a_professional_without_two_factor_reaches_them_too(client, supporter):
    from django.test import Client

    half = Client()
    half.force_login(supporter)  # logged in, two-factor not yet verified
    assert half.get("/health/live").status_code == 200
    login(client, supporter)
    assert client.get("/health/live").status_code == 200
