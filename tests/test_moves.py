"""Moving to another municipality: the warm handover (warme overdracht).

The receiving supporter (here: the Hoorn supporter, an outsider until the move) sees only
the summary the client consented to; on acceptance Hoorn takes over and Alkmaar loses
access, while what Alkmaar recorded stays attributed to Alkmaar.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.consent.models import Consent, ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.services import contact_record
from zicht.households.models import Address, AddressChange
from zicht.households.selectors import visible_households
from zicht.moves.models import Move, MoveState
from zicht.moves.selectors import move_pending_too_long
from zicht.moves.services import (
    HandoverConsent,
    NewAddress,
    move_accept,
    move_decline,
    move_request,
    move_withdraw,
)
from zicht.stagnations.services import stagnation_record
from zicht.trajectories.selectors import current_coordinator

HOORN_ADDRESS = NewAddress("Grote Noord 12", "1621kh", "Hoorn", is_secret=True)
VERBAL = HandoverConsent(ConsentMethod.VERBAL)


def _request(household, supporter, hoorn_team, receiver=None, *, new_address=HOORN_ADDRESS,
             consent=VERBAL):
    return move_request(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                        to_organisation=hoorn_team, to_supporter=receiver,
                        meeting_at=timezone.now() + timedelta(days=3),
                        moving_date=timezone.localdate() + timedelta(days=7),
                        meeting_place="Samen met de cliënt", new_address=new_address,
                        consent=consent)


@pytest.fixture
def handover_consent(household, supporter):
    return consent_record(actor=as_actor(supporter), household=household,
                          person=household.client, purpose=ConsentPurpose.HANDOVER,
                          method=ConsentMethod.VERBAL, given_on=timezone.localdate())


def test_without_the_clients_consent_nothing_is_handed_over(household, supporter,
                                                              hoorn_team, outsider):
    with pytest.raises(ValidationError) as refused:
        _request(household, supporter, hoorn_team, outsider, consent=None)
    assert "consent" in refused.value.message_dict
    assert not Move.objects.exists()


def test_consent_recorded_in_the_request_covers_the_summary(household, supporter,
                                                            hoorn_team, outsider):
    move = _request(household, supporter, hoorn_team, outsider,
                    consent=HandoverConsent(ConsentMethod.VERBAL, ("plan",)))
    assert Consent.objects.active().filter(household=household,
                                           purpose=ConsentPurpose.HANDOVER).count() == 1
    assert "Fatima" not in str(move.summary)  # persons were not consented to


def test_with_consent_the_summary_holds_plan_stagnations_and_contacts(
        household, supporter, hoorn_team, outsider, handover_consent):
    stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                      what="Uitkering vertraagd", since=timezone.localdate(), must_act="W&I")
    move = _request(household, supporter, hoorn_team, outsider)
    assert move.summary["withheld"] == []
    assert [s["what"] for s in move.summary["stagnations"]] == ["Uitkering vertraagd"]
    assert {p["name"] for p in move.summary["persons"]} >= {"Fatima Yilmaz"}


def test_the_summary_flags_the_perpetrator_without_details(household, supporter, hoorn_team,
                                                           outsider, handover_consent):
    move = _request(household, supporter, hoorn_team, outsider)
    flagged = [p for p in move.summary["persons"] if p["perpetrator"]]
    assert [p["name"].split()[0] for p in flagged] == ["Kees"]
    assert flagged[0]["date_of_birth"] == ""


def test_what_consent_withholds_is_named_in_words(client, household, supporter, hoorn_team,
                                                  outsider):
    move = _request(household, supporter, hoorn_team, outsider,
                    consent=HandoverConsent(ConsentMethod.VERBAL, ("plan", "safety_plan")))
    assert move.summary["withheld"] == ["Gezinsleden", "Signalen", "Contactmomenten"]
    login(client, outsider)
    page = client.get(reverse("moves:detail", args=[move.uuid])).content.decode()
    assert "gezinsleden, signalen, contactmomenten" in page
    assert "contact_notes" not in page and "safety_plan" not in page


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
    page = client.get(reverse("households:detail", args=[household.uuid]))
    assert page.status_code == 200
    # Moved for real: no warning that the address lies elsewhere, no offer to move again.
    assert "niet verhuisd" not in page.content.decode()
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


def test_a_move_awaiting_acceptance_is_withdrawn_before_the_trajectory_closes(
        client, household, supporter, hoorn_team, outsider):
    from zicht.trajectories.services import trajectory_close

    move = _request(household, supporter, hoorn_team, outsider)
    with pytest.raises(ValidationError, match="verhuizing die nog op acceptatie wacht"):
        trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                         reason="Naar het buitenland")
    move_withdraw(actor=as_actor(supporter), move=move, reason="Toch naar het buitenland")
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


# --- A move is a move (issue 12) ----------------------------------------------------------


def test_on_acceptance_the_household_lives_at_the_new_address_in_the_new_municipality(
        household, supporter, hoorn_team, outsider, hoorn):
    move = _request(household, supporter, hoorn_team, outsider)
    move_accept(actor=as_actor(outsider), move=move)
    address = Address.objects.get(household=household)
    assert (address.street, address.postcode, address.city) == ("Grote Noord 12", "1621 KH",
                                                                "Hoorn")
    assert address.municipality == hoorn and address.is_secret
    assert household.trajectories.get().destination_municipality == hoorn
    change = AddressChange.objects.get(household=household)
    assert change.municipality == hoorn and "Grote Noord" not in change.reason
    move.refresh_from_db()
    assert move.new_street == "" and move.new_postcode == ""  # no second copy is kept


def test_the_street_is_never_in_the_summary_the_mail_or_the_inbox(
        household, supporter, hoorn_team, outsider, mailoutbox):
    move = _request(household, supporter, hoorn_team, outsider)
    move_accept(actor=as_actor(outsider), move=move)
    move.refresh_from_db()
    from zicht.notifications.models import Notification

    written = [str(move.summary), *(m.body + m.subject for m in mail.outbox),
               *(str(vars(n)) for n in Notification.objects.all())]
    # The postcode with its letters: "1621" alone turns up in a sequence-numbered name or a UUID.
    postcode = re.compile(r"1621\s*KH", re.IGNORECASE)
    assert not any("Grote Noord" in text or postcode.search(text) for text in written)


def test_without_an_address_the_acceptance_asks_for_it_and_changes_nothing(
        household, supporter, hoorn_team, outsider, alkmaar):
    move = _request(household, supporter, hoorn_team, outsider, new_address=None)
    with pytest.raises(ValidationError) as refused:
        move_accept(actor=as_actor(outsider), move=move)
    assert "new_street" in refused.value.message_dict
    move.refresh_from_db()
    assert move.state == MoveState.REQUESTED
    assert household in visible_households(as_actor(supporter))
    assert household.trajectories.get().destination_municipality == alkmaar
    move_accept(actor=as_actor(outsider), move=move,
                new_address=NewAddress("Kleine Oost 3", "1621 GR", "Hoorn"))
    assert Address.objects.get(household=household).street == "Kleine Oost 3"


@pytest.mark.parametrize("answer", ["decline", "withdraw"])
def test_decline_and_withdraw_leave_everything_as_it_was(answer, household, supporter,
                                                        hoorn_team, outsider, alkmaar):
    before = Address.objects.get(household=household)
    move = _request(household, supporter, hoorn_team, outsider)
    if answer == "decline":
        move_decline(actor=as_actor(outsider), move=move, reason="Verkeerde gemeente")
    else:
        move_withdraw(actor=as_actor(supporter), move=move, reason="Blijft toch")
    after = Address.objects.get(household=household)
    assert (after.street, after.municipality_id) == (before.street, before.municipality_id)
    assert household.trajectories.get().destination_municipality == alkmaar
    move.refresh_from_db()
    assert move.new_street == ""
    assert not AddressChange.objects.filter(household=household).exists()


def test_the_receiving_supporter_finds_the_offer_in_berichten(client, household, supporter,
                                                              hoorn_team, outsider):
    move = _request(household, supporter, hoorn_team, outsider)
    login(client, outsider)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Verhuizing aangeboden" in inbox
    from zicht.notifications.models import Notification

    offer = Notification.objects.get(recipient=outsider)
    opened = client.post(reverse("notifications:read", args=[offer.uuid]))
    assert opened.url == reverse("moves:detail", args=[move.uuid])


def test_an_escalated_stagnation_goes_to_the_new_municipality_and_the_old_is_told(
        household, supporter, hoorn_team, outsider, alkmaar_team, hoorn):
    from zicht.accounts.models import User
    from zicht.directory.models import Membership, Role
    from zicht.notifications.models import Notification, NotificationKind
    from zicht.stagnations.models import Rung
    from zicht.stagnations.services import stagnation_escalate

    policy_alkmaar = User.objects.create_user("beleid.alkmaar", email="ba@example.org")
    Membership.objects.create(user=policy_alkmaar, organisation=alkmaar_team, role=Role.POLICY)
    policy_hoorn = User.objects.create_user("beleid.hoorn", email="bh@example.org")
    Membership.objects.create(user=policy_hoorn, organisation=hoorn_team, role=Role.POLICY)
    stagnation = stagnation_record(actor=as_actor(supporter), household=household,
                                   domain="housing", what="Geen woning",
                                   since=timezone.localdate(), must_act="Woningcorporatie")
    stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation,
                        provision="other", tried=["contacted"],
                        note="Geen woning beschikbaar; urgentie aangevraagd.")
    move_accept(actor=as_actor(outsider), move=_request(household, supporter, hoorn_team,
                                                        outsider))
    stagnation.refresh_from_db()
    assert stagnation.municipality == hoorn and stagnation.rung == Rung.MUNICIPALITY
    assert "Overgedragen" in stagnation.steps.last().note
    told = Notification.objects.filter(kind=NotificationKind.STAGNATION_HANDED_OVER)
    assert {n.recipient for n in told} >= {policy_alkmaar, policy_hoorn}
    assert told.get(recipient=policy_alkmaar).household is None


def test_the_new_coordinator_is_told_of_actions_the_old_team_still_holds(
        client, household, supporter, hoorn_team, outsider, alkmaar_team):
    from zicht.notifications.models import Notification, NotificationKind
    from zicht.plans.services import action_add

    action_add(actor=as_actor(supporter), household=household, domain="housing",
               description="Urgentieaanvraag indienen", responsible_organisation=alkmaar_team)
    move_accept(actor=as_actor(outsider), move=_request(household, supporter, hoorn_team,
                                                        outsider))
    told = Notification.objects.get(kind=NotificationKind.ACTIONS_TO_TAKE_OVER)
    assert told.recipient == outsider
    assert told.link == reverse("plans:detail", args=[household.uuid])
    login(client, outsider)
    plan = client.get(told.link).content.decode()
    assert "Urgentieaanvraag indienen" in plan and "Overnemen of afsluiten" in plan
