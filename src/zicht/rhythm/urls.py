from django.urls import path

from zicht.rhythm import views

app_name = "rhythm"
urlpatterns = [
    path("<uuid:household_uuid>/rhythm/", views.plan, name="plan"),
    path("rhythm/municipality/", views.municipality_rhythm, name="municipality"),
    path("<uuid:household_uuid>/contacts/<uuid:contact_uuid>/next-step/", views.unsafe_next_step,
         name="unsafe_next_step"),
]
