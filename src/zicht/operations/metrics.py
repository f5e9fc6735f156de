"""Prometheus metrics at ``/metrics`` (django-prometheus), behind ``ZICHT_METRICS`` and a
bearer token (``ZICHT_METRICS_TOKEN``): 404 when switched off, as if it did not exist; 401
without a token, 403 with a wrong one. The metrics are per view name, method and status:
no paths, no ids.

Under ``zicht serve`` with several workers, prometheus_client's multiprocess mode adds up
the workers (``PROMETHEUS_MULTIPROC_DIR``, set by ``zicht serve``).
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def metrics(request):
    if not settings.ZICHT_METRICS:
        raise Http404
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        response = HttpResponse("token required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    expected = settings.ZICHT_METRICS_TOKEN
    if not expected or not hmac.compare_digest(header[len("Bearer "):].encode(),
                                               expected.encode()):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
