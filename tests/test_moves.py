"""Moving to another municipality: the warm handover (warme overdracht).

The receiving supporter (here: the Hoorn supporter, an outsider until the move) sees only
the summary the client consented to; on acceptance Hoorn takes over and Alkmaar loses
access, while what Alkmaar recorded stays attributed to Alkmaar.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.services import contact_record
from zicht.households.selectors import visible_households
from zicht.moves.models import MoveState
from zicht.moves.selectors import move_pending_too_long
from zicht.moves.services import move_accept, move_decline, move_request
from zicht.stagnations.services import stagnation_record
from zicht.trajectories.selectors import current_coordinator


def _request(household, supporter, hoorn_team, receiver=None):
    return move_request(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                        to_organisation=hoorn_team, to_supporter=receiver,
                        meeting_at=timezone.now() + timedelta(days=3),
                        meeting_place="Samen met de cliënt")


@pytest.fixture
def handover_consent(household, supporter):
    return consent_record(actor=as_actor(supporter), household=household,
                          person=household.client, purpose=ConsentPurpose.HANDOVER,
                          method=ConsentMethod.VERBAL, given_on=timezone.localdate())


def test_without_handover_consent_the_summary_leaves_everything_out(household, supporter,
                                                                    hoorn_team, outsider):
    move = _request(household, supporter, hoorn_team, outsider)
    assert move.summary["excluded"] == ["contacts", "household", "plan", "safety_plan",
                                        "stagnations"]
    assert "persons" not in move.summary and "contacts" not in move.summary
    assert "Fatima" not in str(move.summary)


def test_with_consent_the_summary_holds_plan_stagnations_and_contacts(
        household, supporter, hoorn_team, outsider, handover_consent):
    stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                      what="Uitkering vertraagd", since=timezone.localdate(), must_act="W&I")
    move = _request(household, supporter, hoorn_team, outsider)
    assert move.summary["excluded"] == []
    assert [s["what"] for s in move.summary["stagnations"]] == ["Uitkering vertraagd"]
    assert "Kees" not in str(move.summary)  # the perpetrator is not in the summary
    assert {p["name"] for p in move.summary["persons"]} >= {"Fatima Yilmaz"}


def test_until_acceptance_nothing_changes_and_both_see_it_in_handover(
        client, household, supporter, hoorn_team, outsider):
    move = _request(household, supporter, hoorn_team, outsider)
    assert household in visible_households(as_actor(supporter))
    assert household not in visible_households(as_actor(outsider))
    login(client, outsider)
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert household.reference in home and "in overdracht" in home
    assert client.get(reverse("moves:detail", args=[move.uuid])).status_code == 200
    login(client, supporter)
    assert "in overdracht" in client.get(reverse("home")).content.decode()


def test_on_acceptance_the_new_municipality_takes_over_and_the_old_loses_access(
        household, supporter, colleague, hoorn_team, outsider, alkmaar_team):
    trajectory = household.trajectories.get()
    contact = contact_record(actor=as_actor(supporter), trajectory=trajectory, kind="follow_up",
                             held_on=timezone.localdate(), channel="phone", reached=True)
    move = _request(household, supporter, hoorn_team, outsider)
    move_accept(actor=as_actor(outsider), move=move)

    for old in (supporter, colleague):
        assert household not in visible_households(as_actor(old))
    assert household in visible_households(as_actor(outsider))
    trajectory.refresh_from_db()
    assert trajectory.destination_municipality.name == "Hoorn"
    assert trajectory.supporter == outsider
    assert current_coordinator(trajectory).organisation == hoorn_team
    contact.refresh_from_db()
    assert contact.organisation == alkmaar_team and contact.recorded_by == supporter


def test_only_the_receiving_team_accepts(household, supporter, colleague, hoorn_team, outsider):
    move = _request(household, supporter, hoorn_team, outsider)
    with pytest.raises(PermissionDenied):
        move_accept(actor=as_actor(supporter), move=move)
    move_decline(actor=as_actor(outsider), move=move, reason="Verkeerde gemeente")
    assert move.state == MoveState.DECLINED
    assert household not in visible_households(as_actor(outsider))


def test_a_partner_cannot_start_a_move(household, school_partner, hoorn_team):
    with pytest.raises(PermissionDenied):
        _request(household, school_partner, hoorn_team)


def test_in_handover_too_long_counts_for_out_of_sight(household, supporter, hoorn_team,
                                                       settings, time_machine):
    settings.ZICHT_MOVE_OUT_OF_SIGHT_DAYS = 10
    _request(household, supporter, hoorn_team)
    trajectory = household.trajectories.get()
    today = timezone.localdate()
    assert not move_pending_too_long(trajectory, today + timedelta(days=10))
    assert move_pending_too_long(trajectory, today + timedelta(days=11))


def test_the_old_supporter_gets_404_after_acceptance_by_page(client, household, supporter,
                                                             hoorn_team, outsider):
    move = _request(household, supporter, hoorn_team, outsider)
    login(client, outsider)
    client.post(reverse("moves:detail", args=[move.uuid]), {"answer": "accept"})
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 200
    login(client, supporter)
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 404


def test_reading_the_summary_is_logged(client, household, supporter, hoorn_team, outsider):
    from zicht.audit.models import AccessLogEntry

    move = _request(household, supporter, hoorn_team, outsider)
    login(client, outsider)
    client.get(reverse("moves:detail", args=[move.uuid]))
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid, user=outsider,
                                         record_type="move_summary").count() == 1


def test_the_caseload_marks_cost_a_fixed_number_of_queries(client, household, supporter,
                                                           shelter_worker, alkmaar,
                                                           alkmaar_team, hoorn_team,
                                                           django_assert_max_num_queries):
    _request(household, supporter, hoorn_team)
    login(client, supporter)
    with django_assert_max_num_queries(30) as captured:
        client.get(reverse("home"))
    one = len(captured.captured_queries)
    _request(_second_household(shelter_worker, supporter, alkmaar, alkmaar_team), supporter,
             hoorn_team)
    with django_assert_max_num_queries(one):
        page = client.get(reverse("home")).content.decode()
    assert page.count("in overdracht") == 2


def _second_household(shelter_worker, supporter, alkmaar, alkmaar_team):
    from zicht.households.models import PersonRole
    from zicht.households.services import PersonData, household_register
    from zicht.trajectories.services import departure_record, supporter_invite

    shelter = as_actor(shelter_worker)
    household = household_register(actor=shelter, others=[], client=PersonData(
        role=PersonRole.CLIENT, given_name="Sara"))
    trajectory = household.trajectories.get()
    consent_record(actor=shelter, household=household, person=household.client,
                   purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate())
    supporter_invite(actor=shelter, trajectory=trajectory, municipality=alkmaar,
                     supporter_organisation=alkmaar_team, supporter=supporter)
    departure_record(actor=shelter, trajectory=trajectory, departure_date=timezone.localdate(),
                     shelter_aftercare_until=None, street="Elders 1", postcode="1811 AA",
                     city="Alkmaar", address_is_secret=False,
                     coordinator_organisation=alkmaar_team, coordinator=supporter)
    return household


def test_a_closed_trajectory_leaves_no_move_on_the_receiving_caseload(client, household,
                                                                      supporter, hoorn_team,
                                                                      outsider):
    from zicht.trajectories.services import trajectory_close

    move = _request(household, supporter, hoorn_team, outsider)
    trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                     reason="Naar het buitenland")
    login(client, outsider)
    assert household.reference not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("moves:detail", args=[move.uuid])).status_code == 404


def test_a_supporter_records_consent_to_hand_over_but_not_the_shelters(client, household,
                                                                       supporter):
    login(client, supporter)
    url = reverse("households:consent", args=[household.uuid])
    data = {"person": household.client.pk, "method": "verbal",
            "given_on": timezone.localdate().isoformat()}
    refused = client.post(url, {**data, "purpose": "follow_up"})
    assert refused.status_code == 200 and "legt de opvang vast" in refused.content.decode()
    assert client.post(url, {**data, "purpose": "handover"}).status_code == 302


def test_the_summary_hands_over_the_current_safety_plan(household, supporter, hoorn_team,
                                                         outsider, handover_consent,
                                                         alkmaar_team):
    from zicht.safety.models import SafetyPlan

    plan = SafetyPlan.objects.create(household=household)
    plan.versions.create(number=1, risks="Ex-partner zoekt contact via school",
                         contact_ban=True, changed_by=supporter, organisation=alkmaar_team)
    move = _request(household, supporter, hoorn_team, outsider)
    handed_over = str(move.summary["safety_plan"])
    assert "Ex-partner zoekt contact via school" in handed_over
    assert "Contactverbod" in handed_over
