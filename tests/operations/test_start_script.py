"""``docker/start.sh`` outside a container: check, wait for the database, migrate, check
the field keys, then exec the given command; a database that never answers ends it."""

import os
import sqlite3
import stat
import time

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.operations.conftest import needs_postgresql, start_script, zicht_env
from zicht.core import crypto


def test_on_sqlite_it_migrates_makes_a_key_and_execs_the_command(started_sqlite):
    data, result = started_sqlite
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("started")  # the command ran, last
    assert "Applying audit.0001_initial... OK" in result.stdout
    with sqlite3.connect(data / "zicht.sqlite3") as db:
        applied = db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0]
    assert applied > 50
    key_file = data / "field_keys"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().split()) == 1


def test_exec_replaces_the_shell(sqlite_install):
    """The command runs as the script's own process (it gets the runtime's signals)."""
    result = start_script(zicht_env(sqlite_install, ZICHT_MIGRATE="false"),
                          "sh", "-c", "echo pid=$$ parent=$PPID")
    assert result.returncode == 0, result.stderr
    assert "migreren overgeslagen" in result.stdout
    # Exec'd: the command's parent is this test, not a shell of start.sh in between.
    assert result.stdout.strip().splitlines()[-1].endswith(f"parent={os.getpid()}")


def test_an_unreachable_database_ends_it_after_a_bounded_number_of_tries(tmp_path):
    env = zicht_env(tmp_path, DATABASE_URL="postgres://zicht@127.0.0.1:1/none",
                    ZICHT_DB_WAIT_ATTEMPTS="3", ZICHT_DB_WAIT_INTERVAL="0.2")
    started = time.monotonic()
    result = start_script(env, "echo", "should-not-run")
    assert result.returncode == 69
    assert "should-not-run" not in result.stdout
    assert result.stderr.count("Database nog niet bereikbaar") == 3
    assert "na 3 pogingen nog steeds niet bereikbaar" in result.stderr
    assert time.monotonic() - started < 30


def test_a_configuration_that_fails_the_deploy_check_does_not_start(tmp_path):
    env = zicht_env(tmp_path, SECRET_KEY="short")
    result = start_script(env, "echo", "should-not-run")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
    assert "should-not-run" not in result.stdout


@needs_postgresql
def test_on_postgresql_it_migrates_and_execs_the_command(started_postgres):
    name, url, data, result = started_postgres
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("started")
    with psycopg.connect(url) as conn:
        applied = conn.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0]
        trigger = conn.execute("SELECT COUNT(*) FROM pg_trigger WHERE tgname = "
                               "'audit_accesslogentry_append_only'").fetchone()[0]
    assert applied > 50 and trigger == 1


# --- the field keys at start-up ----------------------------------------------------------

@pytest.fixture
def no_keys(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("ZICHT_FIELD_KEYS", raising=False)
    settings.ZICHT_FIELD_KEY_FILE = str(tmp_path / "keys" / "field_keys")
    crypto.reload_keys()
    yield tmp_path / "keys" / "field_keys"
    crypto.reload_keys()


def test_it_refuses_to_start_without_the_keys_of_an_existing_database(household, no_keys):
    # The household's address was written, encrypted, with the suite's key; that key is gone.
    with pytest.raises(CommandError, match="bevat versleutelde gegevens"):
        call_command("ensure_field_keys")
    assert not no_keys.exists()  # and it made no new one


def test_it_refuses_keys_that_do_not_decrypt_the_database(household, no_keys):
    from cryptography.fernet import Fernet

    no_keys.parent.mkdir()
    no_keys.write_text(Fernet.generate_key().decode() + "\n")
    with pytest.raises(CommandError, match="ontsleutelen de opgeslagen gegevens niet"):
        call_command("ensure_field_keys")


def test_a_new_installation_gets_a_key(db, no_keys):
    call_command("ensure_field_keys")
    assert no_keys.exists() and stat.S_IMODE(no_keys.stat().st_mode) == 0o600
    call_command("ensure_field_keys")  # the second start keeps it
    assert len(no_keys.read_text().split()) == 1
