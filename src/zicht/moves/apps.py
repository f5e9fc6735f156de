from django.apps import AppConfig


class MovesConfig(AppConfig):
    name = "zicht.moves"
