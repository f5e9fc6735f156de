"""``zicht serve``: the production web server (gunicorn with ``zicht.wsgi``).

Collects the static files (WhiteNoise serves them) unless told not to (the image collects
them at build time), then replaces itself with gunicorn, so that gunicorn gets the
signals of the container runtime directly. Workers, threads, time-out and address come
from ``ZICHT_WEB_WORKERS`` (2), ``ZICHT_WEB_THREADS`` (4), ``ZICHT_WEB_TIMEOUT`` (30 s) and
``ZICHT_BIND`` (127.0.0.1:8000), or from the options below.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = "Start de webserver voor productie (gunicorn)."

    def add_arguments(self, parser):
        env = os.environ.get
        parser.add_argument("--bind", default=env("ZICHT_BIND", "127.0.0.1:8000"),
                            help="adres:poort (ZICHT_BIND, standaard 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=int(env("ZICHT_WEB_WORKERS", "2")),
                            help="aantal processen (ZICHT_WEB_WORKERS, standaard 2)")
        parser.add_argument("--threads", type=int, default=int(env("ZICHT_WEB_THREADS", "4")),
                            help="threads per proces (ZICHT_WEB_THREADS, standaard 4)")
        parser.add_argument("--timeout", type=int, default=int(env("ZICHT_WEB_TIMEOUT", "30")),
                            help="seconden voor een verzoek (ZICHT_WEB_TIMEOUT, standaard 30)")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="de statische bestanden niet eerst verzamelen")

    def handle(self, *args, bind: str, workers: int, threads: int, timeout: int,
               no_collectstatic: bool, **options):
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        env = dict(os.environ, ZICHT_BIND=bind, ZICHT_WEB_WORKERS=str(workers),
                   ZICHT_WEB_THREADS=str(threads), ZICHT_WEB_TIMEOUT=str(timeout),
                   DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE",
                                                         "zicht.settings"))
        if settings.ZICHT_METRICS:
            env["PROMETHEUS_MULTIPROC_DIR"] = str(self._fresh_metrics_dir())
        self.stdout.write(f"Zicht luistert op {bind} ({workers} processen, {threads} threads).")
        self.stdout.flush()
        connections.close_all()
        argv = [sys.executable, "-m", "gunicorn", "--config",
                "python:zicht.operations.gunicorn_conf", "zicht.wsgi:application"]
        os.execve(sys.executable, argv, env)  # noqa: S606

    def _fresh_metrics_dir(self) -> Path:
        """prometheus_client's multiprocess files; those of a previous run would count twice."""
        path = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR")
                    or Path(tempfile.gettempdir()) / f"zicht-metrics-{os.getuid()}")
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, mode=0o700)
        return path
