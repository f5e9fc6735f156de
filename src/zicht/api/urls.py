from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from zicht.api.permissions import IsVerifiedProfessional
from zicht.api.routers import router

urlpatterns = [
    path("v1/", include(router.urls)),
    # The schema holds no personal data, but like the rest of the API it is for
    # professionals and systems that signed in.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsVerifiedProfessional]),
         name="schema"),
]
