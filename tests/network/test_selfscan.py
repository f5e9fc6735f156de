"""The self-scan against the quality framework "Werken aan Veiligheid" (issue 16, point 4):
the framework as data, a municipality's scan with its partners, results per theme over time
beside the region's (small-cell rule), sharing, improvement actions, the load command."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, invalid_params
from tests.network.conftest import complete_scan, more_policy_officers
from zicht.audit.models import AccessLogEntry
from zicht.network.models import (
    FrameworkSource,
    ImprovementAction,
    SelfScan,
    SelfScanAnswer,
    SelfScanFramework,
    SelfScanState,
)
from zicht.network.selfscan_selectors import results_for
from zicht.network.selfscan_services import (
    improvement_action_add,
    improvement_action_done,
    selfscan_answer,
    selfscan_complete,
    selfscan_share,
    selfscan_start,
)
from zicht.network.shipped_texts import FRAMEWORK

TODAY = timezone.localdate


def _page(scan):
    return reverse("network:selfscan", args=[scan.uuid])


def _api(scan, suffix=""):
    return f"/api/v1/network/selfscans/{scan.uuid}/{suffix}"


@pytest.fixture
def draft(policy, shelter, veilig_thuis):
    return selfscan_start(actor=as_actor(policy), held_on=TODAY(),
                          partners=[shelter, veilig_thuis])


# --- The framework as data -----------------------------------------------------------------


def test_zichts_own_wording_is_loaded_by_the_migration_and_in_use(db):
    framework = SelfScanFramework.objects.get(active=True)
    assert framework.source == FrameworkSource.SHIPPED
    assert [t.key for t in framework.themes.all()] == [t["key"] for t in FRAMEWORK["themes"]]
    assert [s["value"] for s in framework.scale] == [1, 2, 3, 4]
    assert sum(t.questions.count() for t in framework.themes.all()) == 13


def official(**changes) -> dict:
    data = {"key": "werken-aan-veiligheid", "version": "2024", "name": "Werken aan Veiligheid",
            "scale": [{"value": 1, "label": "Niet"}, {"value": 2, "label": "Wel"}],
            "themes": [{"key": "visie", "title": "Visie", "questions": [
                {"key": "v1", "text": "Is er een gedeelde visie?"}]},
                {"key": "sturing", "title": "Sturing", "questions": [
                    {"key": "s1", "text": "Stuurt de gemeente?"}]}]}
    data.update(changes)
    return data


def test_the_command_loads_an_official_text_that_new_scans_use(tmp_path, policy, draft):
    path = tmp_path / "kader.json"
    path.write_text(json.dumps(official()), encoding="utf-8")
    call_command("selfscan_framework_load", str(path))
    framework = SelfScanFramework.objects.get(active=True)
    assert (framework.source, framework.version, framework.themes.count()) == (
        FrameworkSource.OFFICIAL, "2024", 2)
    # The scan begun before keeps its version; the next one uses the official text.
    draft.refresh_from_db()
    assert draft.framework.source == FrameworkSource.SHIPPED
    assert selfscan_start(actor=as_actor(policy), held_on=TODAY()).framework == framework


@pytest.mark.parametrize("bad, message", [
    ({"themes": []}, "minstens één thema"),
    ({"scale": [{"value": 1, "label": "Alleen"}]}, "minstens twee antwoorden"),
    ({"scale": [{"value": 2, "label": "a"}, {"value": 1, "label": "b"}]}, "lopen op"),
    ({"themes": [{"key": "visie", "title": "Visie", "questions": [
        {"key": "v1", "text": "Een"}, {"key": "v1", "text": "Twee"}]}]}, "twee keer"),
    ({"themes": [{"key": "visie", "title": "Visie", "questions": []}]}, "minstens één vraag"),
    ({"themes": [{"key": "met spatie", "title": "", "questions": [{"key": "x"}]}]},
     "sleutel"),
])
def test_a_bad_file_loads_nothing_and_says_what_is_wrong(tmp_path, db, bad, message):
    path = tmp_path / "kader.json"
    path.write_text(json.dumps(official(**bad)), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("selfscan_framework_load", str(path))
    assert SelfScanFramework.objects.count() == 1  # only Zicht's own
    assert SelfScanFramework.objects.get(active=True).source == FrameworkSource.SHIPPED


def test_not_json_or_a_version_twice_is_refused(tmp_path, db):
    path = tmp_path / "kader.json"
    path.write_text("{niet: json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("selfscan_framework_load", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("selfscan_framework_load", str(tmp_path / "weg.json"))
    path.write_text(json.dumps(official()), encoding="utf-8")
    call_command("selfscan_framework_load", str(path))
    with pytest.raises(CommandError, match="al geladen"):
        call_command("selfscan_framework_load", str(path))
    assert SelfScanFramework.objects.count() == 2


# --- Filling it in ---------------------------------------------------------------------------


def test_policy_staff_fill_in_their_municipality_and_complete_it(draft, policy):
    actor = as_actor(policy)
    keys = list(draft.framework.themes.values_list("questions__key", flat=True))
    with pytest.raises(ValidationError, match="zonder antwoord"):
        selfscan_complete(actor=actor, scan=draft)
    selfscan_answer(actor=actor, scan=draft, answers={k: (2, "samen besproken") for k in keys})
    selfscan_complete(actor=actor, scan=draft)
    assert draft.state == SelfScanState.COMPLETED
    assert [(h.from_state, h.to_state) for h in draft.history.all()] == [
        ("", "draft"), ("draft", "completed")]
    assert set(AccessLogEntry.objects.filter(record_type="selfscan", user=policy)
               .values_list("ground", flat=True)) == {"", "answers", "completed"}
    # Read-only from then on; a second completion is refused by the transition table.
    with pytest.raises(ValidationError, match="afgerond"):
        selfscan_answer(actor=actor, scan=draft, answers={keys[0]: (4, "")})
    with pytest.raises(ValidationError, match="al afgerond"):
        selfscan_complete(actor=actor, scan=draft)
    assert SelfScanAnswer.objects.filter(scan=draft, value=2).count() == len(keys)


def test_answers_off_the_scale_or_of_another_framework_are_refused(draft, policy):
    actor = as_actor(policy)
    with pytest.raises(ValidationError) as error:
        selfscan_answer(actor=actor, scan=draft,
                        answers={"voortouw": (7, ""), "onbekend": (2, ""),
                                 "faciliteren": (None, "een toelichting zonder antwoord")})
    assert set(error.value.message_dict) == {"voortouw", "onbekend", "faciliteren"}
    assert not SelfScanAnswer.objects.exists()  # nothing half-saved


def test_only_the_municipalitys_own_policy_staff_write(draft, hoorn_policy, team_lead,
                                                       supporter):
    for person in (hoorn_policy, team_lead, supporter):
        with pytest.raises(PermissionDenied):
            selfscan_answer(actor=as_actor(person), scan=draft, answers={"voortouw": (2, "")})
        with pytest.raises(PermissionDenied):
            selfscan_share(actor=as_actor(person), scan=draft, shared=True)
    with pytest.raises(PermissionDenied):
        selfscan_start(actor=as_actor(team_lead), held_on=TODAY())


def test_the_page_fills_in_completes_and_shows_the_result(client, login_as, policy, draft):
    login_as(policy)
    page = client.get(_page(draft))
    assert page.status_code == 200 and "Gedeelde visie op veiligheid" in page.text
    assert "0 van 13 vragen beantwoord" in page.text
    bad = client.post(_page(draft), {"do": "answers", "q-voortouw": "9"})
    assert bad.status_code == 400
    answers = {f"q-{q}": "3" for q in draft.framework.themes.values_list("questions__key",
                                                                         flat=True)}
    response = client.post(_page(draft), {"do": "answers", **answers,
                                          "n-voortouw": "Wethouder trekt het"})
    assert response.status_code == 302
    assert client.post(_page(draft), {"do": "complete"}).status_code == 302
    page = client.get(_page(draft)).text
    assert "Afgerond" in page and "Wethouder trekt het" in page
    assert 'name="q-voortouw"' not in page  # read-only now
    results = client.get(reverse("network:selfscans")).text
    assert "Resultaat per thema" in results and "3,0" in results


def test_improvement_actions_with_an_owner_of_the_region(client, login_as, policy, draft,
                                                         shelter, stranger):
    stranger_team = stranger.memberships.get().organisation
    theme = draft.framework.themes.get(key="veilig-thuis")
    with pytest.raises(ValidationError) as error:
        improvement_action_add(actor=as_actor(policy), scan=draft, theme=theme,
                               what="Samen op huisbezoek", owner_organisation=stranger_team,
                               due_on=TODAY() + timedelta(days=30))
    assert "owner_organisation" in error.value.message_dict
    login_as(policy)
    response = client.post(_page(draft), {
        "do": "action", "theme": theme.pk, "what": "Samen op huisbezoek",
        "owner_organisation": shelter.pk, "owner_name": "Sanne",
        "due_on": (TODAY() + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert (action.owner_organisation, action.owner_name) == (shelter, "Sanne")
    assert client.post(_page(draft), {"do": "done", "action": action.uuid}).status_code == 302
    action.refresh_from_db()
    assert action.done
    assert AccessLogEntry.objects.filter(record_type="selfscan_action").count() == 2
    improvement_action_done(actor=as_actor(policy), action=action)  # once is enough


# --- Who sees what -------------------------------------------------------------------------


# The shelter and Veilig Thuis took part in the draft: they read it (tested below).
@pytest.mark.parametrize("persona", ["supporter", "team_lead", "outsider", "school_partner",
                                     "administrator", "stranger_policy", "hoorn_policy"])
def test_anyone_else_gets_404_for_a_scan(client, login_as, request, persona, draft, policy):
    complete = complete_scan(policy, held_on=TODAY() - timedelta(days=400))
    login_as(request.getfixturevalue(persona))
    for scan in (draft, complete):
        assert client.get(_page(scan)).status_code == 404
        assert client.post(_page(scan), {"do": "complete"}).status_code == 404
        assert client.get(_api(scan)).status_code == 404
        assert client.post(_api(scan, "complete/")).status_code == 404
    assert client.get("/api/v1/network/selfscans/").json()["results"] == []


@pytest.mark.parametrize("persona", ["supporter", "team_lead", "outsider", "administrator"])
def test_the_selfscan_pages_do_not_exist_for_who_does_not_fill_one_in(client, login_as,
                                                                      request, persona):
    login_as(request.getfixturevalue(persona))
    assert client.get(reverse("network:selfscans")).status_code == 404
    assert client.get(reverse("network:selfscan_new")).status_code == 404
    assert client.get("/api/v1/network/selfscans/results/").status_code == 403
    assert client.post("/api/v1/network/selfscans/", {"held_on": TODAY().isoformat()},
                       content_type="application/json").status_code == 403
    assert not SelfScan.objects.exists()


def test_a_shared_completed_scan_is_shown_by_name_to_the_region(client, login_as, policy,
                                                                hoorn_policy, stranger_policy,
                                                                draft):
    selfscan_share(actor=as_actor(policy), scan=draft, shared=True)
    login_as(hoorn_policy)
    assert client.get(_page(draft)).status_code == 404  # a draft is never shown
    scan = complete_scan(policy, shared=True, held_on=TODAY() - timedelta(days=1))
    assert client.get(_page(scan)).status_code == 200
    assert client.post(_page(scan), {"do": "share", "shared": "0"}).status_code == 403
    page = client.get(reverse("network:selfscans")).text
    assert "Alkmaar" in page
    complete_scan(hoorn_policy)
    results = client.get("/api/v1/network/selfscans/results/").json()
    assert [s["municipality"]["name"] for s in results["shared"]] == ["Alkmaar"]
    login_as(stranger_policy)  # another region
    assert client.get(_page(scan)).status_code == 404
    # Unshared again: gone by name.
    selfscan_share(actor=as_actor(policy), scan=scan, shared=False)
    login_as(hoorn_policy)
    assert client.get(_page(scan)).status_code == 404


def test_a_partner_that_took_part_reads_its_scan_and_writes_nothing(client, login_as, policy,
                                                                    school, school_partner,
                                                                    shelter_worker, draft):
    scan = selfscan_start(actor=as_actor(policy), held_on=TODAY(), partners=[school])
    login_as(school_partner)
    assert client.get(_page(scan)).status_code == 200
    assert client.get(_api(scan)).json()["partners"][0]["name"] == school.name
    assert AccessLogEntry.objects.filter(record_type="selfscan", action="read",
                                         user=school_partner).count() == 2
    assert client.get(_page(draft)).status_code == 404  # the school was not in that one
    assert client.get(reverse("network:selfscans")).status_code == 200
    assert client.post(_page(scan), {"do": "complete"}).status_code == 403
    assert client.post(_api(scan, "share/"), {"shared": True},
                       content_type="application/json").status_code == 403
    assert client.get("/api/v1/network/selfscans/results/").status_code == 403
    login_as(shelter_worker)  # the shelter took part in the draft
    assert client.get(_page(draft)).status_code == 200


# --- Results over time and the region (small-cell rule) ------------------------------------


def test_the_region_figure_appears_only_from_the_minimum_of_municipalities(region, policy,
                                                                           hoorn_policy):
    others = more_policy_officers(region)
    complete_scan(policy, value=2, held_on=TODAY() - timedelta(days=365))
    complete_scan(policy, value=4)
    complete_scan(hoorn_policy, value=1)
    for person in others[:2]:
        complete_scan(person, value=1)
    results = results_for(as_actor(policy))
    assert [row.scores for row in results.themes][0] == [2.0, 4.0]  # over time
    assert not results.region_shown
    assert {row.region.display for row in results.themes} == {"< 5"}
    complete_scan(others[2], value=1)
    results = results_for(as_actor(policy))
    # The latest scan of each of the five: (4 + 1 + 1 + 1 + 1) / 5.
    assert results.region_shown and results.themes[0].region.value == 1.6
    assert results.shared == []  # nobody shared: the others only in aggregate


def test_the_results_page_takes_a_fixed_number_of_queries(client, login_as, region, policy,
                                                          hoorn_policy,
                                                          django_assert_max_num_queries):
    complete_scan(policy, held_on=TODAY() - timedelta(days=30))
    complete_scan(hoorn_policy, shared=True)
    login_as(policy)
    client.get(reverse("network:selfscans"))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("network:selfscans"))
    # Four more municipalities, three of them sharing, and a second scan of its own.
    for person in more_policy_officers(region):
        complete_scan(person, shared=True)
    complete_scan(policy)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("network:selfscans"))
    assert "Den Helder" in page.text


# --- The API -------------------------------------------------------------------------------


def test_the_api_starts_answers_completes_shares_and_reports(client, login_as, policy,
                                                             shelter):
    login_as(policy)
    response = client.post("/api/v1/network/selfscans/", {
        "held_on": TODAY().isoformat(), "partners": [str(shelter.uuid)]},
        content_type="application/json")
    assert response.status_code == 201, response.content
    scan = response.json()
    assert scan["state"] == "draft" and scan["partners"][0]["name"] == shelter.name
    base = f"/api/v1/network/selfscans/{scan['uuid']}/"
    keys = [q["key"] for t in scan["themes"] for q in t["questions"]]
    bad = client.post(base + "answers/", {"answers": [{"question": keys[0], "value": 5}]},
                      content_type="application/json")
    assert bad.status_code == 400 and keys[0] in invalid_params(bad)
    assert client.post(base + "complete/").status_code == 400
    answered = client.post(base + "answers/", {"answers": [
        {"question": k, "value": 4, "note": ""} for k in keys]},
        content_type="application/json")
    assert answered.json()["themes"][0]["score"] == 4.0
    assert client.post(base + "complete/").json()["state"] == "completed"
    assert client.post(base + "share/", {"shared": True},
                       content_type="application/json").json()["shared_with_region"]
    added = client.post(base + "actions/", {
        "theme": "leren", "what": "Casusevaluatie elk kwartaal",
        "owner_organisation": str(shelter.uuid), "due_on": TODAY().isoformat()},
        content_type="application/json")
    assert added.status_code == 201
    action = added.json()["actions"][0]
    done = client.post(base + "actions-done/", {"action": action["uuid"]},
                       content_type="application/json")
    assert done.json()["actions"][0]["done"] is True
    results = client.get("/api/v1/network/selfscans/results/").json()
    assert results["themes"][0]["scores"] == [4.0]
    assert results["themes"][0]["region"] is None and results["region_shown"] is False
    assert client.get("/api/v1/network/selfscans/").json()["results"][0]["uuid"] == scan["uuid"]


def test_the_region_is_seen_by_its_policy_staff_before_their_own_scan(client, login_as,
                                                                      region, policy,
                                                                      hoorn_policy):
    others = more_policy_officers(region)
    for person in [policy, *others]:
        complete_scan(person, value=2, shared=person == policy)
    complete_scan(others[0], value=2)  # a second Den Helder scan: its latest counts, once
    login_as(hoorn_policy)  # Hoorn has none yet: four municipalities, below the minimum
    page = client.get(reverse("network:selfscans")).text
    assert "nog geen zelfscan afgerond" in page and "&lt; 5" in page and "Alkmaar" in page
    complete_scan(hoorn_policy, value=4)
    results = client.get("/api/v1/network/selfscans/results/").json()
    assert results["region_shown"] and results["themes"][0]["region_display"] == "2,4"
