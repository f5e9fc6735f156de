"""Signing in through the organisation's own OpenID Connect provider (issue 15.5)."""

from django.urls import path

from zicht.directory import oidc

app_name = "sso"
urlpatterns = [
    path("", oidc.start, name="start"),
    path("bevestigen/", oidc.reconfirm, name="reconfirm"),
    # The provider's redirect back, with the code (the request log drops query strings).
    path("callback/", oidc.CallbackView.as_view(), name="callback"),
]
