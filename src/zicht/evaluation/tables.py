"""The building blocks of the indicators: tables of anonymous cells, and date helpers.

``indicators.py`` lists the indicators; their queries are in ``trajectory_figures.py``
(trajectories, contacts, surveys) and ``sources.py`` (the other apps' data).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    QuerySet,
)
from django.utils import timezone
from django.utils.functional import Promise

from zicht.evaluation.anonymity import Cell, anonymous, min_cell
from zicht.evaluation.scope import Scope
from zicht.trajectories.models import (
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


