from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Service rule violations become 400s with field errors, like form errors on a page.

    A service's ``PermissionDenied`` (an involved user acting outside their role) becomes a
    403 with DRF's generic message: the service's own text is for developers.
    """
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field:
                      messages for field, messages in exc.message_dict.items()}
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
