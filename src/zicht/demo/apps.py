from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Invented data for the demo, tests and benchmarks: the top layer, it may use any app."""

    name = "zicht.demo"
