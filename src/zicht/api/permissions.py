from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from zicht.api.authentication import TokenAuthentication


class IsVerifiedProfessional(BasePermission):
    """A system with a token, or a professional whose session passed two-factor.

    A session without a verified device is refused (403) rather than redirected as the
    pages do: the API cannot show the two-factor login. No credentials at all gives 401.
    """

    message = _("Meld u aan met tweestapsverificatie om de API te gebruiken.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        # Set by django_otp's OTPMiddleware on the session's user.
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified())
