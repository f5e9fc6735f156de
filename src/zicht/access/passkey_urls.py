"""django-otp-webauthn's JSON endpoints under the names its template tags reverse, bound to
Zicht's views: registration after re-authentication, authentication only as the second
step of a login in progress (no passwordless sign-in)."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from zicht.access import views
from zicht.accounts.passkeys import PasskeyLoginBeginView, PasskeyLoginCompleteView

app_name = "otp_webauthn"
urlpatterns = [
    path("security/passkeys/registration/begin/", views.PasskeyRegisterBeginView.as_view(),
         name="credential-registration-begin"),
    path("security/passkeys/registration/complete/",
         views.PasskeyRegisterCompleteView.as_view(), name="credential-registration-complete"),
    path("account/passkey/begin/", PasskeyLoginBeginView.as_view(),
         name="credential-authentication-begin"),
    path("account/passkey/complete/", PasskeyLoginCompleteView.as_view(),
         name="credential-authentication-complete"),
    path("account/passkey/jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
         name="js-i18n-catalog"),
]
