from django.urls import path

from zicht.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("<uuid:notification_uuid>/read/", views.mark_read, name="read"),
    path("agenda/", views.calendar_settings, name="calendar"),
]
