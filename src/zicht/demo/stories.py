"""The demo's stories: safety plans, signals, plans, stagnations and moves (``zicht demo``).

``seeding.seed`` writes households in bulk, and ``zicht seed --households 50000`` and the
benches run it too, so it stays lean: phases, coordinators and contact moments only. This
step runs for ``zicht demo`` alone, after ``seed``, and shows the rest of the product.

It writes through the services, acting as the demo personas (``personas.PERSONAS``), so the
data is what the app itself would have produced: the rules hold (only the coordinating
team walks the meldcode, a school reports only once it is connected, Veilig Thuis sees
only what was sent to it) and every write has its access-log entry. The services stamp
the moment, so everything here happened today; the dates that belong to a story (when a
worry was seen, since when help is stuck, a safety plan's review date) lie in the past
where the story needs it.

Deterministic: households are taken in a fixed order (demo persona, then reference) and
every choice comes from ``random.Random(f"{seed}:demo")``. With few households a story
that finds no household to happen to is left out; ``zicht demo`` with its 40 households
tells them all. Texts are invented, in the professionals' own words; none contains an
address (that lives only in the encrypted address field). Stagnations name nobody, because
the municipality's overview lists them by reference, and neither do goals and actions: a
partner working in the plan on the client's consent sees them, not who they are for.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from zicht.accounts.models import User
from zicht.demo.care_stories import CareStories
from zicht.demo.cases import POLICY, SUPPORTER, Case
from zicht.demo.personas import PERSONAS, table
from zicht.demo.safety_stories import SafetyStories
from zicht.directory.actor import Actor, actor_for
from zicht.directory.models import Membership, Organisation, Role
from zicht.households.models import PersonRole
from zicht.rhythm.services import sight_scan
from zicht.safety.services import CARE_ROLES
from zicht.trajectories.models import CoordinatorAssignment, Phase, Trajectory


@dataclass
class StoriesSummary:
    safety_plans: int = 0
    risk_assessments: int = 0
    signals: int = 0
    reports: int = 0
    goals: int = 0
    actions: int = 0
    stagnations: int = 0
    escalated: int = 0
    moves: int = 0
    # (persona, what to look at): printed by ``zicht demo`` so a visitor knows where to go.
    guide: list[tuple[str, str]] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("veiligheidsplannen", self.safety_plans),
            ("risicotaxaties", self.risk_assessments),
            ("signalen", self.signals),
            ("meldingen aan Veilig Thuis", self.reports),
            ("doelen in het plan", self.goals),
            ("acties in het plan", self.actions),
            ("stagnaties", self.stagnations),
            ("  opgeschaald naar de gemeente", self.escalated),
            ("verhuizingen", self.moves),
        ]


class Stories(SafetyStories, CareStories):
    """Picks the households and tells each story through the services."""

    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.summary = StoriesSummary()
        self.used: set[int] = set()  # households that already carry a story
        self._actors: dict[int, Actor] = {}
        order = {p.username: i for i, p in enumerate(PERSONAS)}
        self.users = {u.username: u for u in User.objects.filter(username__in=order,
                                                                  is_active=True)}
        # Demo personas per (organisation, role), in the order of PERSONAS.
        self.staff: dict[tuple[int, str], list[User]] = defaultdict(list)
        memberships = Membership.objects.filter(user__in=self.users.values(), active=True)
        by_id = {u.pk: u for u in self.users.values()}
        for m in sorted(memberships, key=lambda m: order[by_id[m.user_id].username]):
            self.staff[(m.organisation_id, m.role)].append(by_id[m.user_id])
        self.order = order
        main = self.persona_organisation(SUPPORTER)
        self.main_team_id = main.pk if main else None
        self.cases = self._cases()

    # --- who acts -------------------------------------------------------------------------

    def actor(self, user: User) -> Actor:
        if user.pk not in self._actors:
            self._actors[user.pk] = actor_for(user)
        return self._actors[user.pk]

    def persona(self, organisation_id: int | None, *roles: str) -> User | None:
        for role in roles:
            if self.staff.get((organisation_id, role)):
                return self.staff[(organisation_id, role)][0]
        return None

    def persona_organisation(self, username: str) -> Organisation | None:
        user = self.users.get(username)
        return self.actor(user).organisation if user else None

    def _cases(self) -> list[Case]:
        current = Prefetch("coordinator_assignments",
                           queryset=CoordinatorAssignment.objects.filter(ended_at__isnull=True),
                           to_attr="current_coordinators")
        trajectories = (Trajectory.objects.filter(phase=Phase.FOLLOW_UP)
                        .select_related("household", "supporter", "supporter_organisation",
                                        "destination_municipality__region", "shelter")
                        .prefetch_related("household__persons", current))
        cases = []
        for t in trajectories:
            supporter = (t.supporter if t.supporter and t.supporter.username in self.users
                         else self.persona(t.supporter_organisation_id, Role.SUPPORTER))
            if supporter is None:
                continue
            coordinating = (t.current_coordinators[0].organisation_id
                            if t.current_coordinators else None)
            team = coordinating == t.supporter_organisation_id
            coordinator = supporter if team else self.persona(coordinating, *CARE_ROLES)
            persons = list(t.household.persons.all())
            children = sorted((p for p in persons if p.role == PersonRole.CHILD),
                              key=lambda p: p.date_of_birth or self.today)
            client = next((p for p in persons if p.role == PersonRole.CLIENT), None)
            if client is None:
                continue
            cases.append(Case(
                trajectory=t, client=client, children=children,
                perpetrator=next((p for p in persons if p.role == PersonRole.PERPETRATOR),
                                 None),
                supporter=supporter, coordinator=coordinator, team_coordinates=team,
                rank=self.order[supporter.username]))
        cases.sort(key=lambda c: (c.rank, c.reference))
        return cases

    def pick(self, fits: Callable[[Case], bool],
             prefer: Callable[[Case], bool] = lambda c: True) -> Case | None:
        """The first fitting case, preferably one ``prefer`` likes, preferably unused."""
        fitting = [c for c in self.cases if fits(c)]
        for ranked in (
            [c for c in fitting if prefer(c) and c.household.pk not in self.used],
            [c for c in fitting if prefer(c)],
            [c for c in fitting if c.household.pk not in self.used],
            fitting,
        ):
            if ranked:
                self.used.add(ranked[0].household.pk)
                return ranked[0]
        return None

    def in_main_team_caseload(self, case: Case) -> bool:
        return case.trajectory.supporter_organisation_id == self.main_team_id

    def in_main_team(self, case: Case) -> bool:
        """Carried and coordinated by the main supporter's team: what the demo opens on."""
        return case.team_coordinates and self.in_main_team_caseload(case)

    def guide(self, username: str, text: str) -> None:
        self.summary.guide.append((username, text))

    # --- words ----------------------------------------------------------------------------

    def perpetrator_name(self, case: Case) -> str:
        return case.perpetrator.given_name if case.perpetrator else "de familie"

    def perpetrator_words(self, case: Case) -> str:
        """"Kees (ex-partner)", as a safety plan names the one the risk comes from."""
        p = case.perpetrator
        if p is None:
            return "de familie van de cliënt"
        return f"{p.given_name} ({p.relation})" if p.relation else p.given_name

    def recent_day(self, case: Case, low: int, high: int) -> date:
        """A day ``low``-``high`` days ago, never before the departure."""
        return max(case.trajectory.departure_date,
                   self.today - timedelta(days=self.rng.randint(low, high)))

    # --- the network around the families (issue 16) ----------------------------------------

    def network(self) -> None:
        """A meeting held last month with its attendance and an open action, the next one
        planned, and an agreement whose review date comes near (its reminder is sent)."""
        from zicht.network import services as network

        organiser = self.users.get(POLICY)
        if organiser is None:
            return
        actor = self.actor(organiser)
        tz = timezone.get_current_timezone()
        held_day = self.today - timedelta(days=40)
        held_at = datetime.combine(held_day, time(14, 0), tzinfo=tz)
        held = network.meeting_plan(actor=actor, theme="Warme overdracht bij vertrek",
                                    starts_at=held_at, ends_at=held_at + timedelta(hours=2),
                                    place="Stadskantoor Alkmaar, zaal 2")
        came = {i.pk for i in held.invitations.filter(user__in=self.users.values())}
        network.meeting_attendance_record(actor=actor, meeting=held, present=came)
        network.meeting_notes_record(actor=actor, meeting=held, notes=(
            "De opvang meldt een vertrek voortaan twee weken vooraf aan de ondersteuner. "
            "Veilig Thuis licht de terugkoppeling na een melding toe."))
        supporter = self.users.get(SUPPORTER)
        if supporter is not None:
            network.meeting_action_add(actor=actor, meeting=held, owner=supporter,
                                       what="Stroomschema vertrek rondsturen aan de wijkteams",
                                       due_on=self.today + timedelta(days=7))
        next_at = datetime.combine(self.today + timedelta(days=21), time(10, 0), tzinfo=tz)
        network.meeting_plan(actor=actor, theme="Signalen van scholen en huisartsen",
                             starts_at=next_at, ends_at=next_at + timedelta(hours=2),
                             link="https://meet.example.org/netwerk-nhn")
        team = actor.organisation
        parties = [*Organisation.objects.filter(region_id=team.region_id,
                                                kind__in=["shelter", "veilig_thuis"]), team]
        agreement = network.agreement_create(
            actor=actor, title="Warme overdracht bij vertrek uit de opvang", parties=parties,
            starts_on=self.today - timedelta(days=300),
            review_on=self.today + timedelta(days=20), municipality=team.municipality)
        promises = {"shelter": ("De opvang nodigt de ondersteuner uit voor een kennismaking "
                                "vóór het vertrek.", "introduction"),
                    "veilig_thuis": ("Veilig Thuis koppelt binnen 5 werkdagen terug aan wie "
                                     "meldde.", ""),
                    "municipality_team": ("De ondersteuner heeft binnen 7 dagen na vertrek "
                                          "contact.", "first_contact_7")}
        for party in parties:
            text, figure = promises[party.kind]
            network.promise_add(actor=actor, agreement=agreement, party=party, text=text,
                                figure=figure)
        network.agreements_review_remind(today=self.today)
        self.selfscan(actor, parties)
        self.guide(POLICY, "Netwerk: twee netwerkbijeenkomsten (één gehouden) en een "
                           "samenwerkingsafspraak waarvan de evaluatie nadert; Zelfscan: "
                           "een afgeronde zelfscan met een verbeteractie")

    def selfscan(self, actor, partners) -> None:
        """A self-scan of the policy persona's municipality, completed two months ago with
        its partners, and one improvement action."""
        from zicht.network import selfscan_services as selfscan
        from zicht.network.models import SelfScanQuestion

        scan = selfscan.selfscan_start(actor=actor, held_on=self.today - timedelta(days=60),
                                       partners=partners)
        questions = SelfScanQuestion.objects.filter(theme__framework_id=scan.framework_id)
        selfscan.selfscan_answer(actor=actor, scan=scan, answers={
            q.key: (self.rng.randint(2, 4), "") for q in questions})
        selfscan.selfscan_complete(actor=actor, scan=scan)
        theme = scan.framework.themes.order_by("order").last()
        selfscan.improvement_action_add(
            actor=actor, scan=scan, theme=theme, owner_organisation=actor.organisation,
            what="Na elke overdracht door Veilig Thuis samen terugkijken: is het gezin veilig?",
            due_on=self.today + timedelta(days=30))

    # --- 1. safety plans and risk assessments ----------------------------------------------


def seed_stories(*, seed: int) -> StoriesSummary:
    """Tell the demo's stories on top of ``seeding.seed(..., demo_accounts=True)``.

    In one transaction; afterwards the out-of-sight statuses are computed for everyone
    (the seeded households too, which ``seed`` leaves to the periodic scan).
    """
    today = timezone.localdate()  # the services date what they write today, too
    with transaction.atomic():
        stories = Stories(random.Random(f"{seed}:demo"), today)
        # Order matters: the signal stories want a household its team coordinates, and
        # the safety plans and plan are in place before a move takes its summary.
        stories.safety_plans()
        stories.signal_reported_to_veilig_thuis()
        stories.signal_from_school()
        stories.signal_from_gp()
        stories.plans()
        stories.stagnations()
        stories.pending_move()
        stories.accepted_move()
        stories.network()
    sight_scan(today=today)
    return stories.summary


def summary_table(summary: StoriesSummary) -> str:
    return table(("demoverhalen", "aantal"), summary.rows())


def guide_table(summary: StoriesSummary) -> str:
    return table(("gebruiker", "waar te kijken"), summary.guide)
