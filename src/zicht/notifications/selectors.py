"""Reads of the inbox: only the actor's own notifications."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.urls import reverse

from zicht.directory.actor import Actor
from zicht.notifications.models import Notification, NotificationKind

# Kinds whose link leads to a page with an access check of its own, not to the household's
# record: the receiving side of a move or of the coordination opens the offer before it
# may open the household.
OUTSIDE_RECORD = {NotificationKind.MOVE_OFFER, NotificationKind.COORDINATOR_OFFER}

# Which households an actor may open (the access policy's ``visible_households``). The
# policy lives above this app, so it registers itself here in its ``AppConfig.ready``;
# unregistered, no household counts as openable, so nothing links to a 404.
_openable_households: list[Callable[[Actor], QuerySet]] = []


def openable_households_register(households: Callable[[Actor], QuerySet]) -> None:
    _openable_households[:] = [households]


def inbox(actor: Actor) -> QuerySet[Notification]:
    """The actor's own notifications; the household only by reference (never a name)."""
    return (Notification.objects.filter(recipient=actor.user)
            .select_related("household").only("uuid", "kind", "link", "created_at", "read_at",
                                              "household_id", "household__uuid",
                                              "household__reference"))


def unread_count(actor: Actor) -> int:
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).count()


def with_targets(actor: Actor, notifications: list[Notification]) -> list[Notification]:
    """Set ``target`` (where "Bekijken" leads, or empty) and ``shows_household`` on each.

    A message about a household the actor can no longer open (it moved, the involvement
    ended) shows neither its reference nor a link that would answer 404 (issue 13). One
    query for the whole list.
    """
    household_ids = {n.household_id for n in notifications if n.household_id}
    openable: set[int] = set()
    if household_ids and _openable_households:
        openable = set(_openable_households[0](actor).filter(pk__in=household_ids)
                       .values_list("pk", flat=True))
    for n in notifications:
        n.shows_household = n.household_id in openable
        reachable = (not n.household_id or n.shows_household or n.kind in OUTSIDE_RECORD)
        if not reachable:
            n.target = ""
        elif n.link.startswith("/") and not n.link.startswith("//"):
            n.target = n.link
        elif n.shows_household:
            n.target = reverse("households:detail", args=[n.household.uuid])
        else:
            n.target = ""
    return notifications
