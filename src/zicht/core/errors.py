"""Error pages that say what happened and nothing else: no stack trace, no personal data.

Under ``/api/`` the same errors are problem details (RFC 9457), never an HTML page.
"""

from http import HTTPStatus

from django.http import JsonResponse
from django.shortcuts import render

PROBLEM = "application/problem+json"


def problem(status: int, detail: str = "") -> dict:
    """The members every problem carries (``type``, ``title``, ``status``), and ``detail``."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    return body


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _problem_response(status: int) -> JsonResponse:
    return JsonResponse(problem(status), status=status, content_type=PROBLEM)


def not_found(request, exception=None):
    if _is_api(request):
        return _problem_response(404)
    return render(request, "core/error.html", {"status": 404}, status=404)


def forbidden(request, exception=None):
    if _is_api(request):
        return _problem_response(403)
    return render(request, "core/error.html", {"status": 403}, status=403)


def server_error(request):
    if _is_api(request):
        return _problem_response(500)
    # Rendered without the request context: the failing request may be the cause.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.render_to_string("core/error.html", {"status": 500}))
