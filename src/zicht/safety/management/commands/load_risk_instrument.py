"""Load a risk checklist from JSON (items, weights, thresholds, advice per level).

Without a path it loads Zicht's default list of signs of renewed unsafety.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from zicht.safety.services import risk_instrument_load

DEFAULT = Path(__file__).resolve().parents[2] / "instruments" / "signs_of_renewed_unsafety.json"


class Command(BaseCommand):
    help = "Load a risk instrument (JSON) so that a region can use its own checklist."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    def handle(self, *args, path, **options):
        instrument = risk_instrument_load(json.loads(Path(path).read_text(encoding="utf-8")))
        self.stdout.write(f"{instrument.slug}: {instrument.items.count()} items, "
                          f"{instrument.levels.count()} levels")
