"""E-mail that tells a professional only that there is something new in Zicht.

An e-mail leaves our hands: it may be read on a shared screen or forwarded, so it never
carries a name, an address, a household reference or any detail. Mail goes out after
the transaction commits, so a rolled-back action sends nothing.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _


def notify_by_email(recipients: Iterable[str]) -> None:
    addresses = sorted({r for r in recipients if r})
    if not addresses:
        return

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Er staat iets nieuws voor u klaar in Zicht")
            body = _(
                "Er staat iets nieuws voor u klaar in Zicht.\n\n"
                "Log in om te zien wat het is: %(url)s\n\n"
                "Om de mensen over wie het gaat te beschermen, staat in deze e-mail "
                "bewust geen naam of andere gegevens."
            ) % {"url": settings.ZICHT_BASE_URL}
        send_mass_mail(
            [(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses],
            fail_silently=True,
        )

    transaction.on_commit(send)
