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

import hashlib
import math
import random
from base64 import b32encode
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import import_module

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from zicht.accounts.models import User
from zicht.consent.models import Consent, ConsentMethod, ConsentPurpose
from zicht.contacts.models import Answer, Channel, ContactKind, ContactMoment
from zicht.core.dates import add_months
from zicht.directory.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Role,
)
from zicht.households.models import (
    Address,
    Gender,
    Household,
    Involvement,
    InvolvementReason,
    Person,
    PersonRole,
)
from zicht.households.services import REFERENCE_ALPHABET, PersonData
from zicht.trajectories.models import CoordinatorAssignment, Phase, PhaseChange, Trajectory
from zicht.trajectories.services import FOLLOW_UP_MONTHS

BATCH_SIZE = 2_000
DEMO_PASSWORD = "zicht-demo-2026"  # noqa: S105 (public by design, printed by the demo)
DEMO_ADMIN = "beheerder"

# ---------------------------------------------------------------------------------------
# The demo directory (sociale kaart): two pilot regions of seed 002.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    cbs_code: str
    region: str
    share: int  # households settling there: inhabitants in thousands, see below
    postcodes: tuple[int, int]  # range of the four digits, so addresses look local


# Alkmaar counts double (111 thousand inhabitants): the demo personas work there.
MUNICIPALITIES = (
    MunicipalitySpec("Alkmaar", "GM0361", "Noord-Holland Noord", 222, (1811, 1825)),
    MunicipalitySpec("Den Helder", "GM0400", "Noord-Holland Noord", 57, (1781, 1789)),
    MunicipalitySpec("Hoorn", "GM0405", "Noord-Holland Noord", 75, (1621, 1628)),
    MunicipalitySpec("Almere", "GM0034", "Flevoland", 222, (1312, 1363)),
    MunicipalitySpec("Lelystad", "GM0995", "Flevoland", 82, (8211, 8245)),
)
SPECS = {spec.cbs_code: spec for spec in MUNICIPALITIES}
SHELTERS = {"Noord-Holland Noord": "Opvang De Linde", "Flevoland": "Opvang Het Baken"}
SCHOOL = "OBS De Regenboog"
GP = "Huisartsenpraktijk De Mare"


# Data that migrations put in place, which ``flush`` removes with everything else (the
# demo wipes a server database that way, and so does every transactional test).
DEFAULT_DATA = [
    ("zicht.evaluation.migrations.0002_questionnaires", "create", "evaluation.Questionnaire"),
    ("zicht.plans.migrations.0002_default_instrument", "add_zrm", "plans.Instrument"),
    ("zicht.safety.migrations.0002_default_instrument", "load", "safety.RiskInstrument"),
]


def restore_default_data() -> None:
    """Put the migrations' default data back the way the migrations did."""
    from django.apps import apps

    for module, function, model in DEFAULT_DATA:
        if not apps.get_model(model).objects.exists():
            getattr(import_module(module), function)(apps, None)


def team_name(municipality_name: str) -> str:
    return f"Sociaal Team {municipality_name}"


@dataclass
class Directory:
    municipalities: list[Municipality]
    teams: dict[int, Organisation]  # by municipality pk
    shelters: dict[int, Organisation]  # by region pk
    veilig_thuis: dict[int, Organisation]  # by region pk
    school: Organisation
    gp: Organisation

    def organisation(self, name: str) -> Organisation:
        everything = [*self.teams.values(), *self.shelters.values(),
                      *self.veilig_thuis.values(), self.school, self.gp]
        return next(org for org in everything if org.name == name)


def _organisation(name: str, kind: str, region: Region,
                  municipality: Municipality | None = None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, kind=kind,
        defaults={"region": region, "municipality": municipality,
                  "email": f"{slugify(name)}@example.org"},
    )
    return organisation


def ensure_directory() -> Directory:
    """Regions, municipalities and organisations of the demo; safe to run again."""
    regions = {name: Region.objects.get_or_create(name=name)[0] for name in SHELTERS}
    municipalities, teams = [], {}
    for spec in MUNICIPALITIES:
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=spec.cbs_code, defaults={"name": spec.name, "region": regions[spec.region]}
        )
        municipalities.append(municipality)
        teams[municipality.pk] = _organisation(
            team_name(spec.name), OrganisationKind.MUNICIPALITY_TEAM, regions[spec.region],
            municipality,
        )
    north = regions["Noord-Holland Noord"]
    return Directory(
        municipalities=municipalities,
        teams=teams,
        shelters={r.pk: _organisation(SHELTERS[name], OrganisationKind.SHELTER, r)
                  for name, r in regions.items()},
        veilig_thuis={r.pk: _organisation(f"Veilig Thuis {name}", OrganisationKind.VEILIG_THUIS,
                                          r)
                      for name, r in regions.items()},
        school=_organisation(SCHOOL, OrganisationKind.SCHOOL, north),
        gp=_organisation(GP, OrganisationKind.GP, north),
    )


# ---------------------------------------------------------------------------------------
# Demo accounts: one per persona, with a known password and a known TOTP secret.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None  # None: the functional administrator sees no client data


PERSONAS = (
    Persona("opvang", "Sanne", "de Wit", Role.SHELTER_WORKER, SHELTERS["Noord-Holland Noord"]),
    Persona("opvang.baken", "Ilse", "Kramer", Role.SHELTER_WORKER, SHELTERS["Flevoland"]),
    Persona("ondersteuner", "Omar", "El Amrani", Role.SUPPORTER, team_name("Alkmaar")),
    Persona("ondersteuner2", "Carla", "Visser", Role.SUPPORTER, team_name("Alkmaar")),
    Persona("ondersteuner.denhelder", "Jeroen", "Bakker", Role.SUPPORTER,
            team_name("Den Helder")),
    Persona("ondersteuner.hoorn", "Fleur", "Smit", Role.SUPPORTER, team_name("Hoorn")),
    Persona("ondersteuner.almere", "Rachid", "Bouzid", Role.SUPPORTER, team_name("Almere")),
    Persona("ondersteuner.lelystad", "Marloes", "de Boer", Role.SUPPORTER,
            team_name("Lelystad")),
    Persona("teamleider", "Annelies", "Mulder", Role.TEAM_LEAD, team_name("Alkmaar")),
    Persona("veiligthuis", "Priya", "Ramdin", Role.VEILIG_THUIS,
            "Veilig Thuis Noord-Holland Noord"),
    Persona("school", "Petra", "Hendriks", Role.PARTNER, SCHOOL),
    Persona("huisarts", "Daan", "Vermeulen", Role.PARTNER, GP),
    Persona("beleid", "Ruud", "van Dijk", Role.POLICY, team_name("Alkmaar")),
    Persona(DEMO_ADMIN, "Bea", "Heerder", Role.ADMIN, None),
)


def demo_totp_key(username: str) -> str:
    """The hex TOTP key of a demo account: derived from the name, so scripts can log in."""
    # Not a security use: demo secrets are public by design (printed by ``zicht demo``).
    return hashlib.sha1(f"zicht-demo-{username}".encode(), usedforsecurity=False).hexdigest()[:40]


@dataclass(frozen=True)
class DemoAccount:
    user: User
    role: str  # display label
    organisation: str
    device: TOTPDevice

    @property
    def totp_secret(self) -> str:
        """Base32, the form authenticator apps ask for."""
        return b32encode(bytes.fromhex(self.device.key)).decode()


def ensure_demo_accounts(directory: Directory) -> list[DemoAccount]:
    """Create or reset the demo accounts: same password, same TOTP secret every time."""
    # Hashed once and shared: hashing is slow by design and the password is public anyway.
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for persona in PERSONAS:
        is_admin = persona.role == Role.ADMIN
        user, _ = User.objects.update_or_create(
            username=persona.username,
            defaults={"first_name": persona.first_name, "last_name": persona.last_name,
                      "email": f"{persona.username}@example.org", "password": password,
                      "is_active": True, "is_staff": is_admin, "is_superuser": is_admin},
        )
        organisation = None
        if persona.organisation:
            organisation = directory.organisation(persona.organisation)
            Membership.objects.update_or_create(
                user=user, organisation=organisation, role=persona.role,
                defaults={"active": True},
            )
        # A fresh device also resets the replay counter and throttling of an earlier run.
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True,
                                           key=demo_totp_key(persona.username))
        accounts.append(DemoAccount(user=user, role=Role(persona.role).label,
                                    organisation=organisation.name if organisation else "",
                                    device=device))
    return accounts


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


def _days_after(start: date, rng: random.Random, low: int, high: int) -> date:
    return start + timedelta(days=rng.randint(low, high))


def _sorted_days(start: date, end: date, count: int, rng: random.Random) -> list[date]:
    span = (end - start).days
    return sorted(_days_after(start, rng, 0, span) for _ in range(count))


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


def _phases(count: int, rng: random.Random) -> list[str]:
    phases = [phase for phase, share in PHASE_SHARES.items() for _ in range(round(count * share))]
    phases = (phases + [Phase.FOLLOW_UP] * count)[:count]
    rng.shuffle(phases)
    return phases


def _references(count: int, taken: set[str], rng: random.Random) -> list[str]:
    """Household labels like the ones ``households.services.new_reference`` makes, unique."""
    references: list[str] = []
    while len(references) < count:
        reference = "ZH-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6))
        if reference not in taken:
            taken.add(reference)
            references.append(reference)
    return references


def _plan(reference: str, phase: str, directory: Directory, fake: Faker, rng: random.Random,
          today: date) -> HouseholdPlan:
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
        window_end = _days_after(plan.registered_on, rng, 7, 60)
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
                plan.closed_on = _days_after(plan.departure, rng, 14,
                                             min(364, (today - plan.departure).days))
            else:
                plan.closed_on = _days_after(window_end, rng, 1, 30)
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


def _assign_staff(plans: list[HouseholdPlan], directory: Directory,
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
    day = _days_after(plan.departure, rng, 1, 7)
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
        references = _references(households, taken, rng)
        plans = [_plan(reference, phase, directory, fake, rng, today)
                 for reference, phase in zip(references, _phases(households, rng), strict=True)]
        summary.supporters = _assign_staff(plans, directory, summary.demo_accounts, staff_rng)
        for start in range(0, len(plans), BATCH_SIZE):
            _write_batch(plans[start:start + BATCH_SIZE], directory, today, contact_rng, summary)
            if progress:
                progress(summary.households, households)
    return summary


# ---------------------------------------------------------------------------------------
# Output for the commands.
# ---------------------------------------------------------------------------------------


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    cells = [tuple(str(c) for c in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_table(summary: SeedSummary) -> str:
    return table(("gegevens", "aantal"), summary.rows())


def accounts_table(accounts: list[DemoAccount]) -> str:
    return table(
        ("gebruiker", "rol", "organisatie", "wachtwoord", "TOTP-geheim (base32)"),
        [(a.user.username, a.role, a.organisation or "-", DEMO_PASSWORD, a.totp_secret)
         for a in accounts],
    )
