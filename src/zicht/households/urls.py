from django.urls import path

from zicht.consent import views as consent_views
from zicht.households import views
from zicht.trajectories import views as trajectory_views

app_name = "households"
urlpatterns = [
    path("new/", views.household_new, name="new"),
    path("search/", views.search, name="search"),
    path("<uuid:household_uuid>/", views.household_detail, name="detail"),
    path("<uuid:household_uuid>/address/", views.address_show, name="address"),
    path("<uuid:household_uuid>/address/edit/", views.address_edit, name="address_edit"),
    path("<uuid:household_uuid>/access-log/", views.access_log, name="access_log"),
    path("<uuid:household_uuid>/consent/", consent_views.consent_new, name="consent"),
    path("<uuid:household_uuid>/consent/<uuid:consent_uuid>/withdraw/",
         consent_views.consent_withdraw_view, name="consent_withdraw"),
    path("<uuid:household_uuid>/consent/<uuid:consent_uuid>/form/",
         consent_views.consent_form_file, name="consent_form_file"),
    path("<uuid:household_uuid>/invite/", trajectory_views.invite, name="invite"),
    path("<uuid:household_uuid>/departure/", trajectory_views.departure, name="departure"),
    path("<uuid:household_uuid>/coordinator/", trajectory_views.coordinator, name="coordinator"),
    path("<uuid:household_uuid>/close/", trajectory_views.close, name="close"),
]
