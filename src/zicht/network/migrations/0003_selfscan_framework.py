"""Zicht's own wording of the quality framework "Werken aan Veiligheid" (``shipped_texts``),
active until a municipality loads the official text (``zicht selfscan_framework_load``)."""

from django.db import migrations

from zicht.network.shipped_texts import FRAMEWORK


def load(apps, schema_editor):
    Framework = apps.get_model("network", "SelfScanFramework")
    Theme = apps.get_model("network", "SelfScanTheme")
    Question = apps.get_model("network", "SelfScanQuestion")
    if Framework.objects.filter(key=FRAMEWORK["key"], version=FRAMEWORK["version"]).exists():
        return
    active = not Framework.objects.filter(active=True).exists()
    framework = Framework.objects.create(
        key=FRAMEWORK["key"], version=FRAMEWORK["version"], name=FRAMEWORK["name"],
        introduction=FRAMEWORK["introduction"], source="shipped",
        scale=[dict(level) for level in FRAMEWORK["scale"]], active=active)
    for order, theme in enumerate(FRAMEWORK["themes"]):
        row = Theme.objects.create(framework=framework, key=theme["key"], order=order,
                                   title=theme["title"])
        for n, question in enumerate(theme["questions"]):
            Question.objects.create(theme=row, key=question["key"], order=n,
                                    text=question["text"])


def remove(apps, schema_editor):
    apps.get_model("network", "SelfScanFramework").objects.filter(
        key=FRAMEWORK["key"], version=FRAMEWORK["version"], scans__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_selfscan")]
    operations = [migrations.RunPython(load, remove)]
