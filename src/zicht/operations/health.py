"""``/health/live``, ``/health/ready`` and ``/health/ready/web`` for the container runtime
and the load balancer.

Both answer without a login, without a session and over plain HTTP (the proxy's probe
does not speak TLS); the answer is a small JSON body with no personal data and no
infrastructure details: each check says "ok" or "fail", the reason goes to the log.

Readiness uses django-health-check: its ``Database`` check plus Zicht's own plugins for
the migrations, the field keys and the task worker.
"""

import asyncio
import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


class SyncCheck(HealthCheck):
    """A check that uses the ORM: it runs in the request's own thread (and connection)
    rather than in a thread of the executor, which would leave a connection behind."""

    async def run(self):
        await sync_to_async(self.check, thread_sensitive=True)()

    def check(self) -> None:
        raise NotImplementedError


_migrations_applied = False


@dataclasses.dataclass
class Migrations(SyncCheck):
    """Every migration this code knows is applied (a deploy ahead of its migrate is not ready)."""

    def check(self):
        global _migrations_applied
        if _migrations_applied:  # migrations are never unapplied under a running server
            return
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ServiceUnavailable("unapplied migrations")
        _migrations_applied = True


@dataclasses.dataclass
class FieldKeys(SyncCheck):
    """The field keys are there and decrypt what is stored: the newest value of every
    encrypted field (or, on an empty database, a value encrypted just now). Never generates
    a key: a server that lost its key file must not start writing with a new one."""

    def check(self):
        from cryptography.fernet import InvalidToken

        from zicht.core import crypto

        if not crypto.keys_configured():
            raise ServiceUnavailable("no field keys")
        try:
            if crypto.decrypt(crypto.encrypt("zicht")) != "zicht":
                raise ServiceUnavailable("field keys do not round-trip")
            for model, names in crypto.encrypted_fields():
                for name in names:
                    # Reading the value through the field decrypts it.
                    list(model._base_manager.exclude(**{name: ""}).exclude(**{name: None})
                         .order_by("-pk").values_list(name, flat=True)[:1])
        except InvalidToken as e:
            raise ServiceUnavailable("field keys cannot decrypt the stored values") from e


def worker_seen_within() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.ZICHT_HEALTH_WORKER_SECONDS)


@dataclasses.dataclass
class Worker(SyncCheck):
    """A task worker started or finished a task within the window. A running ``zicht
    worker`` enqueues the out-of-sight scan every 15 minutes and the signal escalation every
    5 and runs them at once, so a window of the scan interval always holds one of them."""

    def check(self):
        from django_tasks_db.models import DBTaskResult

        since = timezone.now() - worker_seen_within()
        if not DBTaskResult.objects.filter(
                Q(started_at__gte=since) | Q(finished_at__gte=since)).exists():
            raise ServiceUnavailable("no task worker seen")


READY_CHECKS = {"database": Database, "migrations": Migrations, "field_keys": FieldKeys,
                "worker": Worker}


class ReadyView(HealthCheckView):
    named_checks = READY_CHECKS
    checks = tuple(READY_CHECKS.values())

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks()))
        answers = {name: "fail" if result.error else "ok"
                   for name, result in zip(self.named_checks, results, strict=True)}
        ok = all(answer == "ok" for answer in answers.values())
        response = JsonResponse({"status": "ok" if ok else "unavailable", "checks": answers},
                                status=200 if ok else 503)
        # django-health-check logged which check failed and why; Django's own error line
        # for a 503 would go to Sentry every time the probe asks.
        response._has_been_logged = True
        return response


ready = ReadyView.as_view()


class WebReadyView(ReadyView):
    """``/health/ready/web``: may this web process take requests? Everything but the
    worker. The load balancer's probe: a stopped worker is an alert for the operator
    (``/health/ready``), not a reason to take every web process out of service."""

    named_checks = {name: check for name, check in READY_CHECKS.items() if name != "worker"}
    checks = tuple(named_checks.values())


ready_web = WebReadyView.as_view()


@never_cache
def live(request):
    """The process answers; nothing else is asked (a database outage must not get the web
    containers restarted)."""
    return JsonResponse({"status": "ok"})
