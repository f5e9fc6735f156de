"""Encryption at rest for the secret address and free-text notes (Fernet, AES-128-CBC + HMAC).

The keys live outside the database: ``ZICHT_FIELD_KEYS`` (comma-separated, newest first)
or, without it, the file ``field_keys`` in ``ZICHT_DATA_DIR`` (one key a line, newest
first; generated on first use, mode 0600). A stolen database dump alone reveals no address.

Encrypted values are random per write, so they can never be searched or filtered on; only
emptiness ("") is kept in the clear so that "has notes" still works. Values written
before encryption was switched on are read as they are until the key rotation re-saves them.

Key rotation (``zicht rotate_field_keys``):
1. ``zicht rotate_field_keys --new-key`` puts a new key first in ``field_keys`` (or prints
   one to put first in ``ZICHT_FIELD_KEYS``); new writes use it, old values still read.
2. ``zicht rotate_field_keys`` re-encrypts every encrypted field with the newest key.
3. Remove the old key once step 2 reported success.
"""

import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

PREFIX = "enc1:"


def key_file() -> Path:
    """``ZICHT_FIELD_KEY_FILE``, or ``field_keys`` in ``ZICHT_DATA_DIR``: a container keeps
    the keys on a volume of their own, apart from the data and the database."""
    configured = getattr(settings, "ZICHT_FIELD_KEY_FILE", "")
    return Path(configured) if configured else settings.DATA_DIR / "field_keys"


def keys_configured() -> bool:
    """Whether keys exist, without generating any (health checks, restore)."""
    if os.environ.get("ZICHT_FIELD_KEYS", "").strip():
        return True
    path = key_file()
    return path.exists() and bool(path.read_text().split())


def _generate_key_file(path: Path) -> None:
    """Write a new key file unless one exists. The web server and the worker may start at
    the same moment: the key is written to a file of its own and linked into place, which
    fails if another process got there first, so both end up with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(Fernet.generate_key().decode() + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _keys() -> list[bytes]:
    if env := os.environ.get("ZICHT_FIELD_KEYS"):
        return [k.strip().encode() for k in env.split(",") if k.strip()]
    path = key_file()
    if not path.exists():
        _generate_key_file(path)
    return [line.strip().encode() for line in path.read_text().split() if line.strip()]


@lru_cache(maxsize=1)
def fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def reload_keys() -> None:
    fernet.cache_clear()


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was switched on
    return fernet().decrypt(value[len(PREFIX):].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Never filter on it (except on being empty)."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or value.startswith(PREFIX):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (a dict or list) stored encrypted as text. Never filter on it.

    Reads a row written as plain JSON before the column was encrypted; saving it encrypts.
    """

    def get_prep_value(self, value):
        if isinstance(value, str):
            return super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        if isinstance(value, str) and value:
            value = decrypt(value)
        return json.loads(value) if isinstance(value, str) and value else value

    def to_python(self, value):
        if isinstance(value, str) and value:
            return json.loads(decrypt(value))
        return value

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder)


def keyed_hash(value: str) -> str:
    """A hash to match an encrypted value on (a BSN), keyed with ``SECRET_KEY``: without the
    key, the 10^9 possible BSNs cannot be tried against a stolen dump. Keep ``SECRET_KEY``
    (it lives outside the database, like the field keys): with a new one, a stored hash
    no longer matches until its row is saved again."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("zicht.core.crypto.keyed_hash", value, algorithm="sha256").hexdigest()


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    from django.apps import apps

    out = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields
                 if isinstance(f, EncryptedTextField)]
        if names:
            out.append((model, names))
    return out
