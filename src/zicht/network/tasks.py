"""Background work of the network, started by the worker (registered in ``apps.py``)."""

from django_tasks import task

from zicht.network.services import agreements_review_remind


@task()
def agreements_review_remind_task() -> int:
    """Remind the organisers of agreements whose review date comes near (once per date)."""
    return agreements_review_remind()
