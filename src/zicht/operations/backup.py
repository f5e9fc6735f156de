"""Backing up and restoring the database (``zicht backup``, ``zicht restore``).

PostgreSQL: ``pg_dump -Fc`` / ``pg_restore`` with the connection of ``DATABASE_URL``
(passed in PG* environment variables, so the password never shows in a process list).
SQLite: the online backup API of the sqlite3 module, safe while the server runs.

The field keys are never in a backup: they live in ``ZICHT_FIELD_KEYS`` or the key file,
and a stolen backup alone must not reveal an address. Back them up separately.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.db import DEFAULT_DB_ALIAS, connections

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    pass


def vendor() -> str:
    return connections[DEFAULT_DB_ALIAS].vendor


def pg_environment() -> dict[str, str]:
    """The libpq environment for pg_dump and pg_restore, from Django's connection."""
    s = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    for key, value in (("PGHOST", s.get("HOST")), ("PGPORT", s.get("PORT")),
                       ("PGUSER", s.get("USER")), ("PGPASSWORD", s.get("PASSWORD")),
                       ("PGDATABASE", s.get("NAME"))):
        if value:
            env[key] = str(value)
    options = s.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _private_partial(output: Path) -> Path:
    """An empty file beside the output, readable by its owner only (the dump holds names)."""
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return partial


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=pg_environment(), capture_output=True, text=True,  # noqa: S603
                            check=False)
    if result.returncode:
        raise BackupError(f"{command[0]} faalde (code {result.returncode}): "
                          + result.stderr.strip()[-2000:])


def backup(output: Path) -> None:
    output = Path(output)
    partial = _private_partial(output)
    try:
        if vendor() == "postgresql":
            _run(["pg_dump", "--format=custom", "--file", str(partial)])
        elif vendor() == "sqlite":
            source = connections[DEFAULT_DB_ALIAS]
            source.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                source.connection.backup(target)
            finally:
                target.close()
        else:
            raise BackupError(f"Back-up van {vendor()} wordt niet ondersteund.")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def restore(source: Path) -> None:
    source = Path(source)
    with source.open("rb") as f:
        head = f.read(16)
    connection = connections[DEFAULT_DB_ALIAS]
    if vendor() == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} is geen back-up van PostgreSQL (pg_dump -Fc).")
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",
              "--single-transaction", "--dbname", pg_environment()["PGDATABASE"],
              str(source)])
    elif vendor() == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} is geen SQLite-database.")
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            backup_db.backup(connection.connection)
        finally:
            backup_db.close()
            connection.close()
    else:
        raise BackupError(f"Herstel van {vendor()} wordt niet ondersteund.")


def table_counts() -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 (table names)
            counts[table] = cursor.fetchone()[0]
    return counts


def encrypted_value_count() -> int:
    """How many encrypted fields hold at least one value."""
    from zicht.core.crypto import encrypted_fields

    return sum(model._base_manager.exclude(**{name: ""}).exclude(**{name: None}).exists()
               for model, names in encrypted_fields() for name in names)


def undecryptable_fields(*, sample: int | None = None) -> list[str]:
    """The encrypted fields with a value the current keys cannot decrypt; with ``sample``
    only the newest that many values of each field are tried."""
    from zicht.core.crypto import encrypted_fields

    bad = []
    for model, names in encrypted_fields():
        for name in names:
            values = (model._base_manager.exclude(**{name: ""}).exclude(**{name: None})
                      .order_by("-pk").values_list(name, flat=True))
            try:
                for _value in values[:sample] if sample else values.iterator():
                    pass  # reading decrypts
            except InvalidToken:
                bad.append(f"{model._meta.label}.{name}")
    return bad


def key_reminder() -> str:
    from zicht.core import crypto

    where = ("ZICHT_FIELD_KEYS" if os.environ.get("ZICHT_FIELD_KEYS", "").strip()
             else str(crypto.key_file()))
    return ("Let op: de veldsleutels zitten NIET in deze back-up (met opzet). Zonder die "
            f"sleutels zijn de adressen en notities onleesbaar. Bewaar {where} apart, "
            "op een andere plek dan de back-up.")
