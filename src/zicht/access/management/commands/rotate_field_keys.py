from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand
from django.db import transaction

from zicht.core import crypto


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted field (secret address, notes) with the newest key. "
            "With --new-key: first put a new key in front (see zicht.core.crypto).")

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true",
                            help="Generate a new key and make it the newest.")

    def handle(self, *args, new_key: bool = False, **options):
        if new_key:
            key = Fernet.generate_key().decode()
            import os

            if os.environ.get("ZICHT_FIELD_KEYS"):
                self.stdout.write("Put this key first in ZICHT_FIELD_KEYS, then run the "
                                  f"command again without --new-key:\n{key}")
                return
            path = crypto.key_file()
            crypto.fernet()  # makes sure the file exists
            path.write_text(key + "\n" + path.read_text())
            crypto.reload_keys()
            self.stdout.write("A new key is now the newest.")
        total = 0
        for model, fields in crypto.encrypted_fields():
            with transaction.atomic():
                for row in model._default_manager.only("pk", *fields).iterator():
                    values = {f: getattr(row, f) for f in fields}
                    # Saving the read (decrypted) value encrypts it with the newest key.
                    values = {f: model._meta.get_field(f).get_prep_value(v) if v else v
                              for f, v in values.items()}
                    model._default_manager.filter(pk=row.pk).update(**values)
                    total += 1
            self.stdout.write(f"{model._meta.label}: re-encrypted {', '.join(fields)}")
        self.stdout.write(f"{total} rows re-encrypted with the newest key.")
