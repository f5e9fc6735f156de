from django.utils.functional import SimpleLazyObject

from zicht.core.middleware import SSO_ORGANISATION, client_ip
from zicht.directory.actor import actor_for


class ActorMiddleware:
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
        return self.get_response(request)
