"""The inbox, the e-mail that says only that there is something new, and the calendar feed."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SECRET_STREET, as_actor, login
from zicht.audit.models import AccessLogEntry
from zicht.notifications.models import Notification, NotificationKind
from zicht.notifications.services import calendar_feed_create
from zicht.rhythm.services import sight_scan
from zicht.trajectories.services import coordinator_assign

pytestmark = pytest.mark.django_db


def personal_data(household) -> list[str]:
    names = [p.given_name for p in household.persons.all()]
    names += [p.family_name for p in household.persons.all() if p.family_name]
    return [*names, household.reference, SECRET_STREET, "Alkmaar", str(household.uuid)]


def test_an_invitation_lands_in_the_supporters_inbox(
        invited_household, supporter):
    kinds = Notification.objects.filter(recipient=supporter).values_list("kind", flat=True)
    assert list(kinds) == [NotificationKind.INVITATION]


def test_no_mail_carries_a_name_address_reference_or_detail(
        household, supporter, colleague, alkmaar_team, time_machine,
        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_assign(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                           organisation=alkmaar_team, professional=colleague)
    time_machine.move_to(timezone.now() + timedelta(days=30), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        sight_scan()
    assert Notification.objects.filter(recipient=colleague,
                                       kind=NotificationKind.COORDINATOR_CHANGE).exists()
    assert Notification.objects.filter(kind=NotificationKind.OUT_OF_SIGHT).exists()
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert "Er staat iets nieuws voor u klaar in Zicht" in text
        for secret in personal_data(household):
            assert secret not in text, secret


def test_the_inbox_shows_the_reference_never_the_name(client, invited_household, supporter):
    page = login(client, supporter).get(reverse("notifications:inbox")).content.decode()
    assert "Nieuwe uitnodiging" in page and invited_household.reference in page
    assert "Yilmaz" not in page


def test_a_notification_is_its_recipients_alone(client, invited_household, supporter, colleague):
    notification = Notification.objects.get(recipient=supporter)
    login(client, colleague)
    assert client.post(reverse("notifications:read", args=[notification.uuid])).status_code == 404
    assert client.get(f"/api/v1/notifications/{notification.uuid}/").status_code == 404
    assert client.get("/api/v1/notifications/").json()["results"] == []
    login(client, supporter)
    assert client.get("/api/v1/notifications/").json()["results"][0]["kind"] == "invitation"
    response = client.post(reverse("notifications:read", args=[notification.uuid]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_calendar_feed_lists_planned_contacts_by_reference_only(
        client, household, supporter, time_machine):
    sight_scan()
    feed, token = calendar_feed_create(actor=as_actor(supporter))
    assert feed.token_hash != token and token not in feed.token_hash
    client.logout()
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    assert f"SUMMARY:Contactmoment {household.reference}" in body
    for secret in personal_data(household)[:-4]:  # names
        assert secret not in body
    assert SECRET_STREET not in body
    assert AccessLogEntry.objects.filter(record_type="calendar_feed", action="export").exists()


def test_a_revoked_or_unknown_feed_link_answers_404(client, household, supporter):
    login(client, supporter)
    created = client.post(reverse("notifications:calendar"), {"action": "create"})
    link = created.context["link"]
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    # A new link replaces the old one.
    client.post(reverse("notifications:calendar"), {"action": "create"})
    assert client.get(path).status_code == 404
    client.post(reverse("notifications:calendar"), {"action": "revoke"})
    assert client.get(reverse("calendar_feed", args=["niet-bestaand"])).status_code == 404


def test_the_feed_only_shows_the_owners_households(client, household, supporter, colleague):
    sight_scan()
    _feed, token = calendar_feed_create(actor=as_actor(colleague))
    body = client.get(reverse("calendar_feed", args=[token])).content.decode()
    assert household.reference not in body


def test_an_overdue_contact_is_shown_today_in_the_calendar(client, household, supporter,
                                                          time_machine):
    time_machine.move_to(datetime.combine(timezone.localdate() + timedelta(days=10),
                                          datetime.min.time()).replace(hour=12)
                         .astimezone(timezone.get_current_timezone()), tick=False)
    sight_scan()
    _feed, token = calendar_feed_create(actor=as_actor(supporter))
    body = client.get(reverse("calendar_feed", args=[token])).content.decode()
    assert f"DTSTART;VALUE=DATE:{timezone.localdate():%Y%m%d}" in body
