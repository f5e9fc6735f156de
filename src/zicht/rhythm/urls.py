from django.urls import path

from zicht.rhythm import views

app_name = "rhythm"
urlpatterns = [
    path("<uuid:household_uuid>/rhythm/", views.plan, name="plan"),
    path("rhythm/municipality/", views.municipality_rhythm, name="municipality"),
]
