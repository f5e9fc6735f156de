"""The default checklist named its sources "seed 001" and "seed 002", the project's file
names, on screen (issue 13): write the documents' names instead, from the JSON."""

import json
from pathlib import Path

from django.db import migrations

PATH = Path(__file__).resolve().parents[1] / "instruments" / "signs_of_renewed_unsafety.json"


def rename(apps, schema_editor):
    Instrument = apps.get_model("safety", "RiskInstrument")
    Item = apps.get_model("safety", "RiskItem")
    data = json.loads(PATH.read_text(encoding="utf-8"))
    instrument = Instrument.objects.filter(slug=data["slug"]).first()
    if instrument is None:
        return
    instrument.description = data["description"]
    instrument.save(update_fields=["description"])
    for item in data["items"]:
        Item.objects.filter(instrument=instrument, code=item["code"]).update(
            source=item.get("source", ""))


class Migration(migrations.Migration):
    dependencies = [("safety", "0004_policealert_signal")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
