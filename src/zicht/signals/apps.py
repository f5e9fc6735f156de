from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "zicht.signals"
    label = "signals"
    verbose_name = _("Signalen")

    def ready(self):
        from zicht.core.events import coordinator_changed, trajectory_closing
        from zicht.signals.follow import open_signals_follow, open_work_on_closing

        def follow(sender, trajectory, assignment, **kwargs):
            open_signals_follow(trajectory=trajectory, assignment=assignment)

        coordinator_changed.connect(follow, weak=False, dispatch_uid="signals.follow")
        trajectory_closing.connect(lambda sender, trajectory, **kwargs:
                                   open_work_on_closing(trajectory),
                                   weak=False, dispatch_uid="signals.closing")
