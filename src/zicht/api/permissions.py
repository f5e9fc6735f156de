from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission


class IsVerifiedProfessional(BasePermission):
    """A system with a token, or a professional whose session passed two-factor."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        return user.is_verified()
