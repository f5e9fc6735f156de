from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse

from zicht.accounts.models import User
from zicht.rhythm import rules
from zicht.rhythm.models import SightLevel, SightStatus
from zicht.rhythm.rules import REASONS
from zicht.trajectories.models import Phase


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


def planned_contacts_of(user: User, *, today: date,
                        horizon_days: int = 120) -> list[tuple[str, str, date]]:
    """``(trajectory uuid, household reference, date)`` of the user's planned contacts.

    The user's households are those they are the supporter of, in follow-up. Two queries
    whatever their number; only the pseudonymous reference leaves this function.
    """
    statuses = (SightStatus.objects
                .filter(trajectory__supporter=user, trajectory__phase=Phase.FOLLOW_UP,
                        next_contact_due__isnull=False)
                .select_related("trajectory__household", "trajectory__contact_plan",
                                "trajectory__destination_municipality__contact_rhythm")
                .only("next_contact_due", "trajectory__uuid", "trajectory__departure_date",
                      "trajectory__planned_end", "trajectory__household__reference",
                      "trajectory__contact_plan__periods",
                      "trajectory__destination_municipality__contact_rhythm__periods"))
    events = []
    for status in statuses:
        t = status.trajectory
        plan = getattr(t, "contact_plan", None)
        rhythm = getattr(t.destination_municipality, "contact_rhythm", None) \
            if t.destination_municipality_id else None
        periods = (plan and plan.periods) or (rhythm and rhythm.periods) or rules.DEFAULT_RHYTHM
        until = min(t.planned_end or today, date.fromordinal(today.toordinal() + horizon_days))
        # An overdue contact is shown today, not in the past, so it is not missed.
        first = max(status.next_contact_due, today)
        for day in rules.planned_contacts(periods, t.departure_date, first, until):
            events.append((str(t.uuid), t.household.reference, day))
    return sorted(events, key=lambda e: (e[2], e[1]))
