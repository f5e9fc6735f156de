from django.shortcuts import redirect
from django.urls import reverse

#: In the session: signed in through this organisation's own provider (issue 15.5), so
#: the professional acts only in its memberships (``directory.actor.actor_for``).
SSO_ORGANISATION = "zicht_sso_organisation"
#: In the session: a client's own (``zicht.client``), set at her login; here so that the
#: professionals' rules below the client app can pass her session by.
CLIENT_SESSION = "zicht_client"

# Paths a logged-in professional may reach before completing two-factor set-up.
OPEN_PREFIXES = ("/account/", "/static/", "/i18n/", "/api/", "/health")


class RequireTwoFactorMiddleware:
    """Every professional uses two-factor: a session without a verified device goes
    to the two-factor set-up (no device yet) or back to the login (device not used)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            from django_otp import devices_for_user

            # The organisation's provider (directory.SingleSignOnDevice, ``external``)
            # verifies only the sign-ins it did itself: it is no second factor of Zicht's.
            own = (d for d in devices_for_user(user) if not getattr(d, "external", False))
            if next(own, None) is None:
                return redirect(reverse("two_factor:setup"))
            return redirect(reverse("two_factor:login"))
        return self.get_response(request)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class NoStoreMiddleware:
    """Pages with personal data are never kept in a browser or proxy cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response


class LanguageMiddleware:
    """Dutch unless the professional chose English (the language cookie set by
    ``set_language``). The browser's Accept-Language is ignored on purpose: the
    professionals' vocabulary is Dutch, and a work laptop with an English browser
    should not change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
