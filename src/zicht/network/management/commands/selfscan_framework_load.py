"""Load the official text of the quality framework "Werken aan Veiligheid" (or any later
version) for the self-scan, from JSON. See README ("Zelfscan") for the file's shape."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zicht.network.selfscan_services import selfscan_framework_load


class Command(BaseCommand):
    help = ("Load a version of the self-scan framework (themes, questions, answer scale) from "
            "JSON; new self-scans use it from then on.")

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot read ({error.strerror})") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: not valid JSON ({error})") from None
        try:
            framework = selfscan_framework_load(data)
        except ValidationError as error:
            lines = "\n".join(f"  - {m}" for m in error.messages)
            raise CommandError(f"{path}: nothing loaded.\n{lines}") from None
        themes = framework.themes.count()
        questions = sum(t.questions.count() for t in framework.themes.all())
        self.stdout.write(f"{framework.key} {framework.version}: {themes} themes, "
                          f"{questions} questions; new self-scans use it.")
