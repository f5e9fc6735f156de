"""Optional error reporting to Sentry, only when ``SENTRY_DSN`` is set.

What leaves the machine is whitelisted in ``scrub``: the exception's type, the template of
a log message (without its arguments) and the locations of the stack frames (file,
function, line). Everything else goes: the exception's message (a database error quotes
the values it refused), request data, cookies, headers, the user, local variables, source
lines, breadcrumbs (log lines and SQL), extra data and tags.
"""

import os

KEEP = ("event_id", "timestamp", "level", "platform", "logger", "release", "environment",
        "sdk")
FRAME_KEEP = ("filename", "module", "function", "lineno", "in_app")


def _frames(stacktrace) -> dict:
    frames = (stacktrace or {}).get("frames") or []
    return {"frames": [{k: f[k] for k in FRAME_KEEP if k in f} for f in frames]}


def scrub(event: dict, hint: dict | None = None) -> dict:
    """Sentry's ``before_send``: a new event with only what may leave the machine."""
    clean = {k: event[k] for k in KEEP if k in event}
    values = (event.get("exception") or {}).get("values") or []
    if values:
        clean["exception"] = {"values": [
            {k: v[k] for k in ("type", "module") if k in v}
            | ({"stacktrace": _frames(v.get("stacktrace"))} if v.get("stacktrace") else {})
            for v in values]}
    template = (event.get("logentry") or {}).get("message")
    if template:
        clean["logentry"] = {"message": template}
    return clean


def drop_breadcrumb(crumb, hint):
    return None


def init(dsn: str, **extra) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        include_local_variables=False,
        include_source_context=False,
        max_request_body_size="never",
        before_send=scrub,
        before_breadcrumb=drop_breadcrumb,
        traces_sample_rate=0,
        integrations=[DjangoIntegration()],
        **extra,
    )
