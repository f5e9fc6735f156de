from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "zicht.conferences"

    def ready(self):
        from zicht.conferences.models import CaseConference
        from zicht.conferences.selectors import conference_events_of, open_work_on_closing
        from zicht.conferences.services import conference_invitations_follow
        from zicht.core.events import (
            calendar_collecting,
            coordinator_changed,
            household_pseudonymised,
            trajectory_closing,
        )

        def clear_texts(sender, household, **kwargs):
            # Retention: the agenda, the decisions and her own words may name people.
            CaseConference.objects.filter(household=household).update(
                agenda="", decisions="", client_view="", others="", place="")

        household_pseudonymised.connect(clear_texts, weak=False,
                                        dispatch_uid="conferences.clear_texts")
        # The conferences in the invitees' private calendar feed, which rhythm serves.
        calendar_collecting.connect(
            lambda sender, user, today, **kwargs: conference_events_of(user, today=today),
            weak=False, dispatch_uid="conferences.calendar")

        def follow(sender, trajectory, actor, **kwargs):
            conference_invitations_follow(actor=actor, trajectory=trajectory)

        # A move or a new coordinator: the planned conferences' invitations go along.
        coordinator_changed.connect(follow, weak=False, dispatch_uid="conferences.follow")
        trajectory_closing.connect(lambda sender, trajectory, **kwargs:
                                   open_work_on_closing(trajectory),
                                   weak=False, dispatch_uid="conferences.closing")
