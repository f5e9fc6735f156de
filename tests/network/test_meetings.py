"""Network meetings (issue 16, point 1): planned per region by its coordinator, invitations
in the inbox, the mail and the calendar feed, attendance, actions followed up."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor
from zicht.audit.models import AccessLogEntry
from zicht.network.forms import MeetingForm
from zicht.network.models import Invitation, MeetingAction
from zicht.network.selectors import year_overview
from zicht.network.services import (
    meeting_action_add,
    meeting_action_done,
    meeting_attendance_record,
    meeting_plan,
)
from zicht.notifications.models import Notification, NotificationKind
from zicht.notifications.services import calendar_feed_create
from zicht.rhythm.worker import periodic_tasks


def test_the_regions_network_is_invited_and_nobody_else(planned, supporter, colleague,
                                                          shelter_worker, vt_worker, team_lead,
                                                          outsider, school_partner, policy,
                                                          stranger):
    invited = set(Invitation.objects.filter(meeting=planned).values_list("user", flat=True))
    # Supporters (also Hoorn's: the same region), shelter, Veilig Thuis, team lead, policy.
    assert invited == {u.pk for u in (supporter, colleague, shelter_worker, vt_worker,
                                      team_lead, outsider, policy)}
    assert school_partner.pk not in invited and stranger.pk not in invited
    messages = Notification.objects.filter(kind=NotificationKind.NETWORK_MEETING)
    assert set(messages.values_list("recipient", flat=True)) == invited - {policy.pk}
    assert {m.link for m in messages} == {reverse("network:meeting", args=[planned.uuid])}


def test_the_invitation_mail_says_only_that_there_is_something_new(
        network, policy, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    starts = timezone.now() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_plan(actor=as_actor(policy), theme="Zorgmijding herkennen", starts_at=starts,
                     ends_at=starts + timedelta(hours=1), place="Wijkcentrum De Mare")
    assert len(mail.outbox) >= 5
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert "Er staat iets nieuws voor u klaar in Zicht" in text
        assert "Zorgmijding" not in text and "De Mare" not in text


def test_the_meeting_is_in_the_invitees_calendar_feed_with_its_time(client, planned,
                                                                     supporter, stranger):
    _feed, token = calendar_feed_create(actor=as_actor(supporter))
    body = client.get(reverse("calendar_feed", args=[token])).content.decode()
    assert "SUMMARY:Netwerkbijeenkomst: Veiligheidsplan bij vertrek" in body
    assert f"DTSTART:{planned.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in body
    assert "LOCATION:Stadhuis Alkmaar\\, zaal 3" in body
    _feed, token = calendar_feed_create(actor=as_actor(stranger))
    assert "Netwerkbijeenkomst" not in client.get(
        reverse("calendar_feed", args=[token])).content.decode()


def test_the_invitee_sees_it_on_the_network_page_and_the_meeting_page(client, login_as,
                                                                       planned, vt_worker):
    login_as(vt_worker)
    assert "Veiligheidsplan bij vertrek" in client.get(reverse("network:overview")).text
    page = client.get(reverse("network:meeting", args=[planned.uuid]))
    assert page.status_code == 200 and "Stadhuis Alkmaar" in page.text
    assert AccessLogEntry.objects.filter(record_type="network_meeting", action="read",
                                         record_uuid=planned.uuid, user=vt_worker).exists()


@pytest.mark.parametrize("persona", ["stranger", "school_partner"])
def test_outside_the_network_the_meeting_does_not_exist(client, login_as, planned, persona,
                                                        request):
    login_as(request.getfixturevalue(persona))
    assert client.get(reverse("network:meeting", args=[planned.uuid])).status_code == 404
    assert client.get(f"/api/v1/network/meetings/{planned.uuid}/").status_code == 404
    assert client.post(f"/api/v1/network/meetings/{planned.uuid}/notes/",
                       {"notes": "x"}).status_code == 404
    assert client.get("/api/v1/network/meetings/").json()["results"] == []


def test_another_regions_coordinator_cannot_record_it_either(client, login_as, held,
                                                             stranger_policy):
    login_as(stranger_policy)
    assert client.post(reverse("network:meeting", args=[held.uuid]),
                       {"do": "notes", "notes": "x"}).status_code == 404
    held.refresh_from_db()
    assert held.notes == ""


def test_a_supporter_plans_nothing(client, login_as, supporter, network):
    login_as(supporter)
    assert client.get(reverse("network:meeting_new")).status_code == 403
    response = client.post("/api/v1/network/meetings/", {
        "theme": "x", "starts_at": "2030-01-01T10:00:00+01:00",
        "ends_at": "2030-01-01T12:00:00+01:00", "place": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_the_form_says_no_households_belong_here():
    assert "bespreek geen gezinnen; daarvoor is het casusoverleg" in str(
        MeetingForm().fields["theme"].help_text).lower()


def test_the_coordinator_plans_one_through_the_page(client, login_as, policy, network):
    login_as(policy)
    day = timezone.localdate() + timedelta(days=14)
    response = client.post(reverse("network:meeting_new"), {
        "theme": "Kinderen na de opvang", "day": day.isoformat(), "start": "13:30",
        "end": "15:00", "place": "", "link": ""})
    assert response.status_code == 400
    assert "Vul een plaats of een link in." in response.text
    response = client.post(reverse("network:meeting_new"), {
        "theme": "Kinderen na de opvang", "day": day.isoformat(), "start": "13:30",
        "end": "15:00", "place": "Het Hof", "link": ""})
    assert response.status_code == 302
    assert Notification.objects.filter(kind=NotificationKind.NETWORK_MEETING).count() == 6


def test_attendance_counts_the_meeting_as_held_and_per_organisation(
        held, policy, supporter, colleague, vt_worker, alkmaar_team, veilig_thuis):
    ids = dict(Invitation.objects.filter(meeting=held).values_list("user", "pk"))
    meeting_attendance_record(actor=as_actor(policy), meeting=held,
                              present={ids[supporter.pk], ids[colleague.pk], ids[vt_worker.pk]})
    held.refresh_from_db()
    assert held.held
    year = year_overview(held.region_id, held.starts_at.year)
    assert [m.pk for m in year["held"]] == [held.pk]
    assert dict((org.name, counts) for org, counts in year["attendance"]) == {
        alkmaar_team.name: [2], veilig_thuis.name: [1]}


def test_attendance_waits_for_the_meeting(planned, policy):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        meeting_attendance_record(actor=as_actor(policy), meeting=planned, present=set())
    planned.refresh_from_db()
    assert not planned.held


def test_open_actions_follow_to_the_next_meeting(client, login_as, held, planned, policy,
                                                 supporter, school_partner):
    from django.core.exceptions import ValidationError

    actor = as_actor(policy)
    action = meeting_action_add(actor=actor, meeting=held, what="Stroomschema rondsturen",
                                owner=supporter, due_on=timezone.localdate())
    with pytest.raises(ValidationError):
        meeting_action_add(actor=actor, meeting=held, what="x", owner=school_partner,
                           due_on=timezone.localdate())
    login_as(supporter)
    page = client.get(reverse("network:meeting", args=[planned.uuid])).text
    assert "Openstaande acties van eerdere bijeenkomsten" in page
    assert "Stroomschema rondsturen" in page
    meeting_action_done(actor=actor, action=action, at_meeting=planned)
    action.refresh_from_db()
    assert action.done_at and action.followed_up_in == planned
    assert "Stroomschema rondsturen" not in client.get(
        reverse("network:meeting", args=[planned.uuid])).text


def test_the_organiser_records_attendance_notes_and_actions_on_the_page(
        client, login_as, held, policy, supporter):
    login_as(policy)
    url = reverse("network:meeting", args=[held.uuid])
    invitation = Invitation.objects.get(meeting=held, user=supporter)
    assert client.post(url, {"do": "attendance", "present": [invitation.pk]}).status_code == 302
    assert client.post(url, {"do": "notes", "notes": "Afspraken over de overdracht."}
                       ).status_code == 302
    response = client.post(url, {"do": "action", "what": "Contactlijst bijwerken",
                                 "owner": supporter.pk, "due_on": ""})
    assert response.status_code == 400  # no due date: nothing saved
    assert not MeetingAction.objects.exists()
    assert client.post(url, {"do": "action", "what": "Contactlijst bijwerken",
                             "owner": supporter.pk,
                             "due_on": timezone.localdate().isoformat()}).status_code == 302
    held.refresh_from_db()
    invitation.refresh_from_db()
    assert held.held and invitation.attended and held.notes.startswith("Afspraken")
    assert MeetingAction.objects.get().owner == supporter


def test_a_supporter_reads_but_does_not_record(client, login_as, held, supporter):
    login_as(supporter)
    url = reverse("network:meeting", args=[held.uuid])
    assert client.post(url, {"do": "notes", "notes": "x"}).status_code == 403
    assert client.post(f"/api/v1/network/meetings/{held.uuid}/notes/", {"notes": "x"},
                       content_type="application/json").status_code == 403


def test_the_api_plans_records_and_reads(client, login_as, policy, network, supporter):
    login_as(policy)
    starts = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    response = client.post("/api/v1/network/meetings/", {
        "theme": "Signalen van scholen", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(), "link": "https://x.example/m"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    meeting = response.json()
    mine = next(i for i in meeting["invitations"]
                if i["professional"]["uuid"] == str(supporter.uuid))
    base = f"/api/v1/network/meetings/{meeting['uuid']}/"
    assert client.post(f"{base}attendance/", {"present": [mine["id"]]},
                       content_type="application/json").json()["held"] is True
    action = client.post(f"{base}actions/", {"what": "Folder maken", "owner": str(supporter.uuid),
                                             "due_on": "2030-01-31"},
                         content_type="application/json")
    assert action.status_code == 201
    done = client.post(f"{base}actions-done/", {"action": action.json()["uuid"]},
                       content_type="application/json")
    assert done.json()["done"] is True
    bad = client.post("/api/v1/network/meetings/", {
        "theme": "x", "starts_at": starts.isoformat(), "ends_at": starts.isoformat(),
        "place": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "ends_at" in str(bad.json())


def test_the_worker_sends_the_review_reminder_daily():
    from zicht.network.tasks import agreements_review_remind_task

    assert (agreements_review_remind_task, 24 * 3600) in [
        (t, i) for t, i in periodic_tasks() if t.module_path == agreements_review_remind_task
        .module_path]
