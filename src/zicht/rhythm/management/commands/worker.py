"""``zicht worker``: run background tasks and enqueue the periodic out-of-sight scan."""

from django.core.management.base import BaseCommand

from zicht.rhythm.tasks import SCAN_INTERVAL_SECONDS
from zicht.rhythm.worker import run_forever


class Command(BaseCommand):
    help = ("Voert achtergrondtaken uit en start elke 15 minuten de controle of huishoudens "
            "nog in zicht zijn. Meerdere workers naast elkaar kan: een taak loopt maar één keer.")

    def add_arguments(self, parser):
        parser.add_argument("--scan-interval", type=int, default=SCAN_INTERVAL_SECONDS,
                            help="seconden tussen twee controles (standaard 900)")

    def handle(self, *args, scan_interval: int, **options):
        self.stdout.write(f"Worker gestart; controle elke {scan_interval} seconden.")
        run_forever(interval_seconds=scan_interval)
