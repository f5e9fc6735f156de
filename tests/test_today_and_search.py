"""Issue 13, items 1-3: Vandaag (what needs me today), search, and a home per role."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import CLIENT_BORN, _member, as_actor, login
from tests.sight_helpers import departed_household
from zicht.access.services import emergency_access_open
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.households.models import Involvement, Person
from zicht.households.search import household_search, search_query
from zicht.rhythm.services import sight_scan
from zicht.rhythm.today import CONTACT_OVERDUE, OFFER, SAFETY_REVIEW, SIGNAL, today_for
from zicht.safety.services import safety_plan_save
from zicht.signals import reports, services
from zicht.signals.models import Urgency
from zicht.trajectories.handovers import handover_propose
from zicht.trajectories.models import CoordinatorAssignment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories


@pytest.fixture
def policy_officer(alkmaar_team):
    return _member("bert.beleid", alkmaar_team, "policy")


@pytest.fixture
def make(shelter_worker, alkmaar, alkmaar_team):
    """A household after departure, supported (and coordinated) by ``supporter``."""
    def make(supporter, days_ago=7, name="Fatima"):
        return departed_household(shelter_worker=shelter_worker, supporter=supporter,
                                  alkmaar=alkmaar, alkmaar_team=alkmaar_team,
                                  days_ago=days_ago, name=name)
    return make


def a_signal(household, reporter, urgency=Urgency.NOT_ACUTE):
    return services.signal_report(actor=as_actor(reporter), household=household,
                                  urgency=urgency, about="client",
                                  observed="Cliënt was erg bang.",
                                  observed_on=timezone.localdate())


# --- Vandaag ------------------------------------------------------------------------------


def test_my_own_households_come_first_and_the_teams_next(client, make, supporter, colleague):
    mine = make(supporter, name="Anna")
    theirs = make(colleague, name="Bram")
    page = login(client, supporter).get(reverse("home")).content.decode()
    assert page.index("Mijn gezinnen") < page.index("Anna") < page.index(
        "Gezinnen van het team") < page.index("Bram")
    today = today_for(as_actor(supporter))
    assert [line.reference for _, line in today.mine] == [mine.reference]
    assert [line.reference for line in today.team.object_list] == [theirs.reference]


def test_a_household_without_a_named_supporter_is_the_teams(make, supporter, colleague):
    household = make(colleague)
    household.trajectories.update(supporter=None)
    CoordinatorAssignment.objects.filter(trajectory__household=household).update(
        professional=None)
    today = today_for(as_actor(supporter))
    assert today.mine == []
    assert [line.reference for line in today.team.object_list] == [household.reference]


def test_what_needs_me_is_sorted_overdue_contacts_signals_offers_then_safety_plans(
        make, supporter, colleague, shelter_worker, invited_household):
    overdue = make(supporter, days_ago=30, name="Anna")
    worried = make(supporter, days_ago=2, name="Bram")
    a_signal(worried, supporter)
    review = make(supporter, days_ago=2, name="Cas")
    safety_plan_save(actor=as_actor(supporter), household=review,
                     data={"risks": "Ex-partner", "next_review_on":
                           timezone.localdate() - timedelta(days=3)})
    sight_scan()
    entries = today_for(as_actor(supporter)).mine
    ranks = [task.rank for task, _ in entries]
    assert ranks[:4] == [CONTACT_OVERDUE, SIGNAL, OFFER, SAFETY_REVIEW]
    texts = [(task.text, line.reference) for task, line in entries[:4]]
    assert texts[0] == ("Contactmoment 23 dagen te laat", overdue.reference)
    assert texts[1][0].startswith("Signaal: uiterlijk") and texts[1][1] == worried.reference
    assert texts[2] == ("Uitnodiging: kennismaking vastleggen", invited_household.reference)
    assert texts[3] == ("Veiligheidsplan: evaluatie 3 dagen te laat", review.reference)
    assert entries[1][0].url == reverse("signals:signal",
                                        args=[worried.signals.get().uuid])
    # Each line's links lead to its own household (they are reversed once a page).
    assert entries[0][0].url == reverse("contacts:new", args=[overdue.uuid])
    assert entries[3][0].url == reverse("safety:plan_edit", args=[review.uuid])
    assert [line.url for _task, line in (entries[0], entries[1], entries[3])] == [
        reverse("households:detail", args=[h.uuid]) for h in (overdue, worried, review)]


def test_a_coordinator_offer_to_me_is_mine_to_answer(make, supporter, colleague):
    household = make(colleague)
    handover = handover_propose(actor=as_actor(colleague),
                                trajectory=household.trajectories.get(),
                                organisation=household.trajectories.get().supporter_organisation,
                                professional=supporter)
    offers = [(t, line) for t, line in today_for(as_actor(supporter)).mine if t.rank == OFFER]
    assert [(t.text, t.url) for t, _ in offers] == [
        ("Regie aangeboden: beantwoorden",
         reverse("trajectories:handover", args=[handover.uuid]))]


def test_the_outsider_sees_nothing_of_our_households(client, make, supporter, outsider):
    make(supporter, days_ago=30, name="Anna")
    today = today_for(as_actor(outsider))
    assert today.mine == [] and today.team.paginator.count == 0
    assert "Anna" not in login(client, outsider).get(reverse("home")).content.decode()


def test_the_team_lead_sees_the_teams_overdue_work_only(client, make, supporter, team_lead):
    overdue = make(supporter, days_ago=30, name="Anna")
    calm = make(supporter, days_ago=2, name="Bram")
    sight_scan()
    team = today_for(as_actor(team_lead)).team.object_list
    assert [line.reference for line in team] == [overdue.reference]
    page = login(client, team_lead).get(reverse("home")).content.decode()
    assert "Achterstallig werk van het team" in page and calm.reference not in page


def test_the_teams_households_are_paginated_and_each_page_is_logged(client, make, supporter,
                                                                    colleague):
    households = [make(colleague, days_ago=d) for d in range(1, 28)]
    login(client, supporter)
    client.get(reverse("home"))
    # Issue 14: one entry per page shown, naming the 25 households on it.
    first = AccessLogEntry.objects.filter(user=supporter, record_type="caseload").get()
    assert len(first.households) == 25 and first.household_uuid is None
    page_two = client.get(reverse("home") + "?page=2").content.decode()
    assert "Pagina 2 van 2" in page_two
    pages = AccessLogEntry.objects.filter(user=supporter, record_type="caseload")
    assert pages.count() == 2
    logged = {uuid for entry in pages for uuid in entry.households}
    assert logged == {str(h.uuid) for h in households}


def test_the_teams_order_is_kept_a_while_but_never_shows_a_household_no_longer_ours(
        settings, make, supporter, colleague):
    settings.ZICHT_TEAM_ORDER_SECONDS = 60  # issue 14: sorting a large team is costly
    cache.clear()
    bram = make(colleague, name="Bram")
    actor = as_actor(supporter)
    assert [line.reference for line in today_for(actor).team.object_list] == [bram.reference]
    cas = make(colleague, name="Cas")
    Involvement.objects.filter(household=bram).update(
        ended_on=timezone.localdate() - timedelta(days=1))
    # Within the minute: Bram is gone at once (the rows are read through the policy), Cas
    # joins the order only when it is sorted again.
    today = today_for(actor)
    assert today.team.object_list == [] and bram not in today.shown
    cache.clear()
    assert [line.reference for line in today_for(actor).team.object_list] == [cas.reference]


def test_the_team_sorts_its_order_once_for_all_its_members(settings, make, supporter,
                                                           colleague):
    settings.ZICHT_TEAM_ORDER_SECONDS = 60
    cache.clear()
    anna = make(supporter, name="Anna")
    bram = make(colleague, name="Bram")
    assert [line.reference for line in today_for(as_actor(supporter)).team.object_list] == [
        bram.reference]
    cas = make(supporter, name="Cas")
    # The colleague gets the order the supporter's Vandaag sorted a moment ago, without
    # her own households: Anna is there, Cas joins when the team's order is sorted again.
    team = today_for(as_actor(colleague)).team.object_list
    assert [line.reference for line in team] == [anna.reference]
    cache.clear()
    team = today_for(as_actor(colleague)).team.object_list
    assert {line.reference for line in team} == {anna.reference, cas.reference}


def test_a_household_opened_by_breaking_the_glass_is_not_the_teams(settings, household,
                                                                    vt_worker):
    settings.ZICHT_TEAM_ORDER_SECONDS = 60
    cache.clear()
    emergency_access_open(actor=as_actor(vt_worker), reference=household.reference,
                          date_of_birth=CLIENT_BORN, reason="Politie belt: acute dreiging.",
                          password=PASSWORD)
    # Shared with her whole team for a minute, Veilig Thuis's order holds only what the
    # team carries; she finds the household by its reference.
    assert today_for(as_actor(vt_worker)).team.object_list == []
    found = household_search(actor=as_actor(vt_worker), text=household.reference)
    assert found.households == [household]


def _queries(client, user, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _households(make, supporter, colleague, count):
    for i in range(count):
        household = make(supporter if i % 2 else colleague, days_ago=5 + i % 40)
        if i % 3 == 0:
            a_signal(household, supporter)
    sight_scan()


def test_vandaag_costs_the_same_queries_for_10_and_60_households(client, make, supporter,
                                                                 colleague, hoorn_team):
    _households(make, supporter, colleague, 10)
    login(client, supporter)
    few = _queries(client, supporter, reverse("home"))
    _households(make, supporter, colleague, 50)
    more = _queries(client, supporter, reverse("home"))
    assert few == more


# --- Search -------------------------------------------------------------------------------


def test_the_kind_of_query_is_read_from_the_text():
    assert search_query("zh-fzfvd6").kind == "reference"
    assert search_query("12-03-1990").kind == "date_of_birth"
    assert search_query("1990-03-12").day == search_query("12/3/1990").day
    assert search_query("Fatima Yilmaz").words == ("Fatima", "Yilmaz")
    assert search_query("F") is None and search_query("   ") is None


def test_a_supporter_finds_a_household_by_name_reference_or_date_of_birth(client, household,
                                                                         supporter):
    Person.objects.filter(household=household, given_name="Noor").update(
        date_of_birth="2016-05-04")
    actor = as_actor(supporter)
    for text in ("fatima yil", household.reference, household.reference[:6], "4-5-2016"):
        assert household_search(actor=actor, text=text).households == [household], text
    page = login(client, supporter).get(reverse("households:search"), {"q": "Yilmaz"})
    assert reverse("households:detail", args=[household.uuid]) in page.content.decode()


def test_a_perpetrators_name_finds_nothing(household, supporter):
    assert household_search(actor=as_actor(supporter), text="Kees Bakker").households == []


def test_another_organisations_client_looks_exactly_like_no_match(client, household, outsider):
    login(client, outsider)

    def answer(text):
        page = client.get(reverse("households:search"), {"q": text}).content.decode()
        api = client.get("/api/v1/search/", {"q": text}).json()
        # The page echoes the query, and every response masks its CSRF token anew.
        page = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", page)
        return page.replace(text, "<q>"), api

    assert answer("Fatima") == answer("Zzyzx")
    assert answer(household.reference) == answer("ZH-222222")
    assert answer("Fatima")[1] == {"kind": "name", "results": []}


def test_partners_and_policy_staff_find_nothing(household, school_partner, policy_officer):
    for user in (school_partner, policy_officer):
        assert household_search(actor=as_actor(user), text="Fatima").households == []


def test_each_search_is_logged_with_its_kind_and_results_but_never_the_text(household,
                                                                           supporter):
    household_search(actor=as_actor(supporter), text="Fatima")
    household_search(actor=as_actor(supporter), text="Niemand")
    # One entry per search (issue 14), naming what it found, also when it found nothing.
    entries = list(AccessLogEntry.objects.filter(action=AccessAction.SEARCH).order_by("id"))
    assert [(e.record_type, e.households) for e in entries] == [
        ("search:name", {str(household.uuid): household.reference}), ("search:name", {})]
    assert list(AccessLogEntry.objects.about(household.uuid)
                .filter(action=AccessAction.SEARCH)) == entries[:1]
    for entry in entries:
        values = " ".join(str(getattr(entry, f.attname)) for f in entry._meta.fields)
        assert "Fatima" not in values and "Niemand" not in values


def test_the_api_answers_like_the_page(client, household, supporter):
    login(client, supporter)
    body = client.get("/api/v1/search/", {"q": "fatima"}).json()
    assert body["kind"] == "name"
    assert [r["uuid"] for r in body["results"]] == [str(household.uuid)]
    assert body["results"][0]["client"]["given_name"] == "Fatima"


def test_search_costs_the_same_queries_for_10_and_60_households(client, make, supporter,
                                                                colleague):
    _households(make, supporter, colleague, 10)
    login(client, supporter)
    url = reverse("households:search") + "?q=Yilmaz"
    _queries(client, supporter, url)  # the first search of the window starts its counter
    few = _queries(client, supporter, url)
    _households(make, supporter, colleague, 50)
    assert _queries(client, supporter, url) == few
    api = "/api/v1/search/?q=Yilmaz"
    assert _queries(client, supporter, api) == _queries(client, supporter, api)


# --- A home per role ----------------------------------------------------------------------


def test_each_role_lands_on_its_own_page(client, supporter, shelter_worker, school_partner,
                                         vt_worker, policy_officer):
    assert "<h1 class=\"utrecht-heading-1\">Vandaag</h1>" in login(client, supporter).get(
        reverse("home")).content.decode()
    assert "Aanmeldingen en vertrek" in login(client, shelter_worker).get(
        reverse("home")).content.decode()
    for user, page in ((school_partner, "signals:signals"), (vt_worker, "signals:veilig_thuis"),
                       (policy_officer, "evaluation:dashboard")):
        response = login(client, user).get(reverse("home"))
        assert response.status_code == 302 and response["Location"] == reverse(page)
    partner_home = login(client, school_partner).get(reverse("signals:signals"))
    assert "<h1 class=\"utrecht-heading-1\">Zorg melden</h1>" in partner_home.content.decode()


def test_veilig_thuis_sees_its_reports_with_the_triage_deadline(client, make, supporter,
                                                               veilig_thuis, vt_worker,
                                                               time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 12, 3, 10, 0)),
                         tick=False)  # a Thursday
    actor = as_actor(supporter)
    sent = {}
    for urgency in (Urgency.NOT_ACUTE, Urgency.ACUTE):
        household = make(supporter)
        report = reports.report_draft(actor=actor, household=household,
                                      veilig_thuis=veilig_thuis,
                                      signal=a_signal(household, supporter, urgency))
        sent[urgency] = reports.report_send(actor=actor, report=report)
    lines = reports.veilig_thuis_worklist(as_actor(vt_worker))
    assert [line.report for line in lines] == [sent[Urgency.ACUTE], sent[Urgency.NOT_ACUTE]]
    acute, other = lines
    assert acute.deadline == sent[Urgency.ACUTE].sent_at + timedelta(hours=24)
    # Five working days after Thursday 3 December: Thursday 10 December, end of day.
    assert timezone.localtime(other.deadline).date().isoformat() == "2026-12-10"
    page = login(client, vt_worker).get(reverse("signals:veilig_thuis")).content.decode()
    assert "Triage uiterlijk 4 december 2026 10:00" in page
    assert "Triage uiterlijk 10 december 2026 23:59" in page
