"""Issue 14, point 7: lists that scale.

Every list of households is paged, costs the same queries for 5 or 50 households, and
writes one access-log entry naming the households it showed, which the client's "wie zag
wat" still finds (NEN 7513: showing a household in a list is access too).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import as_actor, login
from tests.sight_helpers import departed_household
from zicht.access.selectors import disclosure_overview
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.rhythm.services import sight_scan
from zicht.rhythm.views import CASELOAD_PAGE_SIZE
from zicht.stagnations.services import stagnation_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(shelter_worker, alkmaar, alkmaar_team):
    def make(supporter, count, days_ago=7):
        households = [departed_household(shelter_worker=shelter_worker, supporter=supporter,
                                         alkmaar=alkmaar, alkmaar_team=alkmaar_team,
                                         days_ago=days_ago + i % 30) for i in range(count)]
        sight_scan()
        return households
    return make


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def list_entries(user, record_type="caseload"):
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.LIST,
                                         record_type=record_type)


# --- The caseload and Vandaag ---------------------------------------------------------------


def test_the_caseload_costs_the_same_queries_for_5_and_50_households(
        client, make, supporter, shelter_worker, django_assert_num_queries):
    make(supporter, 5)
    login(client, shelter_worker)
    client.get(reverse("home"))  # the session's first request does a little more
    few = _count(client, reverse("home"))
    make(supporter, 45)
    with django_assert_num_queries(few):
        page = client.get(reverse("home"))
    assert f"Pagina 1 van {-(-50 // CASELOAD_PAGE_SIZE)}" in page.content.decode()


def test_vandaag_costs_the_same_queries_for_5_and_50_households(
        client, make, supporter, colleague, django_assert_num_queries):
    make(supporter, 3)
    make(colleague, 2)
    login(client, supporter)
    client.get(reverse("home"))
    few = _count(client, reverse("home"))
    make(supporter, 25)
    make(colleague, 20)
    with django_assert_num_queries(few):
        client.get(reverse("home"))


def test_opening_the_caseload_writes_one_entry_naming_the_households_on_the_page(
        client, make, supporter, shelter_worker):
    households = make(supporter, CASELOAD_PAGE_SIZE + 3)
    login(client, shelter_worker)
    client.get(reverse("home"))
    entry = list_entries(shelter_worker).get()
    assert entry.household_uuid is None and len(entry.households) == CASELOAD_PAGE_SIZE
    assert set(entry.households.values()) <= {h.reference for h in households}
    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert "Pagina 2 van 2" in second and "Vorige" in second and "Volgende" not in second
    assert list_entries(shelter_worker).count() == 2
    shown = {uuid for e in list_entries(shelter_worker) for uuid in e.households}
    assert shown == {str(h.uuid) for h in households}


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(client, make, supporter,
                                                                  shelter_worker):
    make(supporter, 2)
    login(client, shelter_worker)
    for page in ("999", "twee", "-1"):
        assert client.get(reverse("home"), {"page": page}).status_code == 200


def test_paging_one_list_keeps_the_page_of_the_other(client, make, supporter, colleague):
    make(supporter, 2)
    make(colleague, 27)
    login(client, supporter)
    page = client.get(reverse("home"), {"page": 2, "mijn": 1}).content.decode()
    assert "Pagina 2 van 2" in page
    assert 'href="?page=1&amp;mijn=1#team-heading"' in page


def test_vandaag_pages_a_long_worklist_of_my_own(client, make, supporter):
    from zicht.rhythm.today import MINE_PAGE_SIZE

    make(supporter, MINE_PAGE_SIZE + 5, days_ago=40)  # each has an overdue contact
    login(client, supporter)
    page = client.get(reverse("home")).content.decode()
    assert "Volgende" in page and 'href="?mijn=2#mine-heading"' in page
    assert page.count("zicht-today__item--late") == MINE_PAGE_SIZE


def test_every_line_of_a_later_page_of_my_worklist_names_the_client(client, make, supporter):
    from zicht.rhythm.today import MINE_PAGE_SIZE

    make(supporter, MINE_PAGE_SIZE + 5, days_ago=40)
    login(client, supporter)
    page = client.get(reverse("home"), {"mijn": 2}).content.decode()
    mine = page.split('id="mine-heading"')[1].split('id="team-heading"')[0]
    assert mine.count('class="zicht-today__item') == 5
    assert mine.count("Yilmaz") == 5  # the lines of page 2 get their names too


# --- Wie zag wat ------------------------------------------------------------------------------


def test_wie_zag_wat_shows_that_a_list_showed_her_household(client, household, supporter,
                                                            colleague):
    login(client, colleague)
    client.get(reverse("home"))
    rows = [r for r in disclosure_overview(household) if r.professional ==
            colleague.get_full_name()]
    assert [(r.category, r.action) for r in rows] == [
        ("werkvoorraad (lijst van gezinnen)", "in lijst getoond")]
    login(client, supporter)
    page = client.get(reverse("access:overview", args=[household.uuid])).content.decode()
    assert "werkvoorraad (lijst van gezinnen): in lijst getoond" in page
    assert colleague.get_full_name() in page
    log = client.get(reverse("households:access_log", args=[household.uuid])).content.decode()
    assert colleague.get_full_name() in log


def test_a_list_that_did_not_show_her_household_is_not_in_her_overview(
        client, make, household, supporter, outsider):
    login(client, outsider)
    client.get(reverse("home"))
    assert not any(r.professional == outsider.get_full_name()
                   for r in disclosure_overview(household))


def test_the_api_list_is_one_entry_and_in_the_clients_overview(household, supporter):
    api = login(APIClient(), supporter)
    assert api.get("/api/v1/households/").status_code == 200
    entry = AccessLogEntry.objects.about(household.uuid).get(action=AccessAction.LIST)
    assert entry.record_type == "household" and entry.households == {
        str(household.uuid): household.reference}
    rows = api.get(f"/api/v1/households/{household.uuid}/disclosures/").json()["results"]
    assert any(r["action"] == "in lijst getoond" for r in rows)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_list_entry_cannot_be_changed_in_the_database_either(client, household, supporter):
    from django.db import DatabaseError, transaction

    login(client, supporter)
    client.get(reverse("home"))
    entry = list_entries(supporter).get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslogentry SET households = '{}' WHERE id = %s",
                       [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry WHERE id = %s", [entry.pk])


# --- Signals, stagnations, Veilig Thuis -----------------------------------------------------


def test_the_signals_page_pages_and_logs_once(client, household, supporter, colleague):
    from zicht.signals import services
    from zicht.signals.views import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        services.signal_report(actor=as_actor(colleague), household=household,
                               urgency="not_acute", about="client", observed="Bang.",
                               observed_on=timezone.localdate())
    login(client, supporter)
    page = client.get(reverse("signals:signals")).content.decode()
    assert "Pagina 1 van 2" in page
    assert list_entries(supporter, "signal").get().households == {
        str(household.uuid): household.reference}


def test_the_stagnation_overview_pages_and_logs_once(client, household, supporter,
                                                     doorzetter):
    from zicht.stagnations.models import Rung, Stagnation
    from zicht.stagnations.views import OVERVIEW_PAGE_SIZE

    for i in range(OVERVIEW_PAGE_SIZE + 1):
        stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                          what=f"Wachtlijst {i}", must_act="Schuldhulp",
                          since=timezone.localdate() - timedelta(days=i))
    # Only what is escalated to the municipality reaches its holder of doorzettingsmacht.
    Stagnation.objects.update(rung=Rung.MUNICIPALITY)
    login(client, doorzetter)
    page = client.get(reverse("stagnations:overview")).content.decode()
    assert "Pagina 1 van 2" in page and f"({OVERVIEW_PAGE_SIZE + 1})" in page
    assert list_entries(doorzetter, "stagnation_overview").count() == 1
    api = login(APIClient(), doorzetter).get("/api/v1/stagnations/", {"limit": 10}).json()
    assert api["count"] == OVERVIEW_PAGE_SIZE + 1 and len(api["results"]) == 10
    assert list_entries(doorzetter, "stagnation_overview").count() == 2


def test_the_outsider_gets_nothing_from_the_paged_lists(client, household, supporter,
                                                        outsider, hoorn_policy):
    stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                      what="Wachtlijst", must_act="Schuldhulp", since=timezone.localdate())
    login(client, outsider)
    for url in (reverse("home"), reverse("signals:signals"), reverse("trajectories:handovers")):
        assert household.reference not in client.get(url, {"page": 1}).content.decode()
    assert not AccessLogEntry.objects.about(household.uuid).filter(user=outsider).exists()
    login(client, hoorn_policy)
    assert household.reference not in client.get(reverse("stagnations:overview")).content.decode()
    for path in ("/api/v1/moves/", "/api/v1/coordinator-handovers/"):
        body = login(APIClient(), outsider).get(path).json()
        assert body["count"] == 0 and body["results"] == []
