"""Small-cell suppression: the ONE place that decides whether a number may be shown.

Every aggregate Zicht shows or exports about households passes through ``anonymous``:
the dashboard, the CSV, the Excel file, the PDF report and the API. A number that rests
on fewer than ``ZICHT_EVALUATION_MIN_CELL`` (default 5) households or answers is replaced
by "< 5", so that no figure can point at one family (DOMAIN.md: a perpetrator must not
even learn that a person is known). A count of 0 is suppressed as well: "< 5" is true
for it, and "nobody in Hoorn was reported to Veilig Thuis" is also a statement about
people.
"""

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.utils.formats import number_format

Kind = Literal["count", "share", "days", "score"]


def min_cell() -> int:
    return int(getattr(settings, "ZICHT_EVALUATION_MIN_CELL", 5))


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: ``value`` is None when it is suppressed."""

    value: float | int | None
    display: str
    n: int
    kind: Kind = "count"

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def as_json(self) -> dict:
        return {"value": self.value, "display": self.display, "suppressed": self.suppressed,
                "kind": self.kind}


def anonymous(value: float | int | None, *, n: int | None = None,
              kind: Kind = "count") -> Cell:
    """The figure ``value``, resting on ``n`` households or answers (a count rests on itself).

    Shares are fractions (0.25 shows as 25%), days and scores show one decimal at most.
    """
    if kind == "count":
        n = int(value or 0) if n is None else n
    n = int(n or 0)
    threshold = min_cell()
    if n < threshold or value is None:
        return Cell(value=None, display=f"< {threshold}", n=0, kind=kind)
    if kind == "count":
        return Cell(value=int(value), display=number_format(int(value)), n=n, kind=kind)
    if kind == "share":
        value = round(float(value), 4)
        return Cell(value=value, display=f"{number_format(value * 100, 0)}%", n=n, kind=kind)
    value = round(float(value), 1)
    return Cell(value=value, display=number_format(value, 1 if kind == "score" else 0),
                n=n, kind=kind)


def not_about_people(value: int) -> Cell:
    """A count of meetings or agreements, not of households or answers: it points at no
    family, so it is shown as it is (four meetings a year is the goal, "< 5" says nothing)."""
    return Cell(value=int(value), display=number_format(int(value)), n=int(value))
