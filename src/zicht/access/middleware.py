"""Session hardening: idle and absolute time-outs, and sessions a professional can end.

OWASP ASVS 3.3: an idle session ends after ``ZICHT_SESSION_IDLE_MINUTES`` (15) and any
session after ``ZICHT_SESSION_ABSOLUTE_HOURS`` (12), whatever the activity. Each session
is tracked by a hash of its key (``SessionRecord``); a record ended elsewhere (by the
professional on another device, or because the account was disabled) logs this session
out on its next request.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from zicht.access.models import SessionRecord
from zicht.access.services import session_key_hash

STARTED = "zicht_started"
SEEN = "zicht_seen"
TOUCH_EVERY = timedelta(minutes=1)  # write last_seen_at at most this often
# Mark the session seen at most this often: every write is a database round trip on each
# page, and the idle time-out only needs to be right to within half a minute.
SEEN_EVERY_SECONDS = 30


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        if session.session_key is None:
            session.save()
        now = time.time()
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        key_hash = session_key_hash(session.session_key)
        record = SessionRecord.objects.filter(key_hash=key_hash).first()
        reason = ""
        if now - seen > settings.ZICHT_SESSION_IDLE_MINUTES * 60:
            reason = "idle"
        elif now - started > settings.ZICHT_SESSION_ABSOLUTE_HOURS * 3600:
            reason = "absolute"
        elif record is not None and (record.ended_at is not None or record.user_id != user.pk):
            reason = "ended"
        if reason:
            if record is not None and record.ended_at is None:
                record.ended_at = timezone.now()
                record.ended_reason = reason
                record.save(update_fields=["ended_at", "ended_reason"])
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "session ended"}, status=401)
            return redirect(reverse(settings.LOGIN_URL) + "?reason=" + reason)
        if SEEN not in session or now - seen >= SEEN_EVERY_SECONDS:
            session[SEEN] = now
        if record is None:
            SessionRecord.objects.create(key_hash=key_hash, user=user)
        elif timezone.now() - record.last_seen_at > TOUCH_EVERY:
            SessionRecord.objects.filter(pk=record.pk).update(last_seen_at=timezone.now())
        return self.get_response(request)

