from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "zicht.operations"
    label = "operations"
    verbose_name = "Beheer"

    def ready(self):
        from zicht.operations import checks, logs  # noqa: F401 (registers checks and signals)

        logs.install_record_factory()
        logs.connect_task_signals()
