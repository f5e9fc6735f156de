import json
from pathlib import Path

from django.db import migrations

PATH = Path(__file__).resolve().parents[1] / "instruments" / "signs_of_renewed_unsafety.json"


def load(apps, schema_editor):
    """Ship the default list of signs of renewed unsafety (see its description)."""
    Instrument = apps.get_model("safety", "RiskInstrument")
    Item = apps.get_model("safety", "RiskItem")
    Level = apps.get_model("safety", "RiskLevel")
    data = json.loads(PATH.read_text(encoding="utf-8"))
    instrument = Instrument.objects.create(slug=data["slug"], name=data["name"],
                                           description=data["description"], is_default=True)
    Item.objects.bulk_create(
        Item(instrument=instrument, code=i["code"], text=i["text"], weight=i.get("weight", 1),
             source=i.get("source", ""), order=n) for n, i in enumerate(data["items"]))
    Level.objects.bulk_create(
        Level(instrument=instrument, min_score=lv["min_score"], label=lv["label"],
              advice=lv.get("advice", "")) for lv in data["levels"])


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
