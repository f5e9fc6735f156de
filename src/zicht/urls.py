from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from two_factor.urls import urlpatterns as two_factor_patterns

from zicht.accounts.passkeys import PasskeySigninBeginView, PasskeySigninCompleteView
from zicht.accounts.views import LoginView, ProfileView
from zicht.client.urls import professional_patterns as client_professional_patterns
from zicht.rhythm.views import calendar_feed, home

# The admin is for the directory (organisations, people, memberships) only, and also
# needs two-factor.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", home, name="home"),
    path("", include("zicht.core.urls")),
    path("", include("zicht.operations.urls")),  # /health/live, /health/ready, /metrics
    path("households/", include("zicht.households.urls")),
    path("households/", include("zicht.contacts.urls")),
    path("households/<uuid:household_uuid>/plan/", include("zicht.plans.urls")),
    path("households/<uuid:household_uuid>/conferences/", include("zicht.conferences.urls")),
    path("", include("zicht.stagnations.urls")),
    path("", include("zicht.moves.urls")),
    path("coordination/", include("zicht.trajectories.urls")),
    path("directory/", include("zicht.directory.urls")),
    path("households/", include("zicht.rhythm.urls")),
    path("notifications/", include("zicht.notifications.urls")),
    # The planned contacts feed keeps the address given out to calendars before it moved here.
    path("notifications/agenda/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("safety/", include("zicht.safety.urls")),
    path("safety/", include("zicht.signals.urls")),  # the paths they had in safety
    path("", include("zicht.access.urls")),
    path("", include("zicht.access.passkey_urls")),  # passkeys (django-otp-webauthn)
    # "Inloggen met een passkey": passwordless, when ZICHT_PASSKEY_PASSWORDLESS.
    path("account/passkey/signin/begin/", PasskeySigninBeginView.as_view(),
         name="passkey_signin_begin"),
    path("account/passkey/signin/complete/", PasskeySigninCompleteView.as_view(),
         name="passkey_signin_complete"),
    path("", include("zicht.evaluation.urls")),
    path("netwerk/", include("zicht.network.urls")),
    # The client's own pages ("Mijn afspraken", issue 17) and their activation.
    path("mijn/", include("zicht.client.urls")),
    path("households/<uuid:household_uuid>/mijn-toegang/",
         include((client_professional_patterns, "client_access"))),
    # Before two_factor's own login at the same path: wrong codes count toward the lock-out.
    path("account/login/", LoginView.as_view(), name="login"),
    # Signing in through the organisation's own provider (issue 15.5).
    path("sso/", include("zicht.directory.sso_urls")),
    # Before two_factor's own page at the same path: it names the passkeys too.
    path("account/two_factor/", ProfileView.as_view(), name="two_factor_profile"),
    path("", include(two_factor_patterns)),  # its own paths start with account/
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("zicht.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "zicht.core.errors.not_found"
handler500 = "zicht.core.errors.server_error"
handler403 = "zicht.core.errors.forbidden"
