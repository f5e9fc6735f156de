"""The signals' models, moved here from ``safety`` with their tables as they were.

State only: the tables were made by ``safety.0001_initial`` and keep their names
(``db_table``); ``safety.0003`` took them out of safety's state first.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('directory', '0001_initial'),
        ('households', '0002_issue4_person_bsn'),
        ('trajectories', '0001_initial'),
        ('safety', '0003_move_signals_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Signal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('source', models.CharField(choices=[('partner', 'Betrokken ketenpartner'), ('zorg_melden', 'Zorg melden'), ('contact', 'Contactmoment: cliënt voelt zich niet veilig'), ('client_alarm', 'Alarm van de cliënt')], max_length=20, verbose_name='bron')),
                        ('urgency', models.CharField(choices=[('acute', 'Acuut'), ('not_acute', 'Niet acuut')], max_length=20, verbose_name='urgentie')),
                        ('about', models.CharField(choices=[('client', 'De cliënt'), ('child', 'Een kind'), ('household', 'Het hele gezin')], max_length=20, verbose_name='over wie')),
                        ('observed', models.TextField(verbose_name='wat is gezien of gehoord')),
                        ('observed_on', models.DateField(verbose_name='wanneer')),
                        ('received_at', models.DateTimeField(verbose_name='ontvangen')),
                        ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='reageren voor')),
                        ('step', models.CharField(choices=[('received', 'Ontvangen'), ('mapped', '1. Signalen in kaart gebracht'), ('consulted', '2. Collega (en zo nodig Veilig Thuis) geraadpleegd'), ('talked', '3. Gesprek met de cliënt'), ('weighed', '4. Afgewogen'), ('decided', '5. Besloten')], default='received', max_length=20, verbose_name='stap')),
                        ('picked_up_at', models.DateTimeField(blank=True, null=True, verbose_name='opgepakt')),
                        ('escalated_at', models.DateTimeField(blank=True, null=True, verbose_name='opgeschaald naar teamleider')),
                        ('talk_skipped_reason', models.TextField(blank=True)),
                        ('suspicion', models.BooleanField(null=True)),
                        ('acute_or_structural', models.BooleanField(null=True)),
                        ('can_organise_help', models.BooleanField(null=True)),
                        ('help_accepted', models.BooleanField(null=True)),
                        ('lasting_safety', models.BooleanField(null=True)),
                        ('decision', models.CharField(blank=True, choices=[('close', 'Geen vermoeden: afsluiten en vastleggen'), ('help', 'Hulp organiseren'), ('report', 'Melden bij Veilig Thuis'), ('help_and_report', 'Hulp organiseren én melden bij Veilig Thuis')], max_length=20, verbose_name='besluit')),
                        ('about_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='households.person')),
                        ('coordinator_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.organisation')),
                        ('household', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='signals', to='households.household')),
                        ('reported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reporter_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.organisation')),
                        ('trajectory', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='signals', to='trajectories.trajectory')),
                    ],
                    options={
                        'db_table': 'safety_signal',
                        'ordering': ['-received_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SignalStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_step', models.CharField(choices=[('received', 'Ontvangen'), ('mapped', '1. Signalen in kaart gebracht'), ('consulted', '2. Collega (en zo nodig Veilig Thuis) geraadpleegd'), ('talked', '3. Gesprek met de cliënt'), ('weighed', '4. Afgewogen'), ('decided', '5. Besloten')], max_length=20)),
                        ('to_step', models.CharField(choices=[('received', 'Ontvangen'), ('mapped', '1. Signalen in kaart gebracht'), ('consulted', '2. Collega (en zo nodig Veilig Thuis) geraadpleegd'), ('talked', '3. Gesprek met de cliënt'), ('weighed', '4. Afgewogen'), ('decided', '5. Besloten')], max_length=20)),
                        ('notes', models.TextField(blank=True)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('signal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='signals.signal')),
                    ],
                    options={
                        'db_table': 'safety_signalstep',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='VeiligThuisReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('status', models.CharField(choices=[('draft', 'Concept'), ('sent', 'Verstuurd'), ('received', 'Ontvangen door Veilig Thuis'), ('advice', 'Aangenomen als advies'), ('report', 'Aangenomen als melding'), ('investigation', 'In onderzoek'), ('handed_back', 'Terug naar het lokale team')], default='draft', max_length=20, verbose_name='status')),
                        ('reference', models.CharField(max_length=12)),
                        ('content', models.JSONField(default=dict)),
                        ('include_address', models.BooleanField(default=False, verbose_name='adres meesturen')),
                        ('address', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('feedback', models.TextField(blank=True, verbose_name='terugkoppeling')),
                        ('safety_conditions', models.TextField(blank=True, verbose_name='veiligheidsvoorwaarden')),
                        ('monitoring', models.TextField(blank=True, verbose_name='hoe de voorwaarden worden gemonitord')),
                        ('drafted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('household', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='veilig_thuis_reports', to='households.household')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.organisation')),
                        ('signal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='signals.signal')),
                        ('veilig_thuis', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.organisation')),
                    ],
                    options={
                        'db_table': 'safety_veiligthuisreport',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('draft', 'Concept'), ('sent', 'Verstuurd'), ('received', 'Ontvangen door Veilig Thuis'), ('advice', 'Aangenomen als advies'), ('report', 'Aangenomen als melding'), ('investigation', 'In onderzoek'), ('handed_back', 'Terug naar het lokale team')], max_length=20)),
                        ('to_status', models.CharField(choices=[('draft', 'Concept'), ('sent', 'Verstuurd'), ('received', 'Ontvangen door Veilig Thuis'), ('advice', 'Aangenomen als advies'), ('report', 'Aangenomen als melding'), ('investigation', 'In onderzoek'), ('handed_back', 'Terug naar het lokale team')], max_length=20)),
                        ('note', models.TextField(blank=True)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='signals.veiligthuisreport')),
                    ],
                    options={
                        'db_table': 'safety_reportstatuschange',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='signal',
                    index=models.Index(fields=['coordinator_organisation', 'step'], name='safety_sign_coordin_e9bd3c_idx'),
                ),
                migrations.AddIndex(
                    model_name='signal',
                    index=models.Index(fields=['reported_by', 'received_at'], name='safety_sign_reporte_d7fa2f_idx'),
                ),
            ],
        ),
    ]
