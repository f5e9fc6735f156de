from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "zicht.households"
