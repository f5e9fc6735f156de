"""Backup and restore drills: seed, back up, lose the database, restore, and find the same
rows, every encrypted value readable, and (PostgreSQL) the access log still append-only."""

import os
import sqlite3
import stat
import uuid

import psycopg
import pytest
from cryptography.fernet import Fernet, MultiFernet

from tests.operations.conftest import (
    create_database,
    drop_database,
    needs_postgresql,
    server_url,
    start_script,
    zicht,
    zicht_env,
)
from zicht.core.crypto import PREFIX, encrypted_fields

# Twenty households, and an access-log entry (seeding writes none) for the trigger to guard.
SEED = ("shell", "-c", "from zicht.demo.seeding import seed; seed(households=20, seed=1)\n"
        "from zicht.audit.models import AccessAction, AccessLogEntry\n"
        "AccessLogEntry.objects.create(user_name='drill', action=list(AccessAction)[0], "
        "record_type='drill')")


def keys_of(data_dir) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in (data_dir / "field_keys").read_text().split()])


def encrypted_columns() -> list[tuple[str, str]]:
    return [(model._meta.db_table, model._meta.get_field(name).column)
            for model, names in encrypted_fields() for name in names]


def read_all(cursor, tables) -> tuple[dict[str, int], list[str]]:
    """Row counts per table, and every non-empty encrypted value."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our own table names)
        counts[table] = cursor.fetchone()[0]
    values = []
    for table, column in encrypted_columns():
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608
        values += [row[0] for row in cursor.fetchall()]
    return counts, values


def assert_all_decrypt(values: list[str], keys: MultiFernet) -> None:
    assert values, "nothing encrypted was seeded: the drill would prove nothing"
    assert all(v.startswith(PREFIX) for v in values)
    for value in values:
        keys.decrypt(value[len(PREFIX):].encode())


def assert_backed_up(result, backup_file, data_dir):
    assert result.returncode == 0, result.stderr
    assert "veldsleutels zitten NIET in deze back-up" in result.stdout
    assert str(data_dir / "field_keys") in result.stdout
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    key = (data_dir / "field_keys").read_text().split()[0].encode()
    assert key not in backup_file.read_bytes()


def test_the_sqlite_drill(sqlite_install, tmp_path):
    env = zicht_env(sqlite_install)
    assert zicht(env, *SEED).returncode == 0
    database = sqlite_install / "zicht.sqlite3"
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        before, values = read_all(db.cursor(), tables)
    assert before["households_household"] == 20 and before["audit_accesslogentry"] >= 1
    assert_all_decrypt(values, keys_of(sqlite_install))

    backup_file = tmp_path / "zicht.backup"
    assert_backed_up(zicht(env, "backup", "--output", str(backup_file)), backup_file,
                     sqlite_install)

    for suffix in ("", "-wal", "-shm"):  # the database is lost
        (sqlite_install / f"zicht.sqlite3{suffix}").unlink(missing_ok=True)
    restored = zicht(env, "restore", "--input", str(backup_file), "--noinput")
    assert restored.returncode == 0, restored.stderr
    assert "Alle versleutelde velden zijn met de huidige sleutels te lezen" in restored.stdout

    with sqlite3.connect(database) as db:
        after, values_after = read_all(db.cursor(), tables)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert after == before
    assert sorted(values_after) == sorted(values)
    assert_all_decrypt(values_after, keys_of(sqlite_install))


def test_a_restore_without_the_right_keys_says_so(sqlite_install, tmp_path):
    env = zicht_env(sqlite_install)
    assert zicht(env, *SEED).returncode == 0
    backup_file = tmp_path / "zicht.backup"
    assert zicht(env, "backup", "--output", str(backup_file)).returncode == 0
    (sqlite_install / "field_keys").write_text(Fernet.generate_key().decode() + "\n")
    result = zicht(env, "restore", "--input", str(backup_file), "--noinput")
    assert result.returncode == 1
    assert "ontsleutelen niet alles" in result.stderr and "households.Address" in result.stderr


def test_restore_refuses_what_is_not_a_backup_of_this_database(sqlite_install, tmp_path):
    env = zicht_env(sqlite_install)
    fake = tmp_path / "dump"
    fake.write_bytes(b"PGDMP\x01\x0e\x00 not for sqlite")
    result = zicht(env, "restore", "--input", str(fake), "--noinput")
    assert result.returncode == 1 and "geen SQLite-database" in result.stderr
    without = zicht(env, "restore", "--input", str(fake))  # asks first; no answer, no change
    assert without.returncode == 1 and "Afgebroken" in without.stderr


@needs_postgresql
def test_the_postgresql_drill(tmp_path):
    name = f"zicht_drill_{uuid.uuid4().hex[:10]}"
    url = create_database(name)
    data = tmp_path / "data"
    try:
        env = zicht_env(data, DATABASE_URL=url)
        started = start_script(env, "true")
        assert started.returncode == 0, started.stderr
        assert zicht(env, *SEED).returncode == 0
        with psycopg.connect(url) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            before, values = read_all(conn.cursor(), tables)
        assert before["households_household"] == 20 and before["audit_accesslogentry"] >= 1
        assert_all_decrypt(values, keys_of(data))

        backup_file = tmp_path / "zicht.dump"
        assert_backed_up(zicht(env, "backup", "--output", str(backup_file)), backup_file,
                         data)
        assert backup_file.read_bytes().startswith(b"PGDMP")

        drop_database(name)  # the database is lost, and made again, empty
        create_database(name)
        restored = zicht(env, "restore", "--input", str(backup_file), "--noinput")
        assert restored.returncode == 0, restored.stderr

        with psycopg.connect(url) as conn:
            after, values_after = read_all(conn.cursor(), tables)
            assert after == before
            assert sorted(values_after) == sorted(values)
            assert_all_decrypt(values_after, keys_of(data))
            for sql in ("UPDATE audit_accesslogentry SET role = 'x'",
                        "DELETE FROM audit_accesslogentry"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                    conn.execute(sql)
            assert conn.execute("SELECT COUNT(*) FROM audit_accesslogentry WHERE role = 'x'"
                                ).fetchone()[0] == 0
        # Restoring over a database that is not empty replaces it.
        again = zicht(env, "restore", "--input", str(backup_file), "--noinput")
        assert again.returncode == 0, again.stderr
    finally:
        drop_database(name)


def test_the_suite_knows_whether_it_runs_the_postgresql_drill():
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")
    assert (server_url() is not None) == on_postgresql
