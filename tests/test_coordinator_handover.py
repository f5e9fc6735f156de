"""One coordinator: a change of coordinator is a handover the successor accepts.

DOMAIN.md: "from departure on exactly one coordinator at any time". Until the successor
accepts nothing changes; the database refuses a second open assignment, also when two
connections race for it.
"""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.trajectories.handovers import (
    aftercare_ending_without_successor,
    handover_accept,
    handover_decline,
    handover_propose,
    handover_withdraw,
)
from zicht.trajectories.models import CoordinatorAssignment, HandoverState
from zicht.trajectories.selectors import current_coordinator
from zicht.trajectories.services import coordinator_assign


@pytest.fixture
def trajectory(household):
    return household.trajectories.get()


def test_a_proposal_changes_nothing_until_the_successor_accepts(trajectory, supporter,
                                                               colleague, alkmaar_team):
    before = current_coordinator(trajectory)
    handover = handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                                organisation=alkmaar_team, professional=colleague)
    assert current_coordinator(trajectory) == before

    assignment = handover_accept(actor=as_actor(colleague), handover=handover)
    assert current_coordinator(trajectory) == assignment
    assert assignment.professional == colleague
    before.refresh_from_db()
    assert before.ended_at == assignment.started_at
    handover.refresh_from_db()
    assert handover.state == HandoverState.ACCEPTED
    assert [h.to_state for h in handover.history.all()] == ["proposed", "accepted"]


def test_only_the_current_coordinator_proposes(trajectory, colleague, shelter_worker, shelter):
    with pytest.raises(PermissionDenied):
        handover_propose(actor=as_actor(colleague), trajectory=trajectory, organisation=shelter)


def test_only_the_proposed_successor_accepts(trajectory, supporter, colleague, alkmaar_team,
                                             shelter_worker):
    handover = handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                                organisation=alkmaar_team, professional=colleague)
    for someone in (supporter, shelter_worker):
        with pytest.raises(PermissionDenied):
            handover_accept(actor=as_actor(someone), handover=handover)


def test_declined_or_withdrawn_leaves_the_coordinator_in_place(trajectory, supporter,
                                                               colleague, alkmaar_team):
    before = current_coordinator(trajectory)
    first = handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                             organisation=alkmaar_team, professional=colleague)
    handover_decline(actor=as_actor(colleague), handover=first, reason="Te vol")
    second = handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                              organisation=alkmaar_team, professional=colleague)
    handover_withdraw(actor=as_actor(supporter), handover=second)
    assert current_coordinator(trajectory) == before
    with pytest.raises(ValidationError):
        handover_accept(actor=as_actor(colleague), handover=second)


def test_one_open_proposal_at_a_time(trajectory, supporter, colleague, alkmaar_team, shelter):
    handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                     organisation=alkmaar_team, professional=colleague)
    with pytest.raises(ValidationError):
        handover_propose(actor=as_actor(supporter), trajectory=trajectory, organisation=shelter)


def test_the_coordinator_page_proposes_and_the_successor_accepts(client, household, supporter,
                                                                colleague, alkmaar_team):
    login(client, supporter)
    response = client.post(reverse("households:coordinator", args=[household.uuid]), {
        "organisation": alkmaar_team.pk, "professional": colleague.pk, "note": "Ik ga weg"})
    assert response.status_code == 302
    handover = household.trajectories.get().coordinator_handovers.get()
    assert current_coordinator(household.trajectories.get()).professional == supporter
    proposer_page = client.get(reverse("trajectories:handover", args=[handover.uuid]))
    assert "Overdracht intrekken" in proposer_page.content.decode()
    assert "Regie aanvaarden" not in proposer_page.content.decode()

    login(client, colleague)
    home = client.get(reverse("home")).content.decode()
    assert reverse("trajectories:handover", args=[handover.uuid]) in home
    page = client.get(reverse("trajectories:handover", args=[handover.uuid]))
    assert page.status_code == 200 and "Regie aanvaarden" in page.content.decode()
    client.post(reverse("trajectories:handover", args=[handover.uuid]), {"answer": "accept"})
    assert current_coordinator(household.trajectories.get()).professional == colleague


def test_an_outsider_cannot_see_a_handover(client, household, supporter, colleague,
                                           alkmaar_team, outsider):
    handover = handover_propose(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                                organisation=alkmaar_team, professional=colleague)
    login(client, outsider)
    assert client.get(reverse("trajectories:handover", args=[handover.uuid])).status_code == 404
    assert client.post(reverse("trajectories:handover", args=[handover.uuid]),
                       {"answer": "accept"}).status_code == 404


# --- The shelter's aftercare ends: warn two weeks ahead --------------------------------


@pytest.fixture
def shelter_coordinated(household, supporter, shelter):
    """The shelter coordinates during its aftercare, which ends in 60 days."""
    trajectory = household.trajectories.get()
    coordinator_assign(actor=as_actor(supporter), trajectory=trajectory, organisation=shelter)
    return trajectory


def test_aftercare_ending_without_a_successor_warns_two_weeks_ahead(shelter_coordinated):
    trajectory = shelter_coordinated
    end = trajectory.shelter_aftercare_until
    assert not aftercare_ending_without_successor(trajectory, end - timedelta(days=15))
    assert aftercare_ending_without_successor(trajectory, end - timedelta(days=14))
    assert aftercare_ending_without_successor(trajectory, end + timedelta(days=3))


def test_a_proposed_successor_silences_the_warning(shelter_coordinated, shelter_worker,
                                                   alkmaar_team, supporter):
    trajectory = shelter_coordinated
    handover_propose(actor=as_actor(shelter_worker), trajectory=trajectory,
                     organisation=alkmaar_team, professional=supporter)
    end = trajectory.shelter_aftercare_until
    assert not aftercare_ending_without_successor(trajectory, end - timedelta(days=1))


def test_the_warning_shows_on_the_household_page_and_caseload(client, shelter_coordinated,
                                                              supporter, time_machine):
    trajectory = shelter_coordinated
    time_machine.move_to(trajectory.shelter_aftercare_until - timedelta(days=10))
    login(client, supporter)
    page = client.get(reverse("households:detail", args=[trajectory.household.uuid]))
    assert "nog geen opvolgend regisseur" in page.content.decode()
    assert "nazorg eindigt, geen opvolger" in client.get(reverse("home")).content.decode()


def test_the_caseload_drops_the_warning_once_a_successor_is_proposed(
        client, shelter_coordinated, shelter_worker, supporter, alkmaar_team, time_machine):
    trajectory = shelter_coordinated
    time_machine.move_to(trajectory.shelter_aftercare_until - timedelta(days=10))
    handover_propose(actor=as_actor(shelter_worker), trajectory=trajectory,
                     organisation=alkmaar_team, professional=supporter)
    login(client, supporter)
    assert "nazorg eindigt, geen opvolger" not in client.get(
        reverse("home")).content.decode()


def test_no_warning_once_the_team_coordinates(household):
    trajectory = household.trajectories.get()
    assert not aftercare_ending_without_successor(trajectory, trajectory.shelter_aftercare_until)


# --- The database guarantee under concurrency ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_for_a_second_coordinator_one_fails(household, supporter,
                                                                   shelter, alkmaar_team):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers: no two connections can race there. "
                    "The constraint itself is tested in test_trajectory_rules.")
    trajectory = household.trajectories.get()
    trajectory.coordinator_assignments.update(ended_at=timezone.now())
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def add_coordinator(organisation):
        try:
            with transaction.atomic():
                # Both check "no open assignment" before either writes: the code's check
                # passes twice; only the database can refuse the second.
                assert not CoordinatorAssignment.objects.filter(
                    trajectory=trajectory, ended_at__isnull=True).exists()
                barrier.wait()
                CoordinatorAssignment.objects.create(
                    trajectory=trajectory, organisation=organisation,
                    started_at=timezone.now(), assigned_by=supporter)
            outcomes.append("created")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_coordinator, args=(org,))
               for org in (shelter, alkmaar_team)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert trajectory.coordinator_assignments.filter(ended_at__isnull=True).count() == 1


def test_the_offer_reaches_the_proposed_coordinators_inbox(household, supporter, outsider,
                                                           hoorn_team):
    from django.urls import reverse

    from zicht.notifications.models import Notification, NotificationKind
    from zicht.trajectories.handovers import handover_propose

    handover = handover_propose(actor=as_actor(supporter),
                                trajectory=household.trajectories.get(),
                                organisation=hoorn_team, professional=outsider)
    offer = Notification.objects.get(recipient=outsider,
                                     kind=NotificationKind.COORDINATOR_OFFER)
    assert offer.link == reverse("trajectories:handover", args=[handover.uuid])
