"""gunicorn's configuration for ``zicht serve`` (read from the environment it sets).

- ``preload_app``: the master loads ``zicht.wsgi`` once, which loads every URL and view and
  then calls ``gc.freeze()``; the workers fork from it, so the frozen objects are shared
  and never scanned by the collector in a worker.
- No access log: gunicorn's would write the query string. ``RequestLogMiddleware`` writes
  one JSON line per request instead; gunicorn's own messages go through the same format.
"""

import os

from zicht.operations.logs import logging_config

bind = [os.environ.get("ZICHT_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("ZICHT_WEB_WORKERS", "2"))
threads = int(os.environ.get("ZICHT_WEB_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("ZICHT_WEB_TIMEOUT", "30"))
graceful_timeout = timeout
keepalive = 5
max_requests = int(os.environ.get("ZICHT_WEB_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = None
errorlog = "-"
proc_name = "zicht"
# gunicorn's control socket would sit in the home directory, shared by every instance.
control_socket_disable = True
# The heartbeat files in memory, not on a container's overlay file system.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
logconfig_dict = logging_config(fmt=os.environ.get("ZICHT_LOG_FORMAT", "json"),
                                level=os.environ.get("ZICHT_LOG_LEVEL", "INFO"))
logconfig_dict["loggers"].update({
    "gunicorn.error": {"level": os.environ.get("ZICHT_LOG_LEVEL", "INFO").upper(),
                       "handlers": ["console"], "propagate": False},
    "gunicorn.access": {"handlers": ["null"], "propagate": False},
})


def pre_fork(server, worker):
    # A connection the master opened while loading must not be shared by the workers.
    from django.db import connections

    connections.close_all()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
