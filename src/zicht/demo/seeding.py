"""Synthetic, reproducible data for demos, tests and benchmarks (``zicht seed``, ``zicht demo``).

Everything here is invented. Names come from Faker (nl_NL) and dates and phases from
``random.Random(seed)``: the same number of households and the same seed give the same
people, dates and phases (on the same day, because dates count back from today, and
with the same Faker version).

Households are written with ``bulk_create`` instead of through the services, which would
take hours for 50,000 households. The rows are the ones the services would have written
(``households.services``, ``consent.services``, ``contacts.services``,
``trajectories.services``), with one deliberate exception: no access-log entries, because
nobody read or changed seeded data.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from zicht.consent.models import Consent, ConsentPurpose
from zicht.contacts.models import Answer, Channel, ContactKind, ContactMoment
from zicht.core.dates import add_months
from zicht.demo.personas import (
    DemoAccount,
    Directory,
    ensure_demo_accounts,
    ensure_directory,
    table,
)
from zicht.demo.plans import (
    HouseholdPlan,
    assign_staff,
    days_after,
    drawn_phases,
    household_plan,
    new_references,
)
from zicht.directory.models import (
    Organisation,
)
from zicht.households.models import (
    Address,
    Household,
    Involvement,
    InvolvementReason,
    Person,
)
from zicht.trajectories.models import CoordinatorAssignment, Phase, PhaseChange, Trajectory
from zicht.trajectories.services import FOLLOW_UP_MONTHS

BATCH_SIZE = 2_000

# ---------------------------------------------------------------------------------------
# Writing: one batch of households at a time, every row built in Python.
# ---------------------------------------------------------------------------------------

# Seed 002 and DOMAIN.md, Critical Time Intervention: weekly contact in the first three
# months, every two weeks until month six, monthly after that.
def _contact_interval(days_since_departure: int) -> int:
    if days_since_departure < 91:
        return 7
    if days_since_departure < 182:
        return 14
    return 30


WORRY_WHEN_YES = {"unaddressed_problems", "needs_extra_support"}
REACHED_NOTES = [
    "", "", "", "",
    "Gaat goed; de kinderen zijn gestart op de nieuwe school.",
    "Wacht nog op de uitkering; samen Werk en Inkomen gebeld.",
    "Schuldhulpverlening heeft een wachtlijst; ondersteuner volgt het op.",
    "Veiligheidsplan samen doorgenomen en bijgewerkt.",
    "Ex-partner heeft contact gezocht; veiligheidsplan besproken.",
    "Huisbezoek: de woning is op orde, cliënt is moe maar positief.",
]
NOT_REACHED_NOTES = ["", "Niet opgenomen; voicemail ingesproken.", "Geen reactie op bericht.",
                     "Niemand thuis bij huisbezoek."]


def _answer(question: str, worry_rate: float, rng: random.Random) -> str:
    """Mostly the reassuring answer; "yes" is the worrying one for problems and extra help."""
    good, worry = Answer.YES, Answer.NO
    if question in WORRY_WHEN_YES:
        good, worry = worry, good
    draw = rng.random()
    if draw < worry_rate:
        return worry
    if draw < worry_rate + 0.08:
        return Answer.PARTLY
    if draw < worry_rate + 0.10:
        return Answer.NOT_DISCUSSED
    return good


@cache  # a few hundred distinct days, looked up hundreds of thousands of times
def moment(day: date, hour: int) -> datetime:
    """That hour of that day, in local time."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _at(day: date, hour: int) -> datetime:
    """A moment on a seeded day; hours rise along the trajectory so history sorts right.

    Never later than now: what happened today happened this morning at the latest.
    """
    return min(moment(day, hour), timezone.now())


def _follow_up_contacts(plan: HouseholdPlan, trajectory: Trajectory, team: Organisation,
                        until: date, rng: random.Random) -> Iterator[ContactMoment]:
    day = days_after(plan.departure, rng, 1, 7)
    while day <= until:
        common = {"trajectory": trajectory, "kind": ContactKind.FOLLOW_UP, "held_on": day,
                  "recorded_by": plan.supporter, "organisation": team,
                  "recorded_at": _at(day, 16)}
        if rng.random() < plan.reach_rate:
            yield ContactMoment(
                **common, reached=True,
                channel=rng.choices([Channel.IN_PERSON, Channel.PHONE, Channel.VIDEO,
                                     Channel.MESSAGE], weights=[45, 35, 10, 10])[0],
                with_whom=rng.choice(["cliënt", "cliënt", "cliënt en kinderen",
                                      "cliënt en hulpverlener"]),
                notes=rng.choice(REACHED_NOTES),
                **{q: _answer(q, plan.worry_rate, rng) for q in ContactMoment.QUESTION_FIELDS},
            )
        else:
            # An attempt is not a contact: the central questions stay unanswered.
            yield ContactMoment(
                **common, reached=False,
                channel=rng.choices([Channel.PHONE, Channel.MESSAGE, Channel.IN_PERSON],
                                    weights=[70, 20, 10])[0],
                notes=rng.choice(NOT_REACHED_NOTES),
            )
        days = (day - plan.departure).days
        day += timedelta(days=_contact_interval(days) + rng.randint(-2, 2))


@dataclass
class SeedSummary:
    households: int = 0
    persons: int = 0
    consents: int = 0
    addresses: int = 0
    secret_addresses: int = 0
    involvements: int = 0
    coordinator_assignments: int = 0
    phase_changes: int = 0
    contacts: int = 0
    supporters: int = 0
    phases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Phase.values, 0))
    demo_accounts: list[DemoAccount] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("huishoudens", self.households),
            *((f"  {Phase(phase).label}", n) for phase, n in self.phases.items()),
            ("personen", self.persons),
            ("toestemmingen", self.consents),
            ("adressen", self.addresses),
            ("  waarvan geheim", self.secret_addresses),
            ("betrokkenheden", self.involvements),
            ("regisseurs", self.coordinator_assignments),
            ("fasewijzigingen", self.phase_changes),
            ("contactmomenten", self.contacts),
            ("ondersteuners", self.supporters),
            ("demo-accounts", len(self.demo_accounts)),
        ]


def _history(plan: HouseholdPlan, trajectory: Trajectory) -> list[PhaseChange]:
    """One row per step of the trajectory, by whoever the services let take that step."""
    steps = [(Phase.REGISTERED, plan.registered_on, 9, plan.shelter_worker, ""),
             (Phase.INVITED, plan.invited_on, 11, plan.shelter_worker, ""),
             (Phase.INTRODUCED, plan.introduced_on, 13, plan.supporter, ""),
             (Phase.FOLLOW_UP, plan.departure, 15, plan.shelter_worker, ""),
             (Phase.CLOSED, plan.closed_on, 17, plan.supporter or plan.shelter_worker,
              plan.closed_reason)]
    history, previous = [], ""
    for phase, day, hour, by, reason in steps:
        if day is not None:
            history.append(PhaseChange(trajectory=trajectory, from_phase=previous, to_phase=phase,
                                       at=_at(day, hour), by=by, reason=reason))
            previous = phase
    return history


def _coordination(plan: HouseholdPlan, household: Household, trajectory: Trajectory,
                  ) -> tuple[list[Involvement], list[CoordinatorAssignment]]:
    """Who is involved and who coordinates, as ``trajectories.services`` records it.

    The shelter is involved from registration until the day after its aftercare, the
    supporter's team from the invitation. From departure on there is exactly one
    coordinator, whose organisation is involved while it coordinates. Closing ends the
    coordinator and every involvement still current on that day.
    """
    team = trajectory.supporter_organisation
    involvements = [Involvement(household=household, organisation=plan.shelter,
                                reason=InvolvementReason.SHELTER, started_on=plan.registered_on)]
    assignments: list[CoordinatorAssignment] = []
    if plan.invited_on:
        involvements.append(Involvement(household=household, organisation=team,
                                        reason=InvolvementReason.SUPPORTER,
                                        started_on=plan.invited_on))
    if plan.departure:
        involvements[0].ended_on = (plan.aftercare_until or plan.departure) + timedelta(days=1)
        coordinator = plan.shelter if plan.shelter_coordinates else team
        assignments.append(CoordinatorAssignment(
            trajectory=trajectory, organisation=coordinator,
            professional=plan.shelter_worker if plan.shelter_coordinates else plan.supporter,
            started_at=_at(plan.departure, 15), assigned_by=plan.shelter_worker,
        ))
        involvements.append(Involvement(household=household, organisation=coordinator,
                                        reason=InvolvementReason.COORDINATOR,
                                        started_on=plan.departure, ended_on=plan.handover_on))
    if plan.handover_on:
        # The old assignment ends the moment the new one starts: never zero, never two.
        assignments[0].ended_at = _at(plan.handover_on, 9)
        assignments.append(CoordinatorAssignment(
            trajectory=trajectory, organisation=team, professional=plan.supporter,
            started_at=assignments[0].ended_at, assigned_by=plan.supporter,
        ))
        involvements.append(Involvement(household=household, organisation=team,
                                        reason=InvolvementReason.COORDINATOR,
                                        started_on=plan.handover_on))
    if plan.closed_on:
        if assignments:
            assignments[-1].ended_at = _at(plan.closed_on, 17)
        for involvement in involvements:
            if involvement.ended_on is None or involvement.ended_on > plan.closed_on:
                involvement.ended_on = plan.closed_on
    return involvements, assignments


def _write_batch(plans: list[HouseholdPlan], directory: Directory, today: date,
                 rng: random.Random, summary: SeedSummary) -> None:
    # UUIDs come from the model defaults (uuid4, in Python) and bulk_create returns the
    # primary keys (PostgreSQL, SQLite >= 3.35), so related rows can point at new ones.
    households = [Household(reference=p.reference, created_by=p.shelter_worker,
                            created_at=_at(p.registered_on, 9))
                  for p in plans]
    Household.objects.bulk_create(households, batch_size=BATCH_SIZE)

    persons = [[Person(household=household, **vars(p)) for p in plan.people]
               for plan, household in zip(plans, households, strict=True)]
    Person.objects.bulk_create([p for people in persons for p in people], batch_size=BATCH_SIZE)

    trajectories = [Trajectory(
        household=household, phase=plan.phase, shelter=plan.shelter,
        destination_municipality=plan.municipality,
        supporter_organisation=directory.teams[plan.municipality.pk] if plan.municipality
        else None,
        supporter=plan.supporter, departure_date=plan.departure,
        shelter_aftercare_until=plan.aftercare_until,
        planned_end=add_months(plan.departure, FOLLOW_UP_MONTHS) if plan.departure else None,
        closed_on=plan.closed_on, closed_reason=plan.closed_reason,
        created_at=_at(plan.registered_on, 9),
    ) for plan, household in zip(plans, households, strict=True)]
    Trajectory.objects.bulk_create(trajectories, batch_size=BATCH_SIZE)

    rows: dict[type[Model], list[Model]] = defaultdict(list)
    for plan, household, people, trajectory in zip(plans, households, persons, trajectories,
                                                   strict=True):
        team = trajectory.supporter_organisation
        rows[PhaseChange] += _history(plan, trajectory)
        involvements, assignments = _coordination(plan, household, trajectory)
        rows[Involvement] += involvements
        rows[CoordinatorAssignment] += assignments
        if plan.consent_on:
            rows[Consent].append(Consent(
                household=household, person=people[0], purpose=ConsentPurpose.FOLLOW_UP,
                method=plan.consent_method, given_on=plan.consent_on,
                recorded_by=plan.shelter_worker, recorded_at=_at(plan.consent_on, 10),
            ))
        if plan.introduced_on:
            rows[ContactMoment].append(ContactMoment(
                trajectory=trajectory, kind=ContactKind.INTRODUCTION,
                held_on=plan.introduced_on, channel=Channel.IN_PERSON, reached=True,
                with_whom="cliënt en medewerker opvang", recorded_by=plan.supporter,
                organisation=team, recorded_at=_at(plan.introduced_on, 13),
            ))
        if plan.departure:
            rows[Address].append(Address(
                household=household, street=plan.street, postcode=plan.postcode,
                city=plan.municipality.name, municipality=plan.municipality,
                is_secret=plan.address_is_secret, updated_at=_at(plan.departure, 15),
            ))
            rows[ContactMoment] += _follow_up_contacts(plan, trajectory, team,
                                                       plan.closed_on or today, rng)
        summary.phases[plan.phase] += 1

    for model in (PhaseChange, Consent, Address, Involvement, CoordinatorAssignment,
                  ContactMoment):
        model.objects.bulk_create(rows[model], batch_size=BATCH_SIZE)

    summary.households += len(households)
    summary.persons += sum(len(people) for people in persons)
    summary.consents += len(rows[Consent])
    summary.addresses += len(rows[Address])
    summary.secret_addresses += sum(a.is_secret for a in rows[Address])
    summary.involvements += len(rows[Involvement])
    summary.coordinator_assignments += len(rows[CoordinatorAssignment])
    summary.phase_changes += len(rows[PhaseChange])
    summary.contacts += len(rows[ContactMoment])


@contextmanager
def _keep_given_timestamps(*models: type[Model]) -> Iterator[None]:
    """Let ``bulk_create`` keep the timestamps set here: seeded history lies in the past.

    Django otherwise stamps ``auto_now``/``auto_now_add`` fields with the current time.
    """
    fields = [f for model in models for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def seed(*, households: int, seed: int, demo_accounts: bool = False,
         today: date | None = None,
         progress: Callable[[int, int], None] | None = None) -> SeedSummary:
    """Create the demo directory (idempotent) and ``households`` synthetic households.

    Runs in one transaction: either everything is there or nothing is. Adds to what is
    already in the database; references never collide with existing ones.
    """
    today = today or timezone.localdate()
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    # Separate streams, so that staff and contacts do not shift the people and dates.
    staff_rng = random.Random(f"{seed}:staff")
    contact_rng = random.Random(f"{seed}:contacts")
    summary = SeedSummary()

    with transaction.atomic(), _keep_given_timestamps(
        Household, Trajectory, PhaseChange, Consent, Address, ContactMoment
    ):
        directory = ensure_directory()
        if demo_accounts:
            summary.demo_accounts = ensure_demo_accounts(directory)
        taken = set(Household.objects.values_list("reference", flat=True))
        references = new_references(households, taken, rng)
        phases = drawn_phases(households, rng)
        plans = [household_plan(reference, phase, directory, fake, rng, today)
                 for reference, phase in zip(references, phases, strict=True)]
        summary.supporters = assign_staff(plans, directory, summary.demo_accounts, staff_rng)
        for start in range(0, len(plans), BATCH_SIZE):
            _write_batch(plans[start:start + BATCH_SIZE], directory, today, contact_rng, summary)
            if progress:
                progress(summary.households, households)
    return summary


# ---------------------------------------------------------------------------------------
# Output for the commands.
# ---------------------------------------------------------------------------------------


def summary_table(summary: SeedSummary) -> str:
    return table(("gegevens", "aantal"), summary.rows())
