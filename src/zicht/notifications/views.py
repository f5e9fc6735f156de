from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zicht.notifications.models import CalendarFeed, Notification
from zicht.notifications.selectors import inbox, with_targets
from zicht.notifications.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    notification_read,
)


@login_required
def inbox_page(request):
    """Berichten (the inbox): what is new for this professional."""
    notifications = with_targets(request.actor, list(inbox(request.actor)[:100]))
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request, notification_uuid):
    """"Bekijken" or "Gelezen": opening a message from the inbox marks it read."""
    try:
        notification = inbox(request.actor).get(uuid=notification_uuid)
        notification_read(actor=request.actor, notification=notification)
    except Notification.DoesNotExist:
        raise Http404 from None
    [notification] = with_targets(request.actor, [notification])
    return redirect(notification.target or "notifications:inbox")


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
            link = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    active = CalendarFeed.objects.filter(owner=request.user, revoked_at__isnull=True).first()
    return render(request, "notifications/calendar.html", {"link": link, "active": active})
