"""Reads of the self-scan (issue 16, point 4): scoped by ``rules`` (404 for anyone else).

The results: the municipality's completed scans side by side, per theme the mean of its
answers; the region's figure per theme is the mean over the municipalities of the region
of their latest completed scan, shown only when at least the evaluation's small-cell
minimum (``evaluation.anonymity.min_cell``) of municipalities answered that theme.
Themes are matched by their key, so a scan on the official text sits beside one on
Zicht's own wording where the keys agree.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from zicht.directory.actor import Actor
from zicht.directory.models import Organisation
from zicht.evaluation.anonymity import Cell, anonymous, min_cell
from zicht.network.models import (
    ImprovementAction,
    SelfScan,
    SelfScanAnswer,
    SelfScanFramework,
    SelfScanQuestion,
    SelfScanState,
    SelfScanTheme,
)
from zicht.network.rules import (
    may_view_as_partner,
    selfscan_municipality_id,
    selfscan_region_id,
)


def active_framework() -> SelfScanFramework | None:
    return SelfScanFramework.objects.filter(active=True).first()


def scans_for(actor: Actor) -> QuerySet[SelfScan]:
    """Its own municipality's scans; the region's shared, completed ones; and those the
    actor's organisation took part in."""
    scope = Q(pk__in=[])
    municipality_id = selfscan_municipality_id(actor)
    if municipality_id is not None:
        scope |= Q(municipality_id=municipality_id)
        scope |= Q(municipality__region_id=selfscan_region_id(actor), shared_with_region=True,
                   state=SelfScanState.COMPLETED)
    if may_view_as_partner(actor):
        scope |= Q(Exists(SelfScan.partners.through.objects.filter(
            selfscan_id=OuterRef("pk"), organisation_id=actor.organisation.pk)))
    return SelfScan.objects.filter(scope).select_related("municipality", "framework")


def scan_for(actor: Actor, scan_uuid) -> SelfScan:
    scan = scans_for(actor).filter(uuid=scan_uuid).first()
    if scan is None:
        raise Http404
    return scan


def themes_of(scan: SelfScan) -> list[SelfScanTheme]:
    """The scan's themes with their questions, each question with ``answer`` (or None).
    Three queries."""
    answers = {a.question_id: a for a in scan.answers.all()}
    labels = {level["value"]: level["label"] for level in scan.framework.scale}
    themes = list(scan.framework.themes.prefetch_related(
        Prefetch("questions", queryset=SelfScanQuestion.objects.order_by("order", "id"))))
    for theme in themes:
        values = []
        for question in theme.questions.all():
            question.answer = answers.get(question.pk)
            if question.answer:
                values.append(question.answer.value)
                question.answer.label = labels.get(question.answer.value, "")
        theme.score = round(sum(values) / len(values), 1) if values else None
    return themes


def actions_of(scan: SelfScan) -> QuerySet[ImprovementAction]:
    return scan.actions.select_related("theme", "owner_organisation")


def organisations_of_region(region_id: int) -> QuerySet[Organisation]:
    """Who may take part in a scan, and own an improvement action: the region's
    organisations."""
    return Organisation.objects.filter(region_id=region_id).order_by("name")


def _theme_means(scan_ids) -> dict[int, dict[str, float]]:
    """``{scan id: {theme key: mean}}`` in one query."""
    rows = (SelfScanAnswer.objects.filter(scan_id__in=scan_ids)
            .values("scan_id", "question__theme__key").annotate(mean=Avg("value")).order_by())
    means: dict[int, dict[str, float]] = {}
    for row in rows:
        means.setdefault(row["scan_id"], {})[row["question__theme__key"]] = round(
            float(row["mean"]), 1)
    return means


@dataclass
class ThemeRow:
    key: str
    title: str
    scores: list[float | None] = field(default_factory=list)  # one per scan, oldest first
    region: Cell | None = None
    shared: list[float | None] = field(default_factory=list)  # one per shared scan


@dataclass
class Results:
    scans: list[SelfScan]  # the municipality's completed scans, oldest first
    themes: list[ThemeRow]
    region_shown: bool  # enough municipalities for the region's figure
    minimum: int
    shared: list[SelfScan]  # other municipalities' latest shared scans
    scale_max: int


def _latest_per_municipality(scans) -> list[dict]:
    latest: dict[int, dict] = {}
    for row in scans:
        latest.setdefault(row["municipality_id"], row)
    return list(latest.values())


def results_for(actor: Actor) -> Results | None:
    """The actor's municipality's results over time beside the region's. Six queries."""
    municipality_id = selfscan_municipality_id(actor)
    if municipality_id is None:
        return None
    region_id = selfscan_region_id(actor)
    own = list(SelfScan.objects.filter(municipality_id=municipality_id,
                                       state=SelfScanState.COMPLETED)
               .select_related("framework").order_by("held_on", "id"))
    region_rows = list(SelfScan.objects.filter(municipality__region_id=region_id,
                                               state=SelfScanState.COMPLETED)
                       .order_by("municipality_id", "-held_on", "-id")
                       .values("id", "municipality_id", "shared_with_region"))
    latest = _latest_per_municipality(region_rows)
    shared_ids = [r["id"] for r in latest
                  if r["shared_with_region"] and r["municipality_id"] != municipality_id]
    shared = list(SelfScan.objects.filter(pk__in=shared_ids).select_related("municipality")
                  .order_by("municipality__name"))
    means = _theme_means([s.pk for s in own] + [r["id"] for r in latest])
    framework = own[-1].framework if own else active_framework()
    themes = list(framework.themes.all()) if framework else []
    minimum = min_cell()
    rows = []
    for theme in themes:
        row = ThemeRow(theme.key, theme.title)
        row.scores = [means.get(s.pk, {}).get(theme.key) for s in own]
        values = [means[r["id"]][theme.key] for r in latest
                  if theme.key in means.get(r["id"], {})]
        row.region = anonymous(sum(values) / len(values) if values else None, n=len(values),
                               kind="score")
        row.shared = [means.get(s.pk, {}).get(theme.key) for s in shared]
        rows.append(row)
    scale = framework.scale if framework else []
    return Results(scans=own, themes=rows, region_shown=len(latest) >= minimum,
                   minimum=minimum, shared=shared,
                   scale_max=max((level["value"] for level in scale), default=0))
