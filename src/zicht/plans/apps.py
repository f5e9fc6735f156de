from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "zicht.plans"

    def ready(self):
        from zicht.core.events import trajectory_closing
        from zicht.plans.selectors import open_work_on_closing

        trajectory_closing.connect(lambda sender, trajectory, **kwargs:
                                   open_work_on_closing(trajectory),
                                   weak=False, dispatch_uid="plans.closing")
