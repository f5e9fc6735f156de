from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Invented data for the demo, the tests and the benchmarks: the top layer, it may use every app."""

    name = "zicht.demo"
