"""The out-of-sight status over real data: the periodic scan (time frozen), the refresh
after a change, the caseload sorted by it, and the trajectory's minimum and maximum."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from tests.sight_helpers import departed_household
from zicht.contacts.services import contact_record
from zicht.notifications.models import Notification, NotificationKind
from zicht.rhythm.models import SightLevel, SightStatus
from zicht.rhythm.services import contact_plan_adjust, sight_scan
from zicht.trajectories.models import CloseReason, Phase
from zicht.trajectories.services import trajectory_close, trajectory_extend

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


def status_of(household) -> SightStatus:
    return SightStatus.objects.get(trajectory=household.trajectories.get())


def reached(actor, household, days_ago=0, **answers):
    return contact_record(actor=actor, trajectory=household.trajectories.get(),
                          kind="follow_up", held_on=timezone.localdate() - timedelta(days_ago),
                          channel="phone", reached=True, answers=answers)


def attempt(actor, household, days_ago=0):
    return contact_record(actor=actor, trajectory=household.trajectories.get(),
                          kind="follow_up", held_on=timezone.localdate() - timedelta(days_ago),
                          channel="phone", reached=False)


@pytest.fixture
def departed(frozen, household):
    """Fatima's household, departed 7 days before NOON, coordinated by the supporter."""
    return household


def test_the_scan_notices_an_overdue_contact_and_then_the_household_dropping_out_of_sight(
        departed, frozen, supporter):
    sight_scan()
    assert status_of(departed).level == SightLevel.IN_SIGHT
    assert status_of(departed).next_contact_due == timezone.localdate()

    frozen.move_to(NOON + timedelta(days=3), tick=False)
    mail.outbox.clear()
    result = sight_scan()
    assert result.changed == 1
    assert status_of(departed).reasons == [{"code": "contact_overdue",
                                            "level": SightLevel.ATTENTION}]
    inbox = Notification.objects.filter(recipient=supporter).exclude(
        kind=NotificationKind.INVITATION)
    assert list(inbox.values_list("kind", flat=True)) == [NotificationKind.CONTACT_OVERDUE]

    frozen.move_to(NOON + timedelta(days=9), tick=False)
    sight_scan()
    assert status_of(departed).level == SightLevel.OUT_OF_SIGHT
    assert inbox.filter(kind=NotificationKind.OUT_OF_SIGHT).count() == 1

    # Nothing changed since: the next scan writes nothing and notifies nobody again.
    again = sight_scan()
    assert (again.changed, again.notified) == (0, 0)


def test_the_scan_takes_a_fixed_number_of_queries_however_many_households(
        frozen, shelter_worker, supporter, alkmaar, alkmaar_team):
    def scan_queries(count):
        for i in range(count):
            departed_household(shelter_worker=shelter_worker, supporter=supporter,
                               alkmaar=alkmaar, alkmaar_team=alkmaar_team, days_ago=10 + i)
        SightStatus.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            result = sight_scan()
        return len(ctx.captured_queries), result

    few, result = scan_queries(2)
    assert result.changed == 2
    more, result = scan_queries(4)
    assert result.changed == 6
    assert few == more


def test_unanswered_attempts_in_a_row_mean_care_avoidance(departed, supporter):
    actor = as_actor(supporter)
    reached(actor, departed, days_ago=5)
    for days_ago in (3, 2, 1):
        attempt(actor, departed, days_ago)
    sight_scan()
    assert status_of(departed).level == SightLevel.OUT_OF_SIGHT
    assert {"code": "care_avoidance", "level": SightLevel.OUT_OF_SIGHT} in \
        status_of(departed).reasons

    reached(actor, departed)  # reached again: the count starts over
    sight_scan()
    assert status_of(departed).level == SightLevel.IN_SIGHT


def test_the_answers_of_the_last_reached_contact_count(departed, supporter):
    actor = as_actor(supporter)
    reached(actor, departed, days_ago=1, feels_safe="no", safety_plan_current="no",
            counsellor_contact="no")
    attempt(actor, departed)  # an attempt has no answers and does not hide them
    sight_scan()
    assert {r["code"] for r in status_of(departed).reasons} == {
        "feels_unsafe", "safety_plan_outdated", "no_help_active"}
    assert status_of(departed).level == SightLevel.ATTENTION


def test_shelter_aftercare_ending_while_the_shelter_still_coordinates(
        frozen, shelter_worker, supporter, alkmaar, alkmaar_team):
    household = departed_household(shelter_worker=shelter_worker, supporter=supporter,
                                   alkmaar=alkmaar, alkmaar_team=alkmaar_team, days_ago=50,
                                   aftercare_days=60, shelter_coordinates=True)
    reached(as_actor(supporter), household)
    sight_scan()
    assert status_of(household).reasons == [{"code": "aftercare_ending",
                                              "level": SightLevel.ATTENTION}]


def test_a_change_recomputes_the_status_once_committed(departed, frozen, supporter,
                                                       django_capture_on_commit_callbacks):
    frozen.move_to(NOON + timedelta(days=20), tick=False)
    sight_scan()
    assert status_of(departed).level == SightLevel.OUT_OF_SIGHT
    with django_capture_on_commit_callbacks(execute=True):
        reached(as_actor(supporter), departed)
    assert status_of(departed).level == SightLevel.IN_SIGHT


def test_the_supporter_adjusts_the_rhythm_with_a_reason(departed, supporter, outsider,
                                                        django_capture_on_commit_callbacks):
    trajectory = departed.trajectories.get()
    with pytest.raises(ValidationError):
        contact_plan_adjust(actor=as_actor(supporter), trajectory=trajectory,
                            periods=[[12, 3]], reason="")
    with pytest.raises(PermissionDenied):
        contact_plan_adjust(actor=as_actor(outsider), trajectory=trajectory,
                            periods=[[12, 3]], reason="Wil vaker contact")
    with django_capture_on_commit_callbacks(execute=True):
        contact_plan_adjust(actor=as_actor(supporter), trajectory=trajectory,
                            periods=[[12, 3]], reason="Cliënt vraagt om vaker contact")
    # Departed 7 days ago, contact every 3 days: overdue now.
    assert status_of(departed).reasons[0]["code"] == "contact_overdue"


# --- The caseload -------------------------------------------------------------------------


def test_the_caseload_puts_the_most_urgent_household_first_with_what_to_do(
        client, frozen, shelter_worker, supporter, alkmaar, alkmaar_team):
    calm = departed_household(shelter_worker=shelter_worker, supporter=supporter,
                              alkmaar=alkmaar, alkmaar_team=alkmaar_team, days_ago=2,
                              name="Anna")
    overdue = departed_household(shelter_worker=shelter_worker, supporter=supporter,
                                 alkmaar=alkmaar, alkmaar_team=alkmaar_team, days_ago=30,
                                 name="Zoë")
    sight_scan()
    page = login(client, supporter).get(reverse("home")).content.decode()
    assert page.index("Zoë") < page.index("Anna")
    assert "Uit zicht" in page and "Contactmoment 23 dagen te laat" in page
    assert reverse("contacts:new", args=[overdue.uuid]) in page
    assert calm.reference in page


def _caseload_queries(client, supporter, count, make):
    for _ in range(count):
        make()
    sight_scan()
    login(client, supporter)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def test_the_caseload_query_count_does_not_grow_with_the_households(
        client, frozen, shelter_worker, supporter, alkmaar, alkmaar_team):
    def make():
        departed_household(shelter_worker=shelter_worker, supporter=supporter, alkmaar=alkmaar,
                           alkmaar_team=alkmaar_team, days_ago=20)

    few = _caseload_queries(client, supporter, 2, make)
    more = _caseload_queries(client, supporter, 5, make)
    assert few == more


# --- The inspectorates' minimum and the maximum year ---------------------------------------


def test_closing_within_six_months_after_aftercare_needs_a_reason_from_the_list(
        departed, supporter):
    trajectory = departed.trajectories.get()
    with pytest.raises(ValidationError) as refused:
        trajectory_close(actor=as_actor(supporter), trajectory=trajectory, reason="",
                         reason_code=CloseReason.COMPLETED)
    assert "reason_code" in refused.value.error_dict
    with pytest.raises(ValidationError):
        trajectory_close(actor=as_actor(supporter), trajectory=trajectory, reason="",
                         reason_code=CloseReason.OTHER)
    closed = trajectory_close(actor=as_actor(supporter), trajectory=trajectory, reason="",
                              reason_code=CloseReason.FAMILY_GUARDIAN)
    assert closed.phase == Phase.CLOSED
    assert closed.closed_reason == "Overgenomen door een gezinsvoogd"


def test_closing_as_completed_is_possible_after_the_minimum(departed, frozen, supporter):
    trajectory = departed.trajectories.get()
    frozen.move_to(NOON + timedelta(days=60 + 190), tick=False)
    closed = trajectory_close(actor=as_actor(supporter), trajectory=trajectory, reason="",
                              reason_code=CloseReason.COMPLETED)
    assert closed.close_reason_code == CloseReason.COMPLETED


def test_an_extension_is_recorded_with_a_reason_and_history(departed, supporter):
    trajectory = departed.trajectories.get()
    old_end = trajectory.planned_end
    with pytest.raises(ValidationError):
        trajectory_extend(actor=as_actor(supporter), trajectory=trajectory,
                          new_end=old_end + timedelta(days=90), reason=" ")
    with pytest.raises(ValidationError):
        trajectory_extend(actor=as_actor(supporter), trajectory=trajectory,
                          new_end=old_end, reason="Rechtszaak loopt nog")
    trajectory_extend(actor=as_actor(supporter), trajectory=trajectory,
                      new_end=old_end + timedelta(days=90), reason="Rechtszaak loopt nog")
    trajectory.refresh_from_db()
    assert trajectory.planned_end == old_end + timedelta(days=90)
    assert list(trajectory.extensions.values_list("previous_end", "reason")) == [
        (old_end, "Rechtszaak loopt nog")]


# --- The plan page and its API: need to know --------------------------------------------


def test_the_plan_page_shows_status_and_planned_contacts(client, departed, supporter):
    sight_scan()
    page = login(client, supporter).get(reverse("rhythm:plan", args=[departed.uuid]))
    assert page.status_code == 200
    assert "Geplande contactmomenten" in page.content.decode()


def test_the_plan_page_shows_every_adjustment_of_the_rhythm_with_its_reason(
        client, departed, supporter, colleague, frozen):
    trajectory = departed.trajectories.get()
    contact_plan_adjust(actor=as_actor(supporter), trajectory=trajectory,
                        periods=[[12, 3]], reason="Cliënt vraagt om vaker contact")
    frozen.move_to(NOON + timedelta(days=30), tick=False)
    contact_plan_adjust(actor=as_actor(colleague), trajectory=trajectory,
                        periods=[[6, 7], [12, 14]], reason="Gaat goed, rustiger ritme")
    page = login(client, supporter).get(reverse("rhythm:plan", args=[departed.uuid]))
    text = page.content.decode()
    newest = text.index("Gaat goed, rustiger ritme", text.index("Eerdere aanpassingen"))
    assert newest < text.index("Cliënt vraagt om vaker contact", newest)
    assert "tot maand 6 elke 7 dagen, tot maand 12 elke 14 dagen" in text
    assert colleague.get_full_name() in text


def test_the_household_page_says_whether_she_is_still_in_sight_and_why(
        client, departed, frozen, supporter):
    frozen.move_to(NOON + timedelta(days=20), tick=False)
    sight_scan()
    page = login(client, supporter).get(reverse("households:detail", args=[departed.uuid]))
    text = page.content.decode()
    assert "Uit zicht" in text and "Contactmoment verlopen" in text
    assert reverse("contacts:new", args=[departed.uuid]) in text


def test_the_plan_page_and_its_api_do_not_exist_for_an_outsider(client, departed, outsider):
    login(client, outsider)
    assert client.get(reverse("rhythm:plan", args=[departed.uuid])).status_code == 404
    assert client.post(reverse("rhythm:plan", args=[departed.uuid]),
                       {"adjust": "1"}).status_code == 404
    api = f"/api/v1/households/{departed.uuid}/rhythm/"
    assert client.get(api).status_code == 404
    assert client.put(f"{api}plan/", {"periods": [[12, 3]], "reason": "x"},
                      content_type="application/json").status_code == 404
    assert client.post(f"{api}extension/", {}, content_type="application/json"
                       ).status_code == 404


def test_the_rhythm_api_gives_status_and_takes_an_adjusted_plan(client, departed, supporter):
    sight_scan()
    login(client, supporter)
    api = f"/api/v1/households/{departed.uuid}/rhythm/"
    body = client.get(api).json()
    assert body["level"] == SightLevel.IN_SIGHT and body["periods"][0] == [3, 7]
    adjusted = client.put(f"{api}plan/", {"periods": [[12, 10]], "reason": "Rustiger ritme"},
                          content_type="application/json")
    assert adjusted.status_code == 200, adjusted.content
    assert adjusted.json()["periods"] == [[12, 10]]
    assert [(c["reason"], c["periods"]) for c in adjusted.json()["plan_changes"]] == [
        ("Rustiger ritme", [[12, 10]])]
    refused = client.put(f"{api}plan/", {"periods": [[12, 0]], "reason": "x"},
                         content_type="application/json")
    assert refused.status_code == 400


def test_a_municipality_sets_its_own_default_rhythm(client, departed, supporter, alkmaar_team):
    from tests.conftest import _member

    policy = _member("paula.beleid", alkmaar_team, "policy")
    login(client, supporter)
    assert client.get(reverse("rhythm:municipality")).status_code == 404
    login(client, policy)
    assert client.get(reverse("rhythm:municipality")).status_code == 200
    response = client.post(reverse("rhythm:municipality"), {
        "every_days_1": 3, "every_days_2": 14, "every_days_3": 30})
    assert response.status_code == 302
    sight_scan()
    # Departed 7 days ago, every 3 days in the first months: now overdue.
    assert status_of(departed).reasons[0]["code"] == "contact_overdue"


def test_a_safety_plan_past_its_review_date_needs_attention_until_it_is_reviewed(
        departed, frozen, supporter, django_capture_on_commit_callbacks):
    from zicht.safety.services import safety_plan_save

    reached(as_actor(supporter), departed)
    with django_capture_on_commit_callbacks(execute=True):
        safety_plan_save(actor=as_actor(supporter), household=departed, change_note="opgesteld",
                         data={"next_review_on": timezone.localdate() + timedelta(days=2)})
    assert status_of(departed).level == SightLevel.IN_SIGHT

    frozen.move_to(NOON + timedelta(days=3), tick=False)
    reached(as_actor(supporter), departed)
    sight_scan()
    assert {"code": "safety_plan_review_overdue", "level": SightLevel.ATTENTION} in (
        status_of(departed).reasons)

    with django_capture_on_commit_callbacks(execute=True):
        safety_plan_save(actor=as_actor(supporter), household=departed, change_note="herzien",
                         data={"next_review_on": timezone.localdate() + timedelta(days=90)})
    assert status_of(departed).level == SightLevel.IN_SIGHT
