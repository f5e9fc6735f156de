"""``zicht seed`` and ``zicht demo``: reproducible data that keeps the services' invariants."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import login
from tests.factories import UserFactory
from zicht.accounts.models import User
from zicht.audit.models import AccessLogEntry
from zicht.consent.models import Consent, ConsentPurpose
from zicht.contacts.models import ContactKind, ContactMoment
from zicht.demo.personas import DEMO_PASSWORD, PERSONAS, SCHOOL, demo_totp_key
from zicht.demo.seeding import seed
from zicht.demo.stories import seed_stories
from zicht.directory.models import Membership, Municipality, Organisation, Region, Role
from zicht.evaluation.models import Questionnaire
from zicht.households.models import (
    Address,
    Household,
    Involvement,
    InvolvementReason,
    Person,
    PersonRole,
)
from zicht.households.services import REFERENCE_ALPHABET
from zicht.moves.models import Move, MoveState
from zicht.plans.models import Action, ActionStatus, Goal, Instrument, Plan
from zicht.rhythm.models import SightStatus
from zicht.safety.models import RiskAssessment, RiskInstrument, SafetyPlan, SafetyPlanVersion
from zicht.signals.models import ReportStatus, Signal, SignalSource, Step, VeiligThuisReport
from zicht.stagnations.models import Rung, Stagnation
from zicht.trajectories.models import TRANSITIONS, Phase, Trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The demo accounts share one hash; the real hasher would only slow the tests down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _demo_mail_in_a_temporary_directory(settings, tmp_path):
    # ``zicht demo`` keeps its mail in DATA_DIR/mail; a test's goes to its own directory.
    settings.DATA_DIR = tmp_path


@pytest.fixture
def seeded():
    return seed(households=40, seed=1)


def snapshot() -> tuple[list, ...]:
    people = sorted(Person.objects.values_list(
        "household__reference", "role", "given_name", "family_name", "date_of_birth", "gender",
        "relation"))
    trajectories = sorted(Trajectory.objects.values_list(
        "household__reference", "phase", "destination_municipality__cbs_code",
        "supporter__username", "departure_date", "shelter_aftercare_until", "closed_on"))
    contacts = sorted(ContactMoment.objects.values_list(
        "trajectory__household__reference", "held_on", "reached", "feels_safe"))
    return people, trajectories, contacts


def stories_snapshot() -> tuple[list, ...]:
    """The demo's stories, by household reference (their UUIDs are new every time)."""
    plans = sorted(SafetyPlanVersion.objects.values_list(
        "plan__household__reference", "number", "risks", "next_review_on"))
    signals = sorted(Signal.objects.values_list(
        "household__reference", "source", "step", "observed"))
    stagnations = sorted(Stagnation.objects.values_list(
        "household__reference", "municipality__cbs_code", "what", "since", "rung",
        "resolved_on"))
    actions = sorted(Action.objects.values_list("plan__household__reference", "description",
                                                "status"))
    moves = sorted(Move.objects.values_list("trajectory__household__reference", "state",
                                            "to_municipality__cbs_code"))
    return plans, signals, stagnations, actions, moves


def test_the_same_seed_gives_the_same_data():
    seed(households=40, seed=7)
    first = snapshot()
    Household.objects.all().delete()

    seed(households=40, seed=7)
    assert snapshot() == first

    Household.objects.all().delete()
    seed(households=40, seed=8)
    assert snapshot()[0] != first[0]


def test_the_directory_is_created_once():
    seed(households=0, seed=1)
    seed(households=0, seed=1)
    assert Region.objects.count() == 2
    assert set(Municipality.objects.values_list("cbs_code", flat=True)) == {
        "GM0361", "GM0400", "GM0405", "GM0034", "GM0995"}
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count("municipality_team") == 5
    assert kinds.count("shelter") == 2
    assert kinds.count("veilig_thuis") == 2


def test_every_phase_is_present(seeded):
    assert seeded.households == Household.objects.count() == 40
    assert set(Trajectory.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert all(seeded.phases.values())


def test_references_look_like_the_services_make_them(seeded):
    references = list(Household.objects.values_list("reference", flat=True))
    pattern = re.compile(f"^ZH-[{REFERENCE_ALPHABET}]{{6}}$")
    assert len(set(references)) == len(references)
    assert all(pattern.match(r) for r in references)


def test_one_coordinator_from_departure_on(seeded):
    for trajectory in Trajectory.objects.prefetch_related("coordinator_assignments"):
        assignments = list(trajectory.coordinator_assignments.all())
        open_ones = [a for a in assignments if a.ended_at is None]
        if trajectory.phase == Phase.FOLLOW_UP:
            assert len(open_ones) == 1
        else:
            assert open_ones == []
        if trajectory.departure_date is None:
            assert assignments == []
            continue
        # Never zero, never two: each assignment starts when the previous one ends.
        assert timezone.localdate(assignments[0].started_at) == trajectory.departure_date
        for previous, following in zip(assignments, assignments[1:], strict=False):
            assert previous.ended_at == following.started_at


def test_involvements_match_what_the_services_write(seeded):
    today = timezone.localdate()
    for trajectory in Trajectory.objects.select_related("household"):
        involvements = list(trajectory.household.involvements.all())
        reasons = {i.reason for i in involvements}
        assert InvolvementReason.SHELTER in reasons
        assert (InvolvementReason.SUPPORTER in reasons) == (
            trajectory.supporter_organisation_id is not None)
        if trajectory.phase == Phase.CLOSED:
            assert all(i.ended_on is not None and i.ended_on <= trajectory.closed_on
                       for i in involvements)
            continue
        if trajectory.phase == Phase.FOLLOW_UP:
            # The shelter steps back the day after its own aftercare.
            shelter = next(i for i in involvements if i.reason == InvolvementReason.SHELTER)
            last_day = trajectory.shelter_aftercare_until or trajectory.departure_date
            assert shelter.ended_on == last_day + timedelta(days=1)
            coordinator = trajectory.coordinator_assignments.get(ended_at__isnull=True)
            assert Involvement.objects.current(today).filter(
                household=trajectory.household, organisation=coordinator.organisation,
                reason=InvolvementReason.COORDINATOR).exists()
        assert any(i.started_on <= today and (i.ended_on is None or i.ended_on > today)
                   for i in involvements)


def test_history_follows_the_phase_table(seeded):
    for trajectory in Trajectory.objects.prefetch_related("history"):
        history = list(trajectory.history.all())
        assert history[0].from_phase == "" and history[0].to_phase == Phase.REGISTERED
        assert history[-1].to_phase == trajectory.phase
        for change in history[1:]:
            assert change.to_phase in TRANSITIONS[change.from_phase]


def test_consent_before_the_invitation(seeded):
    for trajectory in Trajectory.objects.select_related("household"):
        consents = Consent.objects.filter(household=trajectory.household,
                                          purpose=ConsentPurpose.FOLLOW_UP,
                                          person__role=PersonRole.CLIENT)
        invited = trajectory.history.filter(to_phase=Phase.INVITED).first()
        assert consents.exists() == (invited is not None)
        if invited:
            assert consents.get().given_on <= timezone.localdate(invited.at)


def test_supporters_work_in_the_team_of_the_new_municipality(seeded):
    for trajectory in Trajectory.objects.exclude(supporter=None):
        assert trajectory.supporter_organisation.municipality_id == (
            trajectory.destination_municipality_id)
        assert Membership.objects.filter(
            user=trajectory.supporter, organisation=trajectory.supporter_organisation,
            role=Role.SUPPORTER, active=True).exists()
    assert not Trajectory.objects.filter(phase__in=[Phase.INVITED, Phase.INTRODUCED,
                                                    Phase.FOLLOW_UP], supporter=None).exists()


def test_contacts_fit_the_trajectory(seeded):
    today = timezone.localdate()
    contacts = ContactMoment.objects.select_related("trajectory")
    assert seeded.contacts == contacts.count() > 0
    for contact in contacts:
        trajectory = contact.trajectory
        if contact.kind == ContactKind.INTRODUCTION:
            assert contact.held_on <= (trajectory.departure_date or today)
        else:
            assert trajectory.departure_date < contact.held_on <= (trajectory.closed_on or today)
    follow_up = contacts.filter(kind=ContactKind.FOLLOW_UP)
    not_reached = follow_up.filter(reached=False)
    assert 0.05 < not_reached.count() / follow_up.count() < 0.3


def test_an_attempt_that_did_not_reach_the_client_has_no_answers(seeded):
    not_reached = ContactMoment.objects.filter(reached=False)
    assert not_reached.exists()
    for contact in not_reached:
        assert all(getattr(contact, q) == "" for q in ContactMoment.QUESTION_FIELDS)
    reached = ContactMoment.objects.filter(reached=True, kind=ContactKind.FOLLOW_UP)
    assert reached.filter(feels_safe="yes").count() > reached.exclude(feels_safe="yes").count()


def test_seeding_writes_no_access_log(seeded):
    assert not AccessLogEntry.objects.exists()


def test_the_seed_command_does_not_mix_into_existing_households():
    call_command("seed", "--households", "3", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("seed", "--households", "3", stdout=StringIO())
    call_command("seed", "--households", "3", "--append", stdout=StringIO(), stderr=StringIO())
    assert Household.objects.count() == 6


def test_demo_creates_accounts_that_pass_two_factor():
    out = StringIO()
    call_command("demo", "--no-serve", "--households", "20", stdout=out)
    output = out.getvalue()

    for persona in PERSONAS:
        user = User.objects.get(username=persona.username)
        assert user.check_password(DEMO_PASSWORD)
        device = TOTPDevice.objects.get(user=user, name="default", confirmed=True)
        assert device.key == demo_totp_key(persona.username)
        assert persona.username in output
    assert User.objects.get(username="beheerder").is_superuser
    assert Trajectory.objects.filter(supporter__username="ondersteuner").exists()

    device = TOTPDevice.objects.get(user__username="ondersteuner")
    assert device.config_url.split("secret=")[1].split("&")[0] in output  # base32 secret
    assert device.verify_token(totp(bytes.fromhex(device.key)))


# Outside a test transaction: PostgreSQL cannot empty tables with pending constraint checks.
@pytest.mark.django_db(transaction=True)
def test_demo_twice_starts_from_the_same_data():
    call_command("demo", "--no-serve", "--households", "12", stdout=StringIO())
    first, stories = snapshot(), stories_snapshot()
    call_command("demo", "--no-serve", "--households", "12", stdout=StringIO())
    assert snapshot() == first
    assert stories_snapshot() == stories and all(stories)
    assert Household.objects.count() == 12


def test_demo_on_a_server_database_keeps_the_migrations_default_data():
    """A server database (and the tests' in-memory one) is flushed, not dropped: the
    questionnaires and instruments the migrations created come back after the flush."""
    call_command("demo", "--no-serve", "--households", "0", stdout=StringIO())
    assert Questionnaire.objects.exists()
    assert Instrument.objects.filter(is_default=True).exists()
    assert RiskInstrument.objects.filter(is_default=True).exists()
    from zicht.network.models import SelfScanFramework

    assert SelfScanFramework.objects.filter(active=True, source="shipped").exists()


def test_demo_does_not_wipe_a_real_database():
    UserFactory(username="echte.gebruiker")
    with pytest.raises(CommandError):
        call_command("demo", "--no-serve", stdout=StringIO())
    assert User.objects.filter(username="echte.gebruiker").exists()


# --- The demo's stories (``demo.stories``): every part of the product, as personas see it.

DEMO_HOUSEHOLDS = 20  # fewer than the demo's 40, enough for every story


@pytest.fixture
def demo():
    """``zicht demo`` on a few households; the demo personas by user name."""
    call_command("demo", "--no-serve", "--households", str(DEMO_HOUSEHOLDS), stdout=StringIO())
    return {u.username: u for u in User.objects.filter(username__in=[p.username
                                                                     for p in PERSONAS])}


def page(client, user, name: str, *args):
    login(client, user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (user.username, name)
    return response


def part_naming(html: str, reference: str) -> str:
    """The table row (or list item) of a page that names the household."""
    parts = re.split(r"<tr|<li", html)
    return next(part for part in parts if reference in part)


def test_the_supporter_sees_moves_signals_safety_plans_and_the_plan(client, demo):
    omar = demo["ondersteuner"]
    home = page(client, omar, "home")  # Vandaag
    html = home.content.decode()
    lines = ([line for _task, line in home.context["mine"] if line.trajectory]
             + list(home.context["team"].object_list))
    following = [line.trajectory for line in lines]

    # A household of theirs moving away: "in overdracht" on its line.
    leaving = [line for line in lines if line.trajectory.in_handover]
    assert leaving
    assert "in overdracht" in part_naming(html, leaving[0].reference)
    # A household that moved in from another municipality, handover accepted.
    arrived = Move.objects.get(state=MoveState.ACCEPTED, to_supporter=omar)
    assert arrived.to_organisation == omar.memberships.get().organisation
    assert arrived.trajectory in following
    # The out-of-sight statuses and the safety plans reflect the stories.
    tasks = {task.text for line in lines for task in line.tasks}
    for text in ("Veiligheidsplan: evaluatie", "Verhuizing (gepland of recent)",
                 "Cliënt voelt zich niet veilig"):
        assert any(task.startswith(text) for task in tasks), text

    # The team's signals, in different steps of the meldcode, from different sources.
    signals = page(client, omar, "signals:signals").context["to_handle"]
    steps = {s.step for s in signals}
    assert Step.RECEIVED in steps and Step.DECIDED in steps
    assert steps & {Step.MAPPED, Step.CONSULTED, Step.TALKED, Step.WEIGHED}
    assert {s.source for s in signals} == {SignalSource.PARTNER, SignalSource.ZORG_MELDEN,
                                           SignalSource.CONTACT}
    decided = next(s for s in signals if s.step == Step.DECIDED)
    report = decided.reports.get()
    assert report.status == ReportStatus.REPORT and report.feedback

    # A safety plan and a plan with goals, actions (one for a partner) and scores.
    plan_household = next(t.household for t in following
                          if Plan.objects.filter(household=t.household).exists())
    plan = page(client, omar, "plans:detail", plan_household.uuid).context
    assert plan["goals"] and plan["actions"] and plan["trends"]
    partners = {a.responsible_organisation.kind for a in plan["actions"]}
    assert partners - {"municipality_team"}
    overdue = next(line.trajectory.household for line in lines
                   if any(t.text.startswith("Veiligheidsplan: evaluatie") for t in line.tasks))
    safety = page(client, omar, "safety:overview", overdue.uuid).content.decode()
    assert "Van " in safety  # the plan's risks: from whom, to whom


def test_partners_veilig_thuis_and_the_municipality_see_their_part(client, demo):
    # The school: its own worry, not yet picked up, and its own action in the plan.
    school = page(client, demo["school"], "signals:signals")
    own = list(school.context["own"])
    assert own and not own[0].is_picked_up
    assert "Ontvangen" in school.content.decode()
    household = own[0].household
    assert household in school.context["connected"]
    plan = page(client, demo["school"], "plans:detail", household.uuid).context
    action = next(a for a in plan["actions"] if a.responsible_organisation.name == SCHOOL)
    assert action.status == ActionStatus.IN_PROGRESS
    # The client agreed to the plan only: the household page names nobody.
    record = page(client, demo["school"], "households:detail", household.uuid).content.decode()
    assert household.client.family_name not in record

    # The GP reported through "zorg melden" and sees that it was picked up.
    gp = page(client, demo["huisarts"], "signals:signals")
    assert [s.is_picked_up for s in gp.context["own"]] == [True]
    assert gp.context["own"][0].source == SignalSource.ZORG_MELDEN

    # Veilig Thuis sees the report sent to it, and not the household.
    reports = page(client, demo["veiligthuis"], "signals:veilig_thuis")
    assert "Aangenomen als melding" in reports.content.decode()
    reported = reports.context["lines"][0].report.household
    login(client, demo["veiligthuis"])
    assert client.get(reverse("households:detail", args=[reported.uuid])).status_code == 404

    # The municipality: its policy persona holds doorzettingsmacht and sees the one
    # escalated to it; the team lead sees the counts only.
    overview = page(client, demo["beleid"], "stagnations:overview")
    rows = overview.context["stagnations"]
    assert rows and all(s.is_open and s.rung == Rung.MUNICIPALITY for s in rows)
    counts = page(client, demo["teamleider"], "stagnations:overview").context
    assert counts["stagnations"] == [] and counts["total"] > len(rows)
    # Its self-scan, completed with its partners, with an improvement action.
    selfscan = page(client, demo["beleid"], "network:selfscans").context
    assert [s.completed for s in selfscan["own"]] == [True]
    assert selfscan["results"].themes[0].scores[0] is not None

    # The supporter a household is moving to sees it coming, by reference only.
    pending = Move.objects.get(state=MoveState.REQUESTED)
    incoming = page(client, pending.to_supporter, "home")
    assert reverse("moves:detail", args=[pending.uuid]) in incoming.content.decode()
    assert pending.trajectory.household.reference in incoming.content.decode()


def test_the_stories_went_through_the_services(demo):
    """Each write left its access-log entry, by a demo persona, and no text holds an address."""
    logged = set(AccessLogEntry.objects.values_list("record_uuid", flat=True))
    for model in (SafetyPlanVersion, RiskAssessment, Signal, VeiligThuisReport, Goal, Action,
                  Stagnation, Move):
        uuids = set(model.objects.values_list("uuid", flat=True))
        assert uuids and uuids <= logged, model.__name__
    assert set(AccessLogEntry.objects.values_list("user__username", flat=True)) <= set(demo)

    streets = [a.street for a in Address.objects.all()]
    texts = [*Signal.objects.values_list("observed", flat=True),
             *Stagnation.objects.values_list("what", flat=True),
             *Goal.objects.values_list("description", flat=True),
             *Action.objects.values_list("description", flat=True),
             *(str(v) for v in SafetyPlanVersion.objects.values()),
             *(str(r.content) for r in VeiligThuisReport.objects.all()),
             *(str(m.summary) for m in Move.objects.all()),
             *(c.notes for c in ContactMoment.objects.exclude(notes=""))]
    assert not [s for s in streets for text in texts if s in text]

    # The scan ran: every household in follow-up has its out-of-sight status.
    assert not Trajectory.objects.filter(phase=Phase.FOLLOW_UP, sight_status=None).exists()


def test_seeding_alone_tells_no_stories(seeded):
    """``zicht seed`` (and the benches) stay the bulk path: the stories are the demo's."""
    for model in (SafetyPlan, Signal, Plan, Stagnation, Move, SightStatus):
        assert not model.objects.exists(), model.__name__


@pytest.mark.parametrize("households", [0, 2])
def test_with_few_households_the_stories_that_cannot_happen_are_left_out(households):
    seed(households=households, seed=3, demo_accounts=True)
    told = seed_stories(seed=3)
    assert told.signals == Signal.objects.count()
    assert told.stagnations == Stagnation.objects.count()
    assert told.moves == Move.objects.count()


def test_the_demo_has_someone_to_onboard_and_to_approve_a_reset(client, demo):
    """The organisation's admin manages its people, the privacy officer is the second pair
    of eyes on a reset, and the regional admin connects new organisations of the region;
    none of them gets Django's admin site, which stays with the functional administrator."""
    assert "Carla" in page(client, demo["beheer.alkmaar"], "directory:manage").content.decode()
    page(client, demo["privacy.alkmaar"], "directory:resets")
    region = page(client, demo["regiobeheer"], "directory:region").content.decode()
    assert "OBS De Regenboog" in region
    assert not any(demo[name].is_staff for name in ("beheer.alkmaar", "privacy.alkmaar",
                                                    "regiobeheer"))


def test_the_demo_holds_a_case_conference_whose_condition_is_in_the_plan(demo):
    from zicht.conferences.models import CaseConference, ConferenceState
    from zicht.plans.models import SafetyCondition

    held = CaseConference.objects.get(state=ConferenceState.HELD)
    assert held.agreed_conditions.count() == 1
    assert SafetyCondition.objects.get().plan.household == held.household
    assert CaseConference.objects.filter(household=held.household,
                                         state=ConferenceState.PLANNED).exists()
