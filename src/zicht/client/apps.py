from django.apps import AppConfig


class ClientConfig(AppConfig):
    name = "zicht.client"
    label = "client"
    verbose_name = "Mijn afspraken"
