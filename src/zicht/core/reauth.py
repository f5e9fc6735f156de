"""Re-authentication (ASVS 3.7.1): before revealing a secret address, exporting or
changing security settings, the professional confirms who they are again: the password,
or, for an account that signs in through its organisation, the organisation's provider
(``directory.oidc.reconfirm``). Here, low in the layers, so both can mark it."""

import time

from django.conf import settings

REAUTH = "zicht_reauth_at"


def recently_authenticated(request) -> bool:
    """Whether they confirmed who they are within ``ZICHT_REAUTH_MINUTES`` in this session."""
    at = request.session.get(REAUTH)
    return bool(at) and time.time() - at < settings.ZICHT_REAUTH_MINUTES * 60


def mark_reauthenticated(request) -> None:
    request.session[REAUTH] = time.time()
