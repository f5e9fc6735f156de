from django.apps import AppConfig


class StagnationsConfig(AppConfig):
    name = "zicht.stagnations"
