"""What else named the moved models by their old app: content types and queued tasks.

- The content types of the moved models are relabelled ``safety`` -> ``signals``, so that
  permissions and admin log entries that point at them keep pointing at the same rows.
- Tasks queued (or run) before the upgrade name ``zicht.safety.tasks``; they now live in
  ``zicht.signals.tasks``, so a worker can still import what is waiting in the queue.

A fresh database has neither yet: then this changes nothing.
"""

from django.db import migrations

MODELS = ("signal", "signalstep", "veiligthuisreport", "reportstatuschange")
TASKS = ("signal_notify", "signals_escalate_overdue_task")


def relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new, model__in=MODELS)
                .values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MODELS) - taken).update(
        app_label=new)
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for name in TASKS:
        DBTaskResult.objects.filter(task_path=f"zicht.{old}.tasks.{name}").update(
            task_path=f"zicht.{new}.tasks.{name}")


def forwards(apps, schema_editor):
    relabel(apps, "safety", "signals")


def backwards(apps, schema_editor):
    relabel(apps, "signals", "safety")


class Migration(migrations.Migration):

    dependencies = [
        ('signals', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0001_initial'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
