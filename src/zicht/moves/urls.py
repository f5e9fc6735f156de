from django.urls import path

from zicht.moves import views

app_name = "moves"
urlpatterns = [
    path("households/<uuid:household_uuid>/move/", views.move_new, name="new"),
    path("moves/<uuid:move_uuid>/", views.move_detail, name="detail"),
]
