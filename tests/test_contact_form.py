"""A contact form made for a thumb (issue 13): one-tap answers, today and the last channel
as defaults, and "geen bijzonderheden" answering the questions in one tap, also without
JavaScript (the server gives it the same meaning for the questions left blank)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.access.policy import access_for
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.contacts.models import ContactMoment
from zicht.contacts.services import contact_record
from zicht.signals.models import Signal


def url(household):
    return reverse("contacts:new", args=[household.uuid])


def a_contact(household, supporter, channel="video"):
    return contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                          kind="follow_up", held_on=timezone.localdate(), channel=channel,
                          reached=True)


def test_geen_bijzonderheden_alone_records_an_ordinary_reached_contact(client, household,
                                                                      supporter):
    login(client, supporter)
    response = client.post(url(household), {"channel": "phone", "no_particulars": "on",
                                            "held_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert response.url == reverse("households:detail", args=[household.uuid])
    contact = household.trajectories.get().contacts.get()
    assert contact.reached is True
    assert {q: getattr(contact, q) for q in ContactMoment.QUESTION_FIELDS} == {
        "counsellor_contact": "yes", "feels_safe": "yes", "safety_plan_current": "yes",
        "unaddressed_problems": "no", "needs_extra_support": "no"}
    assert not Signal.objects.exists()


def test_an_answer_chosen_after_geen_bijzonderheden_wins(client, household, supporter):
    login(client, supporter)
    response = client.post(url(household), {
        "channel": "phone", "reached": "yes", "no_particulars": "on", "feels_safe": "no",
        "held_on": timezone.localdate().isoformat()})
    contact = household.trajectories.get().contacts.get()
    assert (contact.feels_safe, contact.safety_plan_current) == ("no", "yes")
    assert response.url == reverse("rhythm:unsafe_next_step", args=[household.uuid,
                                                                   contact.uuid])


def test_geen_bijzonderheden_is_refused_for_a_client_not_reached(client, household, supporter):
    login(client, supporter)
    response = client.post(url(household), {"channel": "phone", "reached": "no",
                                            "no_particulars": "on",
                                            "held_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "alleen als de cliënt bereikt is" in response.content.decode()
    assert not ContactMoment.objects.exists()


def test_reached_or_not_must_be_chosen(client, household, supporter):
    login(client, supporter)
    response = client.post(url(household), {"channel": "phone",
                                            "held_on": timezone.localdate().isoformat()})
    page = response.content.decode()
    assert "Kies of de cliënt bereikt is." in page
    assert 'role="alert"' in page  # an error summary above the form
    assert not ContactMoment.objects.exists()


def test_today_and_the_households_last_channel_are_chosen_already(client, household,
                                                                  supporter):
    login(client, supporter)
    page = client.get(url(household)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert not re.search(r'name="channel"[^>]*checked', page)  # no contact yet: no guess
    a_contact(household, supporter, channel="video")
    page = client.get(url(household)).content.decode()
    assert re.search(r'name="channel" value="video"[^>]*checked', page)


def test_each_tile_is_the_radio_button_django_would_draw(client, household, supporter):
    """The tiles draw their radio buttons themselves (cheaper than a widget template per
    option): chosen, required and invalid must still come out as Django's own."""
    login(client, supporter)
    response = client.post(url(household), {"channel": "phone",
                                            "held_on": timezone.localdate().isoformat()})
    page = response.content.decode()
    form = response.context["form"]
    tiles = [form[name] for name, field in form.fields.items()
             if field.widget.__class__.__name__ == "Tiles"]
    assert len(tiles) >= 3 and form["reached"].errors
    for bound in tiles:
        for radio in bound:
            assert str(radio.tag()) in page
    assert re.search(r'name="channel" value="phone"[^>]*required checked', page)


def test_nothing_is_drawn_as_an_error_before_anyone_answers(client, household, supporter):
    login(client, supporter)
    page = client.get(url(household)).content.decode()
    assert "error-message" not in page and "--invalid" not in page
    assert "aria-invalid" not in page and 'role="alert"' not in page


def test_the_form_takes_the_same_queries_for_one_or_many_earlier_contacts(
        client, household, supporter, django_assert_num_queries):
    login(client, supporter)
    a_contact(household, supporter)
    client.get(url(household))  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        client.get(url(household))
    for _ in range(7):
        a_contact(household, supporter)
    with django_assert_num_queries(len(one)):
        client.get(url(household))


def test_a_contact_recorded_on_the_form_is_logged_with_the_ground_the_page_was_opened_on(
        client, household, supporter):
    login(client, supporter)
    client.post(url(household), {"channel": "phone", "no_particulars": "on",
                                 "held_on": timezone.localdate().isoformat()})
    contact = household.trajectories.get().contacts.get()
    entry = AccessLogEntry.objects.get(record_type="contact", record_uuid=contact.uuid)
    assert (entry.user, entry.action, entry.household_uuid) == (
        supporter, AccessAction.CREATE, household.uuid)
    assert entry.ground == access_for(as_actor(supporter), household).ground
    assert entry.ground.startswith("involvement:")


def test_the_api_knows_geen_bijzonderheden_too(client, household, supporter):
    login(client, supporter)
    response = client.post(f"/api/v1/households/{household.uuid}/contacts/", {
        "held_on": timezone.localdate().isoformat(), "channel": "phone", "reached": True,
        "no_particulars": True}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["feels_safe"] == "yes" and response.json()["signal"] is None
