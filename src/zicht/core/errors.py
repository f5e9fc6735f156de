"""Error pages that say what happened and nothing else: no stack trace, no personal data."""

from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


def server_error(request):
    # Rendered without the request context: the failing request may be the cause.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.render_to_string("core/error.html", {"status": 500}))
