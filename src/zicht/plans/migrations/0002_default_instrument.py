"""The default self-reliance instrument: the Zelfredzaamheid-Matrix (ZRM 2017).

Only the names of its 13 domains and five levels (DOMAIN.md); the official anchor texts
may need a licence and are not stored.
"""

from django.db import migrations

ZRM_DOMAINS = [
    ("finances", "Financiën"),
    ("work_education", "Werk & opleiding"),
    ("time_use", "Tijdsbesteding"),
    ("housing", "Huisvesting"),
    ("domestic_relations", "Huiselijke relaties"),
    ("mental_health", "Geestelijke gezondheid"),
    ("physical_health", "Lichamelijke gezondheid"),
    ("substance_use", "Middelengebruik"),
    ("basic_adl", "Basale ADL"),
    ("instrumental_adl", "Instrumentele ADL"),
    ("social_network", "Sociaal netwerk"),
    ("social_participation", "Maatschappelijke participatie"),
    ("justice", "Justitie"),
]
ZRM_LEVELS = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]


def add_zrm(apps, schema_editor):
    Instrument = apps.get_model("plans", "Instrument")
    instrument, _ = Instrument.objects.get_or_create(
        code="zrm-2017", defaults={"name": "Zelfredzaamheid-Matrix (ZRM 2017)",
                                   "is_default": True})
    for position, (code, name) in enumerate(ZRM_DOMAINS, start=1):
        instrument.domains.get_or_create(code=code, defaults={"name": name,
                                                              "position": position})
    for value, name in ZRM_LEVELS:
        instrument.levels.get_or_create(value=value, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_zrm, migrations.RunPython.noop)]
