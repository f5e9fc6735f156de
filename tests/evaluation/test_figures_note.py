"""The dashboard says how old its figures are when they are kept a while
(``ZICHT_INDICATOR_CACHE_SECONDS``): a policy officer who just recorded something and sees
the old count must be able to tell why. Without keeping, the page says nothing of it."""

import csv
import io
from datetime import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from tests.conftest import login
from tests.evaluation.conftest import END, START, TODAY, make_policy_officer

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
NOTE = "Cijfers van 14:05; ze worden elke 5 minuten bijgewerkt."


def at(hour, minute):
    return timezone.make_aware(datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute))


def csv_moments(response) -> set[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "cijfers van"
    return {row[-1] for row in rows[1:]}


@pytest.fixture
def kept():
    cache.clear()
    yield
    cache.clear()


@override_settings(ZICHT_INDICATOR_CACHE_SECONDS=300)
def test_kept_figures_say_when_they_were_computed(client, pilot, policy, time_machine, kept):
    time_machine.move_to(at(14, 5), tick=False)
    login(client, policy)
    assert NOTE in client.get("/evaluatie/", PERIOD).content.decode()
    time_machine.move_to(at(14, 8), tick=False)
    # Three minutes on, the same kept figures: still the moment they were computed.
    assert NOTE in client.get("/evaluatie/", PERIOD).content.decode()
    assert csv_moments(client.get("/evaluatie/export.csv", PERIOD)) == {
        f"{TODAY.isoformat()} 14:05"}


@override_settings(ZICHT_INDICATOR_CACHE_SECONDS=60)
def test_a_minute_is_said_as_one(client, pilot, policy, time_machine, kept):
    time_machine.move_to(at(9, 30), tick=False)
    content = login(client, policy).get("/evaluatie/", PERIOD).content.decode()
    assert "Cijfers van 09:30; ze worden elke minuut bijgewerkt." in content


@override_settings(ZICHT_INDICATOR_CACHE_SECONDS=0)
def test_fresh_figures_say_nothing_of_it(client, pilot, policy, time_machine):
    time_machine.move_to(at(14, 5), tick=False)
    login(client, policy)
    content = client.get("/evaluatie/", PERIOD).content.decode()
    assert "Cijfers van" not in content and "bijgewerkt" not in content
    time_machine.move_to(at(14, 8), tick=False)
    # Computed for this very request.
    assert csv_moments(client.get("/evaluatie/export.csv", PERIOD)) == {
        f"{TODAY.isoformat()} 14:08"}


def drawn(response) -> bool:
    return "evaluation/_table.html" in [t.name for t in response.templates]


@override_settings(ZICHT_INDICATOR_CACHE_SECONDS=300)
def test_kept_figures_are_drawn_once_for_every_reader_of_the_scope(
        client, pilot, policy, alkmaar, time_machine, kept):
    time_machine.move_to(at(14, 5), tick=False)
    first = login(client, policy).get("/evaluatie/", PERIOD)
    assert drawn(first)
    colleague = make_policy_officer(alkmaar, username="bart.beleid")
    again = login(client, colleague).get("/evaluatie/", PERIOD)
    # The same tables, not drawn again: only the reader's own part of the page differs.
    assert not drawn(again) and NOTE in again.content.decode()
    assert first.content.decode().split(NOTE)[1] == again.content.decode().split(NOTE)[1]
    # Figures computed anew (the kept ones ran out) are drawn anew.
    time_machine.move_to(at(14, 11), tick=False)
    assert drawn(client.get("/evaluatie/", PERIOD))
