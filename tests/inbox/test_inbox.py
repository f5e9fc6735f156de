"""One inbox for everything that asks for action (issue 13, item 4).

Each kind lands with the professionals who must act and with nobody uninvolved; acting on
the thing marks its messages read; the navigation counts what is unread in one query; the
e-mail stays content-free and is bundled to one per professional per 15 minutes; and a
message about a household its recipient can no longer open leads nowhere near a 404.
"""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from tests.signals.conftest import a_signal
from zicht.moves.services import HandoverConsent, NewAddress, move_accept, move_request
from zicht.notifications.models import Notification, NotificationKind
from zicht.notifications.services import notifications_mail_pending, notifications_send
from zicht.signals import escalation, reports, services
from zicht.signals.models import ReportStatus, Step
from zicht.stagnations.services import stagnation_escalate, stagnation_record, stagnation_resolve
from zicht.trajectories.handovers import handover_accept, handover_propose

pytestmark = pytest.mark.django_db

HOORN = NewAddress("Grote Noord 12", "1621kh", "Hoorn", is_secret=True)


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def unread(user, kind) -> Notification | None:
    return Notification.objects.filter(recipient=user, kind=kind, read_at__isnull=True).first()


def move_to_hoorn(household, supporter, hoorn_team, receiver):
    return move_request(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                        to_organisation=hoorn_team, to_supporter=receiver,
                        meeting_at=timezone.now() + timedelta(days=3),
                        moving_date=timezone.localdate() + timedelta(days=7),
                        meeting_place="Samen met de cliënt", new_address=None,
                        consent=HandoverConsent("verbal"))


# --- Each kind reaches who must act, and nobody else -------------------------------------


def test_a_new_signal_reaches_the_coordinating_team_not_an_outsider(
        household, connected_school, supporter, colleague, outsider):
    signal = a_signal(household, connected_school)
    for member in (supporter, colleague):
        message = unread(member, NotificationKind.SIGNAL_NEW)
        assert message.link == reverse("signals:signal", args=[signal.uuid])
    assert kinds(outsider) == [] and kinds(connected_school) == []


def test_a_signal_near_its_deadline_warns_the_team_once(
        household, connected_school, supporter, outsider, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 3, 9, 0)))  # Wednesday
    signal = a_signal(household, connected_school)  # due Thursday at the end of the day
    assert escalation.signals_warn_due_soon() == 0  # a day and a half to go
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 4, 16, 30)))
    assert escalation.signals_warn_due_soon() == 1
    assert escalation.signals_warn_due_soon() == 0  # once only
    assert unread(supporter, NotificationKind.SIGNAL_DUE_SOON).household == household
    assert NotificationKind.SIGNAL_DUE_SOON not in kinds(outsider)
    # Picking the signal up answers every message that asked for it.
    services.signal_step(actor=as_actor(supporter), signal=signal, to_step=Step.MAPPED,
                         notes="In kaart.")
    assert unread(supporter, NotificationKind.SIGNAL_DUE_SOON) is None
    assert unread(supporter, NotificationKind.SIGNAL_NEW) is None


def test_a_signal_past_its_deadline_escalates_to_the_team_lead_inbox(
        household, connected_school, supporter, team_lead, outsider, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 3, 9, 0)))
    a_signal(household, connected_school, urgency="acute")
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 4, 9, 0)))
    assert escalation.signals_escalate_overdue() == 1
    assert unread(team_lead, NotificationKind.SIGNAL_OVERDUE) is not None
    assert NotificationKind.SIGNAL_OVERDUE not in kinds(supporter) + kinds(outsider)


def test_a_report_reaches_veilig_thuis_and_its_feedback_the_reporter(
        vt_worker, other_vt_worker, sent_report, supporter, outsider):
    received = unread(vt_worker, NotificationKind.REPORT_RECEIVED)
    # Veilig Thuis does not open the record: the message names no household.
    assert received.household is None
    assert received.link == reverse("signals:report", args=[sent_report.uuid])
    assert kinds(other_vt_worker) == []
    reports.report_status_set(actor=as_actor(vt_worker), report=sent_report,
                              status=ReportStatus.RECEIVED, feedback="In behandeling.")
    assert unread(vt_worker, NotificationKind.REPORT_RECEIVED) is None  # acted on
    assert unread(supporter, NotificationKind.REPORT_FEEDBACK).household == sent_report.household
    assert NotificationKind.REPORT_FEEDBACK not in kinds(outsider)


def test_veilig_thuis_is_told_which_status_is_possible(vt_worker, sent_report):
    with pytest.raises(ValidationError) as refused:
        reports.report_status_set(actor=as_actor(vt_worker), report=sent_report,
                                  status=ReportStatus.INVESTIGATION)
    message = " ".join(refused.value.messages)
    assert "'Ontvangen door Veilig Thuis'" in message and "'Verstuurd'" in message


def test_the_status_form_offers_only_the_statuses_possible_now(client, sent_report, vt_worker):
    page = login(client, vt_worker).get(reverse("signals:report", args=[sent_report.uuid]))
    form = page.context["status_form"]
    assert [value for value, _label in form.fields["status"].choices] == [ReportStatus.RECEIVED]


def test_an_escalated_stagnation_reaches_its_municipality_only(
        household, supporter, policy, doorzetter, hoorn_policy):
    stagnation = stagnation_record(actor=as_actor(supporter), household=household,
                                   domain="debts", what="Wachtlijst schuldhulpverlening",
                                   since=timezone.localdate() - timedelta(days=30),
                                   must_act="Schuldhulp Alkmaar")
    stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation, provision="other",
                        tried=["contacted"], note="Geen beweging")
    message = unread(doorzetter, NotificationKind.STAGNATION_ESCALATED)
    assert message.household is None
    assert message.link == reverse("stagnations:detail", args=[stagnation.uuid])
    assert kinds(hoorn_policy) == []
    assert kinds(policy) == []  # the municipality named its holder: policy staff see counts
    stagnation_resolve(actor=as_actor(doorzetter), stagnation=stagnation,
                       resolution="Geregeld.")
    assert unread(doorzetter, NotificationKind.STAGNATION_ESCALATED) is None


def test_a_coordinator_offer_is_answered_for_all_and_the_proposer_hears_it(
        household, supporter, colleague, alkmaar_team, outsider):
    handover = handover_propose(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                                organisation=alkmaar_team, professional=colleague)
    assert unread(colleague, NotificationKind.COORDINATOR_OFFER) is not None
    handover_accept(actor=as_actor(colleague), handover=handover)
    assert unread(colleague, NotificationKind.COORDINATOR_OFFER) is None
    assert unread(supporter, NotificationKind.COORDINATOR_OFFER_ANSWERED) is not None
    assert kinds(outsider) == []


def test_a_move_offer_is_read_once_accepted_and_the_sender_hears_it(
        household, supporter, hoorn_team, outsider, colleague):
    move = move_to_hoorn(household, supporter, hoorn_team, outsider)
    assert unread(outsider, NotificationKind.MOVE_OFFER) is not None
    assert NotificationKind.MOVE_OFFER not in kinds(colleague)
    move_accept(actor=as_actor(outsider), move=move, new_address=HOORN)
    assert unread(outsider, NotificationKind.MOVE_OFFER) is None
    assert unread(supporter, NotificationKind.MOVE_HANDED_OVER) is not None


# --- After a move: no reference, no 404 ----------------------------------------------------


def test_after_a_move_old_messages_show_no_reference_and_lead_to_no_404(
        client, household, connected_school, supporter, hoorn_team, outsider):
    a_signal(household, connected_school)
    move = move_to_hoorn(household, supporter, hoorn_team, outsider)
    move_accept(actor=as_actor(outsider), move=move, new_address=HOORN)
    login(client, supporter)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert household.reference not in page
    assert "niet meer in uw zicht" in page
    old = Notification.objects.get(recipient=supporter, kind=NotificationKind.SIGNAL_NEW)
    response = client.post(reverse("notifications:read", args=[old.uuid]))
    assert response.status_code == 302 and response.url == reverse("notifications:inbox")
    api = client.get(f"/api/v1/notifications/{old.uuid}/").json()
    assert api["household"] is None and api["household_reference"] is None and api["link"] == ""


def test_opening_a_message_marks_it_read_and_leads_to_its_page(
        client, household, connected_school, supporter):
    signal = a_signal(household, connected_school)
    message = unread(supporter, NotificationKind.SIGNAL_NEW)
    response = login(client, supporter).post(reverse("notifications:read", args=[message.uuid]))
    assert response.url == reverse("signals:signal", args=[signal.uuid])
    assert client.get(response.url).status_code == 200
    message.refresh_from_db()
    assert message.read_at is not None


def test_an_outsider_gets_404_for_someone_elses_message(client, invited_household, supporter,
                                                       outsider):
    message = Notification.objects.get(recipient=supporter)
    login(client, outsider)
    assert client.post(reverse("notifications:read", args=[message.uuid])).status_code == 404
    assert client.post(f"/api/v1/notifications/{message.uuid}/read/").status_code == 404
    assert client.get(reverse("notifications:inbox")).context["notifications"] == []
    message.refresh_from_db()
    assert message.read_at is None


# --- The unread count in the navigation -----------------------------------------------------


def notification_counts(queries) -> int:
    return sum("COUNT(" in q["sql"].upper() and "notifications_notification" in q["sql"]
               for q in queries)


def test_the_navigation_counts_unread_messages_in_one_constant_query(
        client, invited_household, supporter):
    login(client, supporter)
    client.get(reverse("directory:search"))  # the session and the actor's caches are warm
    measured = {}
    for how_many in (1, 40):
        Notification.objects.filter(recipient=supporter).delete()
        notifications_send([(supporter.pk, NotificationKind.ADDRESS_CHANGE,
                             invited_household.pk)] * how_many)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("directory:search")).content.decode()
        assert f'<span class="zicht-count">{how_many}<' in page
        assert notification_counts(captured.captured_queries) == 1
        measured[how_many] = len(captured.captured_queries)
    assert measured[1] == measured[40]
    Notification.objects.filter(recipient=supporter).update(read_at=timezone.now())
    assert "zicht-count" not in client.get(reverse("directory:search")).content.decode()


def test_a_page_without_the_navigation_counts_nothing(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("two_factor:login"))
    assert response.status_code == 200
    assert notification_counts(captured.captured_queries) == 0


# --- Bundled, content-free e-mail --------------------------------------------------------------


def test_two_messages_within_15_minutes_make_one_mail_the_next_after_15_minutes(
        invited_household, supporter, colleague, time_machine,
        django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now() + timedelta(hours=1), tick=False)
    mail.outbox.clear()
    item = [(supporter.pk, NotificationKind.ADDRESS_CHANGE, invited_household.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send(item)
    assert [m.to for m in mail.outbox] == [[supporter.email]]
    time_machine.move_to(timezone.now() + timedelta(minutes=5), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send(item)
        notifications_send([(colleague.pk, NotificationKind.ADDRESS_CHANGE,
                             invited_household.pk)])
        assert notifications_mail_pending() == 0  # still within the 15 minutes
    assert [m.to for m in mail.outbox] == [[supporter.email], [colleague.email]]
    time_machine.move_to(timezone.now() + timedelta(minutes=11), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_mail_pending() == 1  # the one that waited
        assert notifications_mail_pending() == 0
    assert mail.outbox[-1].to == [supporter.email]
    assert invited_household.reference not in mail.outbox[-1].body
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()


def test_a_message_read_before_the_bundle_is_not_mailed_again(
        invited_household, supporter, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now() + timedelta(hours=1), tick=False)
    notifications_send([(supporter.pk, NotificationKind.ADDRESS_CHANGE, invited_household.pk)])
    time_machine.move_to(timezone.now() + timedelta(minutes=1), tick=False)
    notifications_send([(supporter.pk, NotificationKind.ADDRESS_CHANGE, invited_household.pk)])
    Notification.objects.filter(recipient=supporter).update(read_at=timezone.now())
    time_machine.move_to(timezone.now() + timedelta(minutes=20), tick=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_mail_pending() == 0
    assert mail.outbox == []
