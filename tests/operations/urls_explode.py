"""A URL configuration with one view that fails while holding personal data."""

from django.urls import path

CANARY_NAME = "Fatima Zangvogel"
CANARY_STREET = "Canarystraat 7"


def explode(request):
    client_name = CANARY_NAME  # a local variable  # noqa: F841
    address = {"street": CANARY_STREET}  # noqa: F841
    raise ValueError(f"cannot save {CANARY_NAME} at {CANARY_STREET}")


urlpatterns = [path("explode/", explode, name="explode")]
