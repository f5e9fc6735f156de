from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from zicht.rhythm.models import SightLevel, SightStatus
from zicht.rhythm.rules import REASONS


@dataclass(frozen=True)
class ShownReason:
    label: str
    action: str
    url: str
    level: int


def reasons_shown(status: SightStatus | None, household_uuid) -> list[ShownReason]:
    """The status's reasons as the caseload shows them: what is wrong and a link to act."""
    if status is None:
        return []
    shown = []
    for reason in status.reasons:
        text = REASONS.get(reason["code"])
        if text is None:
            continue
        shown.append(ShownReason(label=str(text.label), action=str(text.action),
                                 url=reverse(text.url_name, args=[household_uuid]),
                                 level=reason["level"]))
    return shown


def level_of(status: SightStatus | None) -> int:
    return status.level if status else SightLevel.IN_SIGHT


def plan_changes(trajectory) -> QuerySet:
    """The adjustments of the trajectory's contact rhythm, newest first, with who made them."""
    return trajectory.contact_plan_changes.select_related("by").order_by("-at", "-id")
