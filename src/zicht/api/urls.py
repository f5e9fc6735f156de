from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from zicht.api.routers import router

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
