from django.urls import path

from zicht.operations import health, metrics

app_name = "operations"
urlpatterns = [
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("health/ready/web", health.ready_web, name="health_ready_web"),
    path("metrics", metrics.metrics, name="metrics"),
]
