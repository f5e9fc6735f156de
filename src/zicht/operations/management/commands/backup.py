"""``zicht backup --output FILE``: a backup of the database, without the field keys."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zicht.operations import backup


class Command(BaseCommand):
    help = ("Maakt een back-up van de database (PostgreSQL: pg_dump -Fc; SQLite: de online "
            "back-up). De veldsleutels zitten er niet in: bewaar die apart.")

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="het back-upbestand")

    def handle(self, *args, output: Path, **options):
        try:
            backup.backup(output)
        except (backup.BackupError, OSError) as e:
            raise CommandError(str(e)) from e
        counts = backup.table_counts()
        self.stdout.write(f"Back-up geschreven naar {output} ({len(counts)} tabellen, "
                          f"{sum(counts.values())} rijen).")
        self.stdout.write(backup.key_reminder())
