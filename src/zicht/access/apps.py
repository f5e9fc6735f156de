from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "zicht.access"
    verbose_name = "Toegang"

    def ready(self) -> None:
        from zicht.access import signals  # noqa: F401
        from zicht.access.policy import visible_households
        from zicht.notifications.selectors import openable_households_register

        # The inbox links to a household only while its recipient may still open it.
        openable_households_register(lambda actor: visible_households(actor, partial=True))
