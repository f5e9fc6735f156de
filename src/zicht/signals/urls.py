"""The signals' pages. Included under ``safety/`` in ``zicht.urls``: their paths stayed the
same when they moved out of ``zicht.safety``."""

from django.urls import path

from zicht.signals import views

app_name = "signals"
HOUSEHOLD = "households/<uuid:household_uuid>/"
urlpatterns = [
    path(f"{HOUSEHOLD}partners/", views.partner_connect, name="partner_connect"),
    path(f"{HOUSEHOLD}signals/new/", views.signal_new, name="signal_new"),
    path(f"{HOUSEHOLD}reports/new/", views.report_new, name="report_new"),
    path(f"{HOUSEHOLD}worry/", views.partner_household, name="partner_household"),
    path("signals/", views.signal_list, name="signals"),
    path("signals/<uuid:signal_uuid>/", views.signal_detail, name="signal"),
    path("signals/<uuid:signal_uuid>/close/", views.signal_close, name="signal_close"),
    path("signals/<uuid:signal_uuid>/reopen/", views.signal_reopen, name="signal_reopen"),
    path("zorg-melden/", views.zorg_melden, name="zorg_melden"),
    path("reports/", views.veilig_thuis_reports, name="veilig_thuis"),
    path("reports/<uuid:report_uuid>/", views.report_detail, name="report"),
    path("reports/<uuid:report_uuid>/address/", views.report_address, name="report_address"),
    path("reports/<uuid:report_uuid>/<str:fmt>/", views.report_download, name="report_download"),
]
