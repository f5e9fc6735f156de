"""The indicators' queries over trajectories, contacts and surveys (the rules every
indicator keeps are in ``indicators.py``; the other apps' data is in ``sources.py``)."""

from datetime import timedelta

from django.db.models import (
    Avg,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, Trim, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.contacts.models import ContactKind, ContactMoment
from zicht.core.i18n import shipped
from zicht.directory.models import Organisation, OrganisationKind
from zicht.evaluation.anonymity import anonymous, min_cell
from zicht.evaluation.models import Audience, SurveyAnswer
from zicht.evaluation.scope import Scope
from zicht.evaluation.tables import (
    Row,
    Table,
    as_days,
    day_after,
    day_start,
    days_between,
    month_key,
    months,
    share_cell,
    trajectories,
)
from zicht.trajectories.models import (
    ACTIVE_PHASES,
    CoordinatorAssignment,
    Phase,
    PhaseChange,
)

# --- Trajectories ------------------------------------------------------------------------


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
        Row(shipped(r["question__short_label"]), [anonymous(r["avg"], n=r["n"], kind="score"),
                                                  anonymous(r["n"])])
        for r in rows
    ])
    table.rows.insert(0, Row(_("Ingevulde vragenlijsten"), [None, anonymous(responses)]))
    return table


def satisfaction_clients(scope: Scope) -> Table:
    return _satisfaction(scope, Audience.CLIENT)


def satisfaction_professionals(scope: Scope) -> Table:
    return _satisfaction(scope, Audience.PROFESSIONAL)
