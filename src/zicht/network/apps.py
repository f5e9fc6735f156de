from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "zicht.network"

    def ready(self):
        from zicht.core.events import calendar_collecting
        from zicht.evaluation.indicators import indicator_register
        from zicht.network import figures
        from zicht.network.selectors import meeting_events_of
        from zicht.network.tasks import agreements_review_remind_task
        from zicht.rhythm.worker import DAY, periodic_task_register

        # The meetings in the invitees' private calendar feed, which rhythm serves.
        calendar_collecting.connect(
            lambda sender, user, today, **kwargs: meeting_events_of(user, today=today),
            weak=False, dispatch_uid="network.calendar")
        for indicator in figures.DASHBOARD_INDICATORS:
            indicator_register(indicator)
        periodic_task_register(agreements_review_remind_task, DAY)
