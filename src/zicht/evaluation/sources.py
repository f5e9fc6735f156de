"""Indicators over data that other issues record: the small interface they are wired to.

Each function takes a ``Scope`` and returns a ``Table`` whose cells went through
``anonymity.anonymous``, like those in ``indicators.py``. ``INDICATORS`` lists the app
each one needs (``requires``); until that app is installed the dashboard shows the
indicator as "nog niet beschikbaar" with the reason, and these functions are not called.

What each function reads (the interface, per app):

- ``sight`` (``zicht.rhythm``, issue 3): ``SightStatus`` (one current status per
  trajectory, no history): the shares today; "how long out of sight" is measured as the
  days since the last reached contact of the households that are "uit zicht" today.
- ``signals``, ``signal_response``, ``escalations``, ``renewed_violence`` (``zicht.signals``,
  issue 4): signals with the trajectory/household, received date, source organisation
  kind, kind of signal, deadline and first response; the weighed judgement (renewed
  unsafety); reports to Veilig Thuis with their date and status/outcome.
- ``stagnations`` (``zicht.stagnations``, issue 5): stagnations with domain, reported and
  resolved dates.
- ``self_reliance`` (``zicht.plans``, issue 5): ``SelfRelianceScore`` per domain with
  its moment (``departure``, ``end``).

Definition of renewed violence within 12 months (issue 7 asks to define it): a household
counts when, within 12 months after its departure date, a signal about it was judged in
the weighing (meldcode step 4) as (renewed) unsafety, or a report about it was made to
Veilig Thuis. The denominator is the households whose 12 months after departure ended in
the period (or whose trajectory closed earlier in the period).
"""

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.contacts.models import ContactMoment
from zicht.evaluation.anonymity import anonymous
from zicht.evaluation.scope import Scope
from zicht.evaluation.tables import Row, Table, as_days, share_cell, trajectories
from zicht.trajectories.models import Phase

# The other apps are imported inside the functions: they are only called when installed.


def sight(scope: Scope) -> Table:
    """Status today (SightStatus holds the current status only, no history), and for the
    households now "uit zicht" the days since their last reached contact (or departure)."""
    from zicht.rhythm.models import SightLevel

    active = trajectories(scope).filter(phase=Phase.FOLLOW_UP)
    counts = dict(active.values_list("sight_status__level").annotate(n=Count("id"))
                  .order_by().values_list("sight_status__level", "n"))
    total = sum(counts.values())
    last_reached = (ContactMoment.objects.filter(trajectory=OuterRef("pk"), reached=True)
                    .order_by("-held_on").values("held_on")[:1])
    out = active.filter(sight_status__level=SightLevel.OUT_OF_SIGHT).annotate(
        since=Coalesce(Subquery(last_reached), F("departure_date")))
    figures = out.aggregate(n=Count("id"), avg=Avg(ExpressionWrapper(
        timezone.localdate() - F("since"), output_field=DurationField())))
    rows = [Row(str(level.label), [anonymous(counts.get(level.value, 0)),
                                   share_cell(counts.get(level.value, 0), total)])
            for level in SightLevel]
    rows.append(Row(_("Uit zicht: dagen sinds het laatste bereikte contact (gemiddeld)"),
                    [anonymous(as_days(figures["avg"]), n=figures["n"], kind="days"), None]))
    return Table([_("Aantal"), _("Aandeel")], rows)


def _signals(scope: Scope):
    from zicht.signals.models import Signal

    return Signal.objects.filter(
        trajectory__in=trajectories(scope).values("pk"),
        received_at__date__range=(scope.start, scope.end))


def signals(scope: Scope) -> Table:
    from zicht.signals.models import About, SignalSource, Urgency

    qs = _signals(scope)
    figures = qs.aggregate(
        total=Count("id"),
        **{f"source_{s.value}": Count("id", filter=Q(source=s.value)) for s in SignalSource},
        **{f"urgency_{u.value}": Count("id", filter=Q(urgency=u.value)) for u in Urgency},
        **{f"about_{a.value}": Count("id", filter=Q(about=a.value)) for a in About},
    )
    rows = [Row(_("Bron: %(s)s") % {"s": s.label}, [anonymous(figures[f"source_{s.value}"])])
            for s in SignalSource]
    rows += [Row(str(u.label), [anonymous(figures[f"urgency_{u.value}"])]) for u in Urgency]
    rows += [Row(_("Over: %(a)s") % {"a": a.label}, [anonymous(figures[f"about_{a.value}"])])
             for a in About]
    rows.append(Row(_("Totaal"), [anonymous(figures["total"])]))
    return Table([_("Aantal")], rows)


def signal_response(scope: Scope) -> Table:
    qs = _signals(scope).filter(due_at__isnull=False)
    figures = qs.aggregate(
        total=Count("id"),
        picked=Count("id", filter=Q(picked_up_at__isnull=False)),
        in_time=Count("id", filter=Q(picked_up_at__lte=F("due_at"))),
        late_open=Count("id", filter=Q(picked_up_at__isnull=True,
                                       due_at__lt=timezone.now())),
        avg=Avg(ExpressionWrapper(F("picked_up_at") - F("received_at"),
                                  output_field=DurationField()),
                filter=Q(picked_up_at__isnull=False)),
    )
    return Table([_("Waarde")], [
        Row(_("Signalen met een termijn"), [anonymous(figures["total"])]),
        Row(_("Binnen de termijn opgepakt"), [share_cell(figures["in_time"], figures["total"])]),
        Row(_("Termijn verstreken, nog niet opgepakt"), [anonymous(figures["late_open"])]),
        Row(_("Tijd tot oppakken (dagen, gemiddeld)"),
            [anonymous(as_days(figures["avg"]), n=figures["picked"], kind="days")]),
    ])


def escalations(scope: Scope) -> Table:
    from zicht.signals.models import ReportStatus, VeiligThuisReport

    households = trajectories(scope).values("household")
    qs = VeiligThuisReport.objects.filter(household__in=households,
                                          sent_at__date__range=(scope.start, scope.end))
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by()
                  .values_list("status", "n"))
    rows = [Row(str(status.label), [anonymous(counts.get(status.value, 0))])
            for status in ReportStatus if status != ReportStatus.DRAFT]
    rows.append(Row(_("Totaal gemeld"), [anonymous(sum(counts.values()))]))
    return Table([_("Aantal")], rows)


def renewed_violence(scope: Scope) -> Table:
    """See the module docstring for the definition."""
    from zicht.signals.models import Signal, VeiligThuisReport

    window_signal = Signal.objects.filter(
        trajectory=OuterRef("pk"), suspicion=True, acute_or_structural=True,
        received_at__date__gte=OuterRef("departure_date"),
        received_at__date__lt=OuterRef("planned_end"))
    window_report = VeiligThuisReport.objects.filter(
        household=OuterRef("household"), sent_at__isnull=False,
        sent_at__date__gte=OuterRef("departure_date"),
        sent_at__date__lt=OuterRef("planned_end"))
    cohort = trajectories(scope).filter(departure_date__isnull=False).filter(
        Q(planned_end__range=(scope.start, scope.end))
        | Q(closed_on__range=(scope.start, scope.end), closed_on__lt=F("planned_end")))
    figures = cohort.aggregate(
        total=Count("id"),
        renewed=Count("id", filter=Q(Exists(window_signal)) | Q(Exists(window_report))))
    return Table([_("Waarde")], [
        Row(_("Huishoudens waarvan de 12 maanden in de periode eindigden"),
            [anonymous(figures["total"])]),
        Row(_("Opnieuw onveiligheid binnen 12 maanden"), [anonymous(figures["renewed"])]),
        Row(_("Aandeel (projectplan Blijf veilig na de opvang!: ongeveer een kwart)"),
            [share_cell(figures["renewed"], figures["total"])]),
    ])


def stagnations(scope: Scope) -> Table:
    from zicht.plans.models import LifeDomain
    from zicht.stagnations.models import Stagnation

    qs = Stagnation.objects.filter(**scope.municipality_filter("municipality"))
    end = scope.end
    per_domain = {r["domain"]: r for r in qs.values("domain").annotate(
        reported=Count("id", filter=Q(since__range=(scope.start, end))),
        open=Count("id", filter=Q(since__lte=end) & (Q(resolved_on__isnull=True)
                                                     | Q(resolved_on__gt=end))),
        open_age=Avg(ExpressionWrapper(end - F("since"), output_field=DurationField()),
                     filter=Q(since__lte=end) & (Q(resolved_on__isnull=True)
                                                 | Q(resolved_on__gt=end))),
        resolved=Count("id", filter=Q(resolved_on__range=(scope.start, end))),
        resolve_time=Avg(ExpressionWrapper(F("resolved_on") - F("since"),
                                           output_field=DurationField()),
                         filter=Q(resolved_on__range=(scope.start, end))),
    ).order_by()}
    rows = []
    for domain in LifeDomain:
        r = per_domain.get(domain.value)
        if r is None:
            rows.append(Row(str(domain.label), [anonymous(0), anonymous(0),
                                                anonymous(None, n=0, kind="days"),
                                                anonymous(None, n=0, kind="days")]))
            continue
        rows.append(Row(str(domain.label), [
            anonymous(r["reported"]), anonymous(r["open"]),
            anonymous(as_days(r["open_age"]), n=r["open"], kind="days"),
            anonymous(as_days(r["resolve_time"]), n=r["resolved"], kind="days")]))
    return Table([_("Gemeld"), _("Open op de laatste dag"), _("Leeftijd open (dagen)"),
                  _("Doorlooptijd opgelost (dagen)")], rows)


def self_reliance(scope: Scope) -> Table:
    from zicht.plans.models import ScoreMoment, SelfRelianceScore

    closed = trajectories(scope).filter(closed_on__range=(scope.start, scope.end),
                                        departure_date__isnull=False).values("household")
    scores = SelfRelianceScore.objects.filter(plan__household__in=closed)
    rows = (scores.values("domain__position", "domain__name").annotate(
        departure=Avg("level__value", filter=Q(moment=ScoreMoment.DEPARTURE)),
        n_departure=Count("plan", distinct=True, filter=Q(moment=ScoreMoment.DEPARTURE)),
        end=Avg("level__value", filter=Q(moment=ScoreMoment.END)),
        n_end=Count("plan", distinct=True, filter=Q(moment=ScoreMoment.END)),
    ).order_by("domain__position"))
    return Table([_("Bij vertrek"), _("Aan het einde")], [
        Row(r["domain__name"], [anonymous(r["departure"], n=r["n_departure"], kind="score"),
                                anonymous(r["end"], n=r["n_end"], kind="score")])
        for r in rows
    ])

