from django.urls import path

from zicht.safety import views

app_name = "safety"
HOUSEHOLD = "households/<uuid:household_uuid>/"
urlpatterns = [
    path(HOUSEHOLD, views.safety_overview, name="overview"),
    path(f"{HOUSEHOLD}plan/", views.safety_plan_edit, name="plan_edit"),
    path(f"{HOUSEHOLD}risk/", views.risk_assess, name="risk_assess"),
    path(f"{HOUSEHOLD}police/", views.police_alert, name="police_alert"),
]
