from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_working_days(day: date, days: int) -> date:
    """The day ``days`` working days (Monday to Friday) after ``day``."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


#: The years any date in Zicht can plausibly fall in. Outside them a date is a typing
#: error (0001-01-01, 9999-12-31) and, for a moment in time, can overflow when converted
#: to UTC. Rules of a field's own domain (a birth date in the past, a contact not in the
#: future) are the services'.
PLAUSIBLE_YEARS = range(1900, 2101)


#: How far ahead care can be planned: a safety-plan review, a plan action's due date, the
#: end of a consent or of an extended follow-up. The follow-up lasts a year from departure
#: (seed 002) and is extended by decision; a date two years on outlives any trajectory, so
#: beyond it a date is a typing error, not a plan.
PLANNING_YEARS = 2


def plausible_date(value) -> None:
    """Validator for every date and datetime field of the forms and the API."""
    if value is not None and value.year not in PLAUSIBLE_YEARS:
        raise ValidationError(_("Deze datum klopt niet: kies een datum tussen %(first)d en "
                                "%(last)d.") % {"first": PLAUSIBLE_YEARS[0],
                                                "last": PLAUSIBLE_YEARS[-1]},
                              code="implausible_date")


def years_from(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 28 February for 29."""
    return add_months(day, 12 * years)


def check_between(value: date | None, *, field: str, earliest: date | None = None,
                  latest: date | None = None, message: str) -> None:
    """A service's domain range for one date: ``ValidationError({field: message})``
    outside it. Datetimes are compared by their local date."""
    if value is None:
        return
    day = value
    if isinstance(value, datetime):
        day = value.date() if timezone.is_naive(value) else timezone.localdate(value)
    if (earliest and day < earliest) or (latest and day > latest):
        raise ValidationError({field: message}, code="out_of_range")
