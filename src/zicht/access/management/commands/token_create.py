"""``zicht token_create``: the operator makes an API token for an organisation's system.

Only here can a token carry a scope (``--scope address``): a page would let an
administrator make a credential they could use themself (issue 19). The key is printed
once; only its digest is stored."""

import contextlib

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zicht.access.services import system_token_create
from zicht.accounts.models import ApiTokenScope
from zicht.directory.models import Organisation, Role


class Command(BaseCommand):
    help = ("Make an API token for an organisation's system, bound to a service account "
            "of its own, and print the key once.")

    def add_arguments(self, parser):
        parser.add_argument("--system", required=True,
                            help="The system's name, e.g. 'Registratiesysteem Veilig Thuis'.")
        parser.add_argument("--organisation", required=True,
                            help="The organisation's uuid or exact name.")
        parser.add_argument("--role", required=True, choices=Role.values,
                            help="The service account's role in the organisation.")
        parser.add_argument("--scope", action="append", default=[],
                            choices=ApiTokenScope.values,
                            help="Extra right: 'address' lets the token reveal addresses.")
        parser.add_argument("--days", type=int, default=365, help="Valid this many days.")

    def handle(self, *args, **options):
        value = options["organisation"]
        organisations = Organisation.objects.filter(name=value)
        with contextlib.suppress(ValidationError):  # not a uuid: by name only
            organisations = organisations | Organisation.objects.filter(uuid=value)
        matches = list(organisations.distinct()[:2])
        if len(matches) != 1:
            raise CommandError(f"No single organisation named or with uuid {value!r}.")
        try:
            token, key = system_token_create(
                system=options["system"], organisation=matches[0], role=options["role"],
                scopes=options["scope"], days=options["days"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"service account: {token.user.username}")
        self.stdout.write(f"expires: {token.expiry:%Y-%m-%d}")
        self.stdout.write(f"scopes: {token.scopes or '-'}")
        self.stdout.write(f"key (shown once): {key}")
