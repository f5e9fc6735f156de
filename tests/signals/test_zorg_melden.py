""""Zorg melden" must never tell anyone whether a person is known (issue 4).

"The answer is always the same neutral receipt, whether or not anyone matched, in content
and in timing class, and the form is rate-limited: the form must never tell anyone, a
perpetrator posing as a professional included, whether a person is known."

hypothesis is not installed: the property is checked over many generated persons instead.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from faker import Faker

from tests.conftest import _member
from zicht.audit.models import AccessLogEntry
from zicht.households.models import Person, PersonRole
from zicht.signals.models import Signal

PERSONS = 15


@pytest.fixture(autouse=True)
def _fresh_rate_limit(db):
    cache.clear()  # the database cache: its rows go with the test's transaction


def _normalised(response) -> str:
    # CSRF tokens are masked differently on every response; nothing else may differ.
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


def _report(client, person: dict) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/safety/zorg-melden/", {
            **person, "observed": "Kind komt met blauwe plekken op school.",
            "observed_on": timezone.localdate().isoformat(), "urgency": "not_acute"})
    # The shape of the work: which statements ran, without their values (NULL included).
    work = [re.sub(r"'[^']*'(::\w+)?|\d+|NULL", "?", q["sql"].split(" WHERE ")[0])
            for q in queries.captured_queries]
    return response.status_code, _normalised(response), tuple(work)


@pytest.mark.parametrize("identify_by", ["name_and_birth_date", "bsn"])
def test_the_receipt_cannot_tell_a_known_person_from_an_unknown_one(
        household, school_partner, client, login_as, settings, identify_by):
    settings.ZICHT_ZORG_MELDEN_LIMIT = 1000
    fake = Faker("nl_NL")
    fake.seed_instance(4 if identify_by == "bsn" else 2)
    login_as(school_partner)
    answers = set()
    for n in range(PERSONS):
        known = Person.objects.create(
            household=household, role=PersonRole.CHILD, given_name=fake.first_name(),
            family_name=fake.last_name(), bsn=f"{100000000 + n * 7919:09d}",
            date_of_birth=fake.date_between(start_date="-17y", end_date="-1y"))
        unknown = {"given_name": fake.first_name(), "family_name": fake.last_name(),
                   "date_of_birth": fake.date_between(start_date="-60y", end_date="-1y"),
                   "bsn": f"{200000000 + n * 7919:09d}"}
        if identify_by == "bsn":
            known_form, unknown_form = {"bsn": known.bsn}, {"bsn": unknown["bsn"]}
        else:
            known_form = {"given_name": known.given_name, "family_name": known.family_name,
                          "date_of_birth": known.date_of_birth.isoformat()}
            unknown_form = {k: str(v) for k, v in unknown.items() if k != "bsn"}
        signals, log = Signal.objects.count(), AccessLogEntry.objects.count()
        for form in (known_form, unknown_form):
            # From a fresh rate-limit count each time: the count's own queries (the first
            # adds a row, the next update it) follow the order of reports, not the person.
            cache.clear()
            answers.add(_report(client, form))
        # Both left the same trace: a stored signal and an access-log entry each.
        assert Signal.objects.count() == signals + 2
        assert AccessLogEntry.objects.count() == log + 2
    assert len(answers) == 1, "the receipt, its status or the work done differs"
    matched = Signal.objects.filter(household=household).count()
    assert matched == PERSONS  # the known ones did reach the coordinator
    status, body, _work = answers.pop()
    assert status == 200 and "Uw melding is ontvangen" in body


def test_the_form_is_rate_limited_per_professional(school_partner, client, login_as, settings):
    settings.ZICHT_ZORG_MELDEN_LIMIT = 2
    login_as(school_partner)
    person = {"given_name": "Iemand", "family_name": "Anders", "date_of_birth": "2015-01-01"}
    assert [_report(client, person)[0] for _ in range(3)] == [200, 200, 429]


def test_the_form_is_rate_limited_per_address(school, client, login_as, settings):
    settings.ZICHT_ZORG_MELDEN_LIMIT = 2
    person = {"bsn": "111222333"}
    login_as(_member("partner.een", school, "partner"))
    assert _report(client, person)[0] == 200
    login_as(_member("partner.twee", school, "partner"))
    # The second professional's own count is fine; the address has had enough.
    assert [_report(client, person)[0] for _ in range(2)] == [200, 429]


def test_the_form_needs_an_identity(school_partner, client, login_as):
    login_as(school_partner)
    status, body, _work = _report(client, {"given_name": "Alleen"})
    assert status == 200 and "Vul naam en geboortedatum in, of het BSN." in body
    assert not Signal.objects.exists()


def test_zorg_melden_does_not_match_a_closed_trajectory(household, supporter, school_partner,
                                                        client, login_as):
    from tests.conftest import as_actor
    from zicht.trajectories.services import trajectory_close

    trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                     reason="Einde jaar in zicht")
    login_as(school_partner)
    _report(client, {"given_name": "Fatima", "family_name": "Yilmaz",
                     "date_of_birth": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert Signal.objects.get().household is None
