"""The Dutch of the default risk checklist (``instruments/signs_of_renewed_unsafety.json``).

Listed for ``makemessages`` only (``gettext_noop``); shown through ``core.i18n.shipped``.
``tests/test_english.py`` checks that each has its English.
"""

from django.utils.translation import gettext_noop

SHIPPED_TEXTS = (
    gettext_noop('Signalen van hernieuwde onveiligheid'),
    gettext_noop('Een eenvoudige lijst van ja/nee-signalen, ontleend aan de bronnen van het '
                 'project (het inspectierapport Moeder en kind verlaten vrouwenopvang, 2017, '
                 'en het projectplan Blijf veilig na de opvang!). Elk aangevinkt signaal telt '
                 'één punt: er zijn bewust geen gewichten verzonnen. Dit is geen gevalideerd '
                 'risicotaxatie-instrument en vervangt DASH of Campbell niet; een regio kan '
                 'haar eigen (gelicenseerde) instrument laden met de eigen gewichten.'),
    gettext_noop('Terugval in oude patronen, situaties of gedrag (bijvoorbeeld weer contact '
                 'met de pleger)'),
    gettext_noop('De nazorg van de opvang is gestopt of was (te) kort'),
    gettext_noop('Er komt geen hulpverlening meer achter de voordeur'),
    gettext_noop('De cliënt wil geen hulp meer of kan geen hulpvraag formuleren'),
    gettext_noop('Het gezin gaat verhuizen of is verhuisd, zeker naar een andere regio'),
    gettext_noop('Het gezin is (deels) uit beeld: gemiste contacten, niet bereikbaar'),
    gettext_noop('Afspraken uit het veiligheidsplan (contactverbod, geheim adres, afspraken '
                 'met de wijkagent) worden niet nageleefd'),
    gettext_noop('Ketenpartners (school, huisarts, jeugdgezondheidszorg) hebben zorgen over '
                 'de kinderen of de cliënt'),
    gettext_noop('Het netwerk ontbreekt of is niet betrokken bij het veiligheidsplan'),
    gettext_noop('De cliënt voelt zich niet veilig, of het veiligheidsplan is niet actueel'),
    gettext_noop('Het contact met de begeleider van de zorginstelling loopt niet (meer)'),
    gettext_noop('Er zijn problemen of wensen die niet worden opgepakt'),
    gettext_noop("Inspectierapport 2017, 2.1 Grootste veiligheidsrisico's"),
    gettext_noop('Inspectierapport 2017, 2.4 Signalen van onveiligheid'),
    gettext_noop('Inspectierapport 2017, 2.5 Sociaal netwerk'),
    gettext_noop('Projectplan Blijf veilig na de opvang!, Een jaar in het zicht (centrale vragen)'),
    gettext_noop('Geen signalen'),
    gettext_noop('Aandacht'),
    gettext_noop('Zorgelijk'),
    gettext_noop('Houd het contactritme aan en vraag bij elk contact naar veiligheid en het '
                 'veiligheidsplan.'),
    gettext_noop('Bespreek de signalen met de cliënt en een collega (meldcode stap 1 en 2) en '
                 'werk het veiligheidsplan bij.'),
    gettext_noop('Doorloop de meldcode, vraag zo nodig advies aan Veilig Thuis en weeg of '
                 'melden nodig is.'),
)
