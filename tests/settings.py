"""The production settings, with plain HTTP for the test client and the live server."""

import os

os.environ["ZICHT_HTTPS"] = "false"

from zicht.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests change the data between two readings of the figures; tests/evaluation keeps them.
ZICHT_INDICATOR_CACHE_SECONDS = 0
ZICHT_TEAM_ORDER_SECONDS = 0
