from django.urls import path

from zicht.network import selfscan_views, views

app_name = "network"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("bijeenkomsten/nieuw/", views.meeting_new, name="meeting_new"),
    path("bijeenkomsten/<uuid:meeting_uuid>/", views.meeting_detail, name="meeting"),
    path("afspraken/", views.agreements, name="agreements"),
    path("afspraken/nieuw/", views.agreement_new, name="agreement_new"),
    path("afspraken/<uuid:agreement_uuid>/", views.agreement_detail, name="agreement"),
    path("afspraken/<uuid:agreement_uuid>/document/", views.agreement_document,
         name="agreement_document"),
    path("zelfscan/", selfscan_views.index, name="selfscans"),
    path("zelfscan/nieuw/", selfscan_views.new, name="selfscan_new"),
    path("zelfscan/<uuid:scan_uuid>/", selfscan_views.detail, name="selfscan"),
]
