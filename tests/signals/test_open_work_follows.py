"""Nothing falls between two chairs (issue 12): a worry follows the household to whoever
carries it now, ends with an outcome, and the partner knows where to go.

Personas: the Alkmaar supporter coordinates the household; the Hoorn supporter
(``outsider``) receives it on a move; the school is a connected partner; the GP reports
through "zorg melden".
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tests.conftest import _member, as_actor, login
from tests.factories import OrganisationFactory
from tests.signals.conftest import a_signal, walk_to_weighing
from zicht.consent.models import ConsentMethod
from zicht.households.models import PersonRole
from zicht.moves.services import HandoverConsent, NewAddress, move_accept, move_request
from zicht.notifications.models import Notification, NotificationKind
from zicht.signals import closing, services
from zicht.signals.models import Decision, Outcome, SignalSource, Step, Urgency
from zicht.signals.selectors import coordinator_contact, coordinator_signal_for
from zicht.trajectories.handovers import handover_accept, handover_propose


def _decide_help(signal, coordinator):
    walk_to_weighing(signal, coordinator)
    actor = as_actor(coordinator)
    services.signal_step(actor=actor, signal=signal, to_step=Step.WEIGHED, suspicion=True,
                         acute_or_structural=False, can_organise_help=True, help_accepted=True,
                         lasting_safety=True)
    services.signal_step(actor=actor, signal=signal, to_step=Step.DECIDED, decision=Decision.HELP)


def _move_to_hoorn(household, supporter, hoorn_team, receiver):
    move = move_request(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                        to_organisation=hoorn_team, to_supporter=receiver,
                        meeting_at=timezone.now() + timedelta(days=2),
                        moving_date=timezone.localdate() + timedelta(days=5),
                        new_address=NewAddress("Grote Noord 12", "1621 KH", "Hoorn", True),
                        consent=HandoverConsent(ConsentMethod.VERBAL))
    return move_accept(actor=as_actor(receiver), move=move)


# --- Signals end ----------------------------------------------------------------------------


def test_the_outcome_follows_from_the_meldcode_decision(household, connected_school,
                                                        supporter):
    signal = a_signal(household, connected_school)
    _decide_help(signal, supporter)
    assert closing.allowed_outcomes(signal) == [Outcome.HELP_ORGANISED,
                                                Outcome.CLOSED_WITH_REASON]
    with pytest.raises(ValidationError):
        closing.signal_close(actor=as_actor(supporter), signal=signal,
                             outcome=Outcome.REPORTED)
    closing.signal_close(actor=as_actor(supporter), signal=signal,
                         outcome=Outcome.HELP_ORGANISED)
    assert signal.closed_at is not None


def test_a_closed_signal_leaves_the_list_and_stays_in_the_history(household, connected_school,
                                                                  supporter):
    signal = a_signal(household, connected_school)
    _decide_help(signal, supporter)
    closing.signal_close(actor=as_actor(supporter), signal=signal,
                         outcome=Outcome.HELP_ORGANISED)
    assert signal not in services.signals_for_coordinator(as_actor(supporter))
    assert coordinator_signal_for(as_actor(supporter), signal.uuid) == signal
    assert [c.action for c in signal.closures.all()] == ["closed"]


def test_closing_without_a_decision_needs_the_coordinators_reason(household, connected_school,
                                                                  supporter):
    signal = a_signal(household, connected_school)
    with pytest.raises(ValidationError) as refused:
        closing.signal_close(actor=as_actor(supporter), signal=signal,
                             outcome=Outcome.CLOSED_WITH_REASON, reason=" ")
    assert "reason" in refused.value.message_dict
    signal.refresh_from_db()
    assert signal.closed_at is None and not signal.closures.exists()
    closing.signal_close(actor=as_actor(supporter), signal=signal,
                         outcome=Outcome.CLOSED_WITH_REASON, reason="Dubbele melding")
    assert signal.closures.get().reason == "Dubbele melding"


def test_a_closed_signal_reopens_with_a_reason_and_walks_on(household, connected_school,
                                                            supporter):
    signal = a_signal(household, connected_school)
    closing.signal_close(actor=as_actor(supporter), signal=signal,
                         outcome=Outcome.CLOSED_WITH_REASON, reason="Opgelost met school")
    with pytest.raises(ValidationError):
        services.signal_step(actor=as_actor(supporter), signal=signal, to_step=Step.MAPPED,
                             notes="In kaart.")
    with pytest.raises(ValidationError):
        closing.signal_reopen(actor=as_actor(supporter), signal=signal, reason="")
    closing.signal_reopen(actor=as_actor(supporter), signal=signal,
                          reason="School meldt opnieuw zorgen")
    assert signal in services.signals_for_coordinator(as_actor(supporter))
    assert [c.action for c in signal.closures.all()] == ["closed", "reopened"]
    services.signal_step(actor=as_actor(supporter), signal=signal, to_step=Step.MAPPED,
                         notes="In kaart.")


def test_only_the_coordinating_team_closes_a_signal(household, connected_school, outsider,
                                                    shelter_worker):
    signal = a_signal(household, connected_school)
    for someone in (outsider, connected_school, shelter_worker):
        with pytest.raises(PermissionDenied):
            closing.signal_close(actor=as_actor(someone), signal=signal,
                                 outcome=Outcome.CLOSED_WITH_REASON, reason="Weg ermee")


def test_an_outsider_closing_by_page_gets_the_answer_of_a_signal_that_does_not_exist(
        client, household, connected_school, outsider):
    signal = a_signal(household, connected_school)
    login(client, outsider)
    for name in ("signals:signal_close", "signals:signal_reopen"):
        answer = client.post(reverse(name, args=[signal.uuid]),
                             {"outcome": Outcome.CLOSED_WITH_REASON, "reason": "x"})
        assert answer.status_code == 404
    signal.refresh_from_db()
    assert signal.closed_at is None


def test_the_coordinator_closes_and_reopens_on_the_signal_page(client, household,
                                                               connected_school, supporter):
    signal = a_signal(household, connected_school)
    login(client, supporter)
    refused = client.post(reverse("signals:signal_close", args=[signal.uuid]),
                          {"outcome": Outcome.CLOSED_WITH_REASON, "reason": ""})
    assert refused.status_code == 400 and "Leg vast waarom" in refused.content.decode()
    closed = client.post(reverse("signals:signal_close", args=[signal.uuid]),
                         {"outcome": Outcome.CLOSED_WITH_REASON, "reason": "Dubbel"})
    assert closed.status_code == 302
    page = client.get(reverse("signals:signal", args=[signal.uuid])).content.decode()
    assert "Afgesloten door de regisseur" in page and "Signaal heropenen" in page
    client.post(reverse("signals:signal_reopen", args=[signal.uuid]), {"reason": "Nieuw"})
    signal.refresh_from_db()
    assert signal.closed_at is None


def test_the_api_closes_a_signal_under_the_same_rules(household, connected_school, supporter,
                                                      outsider):
    from rest_framework.test import APIClient

    from tests.safety.test_safety_api import as_system

    signal = a_signal(household, connected_school)
    api = APIClient()
    url = f"/api/v1/households/{household.uuid}/signals/{signal.uuid}/close/"
    as_system(api, outsider)
    assert api.post(url, {"outcome": "closed_with_reason", "reason": "x"},
                    format="json").status_code == 404
    as_system(api, supporter)
    assert api.post(url, {"outcome": "reported"}, format="json").status_code == 400
    closed = api.post(url, {"outcome": "closed_with_reason", "reason": "Dubbel"},
                      format="json")
    assert closed.status_code == 200 and closed.json()["outcome"] == "closed_with_reason"


# --- The reporter sees what it may ----------------------------------------------------------


def test_the_reporting_partner_reads_the_outcome_in_general_words(household, connected_school,
                                                                  supporter):
    signal = a_signal(household, connected_school)
    assert signal.status_for_reporter() == "Ontvangen"
    _decide_help(signal, supporter)
    assert signal.status_for_reporter() == "Opgepakt"
    closing.signal_close(actor=as_actor(supporter), signal=signal,
                         outcome=Outcome.HELP_ORGANISED)
    assert signal.status_for_reporter() == "Afgerond: er is hulp georganiseerd"


def test_zorg_melden_reads_the_same_for_a_known_and_an_unknown_person_all_its_life(
        household, school_partner, supporter, time_machine, settings):
    client_person = household.persons.get(role=PersonRole.CLIENT)
    client_person.date_of_birth = date(1990, 5, 1)
    client_person.save()
    reporter = as_actor(school_partner)

    def report(given, family):
        return services.zorg_melden(actor=reporter, given_name=given, family_name=family,
                                    date_of_birth=date(1990, 5, 1), bsn="",
                                    urgency=Urgency.NOT_ACUTE, observed="Blauwe plekken",
                                    observed_on=timezone.localdate())

    known, unknown = report("Fatima", "Yilmaz"), report("Onbekend", "Iemand")
    assert known.household == household and unknown.household is None
    assert known.status_for_reporter() == unknown.status_for_reporter() == "Ontvangen"
    _decide_help(known, supporter)  # a coordinator acts on the known one only
    closing.signal_close(actor=as_actor(supporter), signal=known,
                         outcome=Outcome.HELP_ORGANISED)
    known.refresh_from_db()
    assert known.status_for_reporter() == unknown.status_for_reporter() == "Ontvangen"
    time_machine.move_to(timezone.now() + timedelta(days=settings.ZICHT_ZORG_MELDEN_RECEIPT_DAYS))
    assert known.status_for_reporter() == unknown.status_for_reporter() == "Afgehandeld"
    assert {s.source for s in (known, unknown)} == {SignalSource.ZORG_MELDEN}


def test_a_partner_sees_its_own_words_and_the_coordinator_not_the_record(
        client, household, supporter, school, school_partner):
    services.partner_connect(actor=as_actor(supporter), household=household,
                             organisation=school, label="moeder van Noor, groep 5")
    supporter.phone = "072 555 0101"
    supporter.save()
    login(client, school_partner)
    page = client.get(reverse("signals:partner_household", args=[household.uuid]))
    text = page.content.decode()
    assert "moeder van Noor, groep 5" in text
    assert household.reference not in text and "Yilmaz" not in text and "Fatima" not in text
    assert supporter.get_full_name() in text and "072 555 0101" in text
    listing = client.get(reverse("signals:signals")).content.decode()
    assert "moeder van Noor, groep 5" in listing and household.reference not in listing


def test_a_partner_renames_the_family_for_itself(client, household, connected_school):
    login(client, connected_school)
    url = reverse("signals:partner_household", args=[household.uuid])
    client.post(url, {"rename": "1", "label": "leerling groep 7"})
    assert "leerling groep 7" in client.get(url).content.decode()
    with pytest.raises(PermissionDenied):
        services.partner_label_set(actor=as_actor(_member("iemand", OrganisationFactory(
            name="Andere school", kind="school"), "partner")), household=household,
            label="x")


# --- Open work follows the household --------------------------------------------------------


def test_open_signals_follow_an_accepted_move(household, connected_school, supporter, outsider,
                                              hoorn_team, alkmaar_team):
    open_signal = a_signal(household, connected_school)
    done = a_signal(household, connected_school, observed="Eerder")
    closing.signal_close(actor=as_actor(supporter), signal=done,
                         outcome=Outcome.CLOSED_WITH_REASON, reason="Besproken")
    _move_to_hoorn(household, supporter, hoorn_team, outsider)
    open_signal.refresh_from_db()
    done.refresh_from_db()
    assert open_signal.coordinator_organisation == hoorn_team
    assert open_signal.step == Step.RECEIVED and open_signal.due_at is not None
    assert done.coordinator_organisation == alkmaar_team  # history stays where it was
    assert open_signal in services.signals_for_coordinator(as_actor(outsider))
    assert coordinator_signal_for(as_actor(outsider), open_signal.uuid) == open_signal
    with pytest.raises(Http404):
        coordinator_signal_for(as_actor(supporter), open_signal.uuid)
    assert open_signal in services.own_signals(as_actor(connected_school))
    assert coordinator_contact(household).organisation == hoorn_team.name


def test_the_new_coordinator_finds_the_handed_over_signal_in_berichten(
        client, household, connected_school, supporter, outsider, hoorn_team):
    signal = a_signal(household, connected_school)
    _move_to_hoorn(household, supporter, hoorn_team, outsider)
    message = Notification.objects.get(recipient=outsider,
                                       kind=NotificationKind.SIGNAL_HANDED_OVER)
    login(client, outsider)
    assert "Signaal overgedragen" in client.get(reverse("notifications:inbox")).content.decode()
    listing = client.post(reverse("notifications:read", args=[message.uuid]), follow=True)
    assert reverse("signals:signal", args=[signal.uuid]) in listing.content.decode()


def test_open_signals_follow_an_accepted_coordinator_handover(household, connected_school,
                                                              supporter, outsider, hoorn_team):
    signal = a_signal(household, connected_school)
    trajectory = household.trajectories.get()
    handover = handover_propose(actor=as_actor(supporter), trajectory=trajectory,
                                organisation=hoorn_team, professional=outsider)
    signal.refresh_from_db()
    assert signal in services.signals_for_coordinator(as_actor(supporter))  # not yet
    handover_accept(actor=as_actor(outsider), handover=handover)
    signal.refresh_from_db()
    assert signal.coordinator_organisation == hoorn_team
    assert signal in services.signals_for_coordinator(as_actor(outsider))


def test_a_new_signal_reaches_the_coordinators_inbox(household, connected_school, supporter):
    signal = a_signal(household, connected_school)
    message = Notification.objects.get(recipient=supporter, kind=NotificationKind.SIGNAL_NEW)
    assert message.link == reverse("signals:signal", args=[signal.uuid])
    assert message.household == household


def test_the_move_summary_hands_over_open_signals_and_veilig_thuis_conditions(
        household, connected_school, supporter, outsider, hoorn_team, sent_report, vt_worker):
    from zicht.signals import reports

    reports.report_status_set(actor=as_actor(vt_worker), report=sent_report, status="received")
    reports.report_status_set(actor=as_actor(vt_worker), report=sent_report, status="report",
                              safety_conditions="Geen contact met de kinderen zonder toezicht")
    move = move_request(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                        to_organisation=hoorn_team, to_supporter=outsider,
                        meeting_at=timezone.now() + timedelta(days=2),
                        moving_date=timezone.localdate() + timedelta(days=5),
                        consent=HandoverConsent(ConsentMethod.VERBAL))
    assert [s["step"] for s in move.summary["signals"]] == ["Ontvangen"]
    assert move.summary["veilig_thuis"][0]["safety_conditions"] == (
        "Geen contact met de kinderen zonder toezicht")
