"""The contact rhythm and the out-of-sight rules, with their thresholds: all in this module.

Every rule reads plain ``Facts`` about one trajectory (gathered in bulk by
``rhythm.services``) and answers a ``Reason`` or ``None``. The status of a trajectory is
the most urgent level among its reasons: "uit zicht" > "aandacht" > "in zicht".

Why the rules exist at all (DOMAIN.md, "Out of sight"): missed contacts, care avoidance,
no help active any more, or a move are risk signals in themselves, not just missing data.
Seed 001 (inspectorates, 2017), 3.3: "Als er geen nazorg is of de nazorg loopt af en er is
geen hulpvraag meer of moeder is zorgmijdend, verdwijnen moeder en kind uit het zicht van
hulpverleners."
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from zicht.core.dates import add_months  # also rules.add_months, as the forms use it
from zicht.rhythm.models import SightLevel

# --- The contact rhythm ------------------------------------------------------------------

#: ``(until_month, every_days)``: the rhythm of Critical Time Intervention (DOMAIN.md:
#: "three phases of about three months (transition, try-out, transfer of care) with contact
#: weekly, then every two weeks, then monthly"), continued monthly until month 12, because
#: seed 002 keeps the household in sight "tot maximaal 12 maanden na vertrek uit de opvang".
#: A municipality can replace it (``MunicipalityRhythm``), the supporter can adjust it per
#: household with a reason (``ContactPlan``).
DEFAULT_RHYTHM: tuple[tuple[int, int], ...] = ((3, 7), (6, 14), (12, 30))

#: How many unanswered attempts in a row make care avoidance (zorgmijding) likely.
#: Seed 001, 3.3: mothers who avoid care "verdwijnen snel uit beeld nadat ze de
#: vrouwenopvang hebben verlaten". Two attempts: attention; three: out of sight.
ATTEMPTS_ATTENTION = 2
ATTEMPTS_OUT_OF_SIGHT = 3

#: Days before the end of the shelter's aftercare at which a successor coordinator must be
#: named. Seed 001, 4.2: after the shelter's involvement ends a coordinator keeps "een vinger
#: aan de pols" for at least six more months, so the handover must not wait for the last day.
AFTERCARE_ENDING_DAYS = 14

#: Days before the planned end at which the supporter is asked to evaluate, close or extend
#: (seed 002: "voortgezet tot maximaal 12 maanden na vertrek uit de opvang").
END_NEAR_DAYS = 14

#: Days after an accepted move during which the household still counts as "moving": the
#: weeks after a move are when households drop out of sight (seed 001, 2.1 and 3.3).
#: A handover still waiting after ZICHT_MOVE_OUT_OF_SIGHT_DAYS is out of sight.
RECENT_MOVE_DAYS = 30



def months_since(start: date, day: date) -> int:
    """Whole months from ``start`` to ``day`` (0 in the first month)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if add_months(start, months) > day:
        months -= 1
    return max(months, 0)


def interval_on(periods, departure: date, day: date) -> int:
    """The days between contacts the plan asks for on ``day``."""
    month = months_since(departure, day)
    for until_month, every_days in periods:
        if month < until_month:
            return int(every_days)
    return int(periods[-1][1])


def planned_contacts(periods, departure: date, first_due: date, until: date) -> list[date]:
    """The planned contact dates (geplande contactmomenten) from ``first_due`` to ``until``."""
    days, day = [], first_due
    while day <= until and len(days) < 60:
        days.append(day)
        day = day + timedelta(days=interval_on(periods, departure, day))
    return days


#: After "does not feel safe" the next contact comes sooner (issue 13): the supporter chooses
#: within how many days (7 by default: the weekly contact of Critical Time Intervention's
#: first, most intensive phase, DOMAIN.md), and the closer rhythm holds for this month of
#: follow-up and the next, so that more than one contact follows before the plan's own
#: rhythm returns. Acute danger is not waited for here: that is the signal's, today.
UNSAFE_NEXT_CONTACT_CHOICES = (3, 7)
UNSAFE_NEXT_CONTACT_DAYS = 7
UNSAFE_CLOSER_MONTHS = 2


def brought_forward(periods, departure: date, day: date, within_days: int,
                    months: int = UNSAFE_CLOSER_MONTHS) -> list[list[int]]:
    """``periods`` with at most ``within_days`` between contacts from the month of
    follow-up ``day`` falls in through ``months`` months; never a longer interval."""
    start = months_since(departure, day)
    end = start + months
    last_until = int(periods[-1][0])
    every = [interval_on(periods, departure, add_months(departure, month))
             for month in range(max(last_until, end + 1))]
    for month in range(start, end):
        every[month] = min(every[month], within_days)
    result: list[list[int]] = []
    for month, days in enumerate(every):
        if result and result[-1][1] == days:
            result[-1][0] = month + 1
        else:
            result.append([month + 1, days])
    return result


def validate_periods(periods) -> list[list[int]]:
    """A rhythm is a non-empty list of (until_month, every_days), months rising, 1-365 days."""
    cleaned, previous = [], 0
    for until_month, every_days in periods:
        until_month, every_days = int(until_month), int(every_days)
        if until_month <= previous or not 1 <= every_days <= 365:
            raise ValueError("invalid rhythm")
        cleaned.append([until_month, every_days])
        previous = until_month
    if not cleaned:
        raise ValueError("empty rhythm")
    return cleaned


# --- The out-of-sight rules --------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one trajectory in follow-up (na vertrek)."""

    today: date
    departure_date: date
    periods: tuple
    shelter_aftercare_until: date | None = None
    planned_end: date | None = None
    last_reached_on: date | None = None
    attempts_since_reached: int = 0
    feels_safe: str = ""
    safety_plan_current: str = ""
    counsellor_contact: str = ""
    has_coordinator: bool = True
    shelter_is_coordinator: bool = False
    moving: bool = False
    move_stalled: bool = False
    safety_plan_review_overdue: bool = False
    address_elsewhere: bool = False

    @cached_property
    def next_contact_due(self) -> date:
        """The last reached contact (or the departure) plus the interval of that moment.

        An attempt that did not reach the client is not a contact: it does not move the date.
        """
        base = max(self.last_reached_on or self.departure_date, self.departure_date)
        return base + timedelta(days=interval_on(self.periods, self.departure_date, base))


@dataclass(frozen=True)
class Reason:
    code: str
    level: int

    def as_json(self) -> dict:
        return {"code": self.code, "level": self.level}


@dataclass(frozen=True)
class ReasonText:
    """How a reason reads on the caseload and what to do about it (a URL name)."""

    label: str
    action: str
    url_name: str
    query: str = ""


REASONS: dict[str, ReasonText] = {
    "contact_overdue": ReasonText(_("Contactmoment verlopen"), _("Contactmoment vastleggen"),
                                  "contacts:new"),
    "care_avoidance": ReasonText(_("Meerdere keren niet bereikt (zorgmijding?)"),
                                 _("Contactmoment vastleggen"), "contacts:new"),
    # Not "record a contact" (issue 13): the signal and the safety plan are what to look at.
    "feels_unsafe": ReasonText(_("Cliënt voelt zich niet veilig"),
                               _("Veiligheidsplan en signaal bekijken"), "safety:overview"),
    "safety_plan_outdated": ReasonText(_("Veiligheidsplan niet actueel"),
                                       _("Contactmoment vastleggen"), "contacts:new"),
    "no_help_active": ReasonText(_("Geen hulp meer actief"), _("Contactmoment vastleggen"),
                                 "contacts:new"),
    "safety_plan_review_overdue": ReasonText(_("Veiligheidsplan moet herzien worden"),
                                             _("Veiligheidsplan bijwerken"),
                                             "safety:plan_edit"),
    "moving": ReasonText(_("Verhuizing (gepland of recent)"), _("Bekijk het huishouden"),
                         "households:detail"),
    "address_elsewhere": ReasonText(_("Adres in een andere gemeente, geen overdracht"),
                                    _("Adres of verhuizing bekijken"), "households:detail"),
    "aftercare_ending": ReasonText(_("Nazorg opvang stopt binnenkort, geen opvolgend regisseur"),
                                   _("Regisseur wijzigen"), "households:coordinator"),
    "aftercare_ended": ReasonText(_("Nazorg opvang is gestopt, opvang is nog regisseur"),
                                  _("Regisseur wijzigen"), "households:coordinator"),
    "no_coordinator": ReasonText(_("Geen regisseur"), _("Regisseur wijzigen"),
                                 "households:coordinator"),
    "end_near": ReasonText(_("Einde traject nadert"), _("Verlengen of afsluiten"),
                           "rhythm:plan"),
}


def contact_overdue(f: Facts) -> Reason | None:
    """Seed 002, "Rol van de ondersteuner": "De ondersteuner houdt met regelmaat divers
    (online) contact". Past the due date: attention; more than a whole interval past it
    (a second planned contact missed too): out of sight."""
    due = f.next_contact_due
    if f.today <= due:
        return None
    interval = interval_on(f.periods, f.departure_date, due)
    level = SightLevel.OUT_OF_SIGHT if f.today > due + timedelta(days=interval) \
        else SightLevel.ATTENTION
    return Reason("contact_overdue", level)


def care_avoidance(f: Facts) -> Reason | None:
    """Seed 001, 3.3: "Een extra risico vormen moeders die geen hulpvraag hebben of
    zorgmijdend zijn en/of geen hulp accepteren. Zij verdwijnen snel uit beeld"."""
    if f.attempts_since_reached >= ATTEMPTS_OUT_OF_SIGHT:
        return Reason("care_avoidance", SightLevel.OUT_OF_SIGHT)
    if f.attempts_since_reached >= ATTEMPTS_ATTENTION:
        return Reason("care_avoidance", SightLevel.ATTENTION)
    return None


def feels_unsafe(f: Facts) -> Reason | None:
    """Seed 002, "Een jaar in het zicht": "Voel je je veilig en is je veiligheidsplan nog
    actueel?"; the supporter "schakelt met hulpverlening of meldt bij Veilig Thuis"."""
    return Reason("feels_unsafe", SightLevel.ATTENTION) if f.feels_safe == "no" else None


def safety_plan_outdated(f: Facts) -> Reason | None:
    """Seed 002: "De ondersteuner houdt een vinger aan de pols m.b.t. het veiligheidsplan"."""
    return (Reason("safety_plan_outdated", SightLevel.ATTENTION)
            if f.safety_plan_current == "no" else None)


def no_help_active(f: Facts) -> Reason | None:
    """Seed 002: "Is er nog contact met je hulpverlener van zorgorganisatie X en gaat dat
    goed?"; seed 001, 3.3: "er is geen hulpvraag meer ... verdwijnen moeder en kind uit het
    zicht". Until help is recorded itself, the last answer "no" to that question counts."""
    return (Reason("no_help_active", SightLevel.ATTENTION)
            if f.counsellor_contact == "no" else None)


def safety_plan_review_overdue(f: Facts) -> Reason | None:
    """Seed 002: the supporter "houdt een vinger aan de pols m.b.t. het veiligheidsplan";
    issue 4: a plan past its review date counts for the out-of-sight status."""
    return (Reason("safety_plan_review_overdue", SightLevel.ATTENTION)
            if f.safety_plan_review_overdue else None)


def moving(f: Facts) -> Reason | None:
    """Seed 001, 2.1 and 3.3: households that move, above all to another region, most often
    drop out of sight; seed 002: "Bij verhuizing neemt de ondersteuner contact op met een
    ondersteuner uit de andere gemeente". Fed by ``services.recent_or_announced_moves``.
    A handover to the new municipality that waits too long is out of sight (issue 5)."""
    if f.move_stalled:
        return Reason("moving", SightLevel.OUT_OF_SIGHT)
    return Reason("moving", SightLevel.ATTENTION) if f.moving else None


def address_elsewhere(f: Facts) -> Reason | None:
    """Seed 002: "Bij verhuizing neemt de ondersteuner contact op met een ondersteuner uit
    de andere gemeente". An address recorded in another municipality than the trajectory's,
    with no move under way: the household moved without a warm handover, or the address
    was not brought up to date after one. Attention, with the household page, which points
    to both."""
    return (Reason("address_elsewhere", SightLevel.ATTENTION)
            if f.address_elsewhere and not f.moving else None)


def aftercare_ending(f: Facts) -> Reason | None:
    """Seed 001, 4.2: when the shelter's involvement ends, a coordinator stays for at least
    six more months. The shelter still coordinates while its aftercare ends within
    ``AFTERCARE_ENDING_DAYS``: attention; it has ended and nobody took over: out of sight."""
    if not (f.shelter_is_coordinator and f.shelter_aftercare_until):
        return None
    if f.shelter_aftercare_until < f.today:
        return Reason("aftercare_ended", SightLevel.OUT_OF_SIGHT)
    if f.shelter_aftercare_until <= f.today + timedelta(days=AFTERCARE_ENDING_DAYS):
        return Reason("aftercare_ending", SightLevel.ATTENTION)
    return None


def no_coordinator(f: Facts) -> Reason | None:
    """DOMAIN.md, "1 gezin, 1 plan, 1 regisseur": from departure on exactly one coordinator
    at any time."""
    return None if f.has_coordinator else Reason("no_coordinator", SightLevel.OUT_OF_SIGHT)


def end_near(f: Facts) -> Reason | None:
    """Seed 002: "voortgezet tot maximaal 12 maanden na vertrek"; the end is decided,
    evaluated and recorded, or extended with a reason, not left to lapse."""
    if f.planned_end and f.planned_end <= f.today + timedelta(days=END_NEAR_DAYS):
        return Reason("end_near", SightLevel.ATTENTION)
    return None


RULES = (contact_overdue, care_avoidance, feels_unsafe, safety_plan_outdated, no_help_active,
         safety_plan_review_overdue, moving, address_elsewhere, aftercare_ending,
         no_coordinator, end_near)


@dataclass(frozen=True)
class Verdict:
    level: int
    reasons: list[Reason] = field(default_factory=list)
    next_contact_due: date | None = None


def evaluate(facts: Facts) -> Verdict:
    reasons = [r for rule in RULES if (r := rule(facts)) is not None]
    reasons.sort(key=lambda r: -r.level)
    level = max((r.level for r in reasons), default=SightLevel.IN_SIGHT)
    return Verdict(level=level, reasons=reasons, next_contact_due=facts.next_contact_due)
