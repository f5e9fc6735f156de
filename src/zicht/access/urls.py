from django.urls import path

from zicht.access import views

app_name = "access"
urlpatterns = [
    # Logout ends the session record too, so it is access's (the path stays under account/).
    path("account/logout/", views.ClearingLogoutView.as_view(), name="logout"),
    # Onboarding: a passkey as the second factor instead of the authenticator app (under
    # account/, which a professional without a second factor may reach).
    path("account/passkey/setup/", views.passkey_setup, name="passkey_setup"),
    path("account/passkey/setup/begin/", views.PasskeySetupBeginView.as_view(),
         name="passkey_setup_begin"),
    path("account/passkey/setup/complete/", views.PasskeySetupCompleteView.as_view(),
         name="passkey_setup_complete"),
    # django-two-factor-auth's own "disable" removes every second factor; this path
    # comes first, so its link leads here.
    path("account/two_factor/disable/", views.authenticator_app_remove,
         name="authenticator_app_remove"),
    path("security/", views.account, name="account"),
    path("security/password/", views.password_change_view, name="password_change"),
    path("security/reauth/", views.reauth, name="reauth"),
    path("security/sessions/", views.sessions, name="sessions"),
    path("security/api-token/", views.api_token, name="api_token"),
    path("security/api-token/<uuid:token_uuid>/revoke/", views.api_token_revoke,
         name="api_token_revoke"),
    path("security/passkeys/", views.passkeys, name="passkeys"),
    path("security/passkeys/<int:credential_id>/remove/", views.passkey_remove,
         name="passkey_remove"),
    path("security/sessions/<int:record_id>/end/", views.session_end_view, name="session_end"),
    path("emergency-access/", views.emergency, name="emergency"),
    path("households/<uuid:household_uuid>/overview/", views.overview, name="overview"),
    path("households/<uuid:household_uuid>/sharing/", views.sharing, name="sharing"),
    path("households/<uuid:household_uuid>/sharing/<uuid:override_uuid>/approve/",
         views.sharing_approve_view, name="sharing_approve"),
    path("households/<uuid:household_uuid>/persons/<uuid:person_uuid>/inzage.<str:fmt>",
         views.inzage, name="inzage"),
    path("households/<uuid:household_uuid>/corrections/", views.corrections,
         name="corrections"),
    path("households/<uuid:household_uuid>/persons/<uuid:person_uuid>/correction/",
         views.correction, name="correction"),
]
