"""Log lines as JSON, one per request, with ids and never personal data.

``ZICHT_LOG_FORMAT`` chooses ``json`` (production) or ``text`` (``zicht demo``);
``ZICHT_LOG_LEVEL`` the level. The JSON formatter writes a fixed set of keys and only the
``extra`` fields named in ``SAFE_EXTRA``: Django passes the request object along with some
records, and a formatter that serialised whatever it was given would write cookies and
form data. An exception is written as its type and the locations of its frames, without
its message: a database error quotes the values it refused (a name, a street).
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

# What every line logged inside a request or a task carries (request_id, task_id, ...).
context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("zicht_log_context",
                                                                      default=None)

SAFE_EXTRA = ("request_id", "method", "path", "route", "status", "duration_ms", "user_id",
              "task_id", "task_path", "check")
REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{7,127}$")
MAX_PATH = 200


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "zicht_context", None) or {})
        for key in SAFE_EXTRA:
            if key in record.__dict__:
                line[key] = record.__dict__[key]
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _exc, tb = record.exc_info
            line["exc_type"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            line["stack"] = [f"{f.filename}:{f.lineno} in {f.name}"
                             for f in traceback.extract_tb(tb)]
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For ``zicht demo`` and a terminal: the same fields as the JSON lines, as key=value."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        fields = dict(getattr(record, "zicht_context", None) or {})
        fields.update({k: record.__dict__[k] for k in SAFE_EXTRA if k in record.__dict__})
        cached, record.exc_text = record.exc_text, None  # another handler's, with the message
        try:
            line = super().format(record)
        finally:
            record.exc_text = cached
        if fields:
            line += " " + " ".join(f"{k}={v}" for k, v in fields.items())
        return line

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        """The traceback without the exception's message, as in the JSON lines."""
        exc_type, _exc, tb = ei
        frames = "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
                         for f in traceback.extract_tb(tb))
        return (f"Traceback (message left out):\n{frames}"
                f"{exc_type.__module__}.{exc_type.__qualname__}")


def install_record_factory() -> None:
    """Every record takes the context (request id, task id) along when it is made, so that a
    handler formatting it later, or elsewhere, still writes it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "zicht", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.zicht_context = context.get()
        return record

    factory.zicht = True
    logging.setLogRecordFactory(factory)


def logging_config(*, fmt: str, level: str) -> dict:
    """Django's LOGGING: everything to stderr, as JSON or as text."""
    fmt = fmt if fmt in ("json", "text") else "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "zicht.operations.logs.JsonFormatter"},
            "text": {"()": "zicht.operations.logs.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt},
                     # Without a handler at all, Python's last resort prints the record.
                     "null": {"class": "logging.NullHandler"}},
        "root": {"handlers": ["console"], "level": level.upper()},
        "loggers": {
            "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
            # One line per request comes from RequestLogMiddleware; Django's own lines for
            # 4xx and 5xx would say it twice (its 5xx line with the traceback stays).
            "django.request": {"level": "ERROR"},
            # runserver's own line (zicht demo) has the query string.
            "django.server": {"level": "WARNING"},
        },
    }


def request_id_for(request) -> str:
    """The proxy's X-Request-ID if it is well-formed, else a new one."""
    offered = request.headers.get("X-Request-ID", "")
    return offered if REQUEST_ID.match(offered) else uuid.uuid4().hex


def route_of(request):
    """The URL pattern the request matched; resolved here if a middleware answered first
    (the HTTPS redirect). None for a path that matches nothing."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match


def loggable_path(request, match) -> str:
    """The path without its query string and with private link tokens left out. A path that
    matches no route is not written: it could hold anything someone typed."""
    if match is None:
        return "[unresolved]"
    path = request.path
    for name, value in match.kwargs.items():
        if "token" in name and value:
            path = path.replace(str(value), "[token]")
    return path[:MAX_PATH]


class RequestLogMiddleware:
    """First in MIDDLEWARE: one line per request, and the request id on the response."""

    logger = logging.getLogger("zicht.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        token = context.set({"request_id": request.request_id})
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request.request_id
            return response
        finally:
            match = route_of(request)
            user = getattr(request, "user", None)
            self.logger.info("request", extra={
                "method": request.method,
                "path": loggable_path(request, match),
                "route": match.view_name if match else None,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            })
            context.reset(token)


def _task_started(sender, task_result, **kwargs):
    context.set({"task_id": str(task_result.id), "task_path": task_result.task.module_path})


def _task_finished(sender, task_result, **kwargs):
    context.set(None)


def connect_task_signals() -> None:
    """Lines logged while a task runs in ``zicht worker`` carry its id and path."""
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="zicht_log_task_started")
    # After django_tasks' own "finished" line, which should still carry the context.
    task_finished.connect(_task_finished, dispatch_uid="zicht_log_task_finished")
