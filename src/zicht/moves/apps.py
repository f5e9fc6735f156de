from django.apps import AppConfig


class MovesConfig(AppConfig):
    name = "zicht.moves"

    def ready(self):
        from zicht.core.events import trajectory_closing
        from zicht.moves.selectors import open_work_on_closing

        trajectory_closing.connect(lambda sender, trajectory, **kwargs:
                                   open_work_on_closing(trajectory),
                                   weak=False, dispatch_uid="moves.closing")
