"""API tokens (django-rest-knox, issue 15.6), with a limit on wrong ones.

Only a digest of each key is stored (``accounts.ApiToken``); a token expires, and it ends
with its account or the account's last active membership: such a token answers 401 as a
wrong one does.

Issue 18: 300 wrong tokens in 4.7 s were 300 401s. DRF checks throttles only after
authentication, so a wrong token never reached them: here every wrong token counts
against the address it came from, in the shared cache, and past
``ZICHT_API_TOKEN_FAILURE_LIMIT`` in 15 minutes the address gets 429."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox import auth
from rest_framework import authentication, exceptions

from zicht.core.ratelimit import attempts_count

WINDOW_SECONDS = 15 * 60
# ``last_used_at`` is for the lists of tokens; it need not cost a write per request.
LAST_USED_PRECISION = timedelta(minutes=1)


def _key(request) -> str:
    return f"api-token-failures:{request.META.get('REMOTE_ADDR') or '-'}"


class TokenAuthentication(auth.TokenAuthentication):
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

    def validate_user(self, auth_token):
        user = auth_token.user
        # The account or its last membership ended: the token ended with it (the services
        # delete it then too; this holds for any other way an account is switched off).
        if not (user.is_active and user.memberships.filter(active=True).exists()):
            raise exceptions.AuthenticationFailed(_("Ongeldige API-sleutel."))
        now = timezone.now()
        if auth_token.last_used_at is None or now - auth_token.last_used_at > LAST_USED_PRECISION:
            type(auth_token).objects.filter(pk=auth_token.pk).update(last_used_at=now)
        return user, auth_token


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for it stays the one DRF's plain tokens had: clients send the same
    header (``Authorization: Token <key>``)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization",
                                                   token_prefix="Token")  # noqa: S106
