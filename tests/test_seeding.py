"""``zicht seed`` and ``zicht demo``: reproducible data that keeps the services' invariants."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from zicht.accounts.models import User
from zicht.audit.models import AccessLogEntry
from zicht.consent.models import Consent, ConsentPurpose
from zicht.contacts.models import ContactKind, ContactMoment
from zicht.core.seeding import DEMO_PASSWORD, PERSONAS, demo_totp_key, seed
from zicht.directory.models import Membership, Municipality, Organisation, Region, Role
from zicht.evaluation.models import Questionnaire
from zicht.households.models import Household, Involvement, InvolvementReason, Person, PersonRole
from zicht.households.services import REFERENCE_ALPHABET
from zicht.plans.models import Instrument
from zicht.safety.models import RiskInstrument
from zicht.trajectories.models import TRANSITIONS, Phase, Trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The demo accounts share one hash; the real hasher would only slow the tests down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    first = snapshot()
    call_command("demo", "--no-serve", "--households", "12", stdout=StringIO())
    assert snapshot() == first
    assert Household.objects.count() == 12


def test_demo_on_a_server_database_keeps_the_migrations_default_data():
    """A server database (and the tests' in-memory one) is flushed, not dropped: the
    questionnaires and instruments the migrations created come back after the flush."""
    call_command("demo", "--no-serve", "--households", "0", stdout=StringIO())
    assert Questionnaire.objects.exists()
    assert Instrument.objects.filter(is_default=True).exists()
    assert RiskInstrument.objects.filter(is_default=True).exists()


def test_demo_does_not_wipe_a_real_database():
    UserFactory(username="echte.gebruiker")
    with pytest.raises(CommandError):
        call_command("demo", "--no-serve", stdout=StringIO())
    assert User.objects.filter(username="echte.gebruiker").exists()
