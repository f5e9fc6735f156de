"""``zicht worker``: run background tasks and enqueue the periodic ones (``periodic_tasks``)."""

from django.core.management.base import BaseCommand

from zicht.rhythm.tasks import SCAN_INTERVAL_SECONDS
from zicht.rhythm.worker import run_forever


class Command(BaseCommand):
    help = ("Voert achtergrondtaken uit en start zelf: elke 15 minuten de controle of "
            "huishoudens nog in zicht zijn, elke 5 minuten het opschalen van signalen over hun "
            "termijn, en dagelijks de bewaartermijnen en het opruimen van oude taakresultaten. "
            "Meerdere workers naast elkaar kan: een taak loopt maar één keer.")

    def add_arguments(self, parser):
        parser.add_argument("--scan-interval", type=int, default=SCAN_INTERVAL_SECONDS,
                            help="seconden tussen twee controles (standaard 900)")

    def handle(self, *args, scan_interval: int, **options):
        self.stdout.write(f"Worker gestart; controle elke {scan_interval} seconden.")
        run_forever(interval_seconds=scan_interval)
