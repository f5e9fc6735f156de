"""Writes of the inbox and the calendar feed.

A notification is an inbox row plus, after commit, an e-mail that says only that there is
something new (``core.notify.notify_by_email``): never a name, address, reference or detail.
"""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.notifications.models import CalendarFeed, Notification


def notifications_send(items: Iterable[tuple[int, str, int | None]], *, link: str = "") -> int:
    """Put ``(recipient_id, kind, household_id)`` items in inboxes; mail each recipient once.

    Called by services and the periodic scan, inside their transaction. ``link`` is where
    the message leads when not to the household page (a path of UUIDs, never a name).
    """
    rows = [Notification(recipient_id=r, kind=k, household_id=h, link=link)
            for r, k, h in items if r]
    if not rows:
        return 0
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=2000)
        recipient_ids = {row.recipient_id for row in rows}
        notify_by_email(User.objects.filter(pk__in=recipient_ids, is_active=True)
                        .values_list("email", flat=True))
    return len(rows)


def notification_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new private feed link; earlier links of the same professional are revoked.

    Returns the feed and the secret token, which is not stored and shown only now.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        actor.user.calendar_feeds.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(owner=actor.user, token_hash=_hash(token))
        access_log(actor=actor, action=AccessAction.CREATE, record_type="calendar_feed",
                   record_uuid=feed.uuid)
    return feed, token


def calendar_feed_revoke(*, actor: Actor) -> int:
    with transaction.atomic():
        revoked = actor.user.calendar_feeds.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="calendar_feed")
    return revoked


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    return (CalendarFeed.objects.select_related("owner")
            .filter(token_hash=_hash(token), revoked_at__isnull=True,
                    owner__is_active=True).first())
