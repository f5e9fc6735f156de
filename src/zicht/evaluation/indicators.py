"""The pilot's indicators, each a definition in words and one or two database aggregates.

Seed 002, subgoal 3.1: "De pilot wordt geëvalueerd aan de hand van de vooraf gestelde
indicatoren. Hierbij wordt tevens geëvalueerd of de lengte van een jaar volstaat."

Rules every indicator here keeps:

- It is computed in the database (``aggregate``/``annotate`` with ``Count``/``Avg`` and
  filters), never by loading households into Python: a region has tens of thousands.
- Every figure passes ``anonymity.anonymous`` before anyone sees it (pages, exports, API).
- Its definition is the text shown beside it: change one, change the other.
- A trajectory belongs to the municipality where the client (will) live(s): its
  ``destination_municipality``, known from the invitation of the supporter on. A
  trajectory that never got that far counts in no municipality.
- The period is [start, end], both days included.

Indicators over data other issues record (contact rhythm, signals, plans) name the app
they need in ``requires``; until that app is installed they are listed as "nog niet
beschikbaar" with the reason. Their queries live in ``sources.py``.
"""


from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zicht.evaluation import sources
from zicht.evaluation.anonymity import min_cell
from zicht.evaluation.scope import Scope
from zicht.evaluation.tables import Indicator, Result
from zicht.evaluation.trajectory_figures import (
    closing,
    closing_reasons,
    coordination,
    duration,
    first_contact,
    introduction,
    municipalities,
    phases,
    satisfaction_clients,
    satisfaction_professionals,
    trend,
    volume,
)

G_TRAJECTORIES = _("Trajecten")
G_CONTACT = _("Kennismaking, contact en regie")
G_SIGHT = _("In zicht")
G_SAFETY = _("Veiligheid")
G_PLAN = _("Plan en zelfredzaamheid")
G_SATISFACTION = _("Tevredenheid")


NOT_YET = _("De gegevens hiervoor komen uit %(what)s (app %(app)s), dat nog niet in Zicht "
             "is opgenomen. Zodra het er is, wordt deze indicator berekend.")


def _reason(what: str, app: str) -> Promise:
    from django.utils.functional import lazy

    return lazy(lambda: NOT_YET % {"what": what, "app": app}, str)()


INDICATORS: list[Indicator] = [
    Indicator(
        "volume", G_TRAJECTORIES, _("Huishoudens in een traject, gestart en beëindigd"),
        _("In een traject: huishoudens met een traject dat vóór of op de laatste dag van de "
           "periode is aangemeld en niet vóór de eerste dag is afgesloten. Aangemeld, "
           "vertrokken en afgesloten: trajecten met die datum in de periode. Een traject telt "
           "mee in de gemeente waar de cliënt gaat wonen (vanaf de uitnodiging van de "
           "ondersteuner)."),
        volume, chart="bar"),
    Indicator(
        "trend", G_TRAJECTORIES, _("Verloop per maand"),
        _("Per kalendermaand van de periode: het aantal trajecten dat werd aangemeld, het "
           "aantal huishoudens dat uit de opvang vertrok en het aantal trajecten dat werd "
           "afgesloten."),
        trend, chart="line"),
    Indicator(
        "phases", G_TRAJECTORIES, _("Lopende trajecten per fase"),
        _("De fase van elk niet-afgesloten traject op de laatste dag van de periode, volgens "
           "de vastgelegde faseovergangen."),
        phases, chart="bar"),
    Indicator(
        "closing", G_TRAJECTORIES, _("Afgesloten trajecten: wanneer"),
        _("Trajecten met een afsluitdatum in de periode. Het volledige jaar: afgesloten op "
           "of na de geplande einddatum (12 maanden na vertrek). Eerder: na het vertrek maar "
           "vóór die datum. Vóór het vertrek: zonder vertrekdatum (bijvoorbeeld als de cliënt "
           "afzag van ondersteuning)."),
        closing, chart="bar"),
    Indicator(
        "closing_reasons", G_TRAJECTORIES, _("Afgesloten trajecten: redenen"),
        _("De reden van afsluiten zoals vastgelegd (zonder hoofdletters en spaties aan het "
           "begin of eind), voor trajecten afgesloten in de periode. Omdat de reden vrije "
           "tekst is, staat een reden hier alleen letterlijk als die minstens zo vaak is "
           "gegeven als de drempel voor kleine aantallen; de rest telt mee bij 'andere "
           "redenen'."),
        closing_reasons, chart="bar"),
    Indicator(
        "duration", G_TRAJECTORIES, _("Hoe lang: duur van de nazorg (is een jaar genoeg?)"),
        _("Voor trajecten met een vertrekdatum die in de periode zijn afgesloten: het aantal "
           "dagen van vertrek tot afsluiten, ingedeeld in blokken van 3 maanden (91, 183 en "
           "274 dagen) en 'het volledige jaar' (afgesloten op of na de geplande einddatum), "
           "en het gemiddelde."),
        duration, chart="bar"),
    Indicator(
        "first_contact", G_CONTACT, _("Eerste contact na vertrek"),
        _("Voor huishoudens die in de periode uit de opvang vertrokken: het aantal dagen van "
           "de vertrekdatum tot het eerste contactmoment (geen kennismaking) op of na die "
           "datum waarin de cliënt werd bereikt. Het gemiddelde telt alleen huishoudens die "
           "al bereikt zijn; 'nog geen bereikt contact' is het aandeel zonder zo'n contact."),
        first_contact),
    Indicator(
        "introduction", G_CONTACT, _("Kennismaking tijdens het verblijf"),
        _("Voor huishoudens die in de periode uit de opvang vertrokken: het aandeel met een "
           "kennismaking met de ondersteuner waarin de cliënt werd bereikt, op of vóór de "
           "vertrekdatum (projectplan Blijf veilig na de opvang!: eerst vertrouwen opbouwen in "
           "de opvang)."),
        introduction),
    Indicator(
        "coordination", G_CONTACT, _("Regie: één regisseur"),
        _("Voor huishoudens die in de periode vertrokken: wie de eerste regisseur na vertrek "
           "was, en het gemiddeld aantal overdrachten van de regie (regisseurs min één). "
           "'Nu in nazorg zonder regisseur' telt lopende trajecten na vertrek zonder "
           "huidige regisseur, vandaag; volgens de regel '1 gezin, 1 plan, 1 regisseur' "
           "hoort dat nul te zijn."),
        coordination),
    Indicator(
        "municipalities", G_TRAJECTORIES, _("Per gemeente"),
        _("De aantallen uit 'Huishoudens in een traject' per gemeente van de regio, met "
           "dezelfde definities."),
        municipalities, region_only=True),
    Indicator(
        "sight", G_SIGHT, _("In zicht, aandacht, uit zicht"),
        _("Het aantal en aandeel lopende trajecten na vertrek met de status 'in zicht', "
           "'aandacht' of 'uit zicht', vandaag (de status wordt zonder geschiedenis "
           "bijgehouden, dus niet voor een eerdere datum). Hoe lang uit zicht: voor de "
           "huishoudens die vandaag uit zicht zijn, het gemiddeld aantal dagen sinds het "
           "laatste contactmoment waarin de cliënt werd bereikt (of sinds het vertrek)."),
        sources.sight, chart="bar", requires="zicht.rhythm",
        requires_reason=_reason("issue 3, het contactritme", "zicht.rhythm")),
    Indicator(
        "signals", G_SAFETY, _("Signalen naar bron en soort"),
        _("Signalen van onveiligheid die in de periode zijn binnengekomen, naar de soort "
           "organisatie die het signaal gaf en naar soort signaal."),
        sources.signals, chart="bar", requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "signal_response", G_SAFETY, _("Reactietijd op signalen"),
        _("Voor signalen uit de periode: het aandeel dat binnen de termijn is opgepakt "
           "(eerste reactie op of vóór de deadline van het signaal), en de gemiddelde tijd "
           "tot de eerste reactie in dagen."),
        sources.signal_response, requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "escalations", G_SAFETY, _("Opschaling naar Veilig Thuis en uitkomst"),
        _("Meldingen aan Veilig Thuis die in de periode zijn gedaan, naar hun huidige status "
           "of uitkomst."),
        sources.escalations, chart="bar", requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "renewed_violence", G_SAFETY, _("Opnieuw geweld binnen 12 maanden"),
        _("Voor huishoudens die in de periode 12 maanden na vertrek bereikten (of hun traject "
           "eerder sloten): het aantal en aandeel met opnieuw onveiligheid binnen 12 "
           "maanden na het vertrek, d.w.z. een signaal dat bij de weging als "
           "(hernieuwde) onveiligheid is beoordeeld (vermoeden én acute of structurele "
           "onveiligheid), of een melding aan Veilig Thuis, binnen 12 maanden na de "
           "vertrekdatum. Ter vergelijking: het projectplan Blijf veilig na de opvang! noemt "
           "ongeveer een kwart."),
        sources.renewed_violence, requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "stagnations", G_PLAN, _("Stagnaties per leefgebied"),
        _("Per leefgebied: het aantal stagnaties dat in de periode is gemeld, het aantal dat "
           "op de laatste dag nog openstond met hun gemiddelde leeftijd in dagen, en de "
           "gemiddelde doorlooptijd in dagen van stagnaties die in de periode zijn opgelost."),
        sources.stagnations, chart="bar", requires="zicht.stagnations",
        requires_reason=_reason("issue 5, plannen en stagnaties", "zicht.stagnations")),
    Indicator(
        "self_reliance", G_PLAN, _("Zelfredzaamheid bij vertrek en aan het einde"),
        _("Per domein de gemiddelde zelfredzaamheidsscore (1 acute problemen tot 5 "
           "volledig zelfredzaam) gemeten bij vertrek en bij afsluiten, voor huishoudens "
           "waarvan het traject na vertrek in de periode is afgesloten."),
        sources.self_reliance, chart="bar", requires="zicht.plans",
        requires_reason=_reason("issue 5, plannen en zelfredzaamheid", "zicht.plans")),
    Indicator(
        "satisfaction_clients", G_SATISFACTION, _("Tevredenheid van cliënten"),
        _("Gemiddelde score (1 helemaal niet tevreden tot 5 heel tevreden) per vraag van "
           "vragenlijsten die cliënten in de periode invulden (na 3, 6 en 12 maanden en bij "
           "afsluiten). De antwoorden zijn anoniem: ze zijn opgeslagen met alleen de gemeente, "
           "het moment en de maand."),
        satisfaction_clients, chart="bar"),
    Indicator(
        "satisfaction_professionals", G_SATISFACTION, _("Tevredenheid van professionals"),
        _("Gemiddelde score (1 tot 5) per vraag van de kwartaalvragenlijst die professionals "
           "in de periode invulden. Bij een gemeente: professionals van teams van die "
           "gemeente; bij de regio: alle professionals in de regio, ook van de opvang."),
        satisfaction_professionals, chart="bar"),
]


def indicator_register(indicator: Indicator) -> None:
    """An indicator over the data of an app above this one (the network meetings and
    agreements of ``zicht.network``), added by that app in its ``AppConfig.ready``."""
    if all(i.key != indicator.key for i in INDICATORS):
        INDICATORS.append(indicator)


def indicator(key: str) -> Indicator:
    return next(i for i in INDICATORS if i.key == key)


def indicators_for(scope: Scope) -> list[Result]:
    """Every indicator for the scope (see ``indicators_computed``)."""
    return indicators_computed(scope)[0]


def indicators_computed(scope: Scope) -> tuple[list[Result], datetime]:
    """Every indicator for the scope, in one read-only transaction, and the moment they were
    computed: a kept figure can be minutes old, and the page says so.

    On PostgreSQL the transaction switches off JIT compilation: on 50,000 households the
    planner's cost estimates pass ``jit_above_cost`` and compiling took longer (~100 ms a
    query) than running these short aggregates (see bench/bench_dashboard.py). The tables
    are then kept ``ZICHT_INDICATOR_CACHE_SECONDS`` in the shared cache (issue 14: three
    policy staff on the regional dashboard took a fifth of the database's processor time).
    """
    shown = [i for i in INDICATORS if scope.is_region or not i.region_only]
    computed = [i for i in shown if not i.requires or apps.is_installed(i.requires)]
    seconds = settings.ZICHT_INDICATOR_CACHE_SECONDS
    # Aggregates only, already past the small-cell rule: nothing in them names anyone.
    # v2: the entry carries the moment of computing beside the tables.
    key = f"indicators:v2:{scope.slug}:{get_language()}:{min_cell()}"
    kept = cache.get(key) if seconds else None
    if kept is None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            kept = {"tables": {indicator.key: indicator.compute(scope) for indicator in computed},
                    "at": timezone.now()}
        if seconds:
            cache.set(key, kept, seconds)
    tables = kept["tables"]
    results = [Result(i, table=tables[i.key]) if i in computed
               else Result(i, available=False, reason=str(i.requires_reason)) for i in shown]
    return results, kept["at"]
