from django.apps import AppConfig


class ClientConfig(AppConfig):
    name = "zicht.client"
    label = "client"
    verbose_name = "Mijn afspraken"

    def ready(self):
        from zicht.client.services import client_messages_follow
        from zicht.core.events import coordinator_changed, trajectory_changed

        # A new supporter (invitation, accepted move) or coordinator (assignment, handover,
        # move): what she said and nobody read yet goes to whoever carries her now.
        def follow(sender, trajectory, **kwargs):
            client_messages_follow(trajectory=trajectory)

        coordinator_changed.connect(follow, weak=False, dispatch_uid="client.follow.coordinator")
        trajectory_changed.connect(follow, weak=False, dispatch_uid="client.follow.trajectory")
