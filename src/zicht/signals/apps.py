from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "zicht.signals"
    label = "signals"
    verbose_name = _("Signalen")

    def ready(self):
        from zicht.core.events import coordinator_changed
        from zicht.signals.follow import open_signals_follow

        def follow(sender, trajectory, assignment, **kwargs):
            open_signals_follow(trajectory=trajectory, assignment=assignment)

        coordinator_changed.connect(follow, weak=False, dispatch_uid="signals.follow")
