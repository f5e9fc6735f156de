"""Writes of the inbox and the calendar feed.

A notification is an inbox row plus, after commit, an e-mail that says only that there is
something new (``core.notify.notify_by_email``): never a name, address, reference or detail.

The e-mail is bundled (issue 13): a professional gets at most one per ``MAIL_INTERVAL``.
A notification for someone mailed within the interval waits with ``mailed_at`` empty;
``notifications_mail_pending`` (a periodic task of the worker, every minute) sends the one
mail for all that waited once the interval has passed, unless they were read meanwhile.
The last mail time is the newest ``mailed_at`` of the professional's notifications, so
no second record can drift from the inbox.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.notifications.models import CalendarFeed, Notification

MAIL_INTERVAL = timedelta(minutes=15)


def _mailed_since(recipient_ids: Iterable[int], since: datetime) -> set[int]:
    """Of these professionals, those who got a mail after ``since``."""
    return set(Notification.objects.filter(recipient_id__in=recipient_ids, mailed_at__gt=since)
               .values_list("recipient_id", flat=True).distinct())


def notifications_send(items: Iterable[tuple[int, str, int | None]], *, link: str = "") -> int:
    """Put ``(recipient_id, kind, household_id)`` items in inboxes; mail who may be mailed.

    Called by services and the periodic scan, inside their transaction. ``link`` is where
    the message leads when not to the household page (a path of UUIDs, never a name).
    A recipient mailed within ``MAIL_INTERVAL`` gets no mail now: the bundled mail of
    ``notifications_mail_pending`` follows.
    """
    rows = [Notification(recipient_id=r, kind=k, household_id=h, link=link)
            for r, k, h in items if r]
    if not rows:
        return 0
    now = timezone.now()
    with transaction.atomic():
        recipient_ids = {row.recipient_id for row in rows}
        waiting = _mailed_since(recipient_ids, now - MAIL_INTERVAL)
        for row in rows:
            if row.recipient_id not in waiting:
                row.mailed_at = now
        Notification.objects.bulk_create(rows, batch_size=2000)
        notify_by_email(User.objects.filter(pk__in=recipient_ids - waiting, is_active=True)
                        .values_list("email", flat=True))
    return len(rows)


def notifications_mail_pending(now: datetime | None = None) -> int:
    """The bundled mail: one per professional whose unread notifications were not mailed
    and whose last mail is ``MAIL_INTERVAL`` old. Returns how many were mailed."""
    now = now or timezone.now()
    with transaction.atomic():
        mailed_recently = Notification.objects.filter(
            recipient_id=OuterRef("recipient_id"), mailed_at__gt=now - MAIL_INTERVAL)
        recipient_ids = set(
            Notification.objects.filter(mailed_at__isnull=True, read_at__isnull=True,
                                        recipient__is_active=True)
            .exclude(Exists(mailed_recently))
            .values_list("recipient_id", flat=True).distinct())
        if not recipient_ids:
            return 0
        Notification.objects.filter(recipient_id__in=recipient_ids,
                                    mailed_at__isnull=True).update(mailed_at=now)
        notify_by_email(User.objects.filter(pk__in=recipient_ids)
                        .values_list("email", flat=True))
    return len(recipient_ids)


def notification_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_resolve(*, link: str, kinds: Iterable[str],
                          recipients: Iterable[int] | None = None) -> int:
    """The thing behind ``link`` was acted on (an offer answered, a signal picked up): its
    messages no longer ask anyone for action, so they are read for every recipient, or
    only for ``recipients`` when it no longer concerns just them (an invitation withdrawn).

    Called by the service that acts, inside its transaction; ``link`` names one thing
    (a path with its UUID), so nothing else is touched.
    """
    if not link:
        return 0
    unread = Notification.objects.filter(link=link, kind__in=list(kinds), read_at__isnull=True)
    if recipients is not None:
        unread = unread.filter(recipient_id__in=list(recipients))
    return unread.update(read_at=timezone.now())


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
