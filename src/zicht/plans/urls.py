from django.urls import path

from zicht.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_detail, name="detail"),
    path("goals/new/", views.goal_new, name="goal_new"),
    path("actions/new/", views.action_new, name="action_new"),
    path("actions/<uuid:action_uuid>/", views.action_update, name="action_update"),
    path("scores/new/", views.scores_new, name="scores_new"),
]
