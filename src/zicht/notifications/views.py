from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.directory.actor import actor_for
from zicht.notifications.ical import calendar
from zicht.notifications.models import CalendarFeed, Notification
from zicht.notifications.selectors import inbox, planned_contacts_of
from zicht.notifications.services import (
    calendar_feed_create,
    calendar_feed_for_token,
    calendar_feed_revoke,
    notification_read,
)


@login_required
def inbox_page(request):
    """Berichten (the inbox): what is new for this professional."""
    notifications = list(inbox(request.actor)[:100])
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request, notification_uuid):
    try:
        notification = inbox(request.actor).get(uuid=notification_uuid)
        notification_read(actor=request.actor, notification=notification)
    except Notification.DoesNotExist:
        raise Http404 from None
    if notification.household_id:
        return redirect("households:detail", notification.household.uuid)
    return redirect("notifications:inbox")


@login_required
def calendar_settings(request):
    """Agendakoppeling: create (and thereby replace) or revoke the private feed link."""
    link = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(actor=request.actor)
        else:
            _feed, token = calendar_feed_create(actor=request.actor)
            # Shown once: only its hash is stored.
            link = request.build_absolute_uri(reverse("notifications:feed", args=[token]))
    active = CalendarFeed.objects.filter(owner=request.user, revoked_at__isnull=True).first()
    return render(request, "notifications/calendar.html", {"link": link, "active": active})


def feed(request, token):
    """The iCalendar feed: no session, the secret link is the key; revoked answers 404."""
    calendar_feed = calendar_feed_for_token(token)
    if calendar_feed is None:
        raise Http404
    user = calendar_feed.owner
    now = timezone.now()
    events = planned_contacts_of(user, today=timezone.localdate())
    CalendarFeed.objects.filter(pk=calendar_feed.pk).update(last_used_at=now)
    access_log(actor=actor_for(user, ip_address=request.META.get("REMOTE_ADDR")),
               action=AccessAction.EXPORT, record_type="calendar_feed",
               record_uuid=calendar_feed.uuid)
    body = calendar(events, summary=_("Contactmoment %(ref)s"), name=_("Zicht contactmomenten"),
                    now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zicht.ics"'
    return response
