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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import connection, transaction
from django.db.models import (
    Avg,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, Trim, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from zicht.contacts.models import ContactKind, ContactMoment
from zicht.directory.models import Organisation, OrganisationKind
from zicht.evaluation.anonymity import Cell, anonymous, min_cell
from zicht.evaluation.models import Audience, SurveyAnswer
from zicht.evaluation.scope import Scope
from zicht.trajectories.models import (
    ACTIVE_PHASES,
    CoordinatorAssignment,
    Phase,
    PhaseChange,
    Trajectory,
)

# --- Results -----------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    cells: list[Cell | None]


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class Indicator:
    key: str
    group: Promise
    title: Promise
    definition: Promise
    compute: Callable[[Scope], Table | None]
    chart: str | None = None  # "bar" (first column) or "line" (every column, over time)
    requires: str | None = None  # the app whose data it needs, e.g. "zicht.rhythm"
    requires_reason: Promise | None = None
    region_only: bool = False


@dataclass
class Result:
    indicator: Indicator
    table: Table | None = None
    available: bool = True
    reason: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def title(self) -> str:
        return str(self.indicator.title)

    @property
    def definition(self) -> str:
        return str(self.indicator.definition)

    @property
    def group(self) -> str:
        return str(self.indicator.group)

    def as_json(self) -> dict:
        return {
            "key": self.key, "group": self.group, "title": self.title,
            "definition": self.definition, "available": self.available,
            "reason": self.reason,
            "columns": self.table.columns if self.table else [],
            "rows": [{"label": row.label,
                      "cells": [c.as_json() if c else None for c in row.cells]}
                     for row in self.table.rows] if self.table else [],
        }


# --- Helpers -----------------------------------------------------------------------------


def trajectories(scope: Scope) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(**scope.municipality_filter("destination_municipality"))


def share_cell(part: int, whole: int) -> Cell:
    """A share is shown only when both the part and the whole are large enough."""
    if not whole or part < min_cell() or whole < min_cell():
        return anonymous(None, n=0, kind="share")
    return anonymous(part / whole, n=whole, kind="share")


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in Zicht's time zone: compares on the index, unlike
    ``created_at__date`` which converts every row."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def day_after(day: date) -> datetime:
    return day_start(day + timedelta(days=1))


def days_between(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def as_days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86400e6  # SQLite: microseconds


def months(start: date, end: date) -> list[date]:
    result, day = [], start.replace(day=1)
    while day <= end:
        result.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return result


def month_key(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


# --- Trajectories ------------------------------------------------------------------------

G_TRAJECTORIES = _l("Trajecten")
G_CONTACT = _l("Kennismaking, contact en regie")
G_SIGHT = _l("In zicht")
G_SAFETY = _l("Veiligheid")
G_PLAN = _l("Plan en zelfredzaamheid")
G_SATISFACTION = _l("Tevredenheid")


def volume(scope: Scope) -> Table:
    in_period = Q(created_at__lt=day_after(scope.end)) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=scope.start))
    figures = trajectories(scope).aggregate(
        active=Count("household", distinct=True, filter=in_period),
        registered=Count("id", filter=Q(created_at__gte=day_start(scope.start),
                                             created_at__lt=day_after(scope.end))),
        departed=Count("id", filter=Q(departure_date__range=(scope.start, scope.end))),
        closed=Count("id", filter=Q(closed_on__range=(scope.start, scope.end))),
    )
    return Table([_("Aantal")], [
        Row(_("Huishoudens in een traject"), [anonymous(figures["active"])]),
        Row(_("Aangemeld"), [anonymous(figures["registered"])]),
        Row(_("Vertrokken uit de opvang"), [anonymous(figures["departed"])]),
        Row(_("Afgesloten"), [anonymous(figures["closed"])]),
    ])


def trend(scope: Scope) -> Table:
    qs = trajectories(scope)
    series = []
    for date_field, lookup in (("created_at", "created_at__range"),
                               ("departure_date", "departure_date__range"),
                               ("closed_on", "closed_on__range")):
        bounds = ((day_start(scope.start), day_after(scope.end) - timedelta(microseconds=1))
                  if date_field == "created_at" else (scope.start, scope.end))
        counts = (qs.filter(**{lookup: bounds})
                  .annotate(month=TruncMonth(date_field)).values("month")
                  .annotate(n=Count("id")).order_by())
        series.append({month_key(c["month"]): c["n"] for c in counts})
    return Table([_("Aangemeld"), _("Vertrokken"), _("Afgesloten")], [
        Row(date_format(month, "M Y"), [anonymous(s.get(month, 0)) for s in series])
        for month in months(scope.start, scope.end)
    ])


def phases(scope: Scope) -> Table:
    qs = trajectories(scope).filter(created_at__lt=day_after(scope.end))
    if scope.end >= timezone.localdate():
        phase = F("phase")
    else:
        # The phase on the last day of the period, from the append-only history.
        phase = Coalesce(Subquery(
            PhaseChange.objects.filter(trajectory=OuterRef("pk"), at__date__lte=scope.end)
            .order_by("-at", "-id").values("to_phase")[:1]), Value(Phase.REGISTERED))
    counts = dict(qs.annotate(phase_then=phase).values_list("phase_then")
                  .annotate(n=Count("id")).order_by().values_list("phase_then", "n"))
    return Table([_("Aantal")], [Row(str(Phase(p).label), [anonymous(counts.get(p, 0))])
                                 for p in ACTIVE_PHASES])


def closing(scope: Scope) -> Table:
    figures = trajectories(scope).filter(closed_on__range=(scope.start, scope.end)).aggregate(
        total=Count("id"),
        before_departure=Count("id", filter=Q(departure_date__isnull=True)),
        full_year=Count("id", filter=Q(departure_date__isnull=False,
                                       closed_on__gte=F("planned_end"))),
        early=Count("id", filter=Q(departure_date__isnull=False,
                                   closed_on__lt=F("planned_end"))),
    )
    total = figures["total"]
    return Table([_("Aantal"), _("Aandeel")], [
        Row(_("Na het volledige jaar"), [anonymous(figures["full_year"]),
                                         share_cell(figures["full_year"], total)]),
        Row(_("Eerder, na het vertrek"), [anonymous(figures["early"]),
                                          share_cell(figures["early"], total)]),
        Row(_("Vóór het vertrek"), [anonymous(figures["before_departure"]),
                                    share_cell(figures["before_departure"], total)]),
        Row(_("Totaal afgesloten"), [anonymous(total), None]),
    ])


def closing_reasons(scope: Scope) -> Table:
    """Reasons are free text: only a reason given at least ``min_cell`` times is shown as
    written, so that a text that names or describes one family never leaves Zicht."""
    counts = (trajectories(scope).filter(closed_on__range=(scope.start, scope.end))
              .annotate(reason=Lower(Trim("closed_reason"))).values("reason")
              .annotate(n=Count("id")).order_by("-n", "reason"))
    shown, other = [], 0
    for c in counts:
        if c["n"] >= min_cell() and len(shown) < 10:
            shown.append(Row(c["reason"] or _("(geen reden)"), [anonymous(c["n"])]))
        else:
            other += c["n"]
    shown.append(Row(_("Andere redenen (elk minder vaak genoemd)"), [anonymous(other)]))
    return Table([_("Aantal")], shown)


def duration(scope: Scope) -> Table:
    qs = trajectories(scope).filter(closed_on__range=(scope.start, scope.end),
                                    departure_date__isnull=False)
    after = lambda days: F("departure_date") + timedelta(days=days)  # noqa: E731
    figures = qs.aggregate(
        total=Count("id"),
        avg=Avg(days_between("closed_on", "departure_date")),
        m3=Count("id", filter=Q(closed_on__lt=after(91))),
        m6=Count("id", filter=Q(closed_on__gte=after(91), closed_on__lt=after(183))),
        m9=Count("id", filter=Q(closed_on__gte=after(183), closed_on__lt=after(274))),
        m12=Count("id", filter=Q(closed_on__gte=after(274), closed_on__lt=F("planned_end"))),
        year=Count("id", filter=Q(closed_on__gte=F("planned_end"))),
    )
    total = figures["total"]
    rows = [Row(label, [anonymous(figures[key]), share_cell(figures[key], total)])
            for key, label in (("m3", _("Korter dan 3 maanden")), ("m6", _("3 tot 6 maanden")),
                               ("m9", _("6 tot 9 maanden")), ("m12", _("9 tot 12 maanden")),
                               ("year", _("Het volledige jaar")))]
    rows.append(Row(_("Gemiddelde duur na vertrek (dagen)"),
                    [anonymous(as_days(figures["avg"]), n=total, kind="days"), None]))
    return Table([_("Aantal"), _("Aandeel")], rows)


# --- Contact and coordination ------------------------------------------------------------


def first_contact(scope: Scope) -> Table:
    first = Subquery(
        ContactMoment.objects.filter(trajectory=OuterRef("pk"), kind=ContactKind.FOLLOW_UP,
                                     reached=True, held_on__gte=OuterRef("departure_date"))
        .order_by("held_on").values("held_on")[:1])
    # DISTINCT keeps PostgreSQL from pulling the subquery up into the aggregate, which
    # would run the correlated subquery once per aggregate that mentions it.
    figures = (trajectories(scope).filter(departure_date__range=(scope.start, scope.end))
               .annotate(first=first).distinct().aggregate(
                   departed=Count("id"),
                   reached=Count("id", filter=Q(first__isnull=False)),
                   within_week=Count("id", filter=Q(first__lte=ExpressionWrapper(
                       F("departure_date") + timedelta(days=7), output_field=DateField()))),
                   avg=Avg(days_between("first", "departure_date")),
               ))
    departed, reached = figures["departed"], figures["reached"]
    return Table([_("Waarde")], [
        Row(_("Vertrokken in de periode"), [anonymous(departed)]),
        Row(_("Dagen tot het eerste bereikte contact (gemiddeld)"),
            [anonymous(as_days(figures["avg"]), n=reached, kind="days")]),
        Row(_("Eerste bereikte contact binnen 7 dagen"),
            [share_cell(figures["within_week"], departed)]),
        Row(_("Nog geen bereikt contact"), [share_cell(departed - reached, departed)]),
    ])


def introduction(scope: Scope) -> Table:
    introduced = Exists(ContactMoment.objects.filter(
        trajectory=OuterRef("pk"), kind=ContactKind.INTRODUCTION, reached=True,
        held_on__lte=OuterRef("departure_date")))
    figures = (trajectories(scope).filter(departure_date__range=(scope.start, scope.end))
               .aggregate(departed=Count("id"), introduced=Count("id", filter=introduced)))
    return Table([_("Aantal"), _("Aandeel")], [
        Row(_("Vertrokken in de periode"), [anonymous(figures["departed"]), None]),
        Row(_("Met kennismaking tijdens het verblijf"),
            [anonymous(figures["introduced"]),
             share_cell(figures["introduced"], figures["departed"])]),
    ])


def coordination(scope: Scope) -> Table:
    departed = trajectories(scope).filter(departure_date__range=(scope.start, scope.end))
    first_org = Subquery(CoordinatorAssignment.objects.filter(trajectory=OuterRef("pk"))
                         .order_by("started_at", "id").values("organisation_id")[:1])
    per_org = dict(departed.annotate(org=first_org).values_list("org")
                   .annotate(n=Count("id")).order_by().values_list("org", "n"))
    kind_of = dict(Organisation.objects.filter(pk__in=[o for o in per_org if o])
                   .values_list("pk", "kind"))
    kinds: dict[str, int] = {}
    for org, n in per_org.items():
        kinds[kind_of.get(org, "")] = kinds.get(kind_of.get(org, ""), 0) + n
    total = sum(kinds.values())
    shelter = kinds.get(OrganisationKind.SHELTER, 0)
    team = kinds.get(OrganisationKind.MUNICIPALITY_TEAM, 0)
    handovers = departed.annotate(n=Count("coordinator_assignments")).aggregate(
        avg=Avg("n"), with_one=Count("id", filter=Q(n__gte=1)))
    without = trajectories(scope).filter(phase=Phase.FOLLOW_UP).exclude(
        Exists(CoordinatorAssignment.objects.filter(trajectory=OuterRef("pk"),
                                                    ended_at__isnull=True))).count()
    avg = handovers["avg"]
    return Table([_("Waarde")], [
        Row(_("Regisseur bij vertrek: de opvang"), [share_cell(shelter, total)]),
        Row(_("Regisseur bij vertrek: het team van de ondersteuner"), [share_cell(team, total)]),
        Row(_("Overdrachten van regie per traject (gemiddeld)"),
            [anonymous(avg - 1 if avg is not None else None, n=handovers["with_one"],
                       kind="score")]),
        Row(_("Nu in nazorg zonder regisseur"), [anonymous(without)]),
    ])


def municipalities(scope: Scope) -> Table | None:
    if not scope.is_region:
        return None
    in_period = Q(created_at__lt=day_after(scope.end)) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=scope.start))
    rows = (trajectories(scope).values("destination_municipality__name")
            .annotate(active=Count("household", distinct=True, filter=in_period),
                      departed=Count("id", filter=Q(departure_date__range=(scope.start,
                                                                           scope.end))),
                      closed=Count("id", filter=Q(closed_on__range=(scope.start, scope.end))))
            .order_by("destination_municipality__name"))
    return Table([_("In een traject"), _("Vertrokken"), _("Afgesloten")], [
        Row(r["destination_municipality__name"],
            [anonymous(r["active"]), anonymous(r["departed"]), anonymous(r["closed"])])
        for r in rows
    ])


# --- Satisfaction ------------------------------------------------------------------------


def _satisfaction(scope: Scope, audience: str) -> Table:
    answers = SurveyAnswer.objects.filter(
        response__audience=audience,
        response__period__gte=scope.start.replace(day=1), response__period__lte=scope.end,
        **({"response__region": scope.region.pk} if scope.is_region
           else {"response__municipality": scope.municipality.pk}))
    rows = (answers.values("question__order", "question__short_label", "question__text")
            .annotate(avg=Avg("value"), n=Count("id")).order_by("question__order"))
    responses = answers.values("response").distinct().count()
    table = Table([_("Gemiddelde (1–5)"), _("Antwoorden")], [
        Row(r["question__short_label"], [anonymous(r["avg"], n=r["n"], kind="score"),
                                         anonymous(r["n"])])
        for r in rows
    ])
    table.rows.insert(0, Row(_("Ingevulde vragenlijsten"), [None, anonymous(responses)]))
    return table


def satisfaction_clients(scope: Scope) -> Table:
    return _satisfaction(scope, Audience.CLIENT)


def satisfaction_professionals(scope: Scope) -> Table:
    return _satisfaction(scope, Audience.PROFESSIONAL)


def _sources(name: str) -> Callable[[Scope], Table | None]:
    """An indicator computed in ``sources.py`` from another issue's app (imported late)."""

    def compute(scope: Scope) -> Table | None:
        from zicht.evaluation import sources

        return getattr(sources, name)(scope)

    return compute


NOT_YET = _l("De gegevens hiervoor komen uit %(what)s (app %(app)s), dat nog niet in Zicht "
             "is opgenomen. Zodra het er is, wordt deze indicator berekend.")


def _reason(what: str, app: str) -> Promise:
    from django.utils.functional import lazy

    return lazy(lambda: NOT_YET % {"what": what, "app": app}, str)()


INDICATORS: list[Indicator] = [
    Indicator(
        "volume", G_TRAJECTORIES, _l("Huishoudens in een traject, gestart en beëindigd"),
        _l("In een traject: huishoudens met een traject dat vóór of op de laatste dag van de "
           "periode is aangemeld en niet vóór de eerste dag is afgesloten. Aangemeld, "
           "vertrokken en afgesloten: trajecten met die datum in de periode. Een traject telt "
           "mee in de gemeente waar de cliënt gaat wonen (vanaf de uitnodiging van de "
           "ondersteuner)."),
        volume, chart="bar"),
    Indicator(
        "trend", G_TRAJECTORIES, _l("Verloop per maand"),
        _l("Per kalendermaand van de periode: het aantal trajecten dat werd aangemeld, het "
           "aantal huishoudens dat uit de opvang vertrok en het aantal trajecten dat werd "
           "afgesloten."),
        trend, chart="line"),
    Indicator(
        "phases", G_TRAJECTORIES, _l("Lopende trajecten per fase"),
        _l("De fase van elk niet-afgesloten traject op de laatste dag van de periode, volgens "
           "de vastgelegde faseovergangen."),
        phases, chart="bar"),
    Indicator(
        "closing", G_TRAJECTORIES, _l("Afgesloten trajecten: wanneer"),
        _l("Trajecten met een afsluitdatum in de periode. Het volledige jaar: afgesloten op "
           "of na de geplande einddatum (12 maanden na vertrek). Eerder: na het vertrek maar "
           "vóór die datum. Vóór het vertrek: zonder vertrekdatum (bijvoorbeeld als de cliënt "
           "afzag van ondersteuning)."),
        closing, chart="bar"),
    Indicator(
        "closing_reasons", G_TRAJECTORIES, _l("Afgesloten trajecten: redenen"),
        _l("De reden van afsluiten zoals vastgelegd (zonder hoofdletters en spaties aan het "
           "begin of eind), voor trajecten afgesloten in de periode. Omdat de reden vrije "
           "tekst is, staat een reden hier alleen letterlijk als die minstens zo vaak is "
           "gegeven als de drempel voor kleine aantallen; de rest telt mee bij 'andere "
           "redenen'."),
        closing_reasons, chart="bar"),
    Indicator(
        "duration", G_TRAJECTORIES, _l("Hoe lang: duur van de nazorg (is een jaar genoeg?)"),
        _l("Voor trajecten met een vertrekdatum die in de periode zijn afgesloten: het aantal "
           "dagen van vertrek tot afsluiten, ingedeeld in blokken van 3 maanden (91, 183 en "
           "274 dagen) en 'het volledige jaar' (afgesloten op of na de geplande einddatum), "
           "en het gemiddelde."),
        duration, chart="bar"),
    Indicator(
        "first_contact", G_CONTACT, _l("Eerste contact na vertrek"),
        _l("Voor huishoudens die in de periode uit de opvang vertrokken: het aantal dagen van "
           "de vertrekdatum tot het eerste contactmoment (geen kennismaking) op of na die "
           "datum waarin de cliënt werd bereikt. Het gemiddelde telt alleen huishoudens die "
           "al bereikt zijn; 'nog geen bereikt contact' is het aandeel zonder zo'n contact."),
        first_contact),
    Indicator(
        "introduction", G_CONTACT, _l("Kennismaking tijdens het verblijf"),
        _l("Voor huishoudens die in de periode uit de opvang vertrokken: het aandeel met een "
           "kennismaking met de ondersteuner waarin de cliënt werd bereikt, op of vóór de "
           "vertrekdatum (seed 002: eerst vertrouwen opbouwen in de opvang)."),
        introduction),
    Indicator(
        "coordination", G_CONTACT, _l("Regie: één regisseur"),
        _l("Voor huishoudens die in de periode vertrokken: wie de eerste regisseur na vertrek "
           "was, en het gemiddeld aantal overdrachten van de regie (regisseurs min één). "
           "'Nu in nazorg zonder regisseur' telt lopende trajecten na vertrek zonder "
           "huidige regisseur, vandaag; volgens de regel '1 gezin, 1 plan, 1 regisseur' "
           "hoort dat nul te zijn."),
        coordination),
    Indicator(
        "municipalities", G_TRAJECTORIES, _l("Per gemeente"),
        _l("De aantallen uit 'Huishoudens in een traject' per gemeente van de regio, met "
           "dezelfde definities."),
        municipalities, region_only=True),
    Indicator(
        "sight", G_SIGHT, _l("In zicht, aandacht, uit zicht"),
        _l("Het aantal en aandeel lopende trajecten na vertrek met de status 'in zicht', "
           "'aandacht' of 'uit zicht', vandaag (de status wordt zonder geschiedenis "
           "bijgehouden, dus niet voor een eerdere datum). Hoe lang uit zicht: voor de "
           "huishoudens die vandaag uit zicht zijn, het gemiddeld aantal dagen sinds het "
           "laatste contactmoment waarin de cliënt werd bereikt (of sinds het vertrek)."),
        _sources("sight"), chart="bar", requires="zicht.rhythm",
        requires_reason=_reason("issue 3, het contactritme", "zicht.rhythm")),
    Indicator(
        "signals", G_SAFETY, _l("Signalen naar bron en soort"),
        _l("Signalen van onveiligheid die in de periode zijn binnengekomen, naar de soort "
           "organisatie die het signaal gaf en naar soort signaal."),
        _sources("signals"), chart="bar", requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "signal_response", G_SAFETY, _l("Reactietijd op signalen"),
        _l("Voor signalen uit de periode: het aandeel dat binnen de termijn is opgepakt "
           "(eerste reactie op of vóór de deadline van het signaal), en de gemiddelde tijd "
           "tot de eerste reactie in dagen."),
        _sources("signal_response"), requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "escalations", G_SAFETY, _l("Opschaling naar Veilig Thuis en uitkomst"),
        _l("Meldingen aan Veilig Thuis die in de periode zijn gedaan, naar hun huidige status "
           "of uitkomst."),
        _sources("escalations"), chart="bar", requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "renewed_violence", G_SAFETY, _l("Opnieuw geweld binnen 12 maanden"),
        _l("Voor huishoudens die in de periode 12 maanden na vertrek bereikten (of hun traject "
           "eerder sloten): het aantal en aandeel met opnieuw onveiligheid binnen 12 "
           "maanden na het vertrek, d.w.z. een signaal dat bij de weging als "
           "(hernieuwde) onveiligheid is beoordeeld (vermoeden én acute of structurele "
           "onveiligheid), of een melding aan Veilig Thuis, binnen 12 maanden na de "
           "vertrekdatum. Ter vergelijking: seed 002 noemt ongeveer een kwart."),
        _sources("renewed_violence"), requires="zicht.signals",
        requires_reason=_reason("issue 4, signalen en meldcode", "zicht.signals")),
    Indicator(
        "stagnations", G_PLAN, _l("Stagnaties per leefgebied"),
        _l("Per leefgebied: het aantal stagnaties dat in de periode is gemeld, het aantal dat "
           "op de laatste dag nog openstond met hun gemiddelde leeftijd in dagen, en de "
           "gemiddelde doorlooptijd in dagen van stagnaties die in de periode zijn opgelost."),
        _sources("stagnations"), chart="bar", requires="zicht.stagnations",
        requires_reason=_reason("issue 5, plannen en stagnaties", "zicht.stagnations")),
    Indicator(
        "self_reliance", G_PLAN, _l("Zelfredzaamheid bij vertrek en aan het einde"),
        _l("Per domein de gemiddelde zelfredzaamheidsscore (1 acute problemen tot 5 "
           "volledig zelfredzaam) gemeten bij vertrek en bij afsluiten, voor huishoudens "
           "waarvan het traject na vertrek in de periode is afgesloten."),
        _sources("self_reliance"), chart="bar", requires="zicht.plans",
        requires_reason=_reason("issue 5, plannen en zelfredzaamheid", "zicht.plans")),
    Indicator(
        "satisfaction_clients", G_SATISFACTION, _l("Tevredenheid van cliënten"),
        _l("Gemiddelde score (1 helemaal niet tevreden tot 5 heel tevreden) per vraag van "
           "vragenlijsten die cliënten in de periode invulden (na 3, 6 en 12 maanden en bij "
           "afsluiten). De antwoorden zijn anoniem: ze zijn opgeslagen met alleen de gemeente, "
           "het moment en de maand."),
        satisfaction_clients, chart="bar"),
    Indicator(
        "satisfaction_professionals", G_SATISFACTION, _l("Tevredenheid van professionals"),
        _l("Gemiddelde score (1 tot 5) per vraag van de kwartaalvragenlijst die professionals "
           "in de periode invulden. Bij een gemeente: professionals van teams van die "
           "gemeente; bij de regio: alle professionals in de regio, ook van de opvang."),
        satisfaction_professionals, chart="bar"),
]


def indicators_for(scope: Scope) -> list[Result]:
    """Every indicator for the scope, in one read-only transaction.

    On PostgreSQL the transaction switches off JIT compilation: on 50,000 households the
    planner's cost estimates pass ``jit_above_cost`` and compiling took longer (~100 ms a
    query) than running these short aggregates (see bench/bench_dashboard.py).
    """
    results = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        for indicator in INDICATORS:
            if indicator.region_only and not scope.is_region:
                continue
            if indicator.requires and not apps.is_installed(indicator.requires):
                results.append(Result(indicator, available=False,
                                      reason=str(indicator.requires_reason)))
                continue
            results.append(Result(indicator, table=indicator.compute(scope)))
    return results
