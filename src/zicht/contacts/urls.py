from django.urls import path

from zicht.contacts import views

app_name = "contacts"
urlpatterns = [
    path("<uuid:household_uuid>/contacts/", views.contact_list, name="list"),
    path("<uuid:household_uuid>/contacts/new/", views.contact_new, name="new"),
]
