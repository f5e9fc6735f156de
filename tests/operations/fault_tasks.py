"""A task for the fault tests: it writes, then waits inside its transaction the first
time it runs, so that its worker can be killed with the write half done."""

import time

from django.db import transaction
from django_tasks import task

from zicht.core.models import Submission


@task(takes_context=True)
def write_then_wait(context, key: str, wait_seconds: float) -> None:
    with transaction.atomic():
        Submission.objects.create(key=key, done=True)
        if context.attempt == 1:
            time.sleep(wait_seconds)


@task()
def write_once(key: str) -> None:
    """Fails if it ever runs twice: the key is unique."""
    Submission.objects.create(key=key, done=True)
