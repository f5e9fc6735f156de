"""Background work of the inbox, started by the worker (``rhythm.worker.periodic_tasks``)."""

from django_tasks import task

from zicht.notifications.services import notifications_mail_pending


@task()
def notifications_mail_pending_task() -> int:
    """The bundled mail for notifications that waited out the 15 minutes between mails."""
    return notifications_mail_pending()
