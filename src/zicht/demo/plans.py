"""What happens to each seeded household, decided before anything is written."""

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.text import slugify
from faker import Faker

from zicht.accounts.models import User
from zicht.consent.models import ConsentMethod
from zicht.core.dates import add_months
from zicht.demo.personas import SPECS, DemoAccount, Directory
from zicht.directory.models import (
    Membership,
    Municipality,
    Organisation,
    Role,
)
from zicht.households.models import (
    Gender,
    PersonRole,
)
from zicht.households.services import REFERENCE_ALPHABET, PersonData
from zicht.trajectories.models import Phase
from zicht.trajectories.services import FOLLOW_UP_MONTHS

# ---------------------------------------------------------------------------------------
# Plans: what happens to each household, decided before anything is written.
# ---------------------------------------------------------------------------------------

# Fixed shares rather than independent draws, so that even 40 households show every phase.
PHASE_SHARES = {
    Phase.REGISTERED: 0.10,
    Phase.INVITED: 0.10,
    Phase.INTRODUCED: 0.10,
    Phase.FOLLOW_UP: 0.45,
    Phase.CLOSED: 0.25,
}
# How far a closed trajectory got before it was closed (closing is possible from every phase).
CLOSED_AFTER = {Phase.REGISTERED: 10, Phase.INVITED: 5, Phase.INTRODUCED: 10, Phase.FOLLOW_UP: 75}
CLOSE_REASONS = {
    Phase.REGISTERED: ["Cliënt geeft geen toestemming voor nazorg",
                       "Cliënt is zonder bericht vertrokken"],
    Phase.INVITED: ["Cliënt ziet af van ondersteuning", "Verhuist buiten de regio"],
    Phase.INTRODUCED: ["Cliënt ziet af van ondersteuning", "Verhuist buiten de regio"],
    Phase.FOLLOW_UP: ["Cliënt wil geen contact meer",
                      "Verhuisd naar een andere regio, warm overgedragen",
                      "Hulp loopt goed, in overleg eerder afgesloten",
                      "Cliënt is terug in de opvang"],
}
YEAR_COMPLETED = "Jaar in zicht afgerond, geëvalueerd met cliënt"

CASELOAD = 30  # active households per seeded supporter, on average
DEMO_CASELOAD = 25  # households given to each demo supporter before anyone else
SHELTER_WORKERS = 4  # seeded colleagues per shelter


@dataclass
class HouseholdPlan:
    reference: str
    phase: str
    shelter: Organisation
    people: list[PersonData]  # the client first
    registered_on: date
    municipality: Municipality | None = None  # where the client will live; set at invitation
    consent_on: date | None = None
    consent_method: str = ""
    invited_on: date | None = None
    introduced_on: date | None = None
    departure: date | None = None
    aftercare_until: date | None = None
    # Seed 002 / DOMAIN.md: the shelter may coordinate during its aftercare, then hands over.
    shelter_coordinates: bool = False
    handover_on: date | None = None
    closed_on: date | None = None
    closed_reason: str = ""
    street: str = ""
    postcode: str = ""
    address_is_secret: bool = False
    reach_rate: float = 0.88  # chance that a contact attempt reaches the client
    worry_rate: float = 0.05  # chance that an answer signals a worry
    # Known once the staff exists.
    shelter_worker: User | None = None
    supporter: User | None = None


def days_after(start: date, rng: random.Random, low: int, high: int) -> date:
    return start + timedelta(days=rng.randint(low, high))


def _sorted_days(start: date, end: date, count: int, rng: random.Random) -> list[date]:
    span = (end - start).days
    return sorted(days_after(start, rng, 0, span) for _ in range(count))


def _birthday(today: date, age: int, rng: random.Random) -> date:
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _first_name(fake: Faker, gender: str) -> str:
    if gender == Gender.FEMALE:
        return fake.first_name_female()
    if gender == Gender.MALE:
        return fake.first_name_male()
    return fake.first_name()


def _people(fake: Faker, rng: random.Random, today: date) -> list[PersonData]:
    """The client (of any gender, mostly women), 0-4 children and, for most, the perpetrator."""
    gender = rng.choices([Gender.FEMALE, Gender.MALE, Gender.OTHER], weights=[85, 13, 2])[0]
    age = rng.randint(19, 58)
    family_name = fake.last_name()
    client = PersonData(role=PersonRole.CLIENT, given_name=_first_name(fake, gender),
                        family_name=family_name, date_of_birth=_birthday(today, age, rng),
                        gender=gender)
    # Children aged 0-17, born while the client was between 18 and 45.
    youngest, oldest = max(0, age - 45), min(17, age - 18)
    children = rng.choices(range(5), weights=[30, 25, 25, 12, 8])[0]
    if youngest > oldest:
        children = 0
    others = []
    children_family_name = family_name
    if rng.random() < 0.85:
        if gender == Gender.FEMALE:
            p_gender = Gender.MALE if rng.random() < 0.95 else Gender.FEMALE
        else:
            p_gender = rng.choice([Gender.FEMALE, Gender.MALE])
        p_family_name = fake.last_name()
        p_age = max(18, age + rng.randint(-5, 10))
        if rng.random() < 0.8:
            relation = "ex-partner"
            if children and rng.random() < 0.7:
                parent = "vader" if p_gender == Gender.MALE else "moeder"
                relation = f"ex-partner, {parent} van de kinderen"
                children_family_name = p_family_name
        else:
            relation = rng.choice(["broer", "vader", "schoonvader"] if p_gender == Gender.MALE
                                  else ["zus", "moeder", "schoonmoeder"])
            if relation not in ("broer", "zus"):
                p_age = age + rng.randint(20, 30)
        others.append(PersonData(
            role=PersonRole.PERPETRATOR, given_name=_first_name(fake, p_gender),
            family_name=p_family_name, gender=p_gender, relation=relation,
            date_of_birth=_birthday(today, p_age, rng),
        ))
    for _ in range(children):
        c_gender = rng.choice([Gender.FEMALE, Gender.MALE])
        others.append(PersonData(
            role=PersonRole.CHILD, given_name=_first_name(fake, c_gender),
            family_name=children_family_name, gender=c_gender,
            date_of_birth=_birthday(today, rng.randint(youngest, oldest), rng),
            relation="dochter" if c_gender == Gender.FEMALE else "zoon",
        ))
    return [client, *others]


def drawn_phases(count: int, rng: random.Random) -> list[str]:
    phases = [phase for phase, share in PHASE_SHARES.items() for _ in range(round(count * share))]
    phases = (phases + [Phase.FOLLOW_UP] * count)[:count]
    rng.shuffle(phases)
    return phases


def new_references(count: int, taken: set[str], rng: random.Random) -> list[str]:
    """Household labels like the ones ``households.services.new_reference`` makes, unique."""
    references: list[str] = []
    while len(references) < count:
        reference = "ZH-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6))
        if reference not in taken:
            taken.add(reference)
            references.append(reference)
    return references


def household_plan(reference: str, phase: str, directory: Directory, fake: Faker,
                   rng: random.Random, today: date) -> HouseholdPlan:
    """Walk one household through the trajectory up to its phase, with dates that fit."""
    municipality = rng.choices(directory.municipalities,
                               weights=[SPECS[m.cbs_code].share
                                        for m in directory.municipalities])[0]
    # Many clients settle far from the shelter, for their safety.
    home_shelter = directory.shelters[municipality.region_id]
    away = [s for s in directory.shelters.values() if s != home_shelter]
    shelter = home_shelter if rng.random() < 0.7 or not away else rng.choice(away)
    plan = HouseholdPlan(reference=reference, phase=phase, shelter=shelter,
                         people=_people(fake, rng, today), registered_on=today)

    reached = phase
    if phase == Phase.CLOSED:
        reached = rng.choices(list(CLOSED_AFTER), weights=list(CLOSED_AFTER.values()))[0]

    if reached == Phase.FOLLOW_UP:
        # Active follow-up lies within its year; closed ones may be older.
        if phase == Phase.CLOSED:
            plan.departure = today - timedelta(days=rng.randint(30, 540))
        else:
            plan.departure = today - timedelta(days=rng.randint(0, 360))
        plan.registered_on = plan.departure - timedelta(days=rng.randint(14, 150))
        window_end = plan.departure
    elif phase == Phase.CLOSED:
        plan.registered_on = today - timedelta(days=rng.randint(100, 400))
        window_end = days_after(plan.registered_on, rng, 7, 60)
    else:
        # Still in the shelter: registered recently, the later steps since then.
        stay = rng.randint(0, 45) if reached == Phase.REGISTERED else rng.randint(7, 90)
        plan.registered_on = today - timedelta(days=stay)
        window_end = today

    if reached != Phase.REGISTERED:
        # Seed 002: consent first, then the invitation, then the introduction at the shelter.
        plan.municipality = municipality
        plan.consent_on, plan.invited_on, introduced_on = _sorted_days(
            plan.registered_on, window_end, 3, rng)
        plan.consent_method = rng.choice([ConsentMethod.WRITTEN, ConsentMethod.VERBAL])
        if reached == Phase.INTRODUCED or (reached == Phase.FOLLOW_UP and rng.random() < 0.75):
            plan.introduced_on = introduced_on

    if plan.departure:
        spec = SPECS[municipality.cbs_code]
        letters = "".join(rng.choices("ABCDEGHJKLMNPRSTVWXZ", k=2))
        plan.postcode = f"{rng.randint(*spec.postcodes)} {letters}"
        plan.street = f"{fake.street_name()} {rng.randint(1, 250)}"
        plan.address_is_secret = rng.random() < 0.4
        # DOMAIN.md: the shelter's own aftercare lasts two to six months, if any.
        if rng.random() < 0.9:
            plan.aftercare_until = add_months(plan.departure, rng.randint(2, 6))
            plan.shelter_coordinates = rng.random() < 0.4

    if phase == Phase.CLOSED:
        year_end = add_months(plan.departure, FOLLOW_UP_MONTHS) if plan.departure else None
        if year_end and year_end <= today and rng.random() < 0.75:
            plan.closed_on, plan.closed_reason = year_end, YEAR_COMPLETED
        else:
            if plan.departure:
                plan.closed_on = days_after(plan.departure, rng, 14,
                                             min(364, (today - plan.departure).days))
            else:
                plan.closed_on = days_after(window_end, rng, 1, 30)
            plan.closed_reason = rng.choice(CLOSE_REASONS[reached])

    if plan.shelter_coordinates:
        handover = plan.aftercare_until + timedelta(days=1)
        if handover < (plan.closed_on or today + timedelta(days=1)):
            plan.handover_on = handover

    if rng.random() < 0.08:  # out of sight: hard to reach is a risk signal in itself
        plan.reach_rate = 0.5
    if rng.random() < 0.15:
        plan.worry_rate = 0.3
    return plan


# ---------------------------------------------------------------------------------------
# Staff: synthetic colleagues who hold the caseloads; they cannot log in.
# ---------------------------------------------------------------------------------------


def _ensure_staff(organisation: Organisation, role: str, count: int) -> list[User]:
    """``<organisation-slug>.001`` and so on: get or create, with a name of their own."""
    prefix = slugify(organisation.name)
    usernames = [f"{prefix}.{i:03d}" for i in range(1, count + 1)]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    fake = Faker("nl_NL")
    new = []
    for username in usernames:
        if username not in existing:
            fake.seed_instance(username)  # the same colleague whatever the household seed
            user = User(username=username, first_name=fake.first_name(),
                        last_name=fake.last_name(), email=f"{username}@example.org")
            user.set_unusable_password()
            new.append(user)
    User.objects.bulk_create(new)
    by_name = existing | {u.username: u for u in new}
    users = [by_name[name] for name in usernames]
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, role=role) for u in users],
        ignore_conflicts=True,
    )
    return users


def assign_staff(plans: list[HouseholdPlan], directory: Directory,
                  demo_accounts: list[DemoAccount], rng: random.Random) -> int:
    """Give every household its shelter worker and, from the invitation on, its supporter.

    Returns the number of supporters. Demo supporters get their caseload first, so the
    demo shows them a full, mixed list even with few households.
    """
    demo = defaultdict(list)
    for account in demo_accounts:
        for membership in account.user.memberships.all():
            demo[(membership.organisation_id, membership.role)].append(account.user)

    for shelter in directory.shelters.values():
        workers = [*_ensure_staff(shelter, Role.SHELTER_WORKER, SHELTER_WORKERS),
                   *demo[(shelter.pk, Role.SHELTER_WORKER)]]
        for plan in plans:
            if plan.shelter == shelter:
                plan.shelter_worker = rng.choice(workers)

    supporters = 0
    for municipality in directory.municipalities:
        team = directory.teams[municipality.pk]
        team_plans = [p for p in plans if p.municipality == municipality]
        active = sum(p.phase != Phase.CLOSED for p in team_plans)
        seeded = _ensure_staff(team, Role.SUPPORTER, max(3, math.ceil(active / CASELOAD)))
        demo_supporters = demo[(team.pk, Role.SUPPORTER)]
        supporters += len(seeded) + len(demo_supporters)
        # Some work part-time: caseloads of roughly 10 to 60.
        weights = [rng.uniform(0.6, 1.4) for _ in seeded]
        for i, plan in enumerate(team_plans):
            if i < DEMO_CASELOAD * len(demo_supporters):
                plan.supporter = demo_supporters[i % len(demo_supporters)]
            else:
                plan.supporter = rng.choices(seeded, weights=weights)[0]
    return supporters
