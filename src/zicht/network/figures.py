"""Figures of the evaluation module beside the agreements' promises, and the network's own
two figures on the evaluation dashboard.

A promise may name one of ``PROMISE_FIGURES``: a figure of an existing indicator
(``evaluation.indicators``), computed for the agreement's municipality (or its region)
from 1 January of this year to today, through the same small-cell rule as the dashboard.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise as Lazy
from django.utils.translation import gettext_lazy as _

from zicht.evaluation.anonymity import Cell, not_about_people
from zicht.evaluation.indicators import indicator
from zicht.evaluation.scope import Scope
from zicht.evaluation.tables import Indicator, Row, Table, day_after, day_start
from zicht.network.models import Agreement, AgreementEvaluation, Meeting


@dataclass(frozen=True)
class PromiseFigure:
    code: str
    label: Lazy
    indicator: str  # the key of an indicator of ``evaluation.indicators``
    row: int
    column: int
    sentence: Lazy  # with %(value)s and %(year)s


PROMISE_FIGURES = [
    PromiseFigure("introduction", _("Kennismaking vóór vertrek"), "introduction", 1, 1,
                  _("kennismaking vóór vertrek: %(value)s van de vertrekken in %(year)s")),
    PromiseFigure("first_contact_7", _("Eerste contact binnen 7 dagen na vertrek"),
                  "first_contact", 2, 0,
                  _("eerste contact binnen 7 dagen: %(value)s van de vertrekken in %(year)s")),
    PromiseFigure("signal_in_time", _("Signalen binnen de termijn opgepakt"),
                  "signal_response", 1, 0,
                  _("binnen de termijn opgepakt: %(value)s van de signalen in %(year)s")),
]
FIGURE_CHOICES = [("", "—"), *((f.code, f.label) for f in PROMISE_FIGURES)]


def _scope(agreement: Agreement, today: date) -> Scope:
    return Scope(municipality=agreement.municipality, region=agreement.region,
                 start=date(today.year, 1, 1), end=today)


def promise_figures(agreement: Agreement, today: date | None = None) -> dict[str, str]:
    """``{figure code: sentence}`` for the figures the agreement's promises name; each
    indicator is computed once. A figure resting on too few households reads "< 5"."""
    today = today or timezone.localdate()
    codes = {p.figure for p in agreement.promises.all() if p.figure}
    if not codes:
        return {}
    scope = _scope(agreement, today)
    tables: dict[str, Table | None] = {}
    sentences = {}
    for figure in PROMISE_FIGURES:
        if figure.code not in codes:
            continue
        if figure.indicator not in tables:
            try:
                tables[figure.indicator] = indicator(figure.indicator).compute(scope)
            except StopIteration:
                tables[figure.indicator] = None
        table = tables[figure.indicator]
        cell = table.rows[figure.row].cells[figure.column] if table else None
        if isinstance(cell, Cell):
            sentences[figure.code] = str(figure.sentence) % {"value": cell.display,
                                                             "year": today.year}
    return sentences


def _agreements(scope: Scope):
    if scope.municipality:
        return Agreement.objects.filter(Q(municipality=scope.municipality)
                                        | Q(municipality__isnull=True, region=scope.region))
    return Agreement.objects.filter(region=scope.region)


def meetings_table(scope: Scope) -> Table:
    """The region's meetings in the period (a municipality's dashboard shows its region's:
    the meetings are regional)."""
    figures = Meeting.objects.filter(region=scope.region, starts_at__gte=day_start(scope.start),
                                     starts_at__lt=day_after(scope.end)).aggregate(
        planned=Count("id"), held=Count("id", filter=Q(attendance_recorded_at__isnull=False)))
    return Table([str(_("Aantal"))], [
        Row(str(_("Gepland")), [not_about_people(figures["planned"])]),
        Row(str(_("Gehouden (aanwezigheid vastgelegd)")), [not_about_people(figures["held"])]),
    ])


def agreements_table(scope: Scope) -> Table:
    """Agreements whose review date has passed on the period's last day without an
    evaluation on or after that date."""
    evaluated = Exists(AgreementEvaluation.objects.filter(agreement=OuterRef("pk"),
                                                          held_on__gte=OuterRef("review_on")))
    ended = Exists(AgreementEvaluation.objects.filter(agreement=OuterRef("pk"),
                                                      outcome="end"))
    live = _agreements(scope).filter(starts_on__lte=scope.end).exclude(ended)
    figures = live.aggregate(total=Count("id"), past=Count(
        "id", filter=Q(review_on__lt=scope.end) & ~Q(evaluated)))
    return Table([str(_("Aantal"))], [
        Row(str(_("Lopende samenwerkingsafspraken")), [not_about_people(figures["total"])]),
        Row(str(_("Evaluatiedatum verstreken, nog niet geëvalueerd")),
            [not_about_people(figures["past"])]),
    ])


G_NETWORK = _("Netwerk")
DASHBOARD_INDICATORS = [
    Indicator(
        "network_meetings", G_NETWORK, _("Netwerkbijeenkomsten: gehouden en gepland"),
        _("Netwerkbijeenkomsten van de regio met een begindatum in de periode (ook bij een "
          "gemeente: de bijeenkomsten zijn regionaal). Gehouden: de organisator heeft de "
          "aanwezigheid vastgelegd. Het projectplan Blijf veilig na de opvang! vraagt vier "
          "bijeenkomsten per jaar. Dit zijn aantallen bijeenkomsten, geen huishoudens."),
        meetings_table),
    Indicator(
        "agreements_review", G_NETWORK, _("Samenwerkingsafspraken over hun evaluatiedatum"),
        _("Samenwerkingsafspraken van de gemeente (en die van de hele regio), of bij de regio "
          "alle afspraken, die op de laatste dag van de periode liepen (niet beëindigd). "
          "Verstreken: de evaluatiedatum ligt vóór die dag en er is sindsdien geen evaluatie "
          "vastgelegd."),
        agreements_table),
]
