"""Closing a trajectory ends every involvement, so it waits until no open work would be
left with nobody (issue 12): a worry, a stalled piece of help, a plan action someone
counts on, an answer from Veilig Thuis, a move or handover awaiting an answer, a case
conference still planned."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.conferences.services import conference_cancel, conference_plan
from zicht.households.models import Involvement
from zicht.plans.services import action_add
from zicht.signals.closing import signal_close
from zicht.signals.models import About, Outcome, Urgency
from zicht.signals.services import signal_report
from zicht.stagnations.services import stagnation_record, stagnation_resolve
from zicht.trajectories.models import CloseReason, Phase
from zicht.trajectories.services import open_work, trajectory_close


def _worry(household, supporter):
    return signal_report(actor=as_actor(supporter), household=household,
                         urgency=Urgency.NOT_ACUTE, about=About.CLIENT,
                         observed="De ex-partner stond bij het hek van de school.",
                         observed_on=timezone.localdate())


def _close(household, supporter):
    return trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                            reason="", reason_code=CloseReason.CLIENT_DECLINES)


def test_a_trajectory_with_an_open_signal_does_not_close_until_the_signal_is_decided(
        household, supporter):
    signal = _worry(household, supporter)

    with pytest.raises(ValidationError, match="1 open signaal"):
        _close(household, supporter)
    trajectory = household.trajectories.get()
    assert trajectory.phase == Phase.FOLLOW_UP
    assert Involvement.objects.current().filter(household=household).exists()

    signal_close(actor=as_actor(supporter), signal=signal, outcome=Outcome.CLOSED_WITH_REASON,
                 reason="Besproken met de cliënt: geen zorgen meer.")
    assert _close(household, supporter).phase == Phase.CLOSED


def test_a_planned_case_conference_is_held_or_cancelled_before_the_close(
        household, supporter, shelter):
    conference = conference_plan(actor=as_actor(supporter), household=household,
                                 planned_at=timezone.now() + timedelta(days=3),
                                 agenda="Veiligheid rond school", participants=[shelter])

    assert [(item.label, item.url) for item in open_work(household.trajectories.get())] == [
        ("1 casusoverleg dat nog gepland staat",
         reverse("conferences:detail", args=[household.uuid, conference.uuid]))]
    with pytest.raises(ValidationError, match="1 casusoverleg dat nog gepland staat"):
        _close(household, supporter)
    assert household.trajectories.get().phase == Phase.FOLLOW_UP

    conference_cancel(actor=as_actor(supporter), conference=conference,
                      reason="De cliënt wil het traject beëindigen.")
    assert _close(household, supporter).phase == Phase.CLOSED

def test_every_kind_of_open_work_is_named_and_each_leads_to_where_it_is_finished(
        household, supporter, alkmaar_team):
    _worry(household, supporter)
    stagnation = stagnation_record(actor=as_actor(supporter), household=household,
                                   domain="debts", what="Wachtlijst schuldhulpverlening",
                                   since=timezone.localdate() - timedelta(days=30),
                                   must_act="Schuldhulp Alkmaar")
    action_add(actor=as_actor(supporter), household=household, domain="debts",
               description="Aanmelden bij de schuldhulp", responsible_organisation=alkmaar_team)

    work = open_work(household.trajectories.get())

    assert {(item.label, item.url) for item in work} == {
        ("1 open signaal", reverse("safety:overview", args=[household.uuid])),
        ("1 stagnatie die niet is opgelost",
         reverse("stagnations:household", args=[household.uuid])),
        ("1 actie in het plan die nog open staat",
         reverse("plans:detail", args=[household.uuid])),
    }
    stagnation_resolve(actor=as_actor(supporter), stagnation=stagnation,
                       resolution="Geplaatst bij de schuldhulp.")
    assert len(open_work(household.trajectories.get())) == 2


def test_the_close_page_lists_what_to_finish_first_and_a_refused_close_changes_nothing(
        client, household, supporter):
    _worry(household, supporter)
    login(client, supporter)
    url = reverse("households:close", args=[household.uuid])

    page = client.get(url).content.decode()
    assert "Eerst afronden" in page
    assert reverse("safety:overview", args=[household.uuid]) in page

    refused = client.post(url, {"reason_code": CloseReason.CLIENT_DECLINES, "reason": ""})
    assert refused.status_code == 200
    assert "Rond dit eerst af of draag het over" in refused.content.decode()
    assert household.trajectories.get().phase == Phase.FOLLOW_UP


def test_without_open_work_the_close_page_shows_no_list(client, household, supporter):
    login(client, supporter)
    page = client.get(reverse("households:close", args=[household.uuid])).content.decode()
    assert "Eerst afronden" not in page


def test_an_outsider_does_not_learn_of_open_work_through_the_close_page(client, household,
                                                                        supporter, outsider):
    _worry(household, supporter)
    login(client, outsider)
    assert client.get(reverse("households:close", args=[household.uuid])).status_code == 404
