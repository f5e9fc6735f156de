"""Signals, their steps and the reports to Veilig Thuis move to the ``signals`` app.

State only, nothing in the database changes: ``signals.0001_initial`` takes the same
tables over (``db_table``). The police call-out's link to its signal is taken out of the
state here and put back, pointing at ``signals.Signal``, in ``0004``: its column stays.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('safety', '0002_default_instrument'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name='policealert', name='signal'),
                migrations.DeleteModel(name='ReportStatusChange'),
                migrations.DeleteModel(name='VeiligThuisReport'),
                migrations.DeleteModel(name='SignalStep'),
                migrations.DeleteModel(name='Signal'),
            ],
        ),
    ]
