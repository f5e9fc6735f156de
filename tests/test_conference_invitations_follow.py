"""A planned case conference's invitations follow the household (issue 12, "Nothing falls
between two chairs"): after a move or a new coordinator the new carers are invited, and
whoever no longer carries the household loses the invitation, its inbox message and its
calendar entry; a partner connected in its own right keeps hers."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from tests.test_conferences import _feed, _plan, connected_school  # noqa: F401 (a fixture)
from tests.test_moves import _request
from zicht.audit.models import AccessLogEntry
from zicht.conferences.models import ConferenceState, InvitationChange, InvitationChangeKind
from zicht.conferences.services import (
    conference_cancel,
    conference_invitations_follow,
    conference_plan,
)
from zicht.moves.services import move_accept
from zicht.notifications.models import Notification, NotificationKind
from zicht.trajectories.handovers import handover_accept, handover_propose


def _invited(conference) -> set[str]:
    return set(conference.invitations.values_list("user__username", flat=True))


@pytest.fixture
def planned(household, supporter, shelter, shelter_worker, connected_school,  # noqa: F811
            school_partner):
    """Omar (coordinator) convened the shelter, still in its aftercare, and the school."""
    return _plan(household, supporter, [shelter, connected_school])


def test_after_a_move_the_new_supporter_is_invited_and_who_stepped_back_is_not(
        client, household, planned, supporter, shelter_worker, school_partner, outsider,
        hoorn_team, school):
    assert _invited(planned) == {shelter_worker.username, school_partner.username}
    assert "Casusoverleg" in _feed(client, shelter_worker)
    assert "Casusoverleg" in _feed(client, supporter)  # she convened it
    link = reverse("conferences:detail", args=[household.uuid, planned.uuid])

    move_accept(actor=as_actor(outsider), move=_request(household, supporter, hoorn_team,
                                                        outsider))

    # The shelter's aftercare ended with the move; the school stays connected.
    assert _invited(planned) == {outsider.username, school_partner.username}
    assert set(planned.participants.all()) == {hoorn_team, school}
    invited = Notification.objects.get(recipient=outsider,
                                       kind=NotificationKind.CASE_CONFERENCE)
    assert (invited.household_id, invited.link) == (household.pk, link)
    # Sanne is told, without the household she may no longer open, and her invitation no
    # longer asks anything of her.
    told = Notification.objects.get(recipient=shelter_worker,
                                    kind=NotificationKind.CASE_CONFERENCE_WITHDRAWN)
    assert (told.household_id, told.link) == (None, "")
    assert Notification.objects.get(recipient=shelter_worker,
                                    kind=NotificationKind.CASE_CONFERENCE).read_at
    assert Notification.objects.get(recipient=school_partner,
                                    kind=NotificationKind.CASE_CONFERENCE).read_at is None
    assert "Casusoverleg" not in _feed(client, shelter_worker)
    assert "Casusoverleg" not in _feed(client, supporter)  # her team no longer carries it
    assert "Casusoverleg" in _feed(client, outsider)
    assert {(h.user, h.change, h.by) for h in InvitationChange.objects.all()} == {
        (outsider, InvitationChangeKind.INVITED, outsider),
        (shelter_worker, InvitationChangeKind.WITHDRAWN, outsider)}
    assert AccessLogEntry.objects.filter(record_uuid=planned.uuid, action="update",
                                         user=outsider).count() == 1

    # The old supporter and the old shelter worker: 404 on the conference page now.
    for old in (supporter, shelter_worker):
        assert login(client, old).get(link).status_code == 404
    page = login(client, outsider).get(link)
    assert page.status_code == 200
    assert "U bent uitgenodigd" in page.text
    assert "Uitnodiging ingetrokken" in page.text


def test_a_new_coordinator_is_invited_and_the_old_one_still_involved_keeps_hers(
        household, supporter, colleague, shelter_worker, alkmaar_team, shelter):
    trajectory = household.trajectories.get()
    handover = handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                                organisation=shelter, professional=shelter_worker)
    handover_accept(actor=as_actor(shelter_worker), handover=handover)
    # Sanne coordinates now and convenes Omar's team, then hands the regie to Carla.
    conference = _plan(household, shelter_worker, [alkmaar_team])
    assert _invited(conference) == {supporter.username}
    handover = handover_propose(actor=as_actor(shelter_worker), trajectory=trajectory,
                                organisation=alkmaar_team, professional=colleague)
    handover_accept(actor=as_actor(colleague), handover=handover)

    # Omar is still the supporter, the shelter still in its aftercare: both stay.
    assert _invited(conference) == {supporter.username, colleague.username}
    assert Notification.objects.filter(recipient=colleague,
                                       kind=NotificationKind.CASE_CONFERENCE).count() == 1
    assert not Notification.objects.filter(kind=NotificationKind.CASE_CONFERENCE_WITHDRAWN)


def test_only_conferences_still_to_come_follow(household, supporter, shelter, shelter_worker,
                                               outsider, hoorn_team):
    past = _plan(household, supporter, [shelter])
    past.planned_at = timezone.now() - timedelta(days=1)
    past.save(update_fields=["planned_at"])
    cancelled = conference_cancel(actor=as_actor(supporter),
                                  conference=_plan(household, supporter, [shelter]),
                                  reason="Ziek")
    move_accept(actor=as_actor(outsider), move=_request(household, supporter, hoorn_team,
                                                        outsider))
    for conference in (past, cancelled):
        assert _invited(conference) == {shelter_worker.username}
    assert cancelled.state == ConferenceState.CANCELLED
    assert not InvitationChange.objects.exists()


def test_nothing_changed_nothing_written(household, planned, supporter):
    entries = AccessLogEntry.objects.count()
    assert conference_invitations_follow(actor=as_actor(supporter),
                                         trajectory=household.trajectories.get()) == 0
    assert AccessLogEntry.objects.count() == entries


@pytest.mark.parametrize("conferences", [1, 3])
def test_the_queries_per_conference_are_bounded(django_assert_max_num_queries, conferences,
                                                household, supporter, shelter, shelter_worker,
                                                connected_school, school_partner):  # noqa: F811
    for _n in range(conferences):
        _plan(household, supporter, [shelter, connected_school])
    trajectory = household.trajectories.get()
    # The shelter steps back: Sanne's invitations go.
    household.involvements.filter(organisation=shelter).update(
        ended_on=timezone.localdate())
    # A fixed 13 to read the household's carers and conferences, then 13 per conference
    # that changes (its participants, invitations, history, log row and messages).
    with django_assert_max_num_queries(13 + 13 * conferences):
        assert conference_invitations_follow(actor=as_actor(supporter),
                                             trajectory=trajectory) == conferences


def test_the_feed_drops_a_conference_once_the_aftercare_has_run_out(
        client, household, supporter, shelter, shelter_worker):
    # Nobody acts when the shelter's aftercare ends (the involvement's end was set at
    # departure): the feed itself asks whether her organisation is still involved.
    conference_plan(actor=as_actor(supporter), household=household,
                    planned_at=timezone.now() + timedelta(days=90), agenda="Na de nazorg",
                    participants=[shelter])
    assert "Casusoverleg" in _feed(client, shelter_worker)
    with time_machine.travel(timezone.now() + timedelta(days=62)):
        assert "Casusoverleg" not in _feed(client, shelter_worker)
