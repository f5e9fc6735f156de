"""``zicht demo``: a fresh database with demo data and accounts, served on 127.0.0.1.

Running it twice starts from the same data: the database is wiped first. To protect real
data, it only wipes an empty database or one an earlier ``zicht demo`` made.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from zicht.accounts.models import User
from zicht.demo import personas, seeding, stories


def is_disposable() -> bool:
    """Empty, or made by ``zicht demo`` (the admin still has the public demo password)."""
    try:
        if not User.objects.exists():
            return True
        admin = User.objects.filter(username=personas.DEMO_ADMIN).first()
    except DatabaseError:  # no tables yet
        return True
    return admin is not None and admin.check_password(personas.DEMO_PASSWORD)


class Command(BaseCommand):
    help = ("Start Zicht met demogegevens en demo-accounts op http://127.0.0.1:<poort>. "
            "Wist de database eerst.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--households", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-serve", action="store_true",
                            help="alles klaarzetten maar de server niet starten")
        parser.add_argument("--force", action="store_true",
                            help="wis ook een database die niet door de demo is gemaakt")

    def handle(self, *args, port: int, households: int, seed: int, no_serve: bool, force: bool,
               **options):
        if not (force or is_disposable()):
            raise CommandError("Deze database bevat gegevens die niet van de demo zijn; ik wis "
                               "hem niet. Gebruik een andere ZICHT_DATA_DIR of DATABASE_URL, "
                               "of --force als u het zeker weet.")
        self.stdout.write("Database leegmaken en migreren...")
        self._reset_database()
        # Mail to demo addresses lands in files instead of leaving the machine; the demo's
        # stories already send some (a signal, a report to Veilig Thuis, a move).
        mail_dir = Path(settings.DATA_DIR) / "mail"
        # The links in mail and survey invitations lead to the port the demo serves on,
        # unless ZICHT_BASE_URL says otherwise (issue 13: they pointed to 8000 regardless).
        if "ZICHT_BASE_URL" not in os.environ:
            settings.ZICHT_BASE_URL = f"http://127.0.0.1:{port}"
        mail_dir.mkdir(parents=True, exist_ok=True)
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = str(mail_dir)
        summary = seeding.seed(households=households, seed=seed, demo_accounts=True)
        # Not part of ``seed``: ``zicht seed`` and the benches write tens of thousands of
        # households in bulk; the stories go through the services, as the demo personas.
        extras = stories.seed_stories(seed=seed)
        self.stdout.write(seeding.summary_table(summary))
        self.stdout.write("")
        self.stdout.write(stories.summary_table(extras))
        self.stdout.write("")
        self.stdout.write(personas.accounts_table(summary.demo_accounts))
        self.stdout.write("")
        self.stdout.write("Voer het TOTP-geheim in een authenticator-app in voor de "
                          "inlogcode bij het wachtwoord.")
        if extras.guide:
            self.stdout.write("")
            self.stdout.write(stories.guide_table(extras))
        if no_serve:
            return

        self.stdout.write(f"E-mail wordt bewaard in {mail_dir}")
        # Background work in this process: the task worker and the periodic tasks (issue 3).
        from zicht.rhythm.worker import start_in_background

        start_in_background()
        self.stdout.write("Achtergrondtaken draaien mee: elke 15 minuten de controle 'uit zicht', "
                          "elke 5 minuten het opschalen van signalen over hun termijn.")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _reset_database(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor == "sqlite" and not connection.is_in_memory_db():
            # The embedded database: start from a new file.
            path = Path(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
            connection.close()
            for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                name.unlink(missing_ok=True)
            call_command("migrate", verbosity=0)
        else:
            # A server database (or the tests' in-memory one) is emptied, not dropped.
            call_command("migrate", verbosity=0)
            call_command("flush", interactive=False, verbosity=0)
            personas.restore_default_data()
