"""API tokens, with a limit on wrong ones (issue 18: 300 wrong tokens in 4.7 s were 300
401s). DRF checks throttles only after authentication, so a wrong token never reached
them: here every wrong token counts against the address it came from, in the shared
cache, and past ``ZICHT_API_TOKEN_FAILURE_LIMIT`` in 15 minutes the address gets 429."""

from django.conf import settings
from django.core.cache import cache
from rest_framework import authentication, exceptions

from zicht.core.ratelimit import attempts_count

WINDOW_SECONDS = 15 * 60


def _key(request) -> str:
    return f"api-token-failures:{request.META.get('REMOTE_ADDR') or '-'}"


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        if not authentication.get_authorization_header(request):
            return None  # no token: the session, or anonymous (AnonRateThrottle)
        key = _key(request)
        if cache.get(key, 0) >= settings.ZICHT_API_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(wait=WINDOW_SECONDS)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            attempts_count(key, window_seconds=WINDOW_SECONDS)
            raise
