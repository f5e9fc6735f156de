from django.urls import path

from zicht.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluatie/", views.dashboard, name="dashboard"),
    path("evaluatie/export.<str:fmt>", views.export, name="export"),
    path("evaluatie/vragenlijst/", views.professional_survey, name="professional_survey"),
    path("households/<uuid:household_uuid>/vragenlijst/", views.invitation_new,
         name="invitation_new"),
    path("vragenlijst/<str:token>/", views.client_survey, name="client_survey"),
]
