"""``zicht wait_for_db``: wait for the database at start-up, a bounded number of times."""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


class Command(BaseCommand):
    help = "Wacht tot de database bereikbaar is; geeft het op na een aantal pogingen."

    def add_arguments(self, parser):
        parser.add_argument("--attempts", type=int,
                            default=int(os.environ.get("ZICHT_DB_WAIT_ATTEMPTS", "30")),
                            help="aantal pogingen (standaard 30, ZICHT_DB_WAIT_ATTEMPTS)")
        parser.add_argument("--interval", type=float,
                            default=float(os.environ.get("ZICHT_DB_WAIT_INTERVAL", "2")),
                            help="seconden tussen twee pogingen (standaard 2, "
                                 "ZICHT_DB_WAIT_INTERVAL)")

    def handle(self, *args, attempts: int, interval: float, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        for attempt in range(1, max(attempts, 1) + 1):
            try:
                connection.ensure_connection()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except OperationalError as e:
                # The driver's first line says what failed (host, refusal), no data.
                reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                self.stderr.write(f"Database nog niet bereikbaar (poging {attempt} van "
                                  f"{attempts}): {reason}")
                connection.close()
                if attempt < attempts:
                    time.sleep(interval)
            else:
                self.stdout.write(f"Database bereikbaar (poging {attempt}).")
                return
        raise CommandError(f"De database is na {attempts} pogingen nog steeds niet bereikbaar; "
                           "ik geef het op. Controleer DATABASE_URL en of de database draait.")
