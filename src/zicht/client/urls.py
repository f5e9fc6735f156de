from django.urls import path
from django.views.i18n import JavaScriptCatalog

from zicht.client import views

app_name = "client"

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.login_page, name="login"),
    path("inloggen/passkey/", views.login_passkey_begin, name="login_passkey"),
    path("inloggen/passkey/klaar/", views.login_passkey_complete,
         name="login_passkey_complete"),
    path("activeren/<str:token>/", views.activate, name="activate"),
    path("activeren/<str:token>/passkey/", views.activate_passkey_begin,
         name="activate_passkey"),
    path("activeren/<str:token>/passkey/klaar/", views.activate_passkey_complete,
         name="activate_passkey_complete"),
    # The texts of django-otp-webauthn's scripts, from her own pages.
    path("passkey/teksten.js", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
         name="passkey_texts"),
    path("welkom/", views.welcome, name="welcome"),
    path("hoe-gaat-het/", views.checkin, name="checkin"),
    path("niet-veilig/", views.unsafe, name="unsafe"),
    path("veiligheidsplan/iets-veranderd/", views.review_request, name="review_request"),
    path("acties/<uuid:action_uuid>/", views.action_update, name="action_update"),
    path("vragenlijst/", views.survey, name="survey"),
    path("wie-zag-wat/", views.disclosures, name="disclosures"),
    path("mijn-gegevens.pdf", views.inzage, name="inzage"),
    path("weg/", views.quick_exit, name="exit"),
]

# The professional's side, on the household (household-scoped: 404 for the uninvolved).
professional_patterns = [
    path("", views.access_page, name="access"),
    path("<uuid:access_uuid>/end/", views.access_end, name="access_end"),
]
