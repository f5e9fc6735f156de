from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "zicht.access"
    verbose_name = "Toegang"

    def ready(self) -> None:
        from zicht.access import signals  # noqa: F401
