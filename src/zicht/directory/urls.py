from django.urls import path

from zicht.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("manage/", views.manage, name="manage"),
    path("manage/invite/", views.invite, name="invite"),
    path("manage/invitations/<uuid:invitation_uuid>/revoke/", views.invitation_revoke,
         name="invitation_revoke"),
    path("manage/<uuid:membership_uuid>/", views.membership_edit, name="membership"),
    path("manage/<uuid:membership_uuid>/account/", views.account_deactivate,
         name="account_deactivate"),
    path("manage/<uuid:membership_uuid>/second-factor/", views.reset_request,
         name="reset_request"),
    path("manage/second-factor/", views.resets, name="resets"),
    path("manage/second-factor/<uuid:reset_uuid>/", views.reset_decide, name="reset_decide"),
    path("manage/trail/", views.trail, name="trail"),
    path("region/", views.region, name="region"),
    path("region/<uuid:organisation_uuid>/admin/", views.region_invite_admin,
         name="region_invite_admin"),
    # The invitee's link: no login (the path's token is kept out of the request log).
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
