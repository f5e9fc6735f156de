"""Helpers for the tests of running Zicht as a service: subprocesses of ``zicht`` with their
own data directory and database, and PostgreSQL databases of their own."""

import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
START = ROOT / "docker" / "start.sh"


def zicht_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``zicht`` subprocess: this checkout first on the path, its own
    data directory and secret key, production settings unless told otherwise."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ZICHT_", "DJANGO_", "PYTEST_", "SENTRY_"))
           and k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
               ZICHT_DATA_DIR=str(data_dir), SECRET_KEY=secrets.token_urlsafe(50),
               ZICHT_DB_WAIT_ATTEMPTS="5", ZICHT_DB_WAIT_INTERVAL="0.5",
               ZICHT=f"{sys.executable} -m zicht")
    env.update(extra)
    return env


def zicht(env: dict, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zicht", *args], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, timeout=timeout, check=False)


def start_script(env: dict, *command: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(START), *command], env=env, cwd=ROOT,  # noqa: S603, S607
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="session")
def started_sqlite(tmp_path_factory):
    """A fresh SQLite installation brought up by ``docker/start.sh echo started``: the
    start-up test asserts on it, the others copy its migrated database."""
    data = tmp_path_factory.mktemp("started-sqlite")
    result = start_script(zicht_env(data), "echo", "started")
    return data, result


@pytest.fixture
def sqlite_install(started_sqlite, tmp_path):
    """A migrated SQLite installation of the test's own (a copy), with its field key."""
    source, result = started_sqlite
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(source / "zicht.sqlite3", data / "zicht.sqlite3")
    shutil.copy(source / "field_keys", data / "field_keys")
    return data


# --- PostgreSQL --------------------------------------------------------------------------

def server_url() -> str | None:
    """The PostgreSQL server of the suite's DATABASE_URL, or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


needs_postgresql = pytest.mark.skipif(
    server_url() is None,
    reason="PostgreSQL part: runs when the suite runs with DATABASE_URL=postgres://... "
           "(as .ci/run does); the SQLite variant runs on SQLite")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def admin_connect():
    import psycopg

    return psycopg.connect(with_database(server_url(), "postgres"), autocommit=True)


def create_database(name: str) -> str:
    with admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(server_url(), name)


def drop_database(name: str) -> None:
    with admin_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def started_postgres(tmp_path_factory):
    """A database of its own on the suite's PostgreSQL server, brought up by start.sh."""
    if server_url() is None:
        pytest.skip("needs PostgreSQL")
    name = f"zicht_ops_{uuid.uuid4().hex[:10]}"
    url = create_database(name)
    data = tmp_path_factory.mktemp("started-postgres")
    result = start_script(zicht_env(data, DATABASE_URL=url), "echo", "started")
    yield name, url, data, result
    drop_database(name)
