"""The demo's stories about care: plans and self-reliance, stagnations, and moves (a
mixin of ``stories.Stories``, which holds the cases and the helpers these use)."""

from datetime import timedelta

from zicht.accounts.models import User
from zicht.conferences import services as conferences
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.demo.cases import GP, POLICY, SUPPORTER, Case
from zicht.demo.personas import SPECS
from zicht.demo.seeding import moment
from zicht.directory.models import Organisation, OrganisationKind, Role
from zicht.moves.services import NewAddress, move_accept, move_request
from zicht.plans.models import ActionStatus, LifeDomain, ScoreMoment
from zicht.plans.selectors import default_instrument
from zicht.plans.services import action_add, action_update, goal_add, scores_record
from zicht.stagnations.models import Provision, Stagnation, Tried
from zicht.stagnations.services import (
    stagnation_escalate,
    stagnation_record,
    stagnation_resolve,
)


class CareStories:
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
            self.conference(cases[0])

    def conference(self, case: Case) -> None:
        """A case conference held last week by the coordinator with the organisations
        involved: its veiligheidsvoorwaarde is in the plan and asked about at the next
        contact moment."""
        actor = self.actor(case.supporter)
        if not conferences.may_convene(actor, case.household):
            return
        day = self.today - timedelta(days=7)
        held = conferences.conference_plan(
            actor=actor, household=case.household, planned_at=moment(day, 10),
            place="Sociaal team, spreekkamer 1",
            participants=list(conferences.involved_organisations(case.household)),
            agenda="1. Hoe veilig is het nu thuis en onderweg?\n2. Omgang met de kinderen\n"
                   "3. Wie ziet waarop toe?")
        conferences.conference_hold(
            actor=actor, conference=held, held_on=day, client_present=True,
            client_view="Ik voel me thuis veilig, maar niet op de weg naar school.",
            decisions="De opvang draagt het veiligheidsplan over; het sociaal team toetst "
                      "de voorwaarden bij elk contact.")
        conferences.conference_condition_add(
            actor=actor, conference=held,
            description="Geen contact met de ex-partner buiten de afgesproken omgang.",
            monitored_by=actor.organisation, monitor_person=case.supporter.get_full_name(),
            how="Navragen bij elk contactmoment; bij een poging direct de regisseur bellen.")
        conferences.conference_plan(
            actor=actor, household=case.household, planned_at=moment(
                self.today + timedelta(days=35), 10),
            participants=[actor.organisation], agenda="De voorwaarden van vorige keer toetsen.")
        self.guide(case.supporter.username,
                   f"{case.reference}: casusoverleg met een veiligheidsvoorwaarde in het plan")

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
                            provision=Provision.DEBT_HELP if oldest.domain == LifeDomain.DEBTS
                            else Provision.OTHER,
                            tried=[Tried.CONTACTED, Tried.ESCALATED_THERE],
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
