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
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from zicht.accounts.models import User
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.models import Answer, Channel, ContactKind
from zicht.contacts.services import contact_record
from zicht.demo.personas import PERSONAS, SPECS, table
from zicht.demo.seeding import moment
from zicht.directory.actor import Actor, actor_for
from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
from zicht.households.models import Address, Household, Person, PersonRole
from zicht.households.selectors import is_involved
from zicht.moves.services import NewAddress, move_accept, move_request
from zicht.plans.models import ActionStatus, LifeDomain, ScoreMoment
from zicht.plans.selectors import default_instrument
from zicht.plans.services import action_add, action_update, goal_add, scores_record
from zicht.rhythm.services import sight_scan
from zicht.safety.models import AssessmentMoment, RiskInstrument
from zicht.safety.services import CARE_ROLES, risk_assess, safety_plan_save
from zicht.signals.models import About, Decision, ReportStatus, Step, Urgency
from zicht.signals.reports import report_draft, report_send, report_status_set
from zicht.signals.services import signal_report, signal_step, zorg_melden
from zicht.stagnations.models import Stagnation
from zicht.stagnations.services import (
    stagnation_escalate,
    stagnation_record,
    stagnation_resolve,
)
from zicht.trajectories.models import CoordinatorAssignment, Phase, Trajectory

# The demo personas by user name (``personas.PERSONAS``).
SUPPORTER = "ondersteuner"  # the supporter the demo is shown as first
SCHOOL = "school"
GP = "huisarts"
VEILIG_THUIS = "veiligthuis"
POLICY = "beleid"


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


@dataclass
class Case:
    """A household in follow-up and the demo personas who can act on it."""

    trajectory: Trajectory
    client: Person
    children: list[Person]  # oldest first
    perpetrator: Person | None
    supporter: User  # a demo persona in the supporting team
    coordinator: User | None  # a demo persona in the coordinating organisation
    team_coordinates: bool  # the supporting team is also the coordinator
    rank: int  # the supporter persona's place in PERSONAS: the demo's main persona first

    @property
    def household(self) -> Household:
        return self.trajectory.household

    @property
    def reference(self) -> str:
        return self.household.reference

    def child_aged(self, low: int, high: int, today: date) -> Person | None:
        return next((c for c in self.children if c.date_of_birth
                     and low <= _age(c.date_of_birth, today) <= high), None)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class Stories:
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

    # --- 1. safety plans and risk assessments ----------------------------------------------

    def safety_plans(self) -> None:
        """Every household of the main supporter's team and one of each other demo supporter
        gets a safety plan; every third one is past its review date ("moet herzien worden").
        """
        chosen, ranks = [], set()
        for case in self.cases:
            if self.in_main_team_caseload(case) or case.rank not in ranks:
                chosen.append(case)
                ranks.add(case.rank)
        instrument = RiskInstrument.objects.filter(is_default=True).first()
        secret = set(Address.objects.filter(household__in=[c.household for c in chosen],
                                            is_secret=True).values_list("household", flat=True))
        for i, case in enumerate(chosen):
            departure = case.trajectory.departure_date
            overdue = i % 3 == 0 and (self.today - departure).days > 14
            if overdue:
                review = departure + timedelta(days=self.rng.randint(
                    14, min(56, (self.today - departure).days - 1)))
            else:
                review = self.today + timedelta(days=self.rng.randint(14, 70))
            # The shelter hands its plan over at departure (seed 001, 2.3); while its own
            # aftercare runs it records it here itself, afterwards the supporter does.
            shelter_worker = self.persona(case.trajectory.shelter_id, Role.SHELTER_WORKER)
            writer = case.supporter
            note = "Overgenomen uit het veiligheidsplan van de opvang bij vertrek."
            if shelter_worker and is_involved(self.actor(shelter_worker), case.household):
                writer, note = shelter_worker, "Veiligheidsplan van de opvang, opgesteld bij " \
                                               "vertrek."
            data = self.safety_plan_content(case, case.household.pk in secret, review)
            safety_plan_save(actor=self.actor(writer), household=case.household, data=data,
                             change_note=note)
            self.summary.safety_plans += 1
            if i % 3 == 1:
                data |= {"informed_school": bool(case.children), "informed_police": True,
                         "agreements": data["agreements"] + " Wijkagent kent de situatie "
                         "en rijdt de eerste weken extra langs."}
                safety_plan_save(actor=self.actor(case.supporter), household=case.household,
                                 data=data, change_note="Samen met de cliënt geëvalueerd; "
                                 "wijkagent en school op de hoogte gebracht.")
            if instrument and i < 3:
                codes = list(instrument.items.values_list("code", flat=True))
                risk_assess(actor=self.actor(writer), household=case.household,
                            instrument=instrument, moment=AssessmentMoment.DEPARTURE,
                            assessed_on=departure,
                            present=set(self.rng.sample(codes, self.rng.randint(1, 3))))
                self.summary.risk_assessments += 1
            if overdue and case.rank == self.order[SUPPORTER]:
                self.guide(SUPPORTER, f"{case.reference}: veiligheidsplan moet herzien "
                                      "worden (werkvoorraad)")

    def safety_plan_content(self, case: Case, secret_address: bool, review: date) -> dict:
        rng, client = self.rng, case.client.given_name
        who = self.perpetrator_words(case)
        kids = " en de kinderen" if case.children else ""
        contact_ban = rng.random() < 0.5
        aware = rng.random() < 0.25
        risks = rng.choice([
            "dreigt via berichten en zoekt contact via familie en vrienden.",
            "eerder fysiek geweld en stalking; zocht na het vertrek uit de opvang naar de "
            "nieuwe woonplaats.",
            "controleerde geld en telefoon; dreigt de kinderen mee te nemen.",
        ])
        data = {
            "risks": f"Van {who} naar {client}{kids}: {risks}",
            "risks_to_children": "",
            "protective_factors": rng.choice([
                f"{client} heeft een eigen woning en een vast dagritme; goede band met een "
                "zus die in de buurt woont.",
                f"{client} gaat elke week naar de inloop in het buurthuis; de werkgever weet "
                "van de situatie.",
                f"De begeleider van de ggz ziet {client} om de week; {client} weet wat te "
                "doen als het misgaat.",
            ]),
            "agreements": rng.choice([
                f"Geen contact met {self.perpetrator_name(case)}, ook niet via sociale "
                "media. Bij twijfel eerst de ondersteuner bellen.",
                "Locatie delen op de telefoon staat uit; de vaste routes wisselen. "
                "Telefoon altijd opgeladen bij zich.",
            ]),
            "aware_alarm": aware,
            "contact_ban": contact_ban,
            "secret_address": secret_address,
            "informed_school": False,
            "informed_police": aware,
            "measures_notes": " ".join(filter(None, [
                "Contactverbod opgelegd door de rechter, geldt een jaar." if contact_ban
                else "",
                "AWARE-alarm via de politie voor zes maanden." if aware else "",
            ])),
            "network": rng.choice([
                "Zus en een buurvrouw kennen het plan en bellen 112 bij gevaar.",
                "Een vriendin uit de kerk en een broer kennen het plan en weten wat te doen "
                "bij gevaar.",
            ]),
            "emergency_contacts": "112 bij acuut gevaar; wijkagent via 0900-8844; Veilig "
                                  "Thuis 0800-2000; de ondersteuner tijdens kantooruren.",
            "next_review_on": review,
        }
        if case.children:
            oldest = case.children[0].given_name
            data["risks_to_children"] = rng.choice([
                f"De kinderen zagen het geweld thuis; {oldest} is waakzaam en slaapt slecht.",
                f"Risico dat {self.perpetrator_name(case)} de kinderen bij school opwacht; "
                "omgang is opgeschort tot de rechter beslist.",
            ])
            data["agreements"] += (" Alleen de cliënt en de buurvrouw halen de kinderen van "
                                   "school of kinderopvang.")
        return data

    # --- 2. signals and the meldcode --------------------------------------------------------

    def signal_reported_to_veilig_thuis(self) -> None:
        """A contact moment where the client does not feel safe makes a signal; the team
        walks the meldcode, decides to organise help and report, and Veilig Thuis takes it
        on as a report (melding)."""
        vt_user = self.users.get(VEILIG_THUIS)
        vt_org = self.persona_organisation(VEILIG_THUIS)
        if vt_user is None or vt_org is None:
            return
        case = self.pick(lambda c: c.team_coordinates and
                         c.trajectory.destination_municipality.region_id == vt_org.region_id,
                         prefer=self.in_main_team)
        if case is None:
            return
        actor = self.actor(case.supporter)
        who = self.perpetrator_words(case)
        children = " en laat de kinderen niet meer alleen naar buiten" if case.children else ""
        contact = contact_record(
            actor=actor, trajectory=case.trajectory, kind=ContactKind.FOLLOW_UP,
            held_on=self.today, channel=Channel.IN_PERSON, reached=True, with_whom="cliënt",
            answers={"counsellor_contact": Answer.YES, "feels_safe": Answer.NO,
                     "safety_plan_current": Answer.PARTLY, "unaddressed_problems": Answer.NO,
                     "needs_extra_support": Answer.YES},
            notes=f"{who} is de afgelopen week drie keer in de buurt gezien en sprak de "
                  f"cliënt aan bij de supermarkt. De cliënt is bang{children}.")
        signal = contact.trajectory.household.signals.order_by("-id").first()
        self.summary.signals += 1
        steps = [
            (Step.MAPPED, "Signalen op een rij: de pleger duikt herhaaldelijk op, de cliënt "
                          "is bang, afspraken uit het veiligheidsplan houden geen stand.", {}),
            (Step.CONSULTED, "Besproken met de teamleider; anoniem advies gevraagd bij Veilig "
                             "Thuis: melden is passend.", {}),
            (Step.TALKED, "Met de cliënt besproken dat we melden bij Veilig Thuis; de cliënt "
                          "is het ermee eens en overweegt aangifte.", {}),
            (Step.WEIGHED, "Structurele onveiligheid: het gebeurt herhaaldelijk.",
             {"suspicion": True, "acute_or_structural": True, "can_organise_help": True,
              "help_accepted": True, "lasting_safety": False}),
            (Step.DECIDED, "Hulp loopt door via het sociaal team; melding bij Veilig Thuis.",
             {"decision": Decision.HELP_AND_REPORT}),
        ]
        for step, notes, fields in steps:
            signal_step(actor=actor, signal=signal, to_step=step, notes=notes, **fields)
        instrument = RiskInstrument.objects.filter(is_default=True).first()
        if instrument:
            risk_assess(actor=actor, household=case.household, instrument=instrument,
                        moment=AssessmentMoment.SIGNAL, assessed_on=self.today,
                        present={"relapse", "agreements_broken", "feels_unsafe", "moving"}
                        & set(instrument.items.values_list("code", flat=True)))
            self.summary.risk_assessments += 1
        report = report_draft(actor=actor, household=case.household, veilig_thuis=vt_org,
                              signal=signal)
        report_send(actor=actor, report=report)
        vt = self.actor(vt_user)
        report_status_set(actor=vt, report=report, status=ReportStatus.RECEIVED,
                          note="Ontvangen, triage gestart.")
        report_status_set(
            actor=vt, report=report, status=ReportStatus.REPORT,
            note="Aangenomen als melding.",
            feedback="Veilig Thuis neemt de melding in behandeling. Een medewerker spreekt "
                     "binnen vijf werkdagen met de cliënt en daarna met de ondersteuner over "
                     "de veiligheidsvoorwaarden.")
        self.summary.reports += 1
        self.guide(case.supporter.username,
                   f"{case.reference}: signaal na contactmoment, meldcode doorlopen, gemeld "
                   "bij Veilig Thuis (Signalen)")
        self.guide(VEILIG_THUIS, f"{case.reference}: melding van {actor.organisation.name}, "
                                 "aangenomen als melding (Meldingen)")

    def signal_from_school(self) -> None:
        """The client agreed that the school works in the plan; the school reports a worry
        about a child. Nobody has picked it up yet."""
        school = self.users.get(SCHOOL)
        school_org = self.persona_organisation(SCHOOL)
        if school is None or school_org is None:
            return
        case = self.pick(lambda c: c.coordinator is not None
                         and c.child_aged(4, 12, self.today) is not None,
                         prefer=self.in_main_team)
        if case is None:
            return
        child = case.child_aged(4, 12, self.today)
        consent_record(actor=self.actor(case.supporter), household=case.household,
                       person=case.client, purpose=ConsentPurpose.PARTNER,
                       method=ConsentMethod.WRITTEN, given_on=self.today,
                       organisation=school_org, categories=["plan"])
        # Plan texts name nobody: the goal names its person, which the school, working in
        # the plan on the client's consent for the plan alone, does not see.
        goal = goal_add(actor=self.actor(case.supporter), household=case.household,
                        person=child, domain=LifeDomain.EDUCATION,
                        description="Gaat elke dag naar school en heeft daar een vast "
                                    "aanspreekpunt.")
        self.summary.goals += 1
        group = max(1, min(8, _age(child.date_of_birth, self.today) - 3))
        action = action_add(
            actor=self.actor(case.supporter), household=case.household,
            domain=LifeDomain.EDUCATION, goal=goal, responsible_organisation=school_org,
            responsible_person=f"Leerkracht groep {group}",
            description="Elke week kort contact met de ouder over hoe het op school gaat; "
                        "letten op wie het kind ophaalt.",
            due_on=self.today + timedelta(days=28))
        action_update(actor=self.actor(school), action=action, status=ActionStatus.IN_PROGRESS,
                      note="Eerste gesprek gehad; afgesproken wie de kinderen mag ophalen.")
        self.summary.actions += 1
        signal_report(
            actor=self.actor(school), household=case.household, urgency=Urgency.NOT_ACUTE,
            about=About.CHILD, about_person=child, observed_on=self.today - timedelta(days=1),
            observed=f"{child.given_name} vertelde in de klas dat een man bij het hek stond "
                     "die vroeg waar ze nu wonen. Daarna erg stil en wilde in de pauze niet "
                     "naar buiten.")
        self.summary.signals += 1
        self.guide(SCHOOL, f"{case.reference}: eigen zorg gemeld, nog niet opgepakt "
                           "(Signalen); eigen actie in het plan")
        self.guide(case.coordinator.username,
                   f"{case.reference}: nieuw signaal van {school_org.name} (Signalen)")

    def signal_from_gp(self) -> None:
        """The GP is not connected to the household and uses "zorg melden"; the team has
        mapped the signals and consulted a colleague (meldcode steps 1 and 2)."""
        gp = self.users.get(GP)
        if gp is None:
            return
        case = self.pick(lambda c: c.coordinator is not None
                         and c.client.date_of_birth is not None,
                         prefer=self.in_main_team)
        if case is None:
            return
        signal = zorg_melden(
            actor=self.actor(gp), given_name=case.client.given_name,
            family_name=case.client.family_name, date_of_birth=case.client.date_of_birth,
            bsn="", urgency=Urgency.NOT_ACUTE, observed_on=self.today - timedelta(days=2),
            observed="Op het spreekuur met slaapproblemen en paniekklachten. Vertelde over "
                     "dreigende berichten en durft 's avonds de deur niet meer uit.")
        self.summary.signals += 1
        if signal.household_id != case.household.pk:  # the name matched someone else first
            return
        actor = self.actor(case.coordinator)
        signal_step(actor=actor, signal=signal, to_step=Step.MAPPED,
                    notes="Past bij wat de cliënt bij het laatste contact vertelde: slecht "
                          "slapen, minder buiten.")
        signal_step(actor=actor, signal=signal, to_step=Step.CONSULTED,
                    notes="Besproken in het teamoverleg; volgende stap is een gesprek met de "
                          "cliënt deze week.")
        self.guide(GP, f"zorg gemeld over de cliënt van {case.reference}: status 'Opgepakt' "
                       "(Signalen)")
        self.guide(case.coordinator.username,
                   f"{case.reference}: zorg van de huisarts, meldcode stap 2 (Signalen)")

    # --- 3. the plan ------------------------------------------------------------------------

    def plans(self) -> None:
        """Goals for the client (and a child), actions for the team and a GP, scores at
        departure and now: for the first households of the Alkmaar demo supporters."""
        instrument = default_instrument()
        cases = [c for c in self.cases if self.in_main_team_caseload(c)][:3] or self.cases[:1]
        gp_org = self.persona_organisation(GP)
        for i, case in enumerate(cases):
            actor = self.actor(case.supporter)
            team = case.trajectory.supporter_organisation
            goals = self.rng.sample([
                (LifeDomain.WORK_INCOME, "Een vast inkomen: eerst bijstand, daarna werk.",
                 "Samen de bijstandsaanvraag indienen en opvolgen."),
                (LifeDomain.DEBTS, "Overzicht van de schulden en een betalingsregeling.",
                 "Aanmelden bij schuldhulpverlening en de intake samen voorbereiden."),
                (LifeDomain.HOUSING, "Een passende woning op eigen naam.",
                 "Urgentieverklaring aanvragen; de brief van de opvang meesturen."),
                (LifeDomain.NETWORK, "Een paar mensen in de buurt om op terug te vallen.",
                 "Samen naar de inloop van het buurthuis; maatje via de vrijwilligerscentrale."),
                (LifeDomain.SAFETY, "Zich veilig voelen in en om het huis.",
                 "Veiligheidsplan samen evalueren en bijwerken."),
            ], 2)
            for n, (domain, goal_text, action_text) in enumerate(goals):
                goal = goal_add(actor=actor, household=case.household, person=case.client,
                                domain=domain, description=goal_text)
                action = action_add(actor=actor, household=case.household, domain=domain,
                                    goal=goal, description=action_text,
                                    responsible_organisation=team,
                                    responsible_person=case.supporter.get_full_name(),
                                    due_on=self.today + timedelta(days=14 + 14 * n))
                self.summary.goals += 1
                self.summary.actions += 1
                if n == 0:
                    action_update(actor=actor, action=action, status=ActionStatus.IN_PROGRESS,
                                  note="Afspraak gemaakt.")
            if i == 0 and gp_org is not None:
                goal = goal_add(actor=actor, household=case.household, person=case.client,
                                domain=LifeDomain.TRAUMA,
                                description="Hulp bij de gevolgen van het geweld.")
                action_add(actor=actor, household=case.household, domain=LifeDomain.HEALTH,
                           goal=goal, description="Verwijzing naar de praktijkondersteuner "
                                                  "ggz voor slaap- en angstklachten.",
                           responsible_organisation=gp_org, responsible_person="Huisarts",
                           due_on=self.today + timedelta(days=21))
                self.summary.goals += 1
                self.summary.actions += 1
            if instrument is not None and i < 2:
                self.scores(case, instrument)
        if cases:
            self.guide(cases[0].supporter.username,
                       f"{cases[0].reference}: plan met doelen, acties en zelfredzaamheid")

    def scores(self, case: Case, instrument) -> None:
        domains = {d.code: d for d in instrument.domains.all()}
        levels = {lv.value: lv for lv in instrument.levels.all()}
        chosen = [domains[c] for c in ("finances", "housing", "domestic_relations",
                                       "mental_health", "social_network") if c in domains]
        if not chosen or not levels:
            return
        before = {d: self.rng.randint(1, 3) for d in chosen}
        actor = self.actor(case.supporter)
        scores_record(actor=actor, household=case.household, moment=ScoreMoment.DEPARTURE,
                      scored_on=case.trajectory.departure_date,
                      levels={d: levels[v] for d, v in before.items() if v in levels})
        if case.trajectory.departure_date < self.today:
            after = {d: min(5, v + self.rng.choice([0, 1, 1, 2])) for d, v in before.items()}
            scores_record(actor=actor, household=case.household, moment=ScoreMoment.FOLLOW_UP,
                          scored_on=self.today,
                          levels={d: levels[v] for d, v in after.items() if v in levels})

    # --- 4. stagnations ---------------------------------------------------------------------

    STAGNATIONS = [
        (LifeDomain.HEALTH, "Traumabehandeling bij de ggz start niet: wachtlijst van ruim "
                            "vier maanden.", "Ggz-aanbieder, via de huisarts"),
        (LifeDomain.WORK_INCOME, "Bijstandsaanvraag ligt stil; het gezin leeft van een "
                                 "voorschot.", "Werk en Inkomen van de gemeente"),
        (LifeDomain.DEBTS, "Intake schuldhulpverlening pas over drie maanden; de deurwaarder "
                           "dreigt met beslag.", "Schuldhulpverlening (Kredietbank)"),
        (LifeDomain.PARENTING, "Jeugdhulp voor de kinderen is toegezegd maar nog niet "
                               "gestart.", "Jeugdhulpaanbieder, via het wijkteam"),
    ]

    def stagnations(self) -> None:
        """Open stagnations in the policy persona's municipality, the oldest escalated to
        it (doorzettingsmacht), one resolved, so the overview and a register have rows."""
        policy = self.persona_organisation(POLICY)
        municipality_id = policy.municipality_id if policy else None
        here = [c for c in self.cases
                if c.trajectory.destination_municipality_id == municipality_id] or self.cases
        recorded = []
        for case, (domain, what, must_act) in zip(here, self.STAGNATIONS, strict=False):
            if domain == LifeDomain.PARENTING and not case.children:
                domain, what = LifeDomain.HOUSING, ("Urgentieaanvraag voor een passende woning "
                                                    "is na acht weken nog niet behandeld.")
                must_act = "Woningcorporatie en urgentiecommissie"
            recorded.append(stagnation_record(
                actor=self.actor(case.supporter), household=case.household, domain=domain,
                what=what, must_act=must_act, since=self.recent_day(case, 10, 75)))
            self.summary.stagnations += 1
        if not recorded:
            return
        oldest = min(recorded, key=lambda s: (s.since, s.pk))
        stagnation_escalate(actor=self.actor(self.case_of(oldest).supporter), stagnation=oldest,
                            note="Termijn bij de regisseur verstreken; zonder doorzettingsmacht "
                                 "komt dit niet los.")
        self.summary.escalated += 1
        if len(recorded) > 2:
            last = recorded[-1]
            stagnation_resolve(actor=self.actor(self.case_of(last).supporter), stagnation=last,
                               resolution="Na overleg met de aanbieder een startdatum "
                                          "gekregen; hulp is begonnen.")
        if policy is not None:
            self.guide(POLICY, f"open stagnaties in {policy.municipality}, één opgeschaald "
                               "naar de gemeente (Stagnaties)")

    def case_of(self, stagnation: Stagnation) -> Case:
        return next(c for c in self.cases if c.household.pk == stagnation.household_id)

    # --- 5. moves ---------------------------------------------------------------------------

    def teams_with_supporters(self) -> list[tuple[Organisation, User]]:
        teams = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM,
                                            municipality__isnull=False).order_by("name")
        return [(t, u) for t in teams if (u := self.persona(t.pk, Role.SUPPORTER))]

    def handover_consent(self, case: Case) -> None:
        consent_record(actor=self.actor(case.supporter), household=case.household,
                       person=case.client, purpose=ConsentPurpose.HANDOVER,
                       method=ConsentMethod.VERBAL, given_on=self.today)

    def pending_move(self) -> None:
        """A household of the main supporter moves to another municipality; the receiving
        supporter has not accepted yet: "in overdracht" on both sides."""
        case = self.pick(lambda c: True, prefer=lambda c: c.rank == self.order[SUPPORTER])
        if case is None:
            return
        here = case.trajectory.destination_municipality_id
        teams = [(t, u) for t, u in self.teams_with_supporters() if t.municipality_id != here]
        if not teams:
            return
        team, receiver = self.rng.choice(teams)
        self.handover_consent(case)
        meeting = moment(self.today + timedelta(days=self.rng.randint(2, 6)),
                         self.rng.choice([10, 14]))
        # The new address is not known yet: the receiving supporter records it on accepting.
        move_request(actor=self.actor(case.supporter), trajectory=case.trajectory,
                     to_organisation=team, to_supporter=receiver, meeting_at=meeting,
                     moving_date=self.today + timedelta(days=self.rng.randint(10, 20)),
                     meeting_place=f"Samen met de cliënt op het kantoor van {team.name}")
        self.summary.moves += 1
        self.guide(case.supporter.username,
                   f"{case.reference}: in overdracht naar {team.municipality} (werkvoorraad)")
        self.guide(receiver.username, f"{case.reference}: inkomende verhuizing uit "
                                      f"{case.trajectory.destination_municipality}")

    def accepted_move(self) -> None:
        """A household from another municipality moved to the main supporter's team, which
        accepted it: its open stagnation came along and is now this municipality's."""
        main = self.users.get(SUPPORTER)
        team = self.persona_organisation(SUPPORTER)
        if main is None or team is None or team.municipality_id is None:
            return
        case = self.pick(lambda c: c.trajectory.destination_municipality_id
                         != team.municipality_id)
        if case is None:
            return
        self.handover_consent(case)
        stagnation_record(actor=self.actor(case.supporter), household=case.household,
                          domain=LifeDomain.WORK_INCOME,
                          what="Uitkering gestopt door de verhuizing; de aanvraag in de "
                               "nieuwe gemeente is nog niet in behandeling.",
                          must_act="Werk en Inkomen van de nieuwe gemeente",
                          since=self.recent_day(case, 5, 12))
        self.summary.stagnations += 1
        old = case.trajectory.destination_municipality
        low, high = SPECS[team.municipality.cbs_code].postcodes
        new_address = NewAddress(f"Nieuwstraat {self.rng.randint(1, 80)}",
                                 f"{self.rng.randint(low, high)} AB", team.municipality.name,
                                 is_secret=True)
        move = move_request(actor=self.actor(case.supporter), trajectory=case.trajectory,
                            to_organisation=team, to_supporter=main,
                            meeting_at=moment(self.today - timedelta(days=2), 10),
                            moving_date=self.today - timedelta(days=1),
                            meeting_place="Beeldbellen, met de cliënt erbij",
                            new_address=new_address)
        move_accept(actor=self.actor(main), move=move)
        self.summary.moves += 1
        self.guide(SUPPORTER, f"{case.reference}: verhuisd uit {old}, overdracht aanvaard")


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
    sight_scan(today=today)
    return stories.summary


def summary_table(summary: StoriesSummary) -> str:
    return table(("demoverhalen", "aantal"), summary.rows())


def guide_table(summary: StoriesSummary) -> str:
    return table(("gebruiker", "waar te kijken"), summary.guide)
