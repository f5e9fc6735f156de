"""Zicht's own wording of the themes of the quality framework "Werken aan Veiligheid voor
lokale (wijk)teams en gemeenten" (seed 004: Toezicht Sociaal Domein, the programme Geweld
Hoort Nergens Thuis and the field), loaded by ``migrations/0002_selfscan_framework.py``.

Not the official text: its themes in our words, from what seed 004 says the framework asks
of a municipality and its local network. A municipality that has the official text loads it
with ``zicht selfscan_framework_load`` (README). Listed for ``makemessages`` with
``gettext_noop``; the pages show them through ``core.i18n.shipped``.
"""

from django.utils.translation import gettext_noop as _

SCALE = [
    {"value": 1, "label": _("Nog niet")},
    {"value": 2, "label": _("Een begin")},
    {"value": 3, "label": _("Grotendeels")},
    {"value": 4, "label": _("Op orde")},
]

FRAMEWORK = {
    "key": "werken-aan-veiligheid",
    "version": "zicht-1",
    "name": _("Werken aan Veiligheid (verwoording van Zicht)"),
    "introduction": _(
        "De thema's van het kwaliteitskader Werken aan Veiligheid voor lokale (wijk)teams en "
        "gemeenten, in de woorden van Zicht. Vul de zelfscan in met uw partners in het lokale "
        "netwerk; per vraag kiest u hoe ver u bent. Heeft uw gemeente de officiële tekst, "
        "dan kan de beheerder die laden."),
    "scale": SCALE,
    "themes": [
        {"key": "visie", "title": _("Gedeelde visie op veiligheid"), "questions": [
            {"key": "minimale-veiligheid", "text": _(
                "Hebben de gemeente en haar partners samen vastgelegd wat zij verstaan onder "
                "de minimaal vereiste veiligheid in een gezin?")},
            {"key": "werkinstructies", "text": _(
                "Hebben de betrokken organisaties die gedeelde visie vertaald in hun eigen "
                "werkinstructies?")},
        ]},
        {"key": "regie-gemeente", "title": _("Regie en sturing door de gemeente"), "questions": [
            {"key": "voortouw", "text": _(
                "Neemt de gemeente het voortouw in de aanpak van huiselijk geweld en "
                "kindermishandeling, en stuurt zij op de kwaliteit ervan?")},
            {"key": "faciliteren", "text": _(
                "Maakt de gemeente de samenwerking mogelijk, met tijd, middelen en een vaste "
                "plek om af te stemmen?")},
        ]},
        {"key": "afspraken", "title": _("Samenwerkingsafspraken"), "questions": [
            {"key": "vastgelegd", "text": _(
                "Zijn er samenwerkingsafspraken tussen de organisaties van het lokale netwerk, "
                "met concrete werkinstructies?")},
            {"key": "geevalueerd", "text": _(
                "Worden de afspraken op vaste momenten geëvalueerd en zo nodig bijgesteld?")},
        ]},
        {"key": "veilig-thuis", "title": _("Samen met Veilig Thuis"), "questions": [
            {"key": "eerste-contact", "text": _(
                "Leggen de onderzoeker van Veilig Thuis en de professional van het wijkteam "
                "samen het eerste contact met een gezin?")},
            {"key": "na-overdracht", "text": _(
                "Blijft er na de overdracht door Veilig Thuis zicht op de veiligheid in het "
                "gezin?")},
        ]},
        {"key": "regisseur", "title": _("Eén gezin, één plan, één regisseur"), "questions": [
            {"key": "taken", "text": _(
                "Weten de professionals en het gezin wat de taken en bevoegdheden van de "
                "regisseur zijn?")},
            {"key": "een-plan", "text": _(
                "Werken alle betrokken organisaties met één plan per gezin?")},
        ]},
        {"key": "informatie", "title": _("Informatie delen"), "questions": [
            {"key": "delen", "text": _(
                "Kunnen professionals informatie over de veiligheid makkelijk delen met het "
                "gezin en met de betrokken instellingen, binnen de regels?")},
        ]},
        {"key": "leren", "title": _("Evalueren, reflecteren en verbeteren"), "questions": [
            {"key": "casus", "text": _(
                "Evalueren de professionals samen, per gezin, of de veiligheid duurzaam "
                "hersteld is?")},
            {"key": "netwerk", "text": _(
                "Evalueert het lokale netwerk op vaste momenten het eigen functioneren en de "
                "samenwerking?")},
        ]},
    ],
}

SHIPPED_TEXTS = (
    FRAMEWORK["name"], FRAMEWORK["introduction"],
    *(level["label"] for level in SCALE),
    *(theme["title"] for theme in FRAMEWORK["themes"]),
    *(q["text"] for theme in FRAMEWORK["themes"] for q in theme["questions"]),
)
