from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from zicht.accounts.passkeys import is_platform_admin, no_membership_message
from zicht.accounts.views import NO_MEMBERSHIP
from zicht.core import events
from zicht.core.middleware import CLIENT_SESSION, SSO_ORGANISATION, client_ip
from zicht.directory.actor import actor_for
from zicht.directory.services import sign_in_refusal_log


class ActorMiddleware:
    """``request.actor``: who acts, in which membership. A professional's session that
    acts in no organisation any more (her last membership ended while she was signed in,
    by whatever code) ends here on its next request, as a sign-in would be refused.

    A client's session (no membership ever) and the platform's operator pass by."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def build():
            if not request.user.is_authenticated:
                return None
            return actor_for(
                request.user,
                membership_uuid=request.session.get("membership"),
                organisation_id=request.session.get(SSO_ORGANISATION),
                ip_address=client_ip(request),
            )

        request.actor = SimpleLazyObject(build)
        user = request.user
        if (user.is_authenticated and CLIENT_SESSION not in request.session
                and not is_platform_admin(user) and request.actor.membership is None):
            # The same query most pages make for the actor anyway (it is kept).
            return self._end(request)
        return self.get_response(request)

    def _end(self, request):
        user = request.user
        sign_in_refusal_log(user=user, way="session", ip_address=client_ip(request))
        # Her sessions on other devices too (``zicht.access``), as when a service ends it.
        events.professional_deactivated.send(sender=type(self), user=user,
                                             reason=NO_MEMBERSHIP)
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": no_membership_message()}, status=401)
        return redirect(reverse("two_factor:login") + "?reason=" + NO_MEMBERSHIP)
