"""One record per intended action, whatever the network does (issue 18, point 1).

A supporter on a phone with a bad connection taps "Opslaan" twice: the same rendered form
(the same masked CSRF token) arrives twice. The second lands on the first one's result.
An API client does the same with an ``Idempotency-Key``.
"""

import threading
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import login
from zicht.core.idempotency import submission_key
from zicht.core.models import Submission
from zicht.plans.models import Action
from zicht.safety.models import PoliceAlert
from zicht.signals.models import Signal
from zicht.stagnations.models import Stagnation

TOKEN = {"csrfmiddlewaretoken": "the-token-of-one-rendered-form"}


def now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def forms(household, alkmaar_team):
    """(what, url, data, model) of forms that create a record."""
    today = timezone.localdate().isoformat()
    uuid = household.uuid
    return [
        ("police call-out", f"/safety/households/{uuid}/police/",
         {"called_at": now_local(), "what_was_done": "112 gebeld."}, PoliceAlert),
        ("signal", reverse("signals:signal_new", args=[uuid]),
         {"observed": "Blauwe plek.", "observed_on": today, "urgency": "not_acute",
          "about": "client"}, Signal),
        ("stagnation", reverse("stagnations:household", args=[uuid]),
         {"domain": "debts", "what": "Wachtlijst.", "since": today,
          "must_act": "Schuldhulp"}, Stagnation),
        ("plan action", reverse("plans:action_new", args=[uuid]),
         {"domain": "debts", "description": "Aanmelden.",
          "responsible_organisation": alkmaar_team.pk}, Action),
    ]


def test_every_form_sent_twice_saves_once_and_lands_on_the_first_result(
        client, household, supporter, alkmaar_team):
    login(client, supporter)
    for what, url, data, model in forms(household, alkmaar_team):
        first = client.post(url, {**data, **TOKEN})
        assert first.status_code == 302, (what, first.content.decode()[:500])
        second = client.post(url, {**data, **TOKEN})
        assert (second.status_code, second["Location"]) == (302, first["Location"]), what
        assert model.objects.count() == 1, what


def test_the_same_form_rendered_again_saves_again(client, household, supporter):
    """A new rendering carries a new masked token: a deliberate second call-out is kept."""
    login(client, supporter)
    url = f"/safety/households/{household.uuid}/police/"
    data = {"called_at": now_local(), "what_was_done": "112 gebeld."}
    client.post(url, {**data, "csrfmiddlewaretoken": "first-rendering"})
    client.post(url, {**data, "csrfmiddlewaretoken": "second-rendering"})
    assert PoliceAlert.objects.count() == 2


def test_a_form_with_errors_can_be_sent_again_once_corrected(client, household, supporter):
    login(client, supporter)
    url = f"/safety/households/{household.uuid}/police/"
    refused = client.post(url, {"called_at": now_local(), "what_was_done": "", **TOKEN})
    assert refused.status_code == 200 and not Submission.objects.exists()
    again = client.post(url, {"called_at": now_local(), "what_was_done": "", **TOKEN})
    assert again.status_code == 200  # the same errors, not a redirect to nowhere


def test_another_professional_never_gets_someone_elses_result(client, household, supporter,
                                                              colleague):
    url = f"/safety/households/{household.uuid}/police/"
    data = {"called_at": now_local(), "what_was_done": "112 gebeld.", **TOKEN}
    login(client, supporter).post(url, data)
    login(Client(), colleague).post(url, data)
    assert PoliceAlert.objects.count() == 2


def test_an_api_write_with_the_same_idempotency_key_is_answered_from_the_first(
        household, supporter):
    api = login(APIClient(), supporter)
    url = f"/api/v1/households/{household.uuid}/police-alerts/"
    data = {"called_at": timezone.now().isoformat(), "what_was_done": "112 gebeld."}
    first = api.post(url, data, format="json", headers={"Idempotency-Key": "k-1"})
    second = api.post(url, data, format="json", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second["Idempotent-Replayed"] == "true"
    api.post(url, data, format="json", headers={"Idempotency-Key": "k-2"})
    api.post(url, data, format="json")  # no key: every write counts
    assert PoliceAlert.objects.count() == 3


def test_a_write_whose_first_request_died_half_way_can_be_sent_again_once(
        household, supporter, settings, time_machine):
    """The first request claimed the key, then its web process was killed (kill -9): its
    transaction rolled back, the claim stayed. Within the time a request may take the
    resend hears "still processing"; after it, the resend saves, once."""
    settings.ZICHT_IDEMPOTENCY_ABANDONED_SECONDS = 120
    api = login(APIClient(), supporter)
    url = f"/api/v1/households/{household.uuid}/police-alerts/"
    data = {"called_at": timezone.now().isoformat(), "what_was_done": "112 gebeld."}
    headers = {"Idempotency-Key": "k-died"}
    sent = RequestFactory().post(url, data, headers=headers)  # as the middleware saw it
    sent.session = api.session
    Submission.objects.create(key=submission_key(sent))  # claimed; then the process died
    with patch("zicht.core.idempotency.WAIT_SECONDS", 0.2):
        assert api.post(url, data, format="json", headers=headers).status_code == 409
    assert PoliceAlert.objects.count() == 0
    time_machine.move_to(timezone.now() + timedelta(seconds=121))
    again = api.post(url, data, format="json", headers=headers)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    replayed = api.post(url, data, format="json", headers=headers)
    assert replayed.status_code == 201 and replayed["Idempotent-Replayed"] == "true"
    assert PoliceAlert.objects.count() == 1


def test_what_a_submission_keeps_of_an_api_answer_is_encrypted(household, supporter):
    api = login(APIClient(), supporter)
    api.post(f"/api/v1/households/{household.uuid}/police-alerts/",
             {"called_at": timezone.now().isoformat(), "what_was_done": "Buurman belde 112."},
             format="json", headers={"Idempotency-Key": "k-1"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM core_submission")
        (stored,) = cursor.fetchone()
    assert "Buurman" not in stored


def test_submissions_are_forgotten_after_a_day(client, household, supporter, time_machine):
    from zicht.core.tasks import submissions_prune

    login(client, supporter).post(f"/safety/households/{household.uuid}/police/",
                                  {"called_at": now_local(), "what_was_done": "112.", **TOKEN})
    time_machine.move_to(timezone.now() + timedelta(days=1, minutes=1))
    submissions_prune.call()
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_the_same_moment_save_once(household, supporter):
    """Two connections at once: the unique key lets one through; the other waits for it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers: no two requests can race there")
    url = f"/safety/households/{household.uuid}/police/"
    data = {"called_at": now_local(), "what_was_done": "112 gebeld.", **TOKEN}
    client = login(Client(), supporter)
    answers = []
    start = threading.Barrier(2)

    def tap():
        start.wait()
        answers.append(client.post(url, data))
        connection.close()

    taps = [threading.Thread(target=tap) for _tap in range(2)]
    for t in taps:
        t.start()
    for t in taps:
        t.join()
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert PoliceAlert.objects.count() == 1
