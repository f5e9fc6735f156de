"""Background work (django-tasks, run by django-tasks-db's database worker)."""

from django_tasks import task

from zicht.rhythm.services import sight_scan

SCAN_INTERVAL_SECONDS = 15 * 60


@task()
def sight_scan_task() -> dict:
    """The periodic scan: every trajectory in follow-up gets its status recomputed, so a
    contact that silently became overdue shows up without anybody changing anything."""
    return sight_scan().as_dict()
