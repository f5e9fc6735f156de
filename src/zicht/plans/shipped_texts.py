"""The Dutch of the default self-reliance instrument, the ZRM 2017
(``migrations/0002_default_instrument.py``).

Listed for ``makemessages`` only (``gettext_noop``); shown through ``core.i18n.shipped``.
``tests/test_english.py`` checks that each has its English.
"""

from django.utils.translation import gettext_noop

SHIPPED_TEXTS = (
    gettext_noop('Zelfredzaamheid-Matrix (ZRM 2017)'),
    gettext_noop('Financiën'),
    gettext_noop('Werk & opleiding'),
    gettext_noop('Tijdsbesteding'),
    gettext_noop('Huisvesting'),
    gettext_noop('Huiselijke relaties'),
    gettext_noop('Geestelijke gezondheid'),
    gettext_noop('Lichamelijke gezondheid'),
    gettext_noop('Middelengebruik'),
    gettext_noop('Basale ADL'),
    gettext_noop('Instrumentele ADL'),
    gettext_noop('Sociaal netwerk'),
    gettext_noop('Maatschappelijke participatie'),
    gettext_noop('Justitie'),
    gettext_noop('Acute problematiek'),
    gettext_noop('Niet zelfredzaam'),
    gettext_noop('Beperkt zelfredzaam'),
    gettext_noop('Voldoende zelfredzaam'),
    gettext_noop('Volledig zelfredzaam'),
)
