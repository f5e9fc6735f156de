from django.urls import path

from zicht.trajectories import views

app_name = "trajectories"
urlpatterns = [
    path("", views.handover_list, name="handovers"),
    path("<uuid:handover_uuid>/", views.handover_detail, name="handover"),
]
