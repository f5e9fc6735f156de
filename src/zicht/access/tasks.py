"""The retention run as a django-tasks task, for the worker's daily schedule."""

from django_tasks import task

from zicht.access.retention import retention_run


@task()
def retention() -> dict:
    return retention_run().as_dict()
