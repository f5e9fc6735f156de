from datetime import date, timedelta

from django.core.exceptions import ValidationError
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


def plausible_date(value) -> None:
    """Validator for every date and datetime field of the forms and the API."""
    if value is not None and value.year not in PLAUSIBLE_YEARS:
        raise ValidationError(_("Deze datum klopt niet: kies een datum tussen %(first)d en "
                                "%(last)d.") % {"first": PLAUSIBLE_YEARS[0],
                                                "last": PLAUSIBLE_YEARS[-1]},
                              code="implausible_date")
