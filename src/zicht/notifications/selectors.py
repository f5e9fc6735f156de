from django.db.models import QuerySet

from zicht.directory.actor import Actor
from zicht.notifications.models import Notification


def inbox(actor: Actor) -> QuerySet[Notification]:
    """The actor's own notifications; the household only by reference (never a name)."""
    return (Notification.objects.filter(recipient=actor.user)
            .select_related("household").only("uuid", "kind", "link", "created_at", "read_at",
                                              "household__uuid", "household__reference"))
