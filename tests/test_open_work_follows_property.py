"""Issue 12, "Nothing falls between two chairs", as a property: a Hypothesis state machine.

Hypothesis runs random sequences of *service calls* (never views) on a small world built
in the style of ``tests/conftest.py`` (the shelter "Opvang De Linde", the teams of Alkmaar
and Hoorn, a school, a GP, Veilig Thuis and their professionals): register, consent
(follow-up, handover) and its withdrawal, invite, introduce, depart, contact moments
(feels safe yes / no), connecting the school and its signals, "zorg melden" by the GP (the
client's or a child's real name and birth date, or an unknown person), the meldcode's steps,
deciding and closing a signal, reports to Veilig Thuis and Veilig Thuis's first answers,
stagnations and their escalation, plan actions, case conferences planned with the
involved organisations, coordinator handovers (propose, accept, decline), moves (request,
accept, decline, withdraw), closing the trajectory and days passing (``time_machine``).
The first household starts registered, invited or departed (``first_household``, through
the same services), so that most examples spend their steps where the handovers are; a
second may be registered. Preconditions and the draws keep most steps valid; a step a
service refuses with ``ValidationError`` or ``PermissionDenied`` is allowed, and then the
database must be exactly as before (``_snapshot``: the rows of every table the steps
write, the inbox and the access log).

After every step the invariants hold:

1. From departure on, a household in follow-up has exactly one current coordinator
   (``current_coordinator``; one ``CoordinatorAssignment`` with ``ended_at`` null), and
   its organisation is the only one involved as coordinator; before departure and after
   closing there is none.
2. Every open signal, open stagnation, report to Veilig Thuis awaiting feedback (sent or
   received) and open plan action can be opened by a professional of an organisation
   currently involved (``household_for``) and is on that professional's list: a signal
   through ``coordinator_signal_for`` and ``signals_for_coordinator`` for a care
   professional of its ``coordinator_organisation``, which is itself currently involved;
   a stagnation through ``stagnation_for`` and the household's register, in the register
   of the municipality the household lives in now (and, escalated, on that
   municipality's overview); a report through ``report_for``, the household's reports
   and Veilig Thuis's list; an action in the plan (``plans.selectors.plan_view``).
3. No organisation whose involvement ended (and that has no current one) can open any of
   them: ``household_for``, ``coordinator_signal_for``, ``report_for`` and
   ``stagnation_for`` answer 404 for its professional.
4. The reporting school still sees its own signals' status (``own_signals``, and a
   non-empty ``status_for_reporter()``); so does the GP for its "zorg melden" reports.
5. A "zorg melden" report's ``status_for_reporter()`` is the same for a known and an
   unknown person at the same age.
6. A case conference still to come (planned, not cancelled) of a household in follow-up
   has the current coordinator's organisation at the table, and the coordinator (when
   named) and the supporter (when the supporter's organisation is at the table) are
   invited or convened it.
7. No professional has a conference in their calendar feed (``conference_events_of``)
   of a household their organisation is no longer involved with.

And right after an accepted handover or move (``_invitations_followed``): every invitation
to such a conference is for an organisation involved now; whoever is not lost it and was
told (``CASE_CONFERENCE_WITHDRAWN``, without the household), in the same transaction.

**The database, per example.** The test takes pytest-django's ``db`` fixture, which wraps
the test in one transaction (and makes the world's tables available on SQLite and
PostgreSQL alike). Every Hypothesis example is one state machine: its ``__init__`` opens
``transaction.atomic()`` (a savepoint inside the test's transaction) before it builds the
world, and ``teardown`` (which Hypothesis runs in a ``finally``, also after a failing
step) marks it for rollback and leaves it, so each example starts from the empty database
the test started with. ``transaction_db`` is not needed (nothing here waits for a commit:
mail and the out-of-sight refresh run on commit and are simply not run) and would be much
slower; ``hypothesis.extra.django.TestCase`` wraps only ``@given`` methods of the class, not
the examples of ``run_state_machine_as_test``. Django's cache is cleared per example too.

``ConferencesFollow`` runs the same machine with only the steps around a case conference
(the others are set to ``None``, which takes them out of the rules), so that an accepted
handover or move after a planned conference is reached in most examples, not by chance.

**The budget**: ``max_examples=20``, ``stateful_step_count=15``, ``deadline=None``, the
``too_slow`` and ``filter_too_much`` health checks off, at most two households. Measured
on the shared 2-core machine with every invariant holding (the two known failures below
masked): about 14 s for the examples on SQLite and 24 s on PostgreSQL, plus 8-9 s to
create the test database. ``ConferencesFollow`` (20 examples of 12 steps, one household)
adds about 10 s on SQLite and 12 s on PostgreSQL. When an invariant fails, Hypothesis
shrinks the failing sequences, which can take up to its own limit of five minutes on a
fresh checkout; it keeps them in ``.hypothesis/``, and a re-run replays them in seconds.

Gaps this machine found and that are now closed in ``src``: closing a trajectory with
open work (now refused, ``trajectories.services.open_work``), and a signal with the
supporter's team when the follow-up consent is withdrawn before departure (it now goes to
the shelter).
"""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.conftest import _member, as_actor
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from zicht.audit.models import AccessLogEntry
from zicht.conferences.models import (
    CaseConference,
    ConferenceInvitation,
    ConferenceState,
    InvitationChange,
)
from zicht.conferences.selectors import conference_events_of
from zicht.conferences.services import conference_plan, involved_organisations
from zicht.consent.models import Consent, ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record, consent_withdraw
from zicht.contacts.models import ContactMoment
from zicht.contacts.services import contact_record
from zicht.households.models import Household, Involvement, InvolvementReason, PersonRole
from zicht.households.selectors import household_for
from zicht.households.services import PersonData, household_register
from zicht.moves.models import Move, MoveState
from zicht.moves.services import (
    HandoverConsent,
    NewAddress,
    has_handover_consent,
    move_accept,
    move_decline,
    move_request,
    move_withdraw,
)
from zicht.notifications.models import Notification, NotificationKind
from zicht.plans.models import Action, ActionStatus, LifeDomain
from zicht.plans.selectors import plan_view
from zicht.plans.services import action_add
from zicht.signals import reports
from zicht.signals.closing import allowed_outcomes, signal_close
from zicht.signals.models import (
    Decision,
    Outcome,
    ReportStatus,
    Signal,
    SignalSource,
    SignalStep,
    Step,
    Urgency,
    VeiligThuisReport,
)
from zicht.signals.selectors import coordinator_signal_for, report_for
from zicht.signals.services import (
    own_signals,
    partner_connect,
    signal_report,
    signal_step,
    signals_for_coordinator,
    zorg_melden,
)
from zicht.signals.templatetags.signal_sections import household_reports
from zicht.stagnations.models import Rung, Stagnation
from zicht.stagnations.selectors import (
    household_stagnations,
    municipality_overview,
    stagnation_for,
)
from zicht.stagnations.services import stagnation_escalate, stagnation_record
from zicht.trajectories.handovers import handover_accept, handover_decline, handover_propose
from zicht.trajectories.models import (
    ACTIVE_PHASES,
    CloseReason,
    CoordinatorAssignment,
    CoordinatorHandover,
    HandoverState,
    Phase,
    Trajectory,
)
from zicht.trajectories.selectors import current_coordinator, current_trajectory
from zicht.trajectories.services import (
    departure_record,
    supporter_invite,
    trajectory_close,
)

REFUSED = (ValidationError, PermissionDenied)
PRE_DEPARTURE = (Phase.REGISTERED, Phase.INVITED, Phase.INTRODUCED)
AWAITING_FEEDBACK = (ReportStatus.SENT, ReportStatus.RECEIVED)
OPEN_ACTION = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
# A Monday morning in Alkmaar: no step runs into midnight or a weekend by accident.
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(60))
MAX_HOUSEHOLDS = 2


class World:
    """The personas of ``tests/conftest.py`` (and ``tests/signals/conftest.py``), per example."""

    def __init__(self):
        region = RegionFactory()
        self.alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361", region=region)
        self.hoorn = MunicipalityFactory(name="Hoorn", cbs_code="GM0405", region=region)
        self.shelter = OrganisationFactory(name="Opvang De Linde", kind="shelter", region=region)
        self.alkmaar_team = OrganisationFactory(name="Sociaal Team Alkmaar",
                                                kind="municipality_team", region=region,
                                                municipality=self.alkmaar)
        self.hoorn_team = OrganisationFactory(name="Wijkteam Hoorn", kind="municipality_team",
                                              region=region, municipality=self.hoorn)
        self.school = OrganisationFactory(name="OBS De Regenboog", kind="school", region=region)
        self.gp = OrganisationFactory(name="Huisartsenpraktijk Duin", kind="gp", region=region)
        self.veilig_thuis = OrganisationFactory(name="Veilig Thuis Noord-Holland Noord",
                                                kind="veilig_thuis", region=region)
        users = {
            "sanne": _member("sanne.opvang", self.shelter, "shelter_worker"),
            "omar": _member("omar.ondersteuner", self.alkmaar_team, "supporter"),
            "carla": _member("carla.collega", self.alkmaar_team, "supporter"),
            "tamara": _member("tamara.teamleider", self.alkmaar_team, "team_lead"),
            "olaf": _member("olaf.buitenstaander", self.hoorn_team, "supporter"),
            "hanna": _member("hanna.teamleider", self.hoorn_team, "team_lead"),
            "petra": _member("petra.school", self.school, "partner"),
            "gerrit": _member("gerrit.huisarts", self.gp, "partner"),
            "victor": _member("victor.veiligthuis", self.veilig_thuis, "veilig_thuis"),
        }
        self.users = users
        # The team leads hold their municipality's doorzettingsmacht (``lead_of``).
        for name in ("tamara", "hanna"):
            users[name].memberships.update(doorzettingsmacht=True)
        self.actors = {name: as_actor(user) for name, user in users.items()}
        self.by_user_id = {user.pk: name for name, user in users.items()}
        self.organisation_of = {name: user.memberships.get().organisation_id
                                for name, user in users.items()}
        self.organisations = [self.shelter, self.alkmaar_team, self.hoorn_team, self.school,
                              self.gp, self.veilig_thuis]
        # Who is asked, per organisation, whether it can open a household's work: the policy
        # decides by organisation and role, so one professional (never a team lead, who holds
        # doorzettingsmacht over the municipality's stagnation register) speaks for each.
        self.professional_of = {
            self.shelter.pk: "sanne", self.alkmaar_team.pk: "carla",
            self.hoorn_team.pk: "olaf", self.school.pk: "petra", self.gp.pk: "gerrit",
            self.veilig_thuis.pk: "victor",
        }
        # The care professional (CARE_ROLES) that acts for an organisation when no one is named.
        self.carer_of = {self.shelter.pk: "sanne", self.alkmaar_team.pk: "omar",
                         self.hoorn_team.pk: "olaf"}
        self.lead_of = {self.alkmaar.pk: "tamara", self.hoorn.pk: "hanna"}

    def team_of(self, municipality_id):
        return self.alkmaar_team if municipality_id == self.alkmaar.pk else self.hoorn_team

    def other_team(self, municipality_id):
        return self.hoorn_team if municipality_id == self.alkmaar.pk else self.alkmaar_team


def _opens(fn, *args) -> bool:
    try:
        fn(*args)
    except Http404:
        return False
    return True


def _snapshot():
    """Everything a refused step must leave as it was."""
    from zicht.households.models import Address

    def rows(qs, *fields):
        return sorted(qs.values_list("pk", *fields))

    return (
        rows(Household.objects.all()),
        rows(Trajectory.objects.all(), "phase", "destination_municipality",
             "supporter_organisation", "supporter", "departure_date", "closed_on"),
        rows(CoordinatorAssignment.objects.all(), "organisation", "professional", "ended_at"),
        rows(CoordinatorHandover.objects.all(), "state"),
        rows(Involvement.objects.all(), "organisation", "reason", "started_on", "ended_on"),
        rows(Consent.objects.all(), "purpose", "withdrawn_at"),
        rows(Address.objects.all(), "municipality", "is_secret"),
        rows(Signal.objects.all(), "household", "step", "decision", "closed_at", "outcome",
             "coordinator_organisation", "trajectory"),
        rows(SignalStep.objects.all()),
        rows(Stagnation.objects.all(), "rung", "municipality", "resolved_on"),
        rows(VeiligThuisReport.objects.all(), "status"),
        rows(Action.objects.all(), "status"),
        rows(Move.objects.all(), "state"),
        rows(ContactMoment.objects.all()),
        rows(Notification.objects.all()),
        rows(CaseConference.objects.all(), "state"),
        rows(CaseConference.participants.through.objects.all(), "caseconference",
             "organisation"),
        rows(ConferenceInvitation.objects.all(), "conference", "user", "organisation"),
        rows(InvitationChange.objects.all(), "user", "change"),
        AccessLogEntry.objects.count(),
    )


class OpenWorkFollows(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._clock = time_machine.travel(START, tick=True)
        self._coordinates = self._clock.start()
        cache.clear()
        self.w = World()
        self.labels: dict[str, int] = {}  # "H1" -> household pk
        self.names: dict[str, dict] = {}  # "H1" -> the client's and child's names and birth dates
        self._phases: dict[int, str] | None = None  # household pk -> phase, until the next step
        self._facts: Facts | None = None  # what the invariants look at, until the next step
        self._memo: dict = {}  # what the preconditions and draws read, until the next step

    def teardown(self):
        try:
            self._clock.stop()
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # --- helpers ------------------------------------------------------------------------

    def actor(self, name):
        return self.w.actors[name]

    def household(self, label) -> Household:
        return Household.objects.get(pk=self.labels[label])

    def label_of(self, household_id) -> str:
        return next(k for k, v in self.labels.items() if v == household_id)

    def _changed(self):
        self._phases = self._facts = None
        self._memo = {}

    def memo(self, key, read):
        """``read()``, once per step: all rules' preconditions are asked before each step."""
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]

    def in_phase(self, *phases) -> list[str]:
        """The households in one of ``phases`` (each has one trajectory here)."""
        if self._phases is None:
            self._phases = dict(Trajectory.objects.values_list("household_id", "phase"))
        return [label for label, pk in self.labels.items() if self._phases[pk] in phases]

    def coordinator_name(self, household) -> str | None:
        """The persona who acts as the household's coordinator now (none before departure)."""
        trajectory = current_trajectory(household)
        assignment = current_coordinator(trajectory) if trajectory else None
        if assignment is None:
            return None
        if assignment.professional_id in self.w.by_user_id:
            return self.w.by_user_id[assignment.professional_id]
        return self.w.carer_of[assignment.organisation_id]

    def carer_name(self, household) -> str:
        """The coordinator, else (before departure) the shelter worker."""
        return self.coordinator_name(household) or "sanne"

    def supporter_name(self, trajectory) -> str:
        if trajectory.supporter_id in self.w.by_user_id:
            return self.w.by_user_id[trajectory.supporter_id]
        return self.w.carer_of[trajectory.supporter_organisation_id]

    def attempt(self, what, call):
        """Run a step; a refusal (ValidationError, PermissionDenied) must change nothing."""
        before = _snapshot()
        self._changed()
        try:
            result = call()
        except REFUSED as error:
            note(f"{what}: refused ({type(error).__name__}: {error})")
            assert _snapshot() == before, f"{what} was refused but changed the database"
            return None
        note(f"{what}: done")
        return result

    def open_signals(self):
        return Signal.objects.filter(household__isnull=False, closed_at__isnull=True)

    # --- the trajectory -------------------------------------------------------------------

    @initialize(start=st.sampled_from(["registered", "invited", "departed"]),
                to_hoorn=st.booleans(), by_shelter=st.booleans())
    def first_household(self, start, to_hoorn, by_shelter):
        """H1 starts in a drawn phase, reached through the same services as the rules: so
        that most examples spend their steps after departure, where the handovers are."""
        self.register()
        if start == "registered":
            return
        household = self.household("H1")
        consent_record(actor=self.actor("sanne"), household=household, person=household.client,
                       purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.WRITTEN,
                       given_on=timezone.localdate())
        municipality = self.w.hoorn if to_hoorn else self.w.alkmaar
        team = self.w.team_of(municipality.pk)
        trajectory = supporter_invite(
            actor=self.actor("sanne"), trajectory=current_trajectory(household),
            municipality=municipality, supporter_organisation=team,
            supporter=self.w.users[self.w.carer_of[team.pk]])
        if start == "departed":
            today = timezone.localdate()
            departure_record(
                actor=self.actor("sanne"), trajectory=trajectory,
                departure_date=today - timedelta(days=7),
                shelter_aftercare_until=today + timedelta(days=30), street="Geheimelaan 13",
                postcode="1811 AB", city=municipality.name, address_is_secret=True,
                coordinator_organisation=trajectory.shelter if by_shelter else team,
                coordinator=self.w.users["sanne"] if by_shelter else trajectory.supporter)
        self._changed()
        note(f"H1 starts {start} ({team.name}, coordinator "
             f"{'the shelter' if by_shelter else 'the team'})")

    @precondition(lambda self: len(self.labels) < MAX_HOUSEHOLDS)
    @rule()
    def register(self):
        n = len(self.labels) + 1
        family = f"Yilmaz{n}"
        names = {"client": ("Fatima", family, date(1990, 1, n)),
                 "child": ("Noor", family, date(2015, 3, n))}
        household = household_register(
            actor=self.actor("sanne"),
            client=PersonData(role=PersonRole.CLIENT, given_name="Fatima", family_name=family,
                              date_of_birth=names["client"][2]),
            others=[
                PersonData(role=PersonRole.CHILD, given_name="Noor", family_name=family,
                           date_of_birth=names["child"][2]),
                PersonData(role=PersonRole.PERPETRATOR, given_name="Kees",
                           family_name="Bakker", relation="ex-partner"),
            ],
        )
        self._changed()
        self.labels[f"H{n}"] = household.pk
        self.names[f"H{n}"] = names
        note(f"register: H{n}")

    def _consented(self, purpose) -> set[int]:
        """The households whose client's consent for ``purpose`` holds."""
        return {c.household_id for c in self._active_consents() if c.purpose == purpose
                and c.person.role == PersonRole.CLIENT}

    def _without_follow_up_consent(self) -> list[str]:
        consented = self._consented(ConsentPurpose.FOLLOW_UP)
        return [label for label in self.in_phase(*PRE_DEPARTURE)
                if self.labels[label] not in consented]

    @precondition(lambda self: self._without_follow_up_consent())
    @rule(data=st.data())
    def consent_follow_up(self, data):
        label = data.draw(st.sampled_from(self._without_follow_up_consent()), label="household")
        household = self.household(label)
        self.attempt(f"follow-up consent {label}", lambda: consent_record(
            actor=self.actor("sanne"), household=household, person=household.client,
            purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate()))

    def _without_handover_consent(self) -> list[str]:
        consented = self._consented(ConsentPurpose.HANDOVER)
        return [label for label in self.in_phase(Phase.FOLLOW_UP)
                if self.labels[label] not in consented]

    @precondition(lambda self: self._without_handover_consent())
    @rule(data=st.data())
    def consent_handover(self, data):
        label = data.draw(st.sampled_from(self._without_handover_consent()), label="household")
        household = self.household(label)
        self.attempt(f"handover consent {label}", lambda: consent_record(
            actor=self.actor(self.carer_name(household)), household=household,
            person=household.client, purpose=ConsentPurpose.HANDOVER,
            method=ConsentMethod.VERBAL, given_on=timezone.localdate()))

    def _active_consents(self) -> list[Consent]:
        return self.memo("consents", lambda: list(
            Consent.objects.active().select_related("person", "household").order_by("pk")))

    # One withdrawal per example: the client withdraws, not a loop of giving and withdrawing.
    @precondition(lambda self: self._active_consents() and not self.memo(
        "withdrawn", lambda: Consent.objects.filter(withdrawn_at__isnull=False).exists()))
    @rule(data=st.data())
    def consent_withdrawal(self, data):
        consent = data.draw(st.sampled_from(self._active_consents()), label="consent")
        household = consent.household
        trajectory = current_trajectory(household)
        who = data.draw(st.sampled_from(sorted({
            "sanne", self.carer_name(household),
            self.supporter_name(trajectory) if trajectory.supporter_organisation_id else "sanne",
        })), label="withdrawn by")
        self.attempt(f"withdraw {consent.purpose} consent {self.label_of(household.pk)}",
                     lambda: consent_withdraw(actor=self.actor(who), consent=consent))

    @precondition(lambda self: set(self.labels[label] for label in self.in_phase(
        Phase.REGISTERED)) & self._consented(ConsentPurpose.FOLLOW_UP))
    @rule(data=st.data(), to_hoorn=st.booleans(), named=st.booleans())
    def invite(self, data, to_hoorn, named):
        label = data.draw(st.sampled_from(self.in_phase(Phase.REGISTERED)), label="household")
        municipality = self.w.hoorn if to_hoorn else self.w.alkmaar
        team = self.w.team_of(municipality.pk)
        supporter = self.w.users[self.w.carer_of[team.pk]] if named else None
        self.attempt(f"invite {team.name} to {label}", lambda: supporter_invite(
            actor=self.actor("sanne"), trajectory=current_trajectory(self.household(label)),
            municipality=municipality, supporter_organisation=team, supporter=supporter))

    @precondition(lambda self: self.in_phase(Phase.INVITED))
    @rule(data=st.data())
    def introduce(self, data):
        label = data.draw(st.sampled_from(self.in_phase(Phase.INVITED)), label="household")
        trajectory = current_trajectory(self.household(label))
        self.attempt(f"introduction {label}", lambda: contact_record(
            actor=self.actor(self.supporter_name(trajectory)), trajectory=trajectory,
            kind="introduction", held_on=timezone.localdate(), channel="in_person",
            reached=True))

    @precondition(lambda self: self.in_phase(Phase.INVITED, Phase.INTRODUCED))
    @rule(data=st.data(), by_shelter=st.booleans(), named=st.booleans(),
          aftercare=st.booleans())
    def depart(self, data, by_shelter, named, aftercare):
        label = data.draw(st.sampled_from(self.in_phase(Phase.INVITED, Phase.INTRODUCED)),
                          label="household")
        trajectory = current_trajectory(self.household(label))
        organisation = trajectory.shelter if by_shelter else trajectory.supporter_organisation
        coordinator = None
        if named:
            coordinator = (self.w.users["sanne"] if by_shelter
                           else self.w.users[self.supporter_name(trajectory)])
        today = timezone.localdate()
        self.attempt(f"departure {label}, coordinator {organisation.name}", lambda: (
            departure_record(
                actor=self.actor("sanne"), trajectory=trajectory,
                departure_date=today - timedelta(days=7),
                shelter_aftercare_until=today + timedelta(days=30) if aftercare else None,
                street="Geheimelaan 13", postcode="1811 AB",
                city=trajectory.destination_municipality.name, address_is_secret=True,
                coordinator_organisation=organisation, coordinator=coordinator)))

    @precondition(lambda self: self.in_phase(Phase.FOLLOW_UP) and self.memo(
        "contacts", lambda: ContactMoment.objects.filter(kind="follow_up").count()) < 4)
    @rule(data=st.data(), feels_safe=st.sampled_from(["yes", "no"]))
    def contact(self, data, feels_safe):
        label = data.draw(st.sampled_from(self.in_phase(Phase.FOLLOW_UP)), label="household")
        household = self.household(label)
        self.attempt(f"contact {label}, feels safe {feels_safe}", lambda: contact_record(
            actor=self.actor(self.carer_name(household)),
            trajectory=current_trajectory(household), kind="follow_up",
            held_on=timezone.localdate(), channel="phone", reached=True,
            answers={"feels_safe": feels_safe}))

    @precondition(lambda self: self.in_phase(Phase.FOLLOW_UP))
    @rule(data=st.data(), reason=st.sampled_from([CloseReason.CLIENT_DECLINES,
                                                   CloseReason.COMPLETED]))
    def close(self, data, reason):
        """Any household, open work or not: closing with open work is refused (it would
        be left with nobody), so invariant 2 holds either way."""
        label = data.draw(st.sampled_from(self.in_phase(Phase.FOLLOW_UP)), label="household")
        household = self.household(label)
        self.attempt(f"close {label} ({reason})", lambda: trajectory_close(
            actor=self.actor(self.carer_name(household)),
            trajectory=current_trajectory(household), reason="", reason_code=reason))

    @rule(days=st.integers(1, 10))
    def days_pass(self, days):
        self._coordinates.shift(timedelta(days=days))
        self._changed()
        note(f"{days} days pass: {timezone.localdate()}")

    # --- signals --------------------------------------------------------------------------

    def _school_not_connected(self) -> list[str]:
        connected = self.memo("connected", lambda: set(Involvement.objects.current().filter(
            organisation=self.w.school, reason=InvolvementReason.PARTNER)
            .values_list("household_id", flat=True)))
        return [label for label in self.in_phase(Phase.FOLLOW_UP)
                if self.labels[label] not in connected]

    @precondition(lambda self: self._school_not_connected())
    @rule(data=st.data())
    def connect_school(self, data):
        label = data.draw(st.sampled_from(self._school_not_connected()), label="household")
        household = self.household(label)
        self.attempt(f"connect the school to {label}", lambda: partner_connect(
            actor=self.actor(self.carer_name(household)), household=household,
            organisation=self.w.school))

    def _school_households(self) -> list[str]:
        return [label for label in self.in_phase(Phase.FOLLOW_UP)
                if label not in self._school_not_connected()]

    @precondition(lambda self: self._school_households())
    @rule(data=st.data(), urgency=st.sampled_from(Urgency.values))
    def school_signal(self, data, urgency):
        label = data.draw(st.sampled_from(self._school_households()), label="household")
        self.attempt(f"school signal on {label}", lambda: signal_report(
            actor=self.actor("petra"), household=self.household(label), urgency=urgency,
            about="child", observed="Noor was erg bang.", observed_on=timezone.localdate()))

    @precondition(lambda self: self.memo("zorg melden", lambda: Signal.objects.filter(
        source=SignalSource.ZORG_MELDEN).count()) < 3)
    @rule(data=st.data(), urgency=st.sampled_from(Urgency.values))
    def zorg_melden_report(self, data, urgency):
        target = data.draw(st.sampled_from(["unknown", *sorted(self.labels)]), label="about")
        if target == "unknown":
            given, family, born = "Jan", "Onbekend", date(1990, 1, 1)
        else:
            who = data.draw(st.sampled_from(["client", "child"]), label="person")
            given, family, born = self.names[target][who]
        self.attempt(f"zorg melden about {target}", lambda: zorg_melden(
            actor=self.actor("gerrit"), given_name=given, family_name=family,
            date_of_birth=born, bsn="", urgency=urgency, observed="Zorgen gezien.",
            observed_on=timezone.localdate()))

    def _open_signals(self) -> list[Signal]:
        return self.memo("signals", lambda: list(self.open_signals().select_related(
            "household").order_by("pk")))

    def _coordinated(self) -> list[Signal]:
        """Open signals of households with a coordinator (only the coordinator takes steps)."""
        followed = {self.labels[label] for label in self.in_phase(Phase.FOLLOW_UP)}
        return [s for s in self._open_signals() if s.household_id in followed]

    def _steppable(self) -> list[Signal]:
        return [s for s in self._coordinated() if s.step not in (Step.WEIGHED, Step.DECIDED)]

    def _signal_coordinator(self, signal) -> str:
        """The household's coordinator, else a carer of the organisation the signal is with."""
        return (self.coordinator_name(signal.household)
                or self.w.carer_of.get(signal.coordinator_organisation_id, "sanne"))

    @precondition(lambda self: self._steppable())
    @rule(data=st.data(), steps=st.integers(1, 4))
    def meldcode_steps(self, data, steps):
        """The next ``steps`` steps of the meldcode on one signal, in order, up to weighing."""
        signal = data.draw(st.sampled_from(self._steppable()), label="signal")
        self._walk(data, signal, steps)

    def _walk(self, data, signal, steps) -> bool:
        """Up to ``steps`` steps towards weighing; whether the signal got there."""
        actor = self.actor(self._signal_coordinator(signal))
        for _ in range(steps):
            if signal.step == Step.WEIGHED:
                break
            fields = {}
            if signal.step == Step.RECEIVED:
                to_step, notes = Step.MAPPED, "In kaart."
            elif signal.step == Step.MAPPED:
                to_step, notes = Step.CONSULTED, "Met collega besproken."
            elif signal.step == Step.CONSULTED:
                to_step, notes = Step.TALKED, "Gesproken."
                if data.draw(st.booleans(), label="talk skipped"):
                    notes = ""
                    fields["talk_skipped_reason"] = "Pleger is vaak aanwezig; praten is onveilig."
            else:  # talked: weigh
                to_step, notes = Step.WEIGHED, "Afgewogen."
                fields["suspicion"] = data.draw(st.booleans(), label="suspicion")
                if fields["suspicion"]:
                    fields |= {f: data.draw(st.booleans(), label=f) for f in (
                        "acute_or_structural", "can_organise_help", "help_accepted",
                        "lasting_safety")}
            done = self.attempt(
                f"meldcode {to_step} on signal {signal.pk} of "
                f"{self.label_of(signal.household_id)}",
                lambda to_step=to_step, notes=notes, fields=fields: signal_step(
                    actor=actor, signal=signal, to_step=to_step, notes=notes, **fields))
            if done is None:
                return False
        return signal.step == Step.WEIGHED

    def _undecided(self) -> list[Signal]:
        return [s for s in self._coordinated() if s.step != Step.DECIDED]

    @precondition(lambda self: self._undecided())
    @rule(data=st.data())
    def decide_and_close(self, data):
        """See a signal through: the meldcode's remaining steps, the decision, the outcome."""
        signal = data.draw(st.sampled_from(self._undecided()), label="signal")
        if not self._walk(data, signal, 4):
            return
        if signal.must_report():
            decisions = [Decision.REPORT, Decision.HELP_AND_REPORT]
        elif signal.suspicion:
            decisions = [Decision.HELP, Decision.REPORT, Decision.HELP_AND_REPORT]
        else:
            decisions = list(Decision.values)
        decision = data.draw(st.sampled_from(decisions), label="decision")
        actor = self.actor(self._signal_coordinator(signal))
        what = f"decide {decision} on signal {signal.pk}"
        if self.attempt(what, lambda: signal_step(actor=actor, signal=signal,
                                                  to_step=Step.DECIDED, decision=decision,
                                                  notes="Besloten.")) is None:
            return
        signal.refresh_from_db()
        outcome = data.draw(st.sampled_from(allowed_outcomes(signal)), label="outcome")
        self.attempt(f"close signal {signal.pk} with {outcome}", lambda: signal_close(
            actor=actor, signal=signal, outcome=outcome, reason="Dubbel signaal."))

    @precondition(lambda self: self._undecided())
    @rule(data=st.data())
    def close_signal_with_reason(self, data):
        signal = data.draw(st.sampled_from(self._undecided()), label="signal")
        self.attempt(f"close signal {signal.pk} with a reason", lambda: signal_close(
            actor=self.actor(self._signal_coordinator(signal)), signal=signal,
            outcome=Outcome.CLOSED_WITH_REASON, reason="Al beantwoord."))

    # --- Veilig Thuis ---------------------------------------------------------------------

    def _not_reported(self) -> list[str]:
        busy = {r.household_id for r in self._awaiting()}
        return [label for label in self.in_phase(Phase.FOLLOW_UP)
                if self.labels[label] not in busy]

    @precondition(lambda self: self._not_reported())
    @rule(data=st.data(), with_signal=st.booleans())
    def report_to_veilig_thuis(self, data, with_signal):
        label = data.draw(st.sampled_from(self._not_reported()), label="household")
        household = self.household(label)
        signal = (self.open_signals().filter(household=household).order_by("pk").first()
                  if with_signal else None)
        actor = self.actor(self.carer_name(household))

        def draft_edit_send():
            with transaction.atomic():  # one step: drafted, edited and sent, or nothing
                report = reports.report_draft(actor=actor, household=household,
                                              veilig_thuis=self.w.veilig_thuis, signal=signal)
                reports.report_update(actor=actor, report=report,
                                      content={"done": "Gesprek met school."},
                                      include_address=False)
                return reports.report_send(actor=actor, report=report)

        self.attempt(f"report {label} to Veilig Thuis", draft_edit_send)

    def _awaiting(self) -> list[VeiligThuisReport]:
        return self.memo("reports", lambda: list(VeiligThuisReport.objects.filter(
            status__in=AWAITING_FEEDBACK).order_by("pk")))

    @precondition(lambda self: self._awaiting())
    @rule(data=st.data())
    def veilig_thuis_answers(self, data):
        report = data.draw(st.sampled_from(self._awaiting()), label="report")
        status = (ReportStatus.RECEIVED if report.status == ReportStatus.SENT
                  else ReportStatus.ADVICE)
        self.attempt(f"Veilig Thuis: report {report.pk} {status}", lambda: (
            reports.report_status_set(actor=self.actor("victor"), report=report, status=status,
                                      feedback="Advies gegeven.")))

    # --- stagnations and the plan ---------------------------------------------------------

    def _without_open_stagnation(self) -> list[str]:
        busy = self.memo("stagnating", lambda: set(Stagnation.objects.filter(
            resolved_on__isnull=True).values_list("household_id", flat=True)))
        return [label for label in self.in_phase(Phase.INVITED, Phase.INTRODUCED,
                                                 Phase.FOLLOW_UP)
                if self.labels[label] not in busy]

    @precondition(lambda self: self._without_open_stagnation())
    @rule(data=st.data(), domain=st.sampled_from([LifeDomain.HOUSING, LifeDomain.DEBTS]))
    def stagnation(self, data, domain):
        label = data.draw(st.sampled_from(self._without_open_stagnation()), label="household")
        household = self.household(label)
        self.attempt(f"stagnation on {label}", lambda: stagnation_record(
            actor=self.actor(self.carer_name(household)), household=household, domain=domain,
            what="Wachtlijst schuldhulp.", since=timezone.localdate() - timedelta(days=20),
            must_act="Gemeente"))

    def _escalatable(self) -> list[Stagnation]:
        return self.memo("stagnations", lambda: list(Stagnation.objects.filter(
            resolved_on__isnull=True, rung=Rung.COORDINATOR).order_by("pk")))

    @precondition(lambda self: self._escalatable())
    @rule(data=st.data())
    def escalate(self, data):
        stagnation = data.draw(st.sampled_from(self._escalatable()), label="stagnation")
        self.attempt(f"escalate stagnation {stagnation.pk}", lambda: stagnation_escalate(
            actor=self.actor(self.carer_name(stagnation.household)), stagnation=stagnation,
            provision="other", tried=["contacted"],
            note="Loopt vast."))

    def _without_open_action(self) -> list[str]:
        busy = self.memo("actions", lambda: set(Action.objects.filter(
            status__in=OPEN_ACTION).values_list("plan__household_id", flat=True)))
        return [label for label in self.in_phase(*ACTIVE_PHASES)
                if self.labels[label] not in busy]

    @precondition(lambda self: self._without_open_action())
    @rule(data=st.data())
    def plan_action(self, data):
        label = data.draw(st.sampled_from(self._without_open_action()), label="household")
        household = self.household(label)
        actor = self.actor(self.carer_name(household))
        self.attempt(f"plan action on {label}", lambda: action_add(
            actor=actor, household=household, domain=LifeDomain.HOUSING,
            description="Urgentieverklaring aanvragen.",
            responsible_organisation=actor.organisation))

    # --- case conferences -----------------------------------------------------------------

    @precondition(lambda self: self.in_phase(Phase.FOLLOW_UP) and self.memo(
        "conferences", lambda: CaseConference.objects.count()) < 3)
    @rule(data=st.data(), days=st.integers(1, 30))
    def conference_planned(self, data, days):
        """The coordinator convenes some of the organisations involved now, in ``days``:
        days passing may leave it behind, a handover or a move may come first."""
        label = data.draw(st.sampled_from(self.in_phase(Phase.FOLLOW_UP)), label="household")
        household = self.household(label)
        involved = list(involved_organisations(household))
        participants = data.draw(st.lists(st.sampled_from(involved), unique_by=lambda o: o.pk,
                                          max_size=3), label="participants")
        self.attempt(f"conference of {label} with {[o.name for o in participants]}",
                     lambda: conference_plan(
                         actor=self.actor(self.carer_name(household)), household=household,
                         planned_at=timezone.now() + timedelta(days=days),
                         agenda="Veiligheid rond school", participants=participants))

    def _invitations_followed(self, household_id):
        """Right after the carers changed: nobody outside holds an invitation still to
        come, and who lost one was told (by kind, without the household)."""
        involved = set(Involvement.objects.current().filter(household_id=household_id)
                       .values_list("organisation_id", flat=True))
        for invitation in ConferenceInvitation.objects.filter(
                conference__household_id=household_id,
                conference__state=ConferenceState.PLANNED,
                conference__planned_at__gte=timezone.now()):
            assert invitation.organisation_id in involved, (
                f"an invitation of {self.w.by_user_id[invitation.user_id]} to conference "
                f"{invitation.conference_id} is for organisation {invitation.organisation_id},"
                f" no longer involved ({sorted(involved)})")
        for withdrawn in InvitationChange.objects.filter(
                conference__household_id=household_id, change="withdrawn"):
            assert Notification.objects.filter(
                recipient_id=withdrawn.user_id, household__isnull=True,
                kind=NotificationKind.CASE_CONFERENCE_WITHDRAWN).exists()

    # --- coordinator handover -------------------------------------------------------------

    def _handover_targets(self):
        w = self.w
        return [(w.shelter, None), (w.shelter, "sanne"), (w.alkmaar_team, None),
                (w.alkmaar_team, "carla"), (w.hoorn_team, None), (w.hoorn_team, "olaf")]

    def _open_handovers(self) -> list[CoordinatorHandover]:
        return self.memo("handovers", lambda: list(CoordinatorHandover.objects.filter(
            state=HandoverState.PROPOSED).select_related("trajectory").order_by("pk")))

    def _without_open_handover(self) -> list[str]:
        busy = {h.trajectory.household_id for h in self._open_handovers()}
        return [label for label in self.in_phase(Phase.FOLLOW_UP)
                if self.labels[label] not in busy]

    @precondition(lambda self: self._without_open_handover())
    @rule(data=st.data())
    def handover_proposal(self, data):
        label = data.draw(st.sampled_from(self._without_open_handover()), label="household")
        organisation, professional = data.draw(st.sampled_from(self._handover_targets()),
                                               label="to")
        household = self.household(label)
        self.attempt(f"propose {organisation.name}/{professional} for {label}", lambda: (
            handover_propose(
                actor=self.actor(self.coordinator_name(household)),
                trajectory=current_trajectory(household), organisation=organisation,
                professional=self.w.users[professional] if professional else None,
                note="Past beter.")))

    @precondition(lambda self: self._open_handovers())
    @rule(data=st.data(), accept=st.booleans())
    def handover_answer(self, data, accept):
        handover = data.draw(st.sampled_from(self._open_handovers()), label="handover")
        who = (self.w.by_user_id[handover.to_professional_id] if handover.to_professional_id
               else self.w.carer_of[handover.to_organisation_id])
        if accept:
            if self.attempt(f"{who} accepts handover {handover.pk}", lambda: handover_accept(
                    actor=self.actor(who), handover=handover)):
                self._invitations_followed(handover.trajectory.household_id)
        else:
            self.attempt(f"{who} declines handover {handover.pk}", lambda: handover_decline(
                actor=self.actor(who), handover=handover, reason="Geen ruimte."))

    # --- moves ----------------------------------------------------------------------------

    def _requested_moves(self) -> list[Move]:
        return self.memo("moves", lambda: list(Move.objects.filter(
            state=MoveState.REQUESTED).select_related("trajectory").order_by("pk")))

    def _movable(self) -> list[str]:
        busy = {m.trajectory.household_id for m in self._requested_moves()}
        return [label for label in self.in_phase(Phase.FOLLOW_UP)
                if self.labels[label] not in busy]

    @precondition(lambda self: self._movable())
    @rule(data=st.data(), named=st.booleans(), with_address=st.booleans(),
          give_consent=st.booleans())
    def move_requested(self, data, named, with_address, give_consent):
        label = data.draw(st.sampled_from(self._movable()), label="household")
        trajectory = current_trajectory(self.household(label))
        to_team = self.w.other_team(trajectory.destination_municipality_id)
        to_supporter = self.w.users[self.w.carer_of[to_team.pk]] if named else None
        consent = (HandoverConsent(ConsentMethod.VERBAL)
                   if give_consent and not has_handover_consent(trajectory) else None)
        today = timezone.localdate()
        self.attempt(f"move {label} to {to_team.name}", lambda: move_request(
            actor=self.actor(self.supporter_name(trajectory)), trajectory=trajectory,
            to_organisation=to_team, to_supporter=to_supporter,
            meeting_at=timezone.now() + timedelta(days=3), moving_date=today + timedelta(days=7),
            meeting_place="Samen met de cliënt",
            new_address=NewAddress("Nieuwstraat 1", "1621 AB", "Hoorn") if with_address
            else None, consent=consent))

    @precondition(lambda self: self._requested_moves())
    @rule(data=st.data(), answer=st.sampled_from(["accept", "decline", "withdraw"]),
          address_now=st.booleans())
    def move_answered(self, data, answer, address_now):
        move = data.draw(st.sampled_from(self._requested_moves()), label="move")
        receiver = (self.w.by_user_id[move.to_supporter_id] if move.to_supporter_id
                    else self.w.carer_of[move.to_organisation_id])
        if answer == "accept":
            address = NewAddress("Nieuwstraat 2", "1621 AC", "Hoorn") if address_now else None
            call = lambda: move_accept(actor=self.actor(receiver), move=move,  # noqa: E731
                                       new_address=address)
        elif answer == "decline":
            call = lambda: move_decline(actor=self.actor(receiver), move=move,  # noqa: E731
                                        reason="Andere gemeente.")
        else:
            sender = self.supporter_name(move.trajectory)
            call = lambda: move_withdraw(actor=self.actor(sender), move=move,  # noqa: E731
                                         reason="Gaat niet door.")
        if self.attempt(f"{answer} move {move.pk}", call) and answer == "accept":
            self._invitations_followed(move.trajectory.household_id)

    # --- the invariants -------------------------------------------------------------------

    def facts(self) -> "Facts":
        if self._facts is None:
            self._facts = Facts(self.labels, {self.w.users[n].pk: n for n in ("petra", "gerrit")})
        return self._facts

    @invariant()
    def i1_exactly_one_coordinator_from_departure_on(self):
        facts = self.facts()
        for label, pk in self.labels.items():
            trajectory = facts.trajectory[pk]
            assignments = facts.open_assignments[pk]
            coordinating = facts.coordinating[pk]
            if trajectory.phase == Phase.FOLLOW_UP:
                assert len(assignments) == 1, (
                    f"invariant 1: {label} in follow-up has {len(assignments)} coordinators")
                current = current_coordinator(trajectory)
                assert current is not None and current.pk == assignments[0].pk
                assert assignments[0].trajectory_id == trajectory.pk
                assert coordinating == {current.organisation_id}, (
                    f"invariant 1: {label} is coordinated by organisation "
                    f"{current.organisation_id}, but involved as coordinator are {coordinating}")
            else:
                assert assignments == [], (
                    f"invariant 1: {label} in phase {trajectory.phase} has a coordinator")
                assert coordinating == set(), (
                    f"invariant 1: {label} in phase {trajectory.phase} has an organisation "
                    f"involved as coordinator")

    @invariant()
    def i2_open_work_is_with_someone_involved(self):
        facts = self.facts()
        for label, pk in self.labels.items():
            signals, stagnations = facts.signals[pk], facts.stagnations[pk]
            sent, actions = facts.reports[pk], facts.actions[pk]
            if not (signals or stagnations or sent or actions):
                continue
            household = facts.household[pk]
            carers = facts.carers[pk]
            opener = next((self.actor(self.w.professional_of[org.pk])
                           for org in self.w.organisations if org.pk in carers
                           and _opens(household_for, self.actor(self.w.professional_of[org.pk]),
                                      household.uuid)), None)
            assert opener is not None, (
                f"invariant 2: {label} (phase {facts.trajectory[pk].phase}) has open work "
                f"({len(signals)} signals, {len(stagnations)} stagnations, {len(sent)} reports "
                f"to Veilig Thuis, {len(actions)} plan actions) but no professional of an "
                f"organisation involved now ({sorted(carers)}) can open it")
            for signal in signals:
                org = signal.coordinator_organisation_id
                assert org in carers, (
                    f"invariant 2: open signal {signal.pk} of {label} is with organisation "
                    f"{org}, which is not involved (involved: {sorted(carers)})")
                care = self.actor(self.w.professional_of[org])
                assert _opens(coordinator_signal_for, care, signal.uuid), (
                    f"invariant 2: {care.user.username} ({care.organisation.name}) cannot open "
                    f"the open signal {signal.pk} of {label} that is with it")
                assert signals_for_coordinator(care).filter(pk=signal.pk).exists()
            trajectory = facts.trajectory[pk]
            for stagnation in stagnations:
                assert _opens(stagnation_for, opener, stagnation.uuid), (
                    f"invariant 2: {opener.user.username} cannot open stagnation "
                    f"{stagnation.pk} of {label}")
                assert stagnation in household_stagnations(household)
                assert stagnation.municipality_id == trajectory.destination_municipality_id, (
                    f"invariant 2: stagnation {stagnation.pk} of {label} is in the register of "
                    f"municipality {stagnation.municipality_id}; the household lives in "
                    f"{trajectory.destination_municipality_id}")
                if stagnation.rung == Rung.MUNICIPALITY:
                    lead = self.actor(self.w.lead_of[stagnation.municipality_id])
                    assert municipality_overview(lead).filter(pk=stagnation.pk).exists()
            for report in sent:
                assert _opens(report_for, opener, report.uuid), (
                    f"invariant 2: {opener.user.username} cannot open report {report.pk} "
                    f"of {label}")
                assert report in household_reports(household)
                assert reports.reports_for_veilig_thuis(self.actor("victor")).filter(
                    pk=report.pk).exists()
            if actions:
                listed = {a.pk for a in plan_view(household)["actions"]}
                assert {a.pk for a in actions} <= listed, (
                    f"invariant 2: open plan actions of {label} are not in its plan")

    @invariant()
    def i3_no_one_whose_involvement_ended_opens_it(self):
        facts = self.facts()
        for label, pk in self.labels.items():
            household = facts.household[pk]
            for org in self.w.organisations:
                if org.pk not in facts.ended[pk]:
                    continue
                name = self.w.professional_of[org.pk]
                actor = self.actor(name)
                assert not _opens(household_for, actor, household.uuid), (
                    f"invariant 3: {name} ({org.name}, no longer involved) opens {label}")
                for signal in facts.signals[pk]:
                    assert not _opens(coordinator_signal_for, actor, signal.uuid), (
                        f"invariant 3: {name} ({org.name}) opens signal {signal.pk} of {label}")
                for report in facts.reports[pk]:
                    assert not _opens(report_for, actor, report.uuid), (
                        f"invariant 3: {name} ({org.name}) opens report {report.pk} of {label}")
                for stagnation in facts.stagnations[pk]:
                    assert not _opens(stagnation_for, actor, stagnation.uuid), (
                        f"invariant 3: {name} ({org.name}) opens stagnation {stagnation.pk} "
                        f"of {label}")

    @invariant()
    def i4_reporters_follow_their_own_signals(self):
        for name, source in (("petra", SignalSource.PARTNER), ("gerrit", SignalSource.ZORG_MELDEN)):
            mine = {s.pk: s for s in own_signals(self.actor(name)).filter(source=source)}
            for signal in self.facts().reported[name]:
                assert signal.pk in mine, f"invariant 4: {name} lost sight of signal {signal.pk}"
                assert mine[signal.pk].status_for_reporter(), (
                    f"invariant 4: signal {signal.pk} shows {name} no status")

    @invariant()
    def i5_zorg_melden_reads_the_same_for_known_and_unknown(self):
        reported = self.facts().reported["gerrit"]
        known = [s for s in reported if s.household_id is not None]
        unknown = [s for s in reported if s.household_id is None]
        for signal in known:
            twins = [Signal(source=SignalSource.ZORG_MELDEN, received_at=signal.received_at)]
            for other in unknown:  # an unknown person's report, at the same age
                other.received_at = signal.received_at
                twins.append(other)
            for twin in twins:
                assert signal.status_for_reporter() == twin.status_for_reporter(), (
                    f"invariant 5: zorg melden {signal.pk} (known, step {signal.step}, "
                    f"closed {signal.closed_at}) reads {signal.status_for_reporter()!r}, an "
                    f"unknown person's {twin.status_for_reporter()!r}")


    @invariant()
    def i6_planned_conferences_are_with_the_carers(self):
        facts = self.facts()
        for label, pk in self.labels.items():
            trajectory = facts.trajectory[pk]
            if trajectory.phase != Phase.FOLLOW_UP:
                continue
            coordinator = facts.open_assignments[pk][0]
            for conference in facts.conferences[pk]:
                at_table = {o.pk for o in conference.participants.all()}
                invited = {i.user_id for i in conference.invitations.all()}
                assert coordinator.organisation_id in at_table, (
                    f"invariant 6: conference {conference.pk} of {label} is without the "
                    f"coordinating organisation {coordinator.organisation_id} ({at_table})")
                carers = [coordinator.professional_id]
                if trajectory.supporter_organisation_id in at_table:
                    carers.append(trajectory.supporter_id)
                for carer in filter(None, carers):
                    assert carer in invited or carer == conference.convened_by_id, (
                        f"invariant 6: {self.w.by_user_id[carer]} carries {label} but is not "
                        f"invited to its conference {conference.pk}")

    @invariant()
    def i7_no_conference_in_the_calendar_of_someone_outside(self):
        facts = self.facts()
        today = timezone.localdate()
        for name, user in self.w.users.items():
            for event in conference_events_of(user, today=today):
                pk = facts.conference_household[event.uid.removeprefix("conference-")]
                assert self.w.organisation_of[name] in facts.involved[pk], (
                    f"invariant 7: {name} has a conference of {self.label_of(pk)} in the "
                    f"calendar feed, her organisation no longer involved")


class Facts:
    """What the invariants look at after a step, read in a few queries for all households."""

    def __init__(self, labels: dict[str, int], reporters: dict[int, str]):
        pks = list(labels.values())

        def per_household(rows, key="household_id"):
            grouped = {pk: [] for pk in pks}
            for row in rows:
                grouped[getattr(row, key) if not isinstance(row, tuple) else row[0]].append(row)
            return grouped

        self.household = Household.objects.in_bulk(pks)
        self.trajectory = {t.household_id: t for t in Trajectory.objects.filter(
            household_id__in=pks)}  # one trajectory per household in this machine
        self.open_assignments = {pk: [] for pk in pks}
        for assignment in CoordinatorAssignment.objects.filter(
                trajectory__household_id__in=pks, ended_at__isnull=True).select_related(
                "trajectory"):
            self.open_assignments[assignment.trajectory.household_id].append(assignment)
        today = timezone.localdate()
        self.carers = {pk: set() for pk in pks}
        self.coordinating = {pk: set() for pk in pks}
        anyhow = {pk: set() for pk in pks}
        ever = {pk: set() for pk in pks}
        for pk, org, reason, start, end in Involvement.objects.filter(
                household_id__in=pks).values_list("household_id", "organisation_id", "reason",
                                                  "started_on", "ended_on"):
            ever[pk].add(org)
            if start <= today and (end is None or end > today):
                anyhow[pk].add(org)
                if reason != InvolvementReason.PARTNER:
                    self.carers[pk].add(org)
                if reason == InvolvementReason.COORDINATOR:
                    self.coordinating[pk].add(org)
        # Whose involvement ended, with no current one left.
        self.ended = {pk: ever[pk] - anyhow[pk] for pk in pks}
        self.involved = anyhow
        self.conferences = per_household(CaseConference.objects.filter(
            household_id__in=pks, state=ConferenceState.PLANNED,
            planned_at__gte=timezone.now()).prefetch_related("participants", "invitations")
            .order_by("pk"))
        self.conference_household = {str(u): h for u, h in CaseConference.objects.filter(
            household_id__in=pks).values_list("uuid", "household_id")}
        self.signals = per_household(Signal.objects.filter(
            household_id__in=pks, closed_at__isnull=True).order_by("pk"))
        self.stagnations = per_household(Stagnation.objects.filter(
            household_id__in=pks, resolved_on__isnull=True).order_by("pk"))
        self.reports = per_household(VeiligThuisReport.objects.filter(
            household_id__in=pks, status__in=AWAITING_FEEDBACK).order_by("pk"))
        self.actions = {pk: [] for pk in pks}
        for action in Action.objects.filter(plan__household_id__in=pks,
                                            status__in=OPEN_ACTION).select_related("plan"):
            self.actions[action.plan.household_id].append(action)
        self.reported = {"petra": [], "gerrit": []}
        for signal in Signal.objects.filter(reported_by_id__in=reporters).order_by("pk"):
            name = reporters[signal.reported_by_id]
            if signal.source == {"petra": SignalSource.PARTNER,
                                 "gerrit": SignalSource.ZORG_MELDEN}[name]:
                self.reported[name].append(signal)


class ConferencesFollow(OpenWorkFollows):
    """The same world, rules and invariants with only the steps around a case conference:
    the household departed, the school connected (a partner invited in its own right),
    conferences planned, handovers and moves (mostly accepted), days passing. In the
    whole machine an accepted handover or move after a planned conference is rare in 20
    examples (none in some runs); here most examples reach one."""

    # Not about conferences: left out, so the steps go where the carers change.
    consent_follow_up = invite = introduce = depart = contact = None
    school_signal = zorg_melden_report = meldcode_steps = decide_and_close = None
    close_signal_with_reason = report_to_veilig_thuis = veilig_thuis_answers = None
    stagnation = escalate = plan_action = close = consent_withdrawal = None

    def register(self):  # H1 only, and not a rule here
        return OpenWorkFollows.register(self)

    # Mostly accepted: the carers change.
    @precondition(lambda self: self._open_handovers())
    @rule(data=st.data(), accept=st.sampled_from([True, True, False]))
    def handover_answer(self, data, accept):
        OpenWorkFollows.handover_answer(self, data, accept)

    @precondition(lambda self: self._requested_moves())
    @rule(data=st.data(), answer=st.sampled_from(["accept", "accept", "decline", "withdraw"]),
          address_now=st.booleans())
    def move_answered(self, data, answer, address_now):
        OpenWorkFollows.move_answered(self, data, answer, address_now)

    @initialize(to_hoorn=st.booleans(), by_shelter=st.booleans())
    def first_household(self, to_hoorn, by_shelter):
        super().first_household("departed", to_hoorn, by_shelter)


@pytest.mark.django_db
def test_planned_conferences_follow_the_household():
    run_state_machine_as_test(ConferencesFollow, settings=settings(
        max_examples=20, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))


@pytest.mark.django_db
def test_open_work_follows_the_household():
    run_state_machine_as_test(OpenWorkFollows, settings=settings(
        max_examples=20, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))
