from django.urls import path

from zicht.conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("new/", views.conference_new, name="new"),
    path("<uuid:conference_uuid>/", views.conference_detail, name="detail"),
    path("<uuid:conference_uuid>/held/", views.conference_hold, name="hold"),
    path("<uuid:conference_uuid>/cancel/", views.conference_cancel, name="cancel"),
    path("<uuid:conference_uuid>/conditions/new/", views.condition_new, name="condition_new"),
    path("<uuid:conference_uuid>/actions/new/", views.decision_new, name="action_new"),
]
