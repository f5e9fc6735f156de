"""``zicht restore --input FILE``: replace the database with a backup, then check that the
field keys decrypt what came back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zicht.core import crypto
from zicht.operations import backup


class Command(BaseCommand):
    help = ("Zet een back-up van 'zicht backup' terug. Overschrijft de huidige database. "
            "Controleert daarna of de veldsleutels de gegevens ontsleutelen.")

    def add_arguments(self, parser):
        parser.add_argument("--input", dest="source", required=True, type=Path,
                            help="het back-upbestand")
        parser.add_argument("--noinput", "--no-input", action="store_false",
                            dest="interactive", help="niet om bevestiging vragen")

    def handle(self, *args, source: Path, interactive: bool, **options):
        if not source.is_file():
            raise CommandError(f"{source} bestaat niet.")
        if interactive:
            answer = ask("Dit overschrijft de hele database met de back-up. Typ 'ja' om "
                            "door te gaan: ")
            if answer.strip().lower() != "ja":
                raise CommandError("Afgebroken; er is niets veranderd.")
        try:
            backup.restore(source)
        except (backup.BackupError, OSError) as e:
            raise CommandError(str(e)) from e
        counts = backup.table_counts()
        self.stdout.write(f"Teruggezet uit {source}: {len(counts)} tabellen, "
                          f"{sum(counts.values())} rijen.")
        if not crypto.keys_configured():
            raise CommandError("De database is teruggezet, maar er zijn geen veldsleutels "
                               f"(ZICHT_FIELD_KEYS of {crypto.key_file()}). Zet de sleutels "
                               "terug die bij deze back-up horen voordat Zicht start.")
        crypto.reload_keys()
        if bad := backup.undecryptable_fields():
            raise CommandError("De database is teruggezet, maar de veldsleutels ontsleutelen "
                               "niet alles: " + ", ".join(bad) + ". Zet de sleutels terug die "
                               "bij deze back-up horen.")
        self.stdout.write("Alle versleutelde velden zijn met de huidige sleutels te lezen.")


def ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:  # no terminal: no answer
        return ""
