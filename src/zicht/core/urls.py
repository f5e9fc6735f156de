from django.urls import path

from zicht.core import views

app_name = "core"
urlpatterns = [
    path("membership/", views.switch_membership, name="switch_membership"),
    path("health/", views.health, name="health"),
]
