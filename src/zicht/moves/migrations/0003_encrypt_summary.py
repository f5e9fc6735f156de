"""The handover summary quotes contact notes and names people: encrypt it at rest (issue
18, point 4). The column becomes text; rows written before are re-saved encrypted."""

from django.db import migrations

import zicht.core.crypto


def encrypt_existing(apps, schema_editor):
    Move = apps.get_model("moves", "Move")
    for pk, summary in Move.objects.values_list("pk", "summary").iterator():
        # Reading decodes the plain JSON of an older row; writing it back encrypts it.
        Move.objects.filter(pk=pk).update(summary=summary)


class Migration(migrations.Migration):

    dependencies = [
        ("moves", "0002_moving_date_and_new_address"),
    ]

    operations = [
        migrations.AlterField(
            model_name="move",
            name="summary",
            field=zicht.core.crypto.EncryptedJSONField(default=dict),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
