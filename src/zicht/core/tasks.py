"""Housekeeping for the background work itself."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from zicht.core.models import Submission

#: Finished task results are kept this long (days) to see what ran; failed ones longer,
#: to find out why.
KEEP_DAYS, KEEP_FAILED_DAYS = 14, 30


@task()
def task_results_prune() -> None:
    """Remove old finished task results (django-tasks-db keeps every one otherwise)."""
    call_command("prune_db_task_results", min_age_days=KEEP_DAYS,
                 failed_min_age_days=KEEP_FAILED_DAYS, queue_name="*", verbosity=0)


@task()
def submissions_prune() -> None:
    """Forget submissions after a day: a second tap comes within seconds, a resend after a
    dropped connection within minutes (``core.idempotency``)."""
    Submission.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
