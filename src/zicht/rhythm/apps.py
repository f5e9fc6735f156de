from django.apps import AppConfig


class RhythmConfig(AppConfig):
    name = "zicht.rhythm"

    def ready(self):
        from zicht.core.events import trajectory_changed
        from zicht.rhythm.services import sight_refresh_on_commit

        def refresh_sight(sender, trajectory, **kwargs):
            sight_refresh_on_commit(trajectory)

        trajectory_changed.connect(refresh_sight, weak=False,
                                   dispatch_uid="rhythm.refresh_sight")
