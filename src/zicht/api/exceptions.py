"""API errors as problem details (RFC 9457, ``application/problem+json``).

The shape follows the Dutch API Design Rules (Logius) as Open Zaak does: ``type``,
``title``, ``status``, ``detail``, and for a 400 ``invalidParams`` with one entry per field
message (``name`` is the field's path, e.g. ``others.0.role``; ``non_field_errors`` for a
rule over several fields).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from zicht.core.errors import PROBLEM, problem


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
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Django's handler500 answers, as a problem too (``core.errors``)
    if isinstance(exc, exceptions.ValidationError):
        body = problem(response.status_code, _("De invoer is niet geldig."))
        body["invalidParams"] = [{"name": name, "code": code, "reason": reason}
                                 for name, code, reason in _flatten(exc.detail)]
    else:
        body = problem(response.status_code, str(getattr(exc, "detail", "")))
    response.data = body
    response.content_type = PROBLEM
    return response


def _flatten(detail, prefix: str = ""):
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, f"{prefix}{key}.")
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            for item in detail:
                yield prefix.rstrip(".") or api_settings.NON_FIELD_ERRORS_KEY, item.code, str(item)
        else:
            for index, item in enumerate(detail):
                yield from _flatten(item, f"{prefix}{index}.")
    else:
        yield prefix.rstrip(".") or api_settings.NON_FIELD_ERRORS_KEY, getattr(
            detail, "code", "invalid"), str(detail)
