"""The ``API-Version`` header on every answer under ``/api/`` (Dutch API Design Rules,
/core/version-header): errors, 404s for unknown paths and the schema included."""

from django.conf import settings

from zicht.api.schema import VERSION_HEADER


class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response[VERSION_HEADER] = settings.ZICHT_API_VERSION
        return response
