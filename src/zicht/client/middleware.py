"""Two separate worlds: a client's session reaches only her own pages (``/mijn/``), a
professional's session never uses them; the client's session ends after
``ZICHT_CLIENT_SESSION_IDLE_MINUTES`` (10) idle."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from zicht.core.middleware import CLIENT_SESSION

CLIENT = CLIENT_SESSION  # the ClientAccess uuid, set at her login
CLIENT_SEEN = "zicht_client_seen"
PREFIX = "/mijn/"
CLIENT_OPEN = (PREFIX, "/static/", "/i18n/")
# Anyone may use these: the quick exit logs out whoever presses it.
EVERYONE = ("/mijn/weg/",)


class ClientAreaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        is_client = CLIENT in request.session
        if is_client:
            now = time.time()
            seen = request.session.get(CLIENT_SEEN, now)
            if now - seen > settings.ZICHT_CLIENT_SESSION_IDLE_MINUTES * 60:
                logout(request)
                return redirect(reverse("client:login") + "?reason=idle")
            request.session[CLIENT_SEEN] = now
            if not path.startswith(CLIENT_OPEN):
                raise Http404  # a professional page: for her, it does not exist
        elif path.startswith(PREFIX) and not path.startswith(EVERYONE):
            raise Http404
        return self.get_response(request)
