"""One access-log entry per list or search, naming the households shown (issue 14).

On PostgreSQL a GIN index finds the entries that name a household (``households ? uuid``)
for the client's "wie zag wat"; SQLite scans, which is fine for the demo. The table keeps
its append-only trigger (``0002``): the new column is part of the same rows.
"""

from django.db import migrations, models

INDEX = "audit_accesslogentry_households_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON audit_accesslogentry USING gin (households)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_issue6_append_only_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="households",
            field=models.JSONField(blank=True, null=True, verbose_name="getoonde huishoudens"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
