"""``zicht ensure_field_keys``: at start-up, make sure the field keys fit the database.

Without keys and with nothing encrypted yet (a new installation), a key is generated.
Without keys while the database holds encrypted values, or with keys that do not decrypt
them (a restore without its keys, a volume that was not mounted), it refuses: a server that
started anyway would write new addresses with a key nobody has backed up, beside old ones
nobody can read.
"""

from django.core.management.base import BaseCommand, CommandError

from zicht.core import crypto
from zicht.operations.backup import encrypted_value_count, undecryptable_fields


class Command(BaseCommand):
    help = ("Controleert bij het starten dat de veldsleutels passen bij de database; maakt "
            "een sleutel aan bij een nieuwe installatie.")

    def handle(self, *args, **options):
        where = crypto.key_file()
        if not crypto.keys_configured():
            if encrypted_value_count():
                raise CommandError(
                    f"Geen veldsleutels gevonden (ZICHT_FIELD_KEYS of {where}), maar de "
                    "database bevat versleutelde gegevens. Zet de sleutels terug die bij deze "
                    "database horen; ik start niet met een nieuwe sleutel.")
            crypto.reload_keys()
            crypto.fernet()  # generates the key file
            self.stdout.write(f"Nieuwe veldsleutel aangemaakt in {where}. Maak er een "
                              "back-up van, apart van de database.")
            return
        crypto.reload_keys()
        if bad := undecryptable_fields(sample=20):
            raise CommandError(
                "De veldsleutels ontsleutelen de opgeslagen gegevens niet ("
                + ", ".join(bad) + "). Zet de sleutels terug die bij deze database horen.")
        self.stdout.write("Veldsleutels aanwezig en passend bij de database.")
