"""The Dutch of the two satisfaction questionnaires (``migrations/0002_questionnaires.py``).

Listed for ``makemessages`` only (``gettext_noop``); shown through ``core.i18n.shipped``.
``tests/test_english.py`` checks that each has its English.
"""

from django.utils.translation import gettext_noop

SHIPPED_TEXTS = (
    gettext_noop('Contact'),
    gettext_noop('Hoe tevreden bent u over het contact met uw ondersteuner?'),
    gettext_noop('Hoe vaak'),
    gettext_noop('Hoe tevreden bent u over hoe vaak uw ondersteuner contact met u heeft?'),
    gettext_noop('Veiligheid'),
    gettext_noop('Hoe tevreden bent u over de aandacht voor uw veiligheid (en die van uw '
                 'kinderen)?'),
    gettext_noop('Hulp'),
    gettext_noop('Hoe tevreden bent u over de hulp bij wat nog geregeld moet worden '
                 '(bijvoorbeeld wonen, geld of zorg)?'),
    gettext_noop('Alles samen'),
    gettext_noop('Hoe tevreden bent u, alles bij elkaar, over de ondersteuning na de opvang?'),
    gettext_noop('Samenwerking'),
    gettext_noop('Hoe tevreden bent u over de samenwerking tussen opvang, ondersteuner, '
                 'wijkteam en Veilig Thuis?'),
    gettext_noop('Regie'),
    gettext_noop('Hoe tevreden bent u over de duidelijkheid wie de regisseur is?'),
    gettext_noop('Signalen'),
    gettext_noop('Hoe tevreden bent u over hoe signalen van onveiligheid worden opgepakt?'),
    gettext_noop('Duur'),
    gettext_noop('Hoe tevreden bent u over de duur van de nazorg (een jaar)?'),
    gettext_noop('Zicht'),
    gettext_noop('Hoe tevreden bent u over het werken met Zicht?'),
    gettext_noop('Hoe gaat het met de ondersteuning?'),
    gettext_noop('Vijf korte vragen. Uw antwoorden zijn anoniem: uw ondersteuner ziet niet '
                 'wat u invult. Ze helpen om de ondersteuning na de opvang beter te maken.'),
    gettext_noop('Tevredenheid over de werkwijze'),
    gettext_noop('Vijf korte vragen over dit kwartaal. Uw antwoorden zijn anoniem en worden '
                 'alleen opgeteld getoond.'),
    gettext_noop('helemaal niet tevreden'),
    gettext_noop('heel tevreden'),
)
