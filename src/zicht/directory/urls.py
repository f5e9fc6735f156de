from django.urls import path

from zicht.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("manage/", views.manage, name="manage"),
    path("manage/<uuid:membership_uuid>/", views.membership_edit, name="membership"),
]
