"""The WSGI entry point for a production server (``zicht.wsgi:application``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.settings")
application = get_wsgi_application()

# Load every URL and view now, then take what start-up created out of the garbage
# collector's sight (Python's gc.freeze). A full collection then scans only the objects
# of the requests in flight instead of all of Django: without this, every twentieth
# caseload page paid a ~60 ms pause on a 2-core machine (bench/bench_sight.py).
get_resolver().url_patterns  # noqa: B018 (loads the URL configuration and the views)
gc.freeze()
