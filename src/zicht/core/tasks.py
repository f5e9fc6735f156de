"""Housekeeping for the background work itself."""

from django.core.management import call_command
from django_tasks import task

#: Finished task results are kept this long (days) to see what ran; failed ones longer,
#: to find out why.
KEEP_DAYS, KEEP_FAILED_DAYS = 14, 30


@task()
def task_results_prune() -> None:
    """Remove old finished task results (django-tasks-db keeps every one otherwise)."""
    call_command("prune_db_task_results", min_age_days=KEEP_DAYS,
                 failed_min_age_days=KEEP_FAILED_DAYS, queue_name="*", verbosity=0)
