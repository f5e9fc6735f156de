from django.urls import path

from zicht.access.views import ClearingLogoutView

app_name = "accounts"
urlpatterns = [
    path("logout/", ClearingLogoutView.as_view(), name="logout"),
]
