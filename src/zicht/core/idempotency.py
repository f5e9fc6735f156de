"""One record per intended action, whatever the network does (issue 18).

A page form carries a CSRF token that Django masks anew each time it renders the form, so
the same rendered form sent twice (a double tap, a resend after a dropped connection, the
back button) arrives with identical data, while a form rendered again does not. The hash
of the session, the path and that data is the form's idempotency key. An API client sends
its own in the ``Idempotency-Key`` header.

The first request claims the key before the view runs (a unique row); a second one with
the same key waits for the first and gets its result: the page it was sent on to, or for
the API the same status and body. A first request that saved nothing (a form with errors,
a refusal) gives the key back, so the corrected form can be sent. A claim still not done
``ZICHT_IDEMPOTENCY_ABANDONED_SECONDS`` after it was made belongs to a request that died
with its web process (kill -9, a lost machine: its transaction rolled back, nothing was
saved), and the next request with the key takes it over; without this the resend after
a dropped connection would be told "still processing" for a day.
"""

import hashlib
import json
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core.crypto import decrypt, encrypt
from zicht.core.errors import PROBLEM, problem
from zicht.core.models import Submission

WRITES = ("POST", "PUT", "PATCH", "DELETE")
#: The sign-in steps and the language switch set cookies the replay would not repeat.
NOT_REPLAYED = ("/account/", "/i18n/")
#: How long a second request waits for the first to finish, and how often it looks.
WAIT_SECONDS, POLL_SECONDS = 10.0, 0.1


def submission_key(request) -> str | None:
    """The key of a write that may be replayed, or None for one that may not."""
    if request.method not in WRITES or request.path.startswith(NOT_REPLAYED):
        return None
    if request.path.startswith("/api/"):
        header = request.headers.get("Idempotency-Key", "")
        if not header:
            return None
        # Whose key it is: the token or the session, so two clients never share one.
        who = request.headers.get("Authorization", "") or request.session.session_key or ""
        parts = ["api", request.method, request.path, who, header]
    else:
        if "csrfmiddlewaretoken" not in request.POST or not request.user.is_authenticated:
            return None
        parts = ["form", request.path, request.session.session_key or "",
                 *(f"{name}={value}" for name, values in sorted(request.POST.lists())
                   for value in values),
                 *(f"{name}:{f.name}:{f.size}" for name, files in sorted(request.FILES.lists())
                   for f in files)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = submission_key(request)
        if key is None:
            return self.get_response(request)
        try:
            with transaction.atomic():
                submission = Submission.objects.create(key=key)
        except IntegrityError:
            return self._replay(request, key)
        response = self.get_response(request)
        if not self._keep(submission, request, response):
            submission.delete()
        return response

    @staticmethod
    def _keep(submission: Submission, request, response) -> bool:
        """Record what the first request did; False when it did nothing to repeat."""
        if request.path.startswith("/api/"):
            if not 200 <= response.status_code < 300 or response.streaming:
                return False
            submission.body = encrypt(response.content.decode())
            submission.content_type = response.get("Content-Type", "")
        elif response.status_code not in (301, 302, 303):
            return False
        submission.done = True
        submission.status = response.status_code
        submission.location = response.get("Location", "")
        submission.save()
        return True

    def _replay(self, request, key: str):
        deadline = time.monotonic() + WAIT_SECONDS
        abandoned = timezone.now() - timedelta(
            seconds=settings.ZICHT_IDEMPOTENCY_ABANDONED_SECONDS)
        while (submission := Submission.objects.filter(key=key).first()) is not None:
            if submission.done:
                return self._result(request, submission)
            if submission.created_at < abandoned:
                # The first died half way and saved nothing (its one transaction rolled
                # back): this one takes the key over, unless another already did.
                if Submission.objects.filter(pk=submission.pk, done=False).delete()[0]:
                    return self.__call__(request)
                continue
            if time.monotonic() > deadline:
                break
            time.sleep(POLL_SECONDS)
        else:
            # The first gave its key back (it saved nothing): this one may try.
            return self.__call__(request)
        if request.path.startswith("/api/"):
            return HttpResponse(
                json.dumps(problem(409, _("Dezelfde aanvraag wordt nog verwerkt."))), status=409,
                content_type=PROBLEM)
        return render(request, "core/still_processing.html", status=409)

    @staticmethod
    def _result(request, submission: Submission):
        if request.path.startswith("/api/"):
            response = HttpResponse(decrypt(submission.body), status=submission.status,
                                    content_type=submission.content_type)
            if submission.location:
                response["Location"] = submission.location
            response["Idempotent-Replayed"] = "true"
            return response
        return HttpResponseRedirect(submission.location)

