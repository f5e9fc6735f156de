"""After "niet veilig" (issue 13): a contact where the client does not feel safe makes a
signal, and the supporter, not the system, chooses the next step: acute or not, her
observation into the signal, the next contact brought forward with a recorded reason.

Personas: ``supporter`` coordinates the household, ``colleague`` (same team) records the
contact, ``team_lead`` leads the team, ``outsider`` works in another municipality.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from tests.sight_helpers import departed_household
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.contacts.services import contact_record
from zicht.notifications.models import Notification, NotificationKind
from zicht.rhythm import rules
from zicht.rhythm.models import ContactPlanChange, SightStatus
from zicht.rhythm.selectors import reasons_shown
from zicht.rhythm.services import unsafe_contact_follow_up
from zicht.signals.models import Signal, Urgency
from zicht.signals.services import signal_deadline


def not_safe(household, by):
    return contact_record(actor=as_actor(by), trajectory=household.trajectories.get(),
                          kind="follow_up", held_on=timezone.localdate(),
                          channel="phone", reached=True, answers={"feels_safe": "no"})


def end_of_today():
    return signal_deadline(timezone.now(), Urgency.ACUTE)


def next_step(contact, by, *, acute=False, observation="Ex-partner stond voor de deur.",
              within_days=7):
    return unsafe_contact_follow_up(actor=as_actor(by), contact=contact, acute=acute,
                                    observation=observation, within_days=within_days)


# --- The signal: the supporter decides -------------------------------------------------


def test_until_the_supporter_decides_the_signal_counts_as_acute_not_as_not_acute(
        household, colleague):
    signal = not_safe(household, colleague).signal
    assert signal.urgency == Urgency.ACUTE
    assert signal.due_at == end_of_today()


def test_acute_makes_the_deadline_today_and_tells_the_coordinator_and_the_team_lead(
        household, colleague, supporter, team_lead):
    contact = not_safe(household, colleague)
    yesterday = timezone.now() - timedelta(days=1)  # she decides only the next day
    Signal.objects.filter(pk=contact.signal_id).update(
        received_at=yesterday, due_at=signal_deadline(yesterday, Urgency.ACUTE))
    told_before = set(Notification.objects.values_list("pk", flat=True))

    next_step(contact, colleague, acute=True)

    signal = contact.signal
    signal.refresh_from_db()
    assert signal.urgency == Urgency.ACUTE
    assert signal.due_at == end_of_today()  # decided a day later: still today, not yesterday
    told = Notification.objects.exclude(pk__in=told_before)
    assert {n.recipient for n in told} == {supporter, team_lead}  # not the colleague herself
    assert all(n.link == reverse("signals:signal", args=[signal.uuid]) for n in told)
    assert all(n.kind == NotificationKind.SIGNAL_NEW for n in told)


def test_not_acute_gets_the_deadline_of_the_rule_and_tells_nobody_again(
        household, colleague, team_lead):
    contact = not_safe(household, colleague)
    told_before = Notification.objects.count()
    next_step(contact, colleague, acute=False)
    signal = contact.signal
    signal.refresh_from_db()
    assert signal.urgency == Urgency.NOT_ACUTE
    assert signal.due_at == signal_deadline(signal.received_at, Urgency.NOT_ACUTE)
    assert timezone.localtime(signal.due_at).date() > timezone.localdate()
    assert Notification.objects.count() == told_before


def test_the_supporters_observation_goes_into_the_signal(household, colleague):
    contact = not_safe(household, colleague)
    next_step(contact, colleague, observation="Zij fluisterde; hij belde drie keer.")
    contact.signal.refresh_from_db()
    assert "voelde de cliënt zich niet veilig" in contact.signal.observed
    assert "Zij fluisterde; hij belde drie keer." in contact.signal.observed


def test_an_observation_is_needed(household, colleague):
    contact = not_safe(household, colleague)
    with pytest.raises(ValidationError):
        next_step(contact, colleague, observation="   ")
    contact.refresh_from_db()
    assert contact.next_step_at is None


def test_the_next_step_is_chosen_once(household, colleague):
    contact = not_safe(household, colleague)
    next_step(contact, colleague, acute=False)
    with pytest.raises(ValidationError):
        next_step(contact, colleague, acute=True)
    contact.signal.refresh_from_db()
    assert contact.signal.urgency == Urgency.NOT_ACUTE


# --- The rhythm: the next contact comes sooner, with its reason -------------------------


def test_the_next_contact_is_brought_forward_as_a_recorded_adjustment_with_its_reason(
        shelter_worker, supporter, alkmaar, alkmaar_team, django_capture_on_commit_callbacks):
    # Four months after departure the rhythm asks for contact every 14 days.
    household = departed_household(shelter_worker=shelter_worker, supporter=supporter,
                                   alkmaar=alkmaar, alkmaar_team=alkmaar_team, days_ago=100,
                                   aftercare_days=30)
    with django_capture_on_commit_callbacks(execute=True):
        contact = not_safe(household, supporter)
    trajectory = household.trajectories.get()
    assert SightStatus.objects.get(trajectory=trajectory).next_contact_due == \
        timezone.localdate() + timedelta(days=14)

    with django_capture_on_commit_callbacks(execute=True):
        plan = next_step(contact, supporter, within_days=7)

    change = ContactPlanChange.objects.get(trajectory=trajectory)
    assert "niet veilig" in change.reason and "7 dagen" in change.reason
    assert change.by == supporter and plan.reason == change.reason
    assert SightStatus.objects.get(trajectory=trajectory).next_contact_due == \
        timezone.localdate() + timedelta(days=7)
    assert AccessLogEntry.objects.filter(record_type="contact_plan", user=supporter,
                                         action=AccessAction.UPDATE).exists()


def test_when_the_rhythm_already_asks_that_often_nothing_is_adjusted(household, supporter):
    contact = not_safe(household, supporter)  # first month: weekly already
    assert next_step(contact, supporter, within_days=7) is None
    assert not ContactPlanChange.objects.exists()
    assert contact.next_step_at is not None  # the step itself is taken


@pytest.mark.parametrize(("month", "expected"), [
    (4, [[3, 7], [4, 14], [6, 7], [12, 30]]),
    (0, [[2, 3], [3, 7], [6, 14], [12, 30]]),
    (11, [[3, 7], [6, 14], [11, 30], [13, 7], [14, 30]]),  # past the last period too
])
def test_bringing_forward_shortens_this_month_and_the_next_and_nothing_else(month, expected):
    departure = date(2026, 1, 31)
    day = rules.add_months(departure, month) + timedelta(days=3)
    days = 3 if month == 0 else 7
    assert rules.brought_forward(rules.DEFAULT_RHYTHM, departure, day, days) == expected


# --- The page --------------------------------------------------------------------------


def test_saving_a_not_safe_contact_leads_to_the_next_step_page(client, household, colleague):
    login(client, colleague)
    response = client.post(reverse("contacts:new", args=[household.uuid]), {
        "channel": "phone", "reached": "yes", "feels_safe": "no",
        "held_on": timezone.localdate().isoformat()})
    contact = household.trajectories.get().contacts.get()
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, contact.uuid])
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "Is het acuut?" in page
    # The links: the safety plan, the signal's meldcode (her team coordinates), Veilig Thuis.
    assert reverse("safety:overview", args=[household.uuid]) in page
    assert reverse("signals:signal", args=[contact.signal.uuid]) in page
    assert "tel:08002000" in page
    assert AccessLogEntry.objects.filter(user=colleague, action=AccessAction.READ,
                                         record_type="signal").exists()


def test_the_coordinator_follows_the_panel_to_the_meldcode(client, household, supporter):
    contact = not_safe(household, supporter)
    login(client, supporter)
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, contact.uuid])
    assert reverse("signals:signal", args=[contact.signal.uuid]) in client.get(url).content.decode()
    response = client.post(url, {"acute": "yes", "observation": "Hij stond voor de deur.",
                                 "within_days": "3"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Is het acuut?" not in page and "Acuut" in page
    contact.signal.refresh_from_db()
    assert contact.signal.due_at == end_of_today()


def test_the_panel_refuses_a_choice_left_out(client, household, supporter):
    contact = not_safe(household, supporter)
    login(client, supporter)
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, contact.uuid])
    response = client.post(url, {"observation": "Bang."})
    assert response.status_code == 400
    assert "Kies of het acuut is." in response.content.decode()
    contact.refresh_from_db()
    assert contact.next_step_at is None


def test_a_contact_without_a_signal_has_no_next_step_page(client, household, supporter):
    contact = contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                             kind="follow_up", held_on=timezone.localdate(), channel="phone",
                             reached=True, answers={"feels_safe": "yes"})
    login(client, supporter)
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, contact.uuid])
    assert client.get(url).status_code == 404


def test_an_outsider_cannot_open_or_post_the_next_step(client, household, supporter, outsider):
    contact = not_safe(household, supporter)
    login(client, outsider)
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, contact.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, {"acute": "no", "observation": "x", "within_days": "7"}
                       ).status_code == 404
    api = f"/api/v1/households/{household.uuid}/rhythm/unsafe-next-step/"
    assert client.post(api, {"contact": str(contact.uuid), "acute": False,
                             "observation": "x"}, content_type="application/json"
                       ).status_code == 404
    contact.refresh_from_db()
    assert contact.next_step_at is None


def test_the_api_takes_the_next_step(client, household, colleague):
    contact = not_safe(household, colleague)
    login(client, colleague)
    response = client.post(
        f"/api/v1/households/{household.uuid}/rhythm/unsafe-next-step/",
        {"contact": str(contact.uuid), "acute": False, "observation": "Ze was stil.",
         "within_days": 3}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["signal"] == str(contact.signal.uuid) and body["urgency"] == "not_acute"
    assert body["plan_adjusted"] is True


def test_a_next_step_not_yet_chosen_waits_on_the_household_page(client, household, supporter):
    contact = not_safe(household, supporter)
    login(client, supporter)
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, contact.uuid])
    detail = reverse("households:detail", args=[household.uuid])
    assert url in client.get(detail).content.decode()
    next_step(contact, supporter)
    assert url not in client.get(detail).content.decode()


def test_feeling_unsafe_points_to_the_safety_plan_and_the_signal_not_to_another_contact(
        household, supporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        not_safe(household, supporter)
    status = SightStatus.objects.get(trajectory=household.trajectories.get())
    shown = {r.label: r for r in reasons_shown(status, household.uuid)}
    unsafe = shown["Cliënt voelt zich niet veilig"]
    assert unsafe.url == reverse("safety:overview", args=[household.uuid])
    assert unsafe.action != "Contactmoment vastleggen"


def test_the_next_step_page_takes_the_same_queries_however_many_earlier_contacts(
        client, household, supporter, django_assert_num_queries):
    first = not_safe(household, supporter)
    login(client, supporter)
    url = reverse("rhythm:unsafe_next_step", args=[household.uuid, first.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        not_safe(household, supporter)
    with django_assert_num_queries(len(one)):
        client.get(url)
