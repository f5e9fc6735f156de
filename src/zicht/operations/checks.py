"""System checks (``zicht check --deploy``) for what this app configures."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def metrics_token(app_configs, **kwargs):
    if settings.ZICHT_METRICS and len(settings.ZICHT_METRICS_TOKEN) < 32:
        return [Error("ZICHT_METRICS is on without a ZICHT_METRICS_TOKEN of at least 32 "
                      "characters.", id="zicht.E001")]
    return []


def _origins_outside(rp_id: str, origins) -> list[str]:
    hosts = {origin: urlsplit(origin).hostname or "" for origin in origins}
    return [o for o, host in hosts.items() if host != rp_id and not host.endswith("." + rp_id)]


@register(Tags.security, deploy=True)
def passkey_relying_parties(app_configs, **kwargs):
    """A passkey works only on origins under its relying party's host name: one outside it
    would make every passkey of that kind fail (the professionals', and the client's own
    for Mijn afspraken, which may live on a neutral host)."""
    errors = []
    for rp_id, origins, names, code in (
            (settings.OTP_WEBAUTHN_RP_ID, settings.OTP_WEBAUTHN_ALLOWED_ORIGINS,
             "ZICHT_WEBAUTHN_ORIGINS", "zicht.E002"),
            (settings.ZICHT_CLIENT_WEBAUTHN_RP_ID, settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS,
             "ZICHT_CLIENT_WEBAUTHN_ORIGINS", "zicht.E003")):
        outside = _origins_outside(rp_id, origins)
        if outside or not origins:
            errors.append(Error(f"{names} must be origins on {rp_id} (the relying party's "
                                f"host name) or its subdomains: {', '.join(outside) or 'none'}.",
                                id=code))
    base = settings.ZICHT_CLIENT_BASE_URL.rstrip("/")
    if base and base not in settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS:
        errors.append(Error(f"ZICHT_CLIENT_BASE_URL ({base}) is not one of "
                            "ZICHT_CLIENT_WEBAUTHN_ORIGINS: her passkey would not work on the "
                            "link of the QR code.", id="zicht.E004"))
    return errors
