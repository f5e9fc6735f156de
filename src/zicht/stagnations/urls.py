from django.urls import path

from zicht.stagnations import views

app_name = "stagnations"
urlpatterns = [
    path("households/<uuid:household_uuid>/stagnations/", views.household_register,
         name="household"),
    path("stagnations/", views.overview, name="overview"),
    path("stagnations/<uuid:stagnation_uuid>/", views.stagnation_detail, name="detail"),
]
