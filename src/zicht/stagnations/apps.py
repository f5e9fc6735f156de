from django.apps import AppConfig


class StagnationsConfig(AppConfig):
    name = "zicht.stagnations"

    def ready(self):
        from zicht.core.events import trajectory_closing
        from zicht.stagnations.selectors import open_work_on_closing

        trajectory_closing.connect(lambda sender, trajectory, **kwargs:
                                   open_work_on_closing(trajectory),
                                   weak=False, dispatch_uid="stagnations.closing")
