"""Case conferences (casusoverleg, issue 16): the coordinator convenes the involved
organisations, the conference agrees veiligheidsvoorwaarden and actions that go straight
into the household's one plan, the client's own view is recorded, and the conditions are
reviewed at each contact moment and at the next conference."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.audit.models import AccessLogEntry
from zicht.conferences.models import ConferenceState
from zicht.conferences.services import (
    conference_action_add,
    conference_cancel,
    conference_condition_add,
    conference_hold,
    conference_plan,
)
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.services import contact_record
from zicht.notifications.models import Notification, NotificationKind
from zicht.notifications.services import calendar_feed_create
from zicht.plans.models import ConditionStatus, ReviewMoment, ReviewOutcome


@pytest.fixture
def connected_school(household, school, supporter):
    """The school is connected as a partner, with the client's consent for the plan."""
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["plan"])
    return school


def _feed(client, user) -> str:
    """The user's calendar feed, through a fresh secret link."""
    _calendar_feed, token = calendar_feed_create(actor=as_actor(user))
    return client.get(reverse("calendar_feed", args=[token])).content.decode()


def _plan(household, supporter, participants=(), **extra):
    return conference_plan(actor=as_actor(supporter), household=household,
                           planned_at=timezone.now() + timedelta(days=3),
                           agenda="Veiligheid rond school", participants=participants,
                           **extra)


def _held(conference, supporter, **extra):
    return conference_hold(actor=as_actor(supporter), conference=conference,
                           held_on=timezone.localdate(), decisions="Afspraken met school",
                           client_view="Ik wil dat Noor gewoon naar school kan.",
                           client_present=True, **extra)


@pytest.fixture
def held_conference(household, supporter, connected_school):
    return _held(_plan(household, supporter, [connected_school]), supporter)


def _condition(conference, supporter, school):
    return conference_condition_add(
        actor=as_actor(supporter), conference=conference,
        description="De ex-partner komt niet naar de school", monitored_by=school,
        monitor_person="intern begeleider", how="De school belt bij een poging de regisseur")


def test_the_coordinator_convenes_with_the_involved_organisations(household, supporter,
                                                                  alkmaar_team,
                                                                  connected_school):
    conference = _plan(household, supporter, [connected_school])
    assert conference.state == ConferenceState.PLANNED
    assert set(conference.participants.all()) == {alkmaar_team, connected_school}
    assert [h.to_state for h in conference.history.all()] == [ConferenceState.PLANNED]
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                         record_type="conference", action="create").exists()


def test_only_the_coordinator_convenes(household, colleague, shelter_worker, school_partner,
                                       connected_school):
    # The colleague works in the coordinating team; the shelter carries but does not
    # coordinate after departure; the school is only connected.
    _plan(household, colleague)
    for someone in (shelter_worker, school_partner):
        with pytest.raises(PermissionDenied):
            _plan(household, someone)


def test_an_uninvolved_organisation_is_not_invited_and_others_need_consent(
        household, supporter, hoorn_team):
    with pytest.raises(ValidationError):
        _plan(household, supporter, [hoorn_team])
    with pytest.raises(ValidationError):
        _plan(household, supporter, others="huisarts")
    conference = _plan(household, supporter, others="huisarts", others_consented=True)
    assert conference.others == "huisarts" and conference.others_consented


def test_conditions_and_actions_go_into_the_plan_once_held(household, supporter,
                                                          connected_school):
    conference = _plan(household, supporter, [connected_school])
    with pytest.raises(ValidationError):
        _condition(conference, supporter, connected_school)
    _held(conference, supporter)
    condition = _condition(conference, supporter, connected_school)
    action = conference_action_add(actor=as_actor(supporter), conference=conference,
                                   domain="safety", description="Veiligheidsplan met school",
                                   responsible_organisation=connected_school)
    assert condition.plan == household.plan and action.plan == household.plan
    assert conference.client_view == "Ik wil dat Noor gewoon naar school kan."


def test_whoever_monitors_a_condition_sat_at_the_table(household, supporter, shelter,
                                                       held_conference):
    # The shelter is involved but was not at this conference.
    with pytest.raises(ValidationError):
        _condition(held_conference, supporter, shelter)


def test_a_held_conference_is_not_held_or_cancelled_again(household, supporter,
                                                          held_conference):
    with pytest.raises(ValidationError):
        _held(held_conference, supporter)
    with pytest.raises(ValidationError):
        conference_cancel(actor=as_actor(supporter), conference=held_conference, reason="x")


def test_conditions_are_reviewed_at_a_contact_moment_and_at_the_next_conference(
        household, supporter, connected_school, held_conference):
    condition = _condition(held_conference, supporter, connected_school)
    contact = contact_record(
        actor=as_actor(supporter), trajectory=household.trajectories.get(),
        kind="follow_up", held_on=timezone.localdate(), channel="phone", reached=True,
        condition_reviews={condition: (ReviewOutcome.MET, "school bevestigt")})
    nxt = _plan(household, supporter, [connected_school])
    _held(nxt, supporter, reviews={condition: (ReviewOutcome.NO_LONGER_NEEDED, "")})
    reviews = list(condition.reviews.all())
    assert [(r.moment, r.moment_uuid, r.outcome) for r in reviews] == [
        (ReviewMoment.CONTACT, contact.uuid, ReviewOutcome.MET),
        (ReviewMoment.CONFERENCE, nxt.uuid, ReviewOutcome.NO_LONGER_NEEDED)]
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.ENDED


def test_an_attempt_that_did_not_reach_the_client_reviews_nothing(
        household, supporter, connected_school, held_conference):
    condition = _condition(held_conference, supporter, connected_school)
    with pytest.raises(ValidationError):
        contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                       kind="follow_up", held_on=timezone.localdate(), channel="phone",
                       reached=False, condition_reviews={condition: (ReviewOutcome.MET, "")})
    assert not condition.reviews.exists()


def test_the_contact_form_shows_the_open_conditions_and_records_their_review(
        client, household, supporter, connected_school, held_conference):
    condition = _condition(held_conference, supporter, connected_school)
    login(client, supporter)
    url = reverse("contacts:new", args=[household.uuid])
    page = client.get(url).content.decode()
    assert "De ex-partner komt niet naar de school" in page
    response = client.post(url, {
        "channel": "phone", "reached": "yes", "no_particulars": "on",
        "held_on": timezone.localdate().isoformat(),
        f"condition_{condition.uuid}": "not_met",
        f"condition_{condition.uuid}_note": "hij stond bij het hek"})
    assert response.status_code == 302
    assert condition.reviews.get().outcome == ReviewOutcome.NOT_MET


def test_the_plan_page_shows_the_conditions_with_who_monitors_and_how(
        client, household, supporter, connected_school, held_conference):
    _condition(held_conference, supporter, connected_school)
    login(client, supporter)
    page = client.get(reverse("plans:detail", args=[household.uuid])).content.decode()
    assert "Veiligheidsvoorwaarden" in page
    assert "De school belt bij een poging de regisseur" in page and "OBS De Regenboog" in page


def test_the_pages_of_a_conference_in_order(client, household, supporter, connected_school):
    login(client, supporter)
    base = reverse("conferences:list", args=[household.uuid])
    assert client.get(base).status_code == 200
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(reverse("conferences:new", args=[household.uuid]), {
        "day": day, "start": "10:00", "participants": [connected_school.pk],
        "agenda": "Veiligheid rond school"})
    assert response.status_code == 302
    conference = household.conferences.get()
    detail = reverse("conferences:detail", args=[household.uuid, conference.uuid])
    assert client.get(detail).status_code == 200
    response = client.post(reverse("conferences:hold", args=[household.uuid, conference.uuid]),
                           {"held_on": timezone.localdate().isoformat(), "decisions": "x",
                            "client_view": "Haar eigen woorden", "client_present": "yes"})
    assert response.status_code == 302
    response = client.post(
        reverse("conferences:condition_new", args=[household.uuid, conference.uuid]),
        {"description": "Geen contact met de ex-partner", "monitored_by": connected_school.pk,
         "how": "Melden bij de regisseur"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Haar eigen woorden" in page and "Geen contact met de ex-partner" in page


def test_a_partner_sees_only_the_conferences_it_sat_at(client, household, supporter,
                                                       school_partner, connected_school):
    other = _plan(household, supporter)
    own = _plan(household, supporter, [connected_school])
    login(client, school_partner)
    page = client.get(reverse("conferences:list", args=[household.uuid])).content.decode()
    assert str(own.uuid) in page and str(other.uuid) not in page
    assert client.get(reverse("conferences:detail",
                              args=[household.uuid, own.uuid])).status_code == 200
    assert client.get(reverse("conferences:detail",
                              args=[household.uuid, other.uuid])).status_code == 404
    assert client.get(reverse("conferences:new", args=[household.uuid])).status_code == 403
    api = client.get(f"/api/v1/households/{household.uuid}/conferences/").json()
    assert [c["uuid"] for c in api["results"]] == [str(own.uuid)]


def test_a_partner_without_consent_for_the_plan_gets_404(client, household, supporter,
                                                         school, school_partner):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["signals"])
    conference = _plan(household, supporter, [school])
    login(client, school_partner)
    for url in (reverse("conferences:list", args=[household.uuid]),
                reverse("conferences:detail", args=[household.uuid, conference.uuid]),
                f"/api/v1/households/{household.uuid}/conferences/",
                f"/api/v1/households/{household.uuid}/conferences/{conference.uuid}/"):
        assert client.get(url).status_code == 404, url


def test_an_outsider_gets_404_for_a_real_conference(client, household, supporter, outsider):
    conference = _plan(household, supporter)
    login(client, outsider)
    for url in (reverse("conferences:detail", args=[household.uuid, conference.uuid]),
                reverse("conferences:hold", args=[household.uuid, conference.uuid]),
                f"/api/v1/households/{household.uuid}/conferences/{conference.uuid}/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url


def test_the_api_plans_holds_and_agrees_into_the_plan(client, household, supporter,
                                                      connected_school):
    login(client, supporter)
    base = f"/api/v1/households/{household.uuid}/conferences/"
    created = client.post(base, {
        "planned_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "participants": [str(connected_school.uuid)], "agenda": "Veiligheid"},
        content_type="application/json")
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    held = client.post(f"{base}{uuid}/held/", {
        "held_on": timezone.localdate().isoformat(), "decisions": "x",
        "client_view": "Haar kijk"}, content_type="application/json")
    assert held.status_code == 200 and held.json()["state"] == "held"
    condition = client.post(f"{base}{uuid}/conditions/", {
        "description": "Geen contact", "monitored_by": str(connected_school.uuid),
        "how": "De school belt"}, content_type="application/json")
    assert condition.status_code == 201
    plan = client.get(f"/api/v1/households/{household.uuid}/plan/").json()
    assert [c["description"] for c in plan["conditions"]] == ["Geen contact"]
    assert client.get(f"{base}{uuid}/").json()["conditions"][0]["how"] == "De school belt"


def test_the_contact_api_reviews_the_conditions_too(client, household, supporter,
                                                    connected_school, held_conference):
    condition = _condition(held_conference, supporter, connected_school)
    login(client, supporter)
    response = client.post(f"/api/v1/households/{household.uuid}/contacts/", {
        "held_on": timezone.localdate().isoformat(), "channel": "phone", "reached": True,
        "condition_reviews": [{"condition": str(condition.uuid), "outcome": "met"}]},
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert condition.reviews.get().moment == ReviewMoment.CONTACT


def test_reading_a_conference_is_in_the_access_log(client, household, supporter,
                                                   held_conference):
    login(client, supporter)
    before = AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                           record_type="conference", action="read").count()
    client.get(reverse("conferences:detail", args=[household.uuid, held_conference.uuid]))
    client.get(f"/api/v1/households/{household.uuid}/conferences/")
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                         record_type="conference",
                                         action="read").count() == before + 2


def test_a_partner_at_the_table_records_nothing_of_the_conference(client, household,
                                                                  supporter, school_partner,
                                                                  connected_school):
    conference = _plan(household, supporter, [connected_school])
    login(client, school_partner)
    hold = reverse("conferences:hold", args=[household.uuid, conference.uuid])
    assert client.get(hold).status_code == 403
    api = client.post(f"/api/v1/households/{household.uuid}/conferences/{conference.uuid}/held/",
                      {"held_on": timezone.localdate().isoformat(), "decisions": "x"},
                      content_type="application/json")
    assert api.status_code == 403
    conference.refresh_from_db()
    assert conference.state == ConferenceState.PLANNED


# --- Invitations: inbox and calendar ------------------------------------------------------


def test_each_organisation_at_the_table_invites_its_named_people_else_its_case_workers(
        household, supporter, colleague, team_lead, outsider, shelter, shelter_worker,
        connected_school, school_partner):
    conference = _plan(household, supporter, [shelter, connected_school])
    # The coordinating team: its named supporter convenes (no invitation to oneself), so
    # the colleague and the team lead, not named for this household, are not asked.
    invited = set(conference.invitations.values_list("user__username", flat=True))
    assert invited == {shelter_worker.username, school_partner.username}
    messages = Notification.objects.filter(kind=NotificationKind.CASE_CONFERENCE)
    assert set(messages.values_list("recipient", flat=True)) == {shelter_worker.pk,
                                                                   school_partner.pk}
    assert {m.link for m in messages} == {
        reverse("conferences:detail", args=[household.uuid, conference.uuid])}
    for someone in (supporter, colleague, team_lead, outsider):
        assert not Notification.objects.filter(recipient=someone,
                                               kind=NotificationKind.CASE_CONFERENCE)


def test_the_invitation_leads_the_partner_to_the_conference(client, household, supporter,
                                                            connected_school, school_partner):
    _plan(household, supporter, [connected_school])
    link = Notification.objects.get(recipient=school_partner).link
    page = login(client, school_partner).get(link)
    assert page.status_code == 200
    assert "Uitgenodigd" in page.text and school_partner.get_full_name() in page.text


def test_the_calendar_feed_says_casusoverleg_and_the_time_and_nothing_of_the_household(
        client, household, supporter, shelter, shelter_worker, outsider):
    conference = _plan(household, supporter, [shelter], place="Opvang, spreekkamer 2")
    _feed, token = calendar_feed_create(actor=as_actor(shelter_worker))
    body = client.get(reverse("calendar_feed", args=[token])).content.decode()
    assert "SUMMARY:Casusoverleg" in body
    assert f"DTSTART:{conference.planned_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in body
    for telling in (household.reference, "spreekkamer", "Veiligheid rond school"):
        assert telling not in body
    _feed, stranger_token = calendar_feed_create(actor=as_actor(outsider))
    assert "Casusoverleg" not in client.get(
        reverse("calendar_feed", args=[stranger_token])).content.decode()

    conference_cancel(actor=as_actor(supporter), conference=conference, reason="Ziek")
    assert "Casusoverleg" not in client.get(
        reverse("calendar_feed", args=[token])).content.decode()


def test_the_convener_has_the_conference_in_her_own_calendar_and_her_colleague_does_not(
        client, household, supporter, colleague, shelter):
    conference = _plan(household, supporter, [shelter])
    body = _feed(client, supporter)
    assert body.count("SUMMARY:Casusoverleg") == 1
    assert f"conference-{conference.uuid}" in body
    assert "Casusoverleg" not in _feed(client, colleague)

    conference_cancel(actor=as_actor(supporter), conference=conference, reason="Ziek")
    assert "Casusoverleg" not in _feed(client, supporter)
