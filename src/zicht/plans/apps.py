from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "zicht.plans"
