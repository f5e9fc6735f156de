"""``zicht seed``: fill the database with synthetic, reproducible households."""

from django.core.management.base import BaseCommand, CommandError

from zicht.demo import personas, seeding
from zicht.households.models import Household


class Command(BaseCommand):
    help = ("Vult de database met verzonnen huishoudens voor demo, test en meting. "
            "Dezelfde --households en --seed geven dezelfde gegevens.")

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=40,
                            help="aantal huishoudens (standaard 40)")
        parser.add_argument("--seed", type=int, default=1, help="startgetal van het toeval")
        parser.add_argument("--demo-accounts", action="store_true",
                            help="maak ook de demo-accounts met bekend wachtwoord en TOTP-geheim")
        parser.add_argument("--append", action="store_true",
                            help="ook toevoegen als de database al huishoudens bevat")

    def handle(self, *args, households: int, seed: int, demo_accounts: bool, append: bool,
               **options):
        if households < 0:
            raise CommandError("--households kan niet negatief zijn.")
        # Synthetic households must never end up between real ones by accident.
        if households and not append and Household.objects.exists():
            raise CommandError("De database bevat al huishoudens. Gebruik --append om er "
                               "verzonnen huishoudens aan toe te voegen.")

        def progress(done: int, total: int) -> None:
            if total > done or options["verbosity"] > 1:
                self.stderr.write(f"{done} van {total} huishoudens geschreven")

        summary = seeding.seed(households=households, seed=seed, demo_accounts=demo_accounts,
                       progress=progress)
        self.stdout.write(seeding.summary_table(summary))
        if summary.demo_accounts:
            self.stdout.write("")
            self.stdout.write(personas.accounts_table(summary.demo_accounts))
