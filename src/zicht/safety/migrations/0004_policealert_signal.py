"""The police call-out's signal, now ``signals.Signal`` (the column ``signal_id`` stayed)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('safety', '0003_move_signals_out'),
        ('signals', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddField(
                    model_name='policealert',
                    name='signal',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='signals.signal'),
                ),
            ],
        ),
    ]
