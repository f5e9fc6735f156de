"""Signals over the API keep the pages' rules: partners see only their own status, Veilig
Thuis only what was reported to it, zorg melden always the same receipt."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import SECRET_STREET, api_key_for, as_actor, invalid_params
from tests.signals.conftest import a_signal
from zicht.signals import reports
from zicht.signals.models import Signal


@pytest.fixture
def api():
    cache.clear()
    return APIClient()


def as_system(api, user):
    """Token authentication, as a connected system of that professional's organisation."""
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")


def url(household, path=""):
    return f"/api/v1/households/{household.uuid}/{path}"


def test_a_connected_partner_reports_and_sees_only_its_own_status(household, connected_school,
                                                                  supporter, api):
    a_signal(household, supporter, observed="Zorg van de ondersteuner")
    as_system(api, connected_school)
    created = api.post(url(household, "signals/"), {
        "urgency": "acute", "about": "child", "observed": "Noor huilde",
        "observed_on": timezone.localdate().isoformat()}, format="json")
    assert created.status_code == 201
    assert set(created.json()) == {"uuid", "received_at", "reporter_label", "status"}
    listed = api.get(url(household, "signals/")).json()
    assert listed["count"] == 1 and [s["status"] for s in listed["results"]] == ["Ontvangen"]
    signal_uuid = created.json()["uuid"]
    assert api.get(url(household, f"signals/{signal_uuid}/")).status_code == 404
    assert api.get("/api/v1/signals/").json()["results"][0]["uuid"] == signal_uuid


def test_the_coordinator_walks_the_meldcode_over_the_api(household, connected_school,
                                                         supporter, api):
    signal = a_signal(household, connected_school)
    as_system(api, supporter)
    steps = url(household, f"signals/{signal.uuid}/steps/")
    assert api.post(steps, {"step": "mapped", "notes": "x"}, format="json").status_code == 200
    assert api.post(steps, {"step": "consulted"}, format="json").status_code == 200
    assert api.post(steps, {"step": "talked", "talk_skipped_reason": "onveilig"},
                    format="json").status_code == 200
    assert api.post(steps, {"step": "weighed", "suspicion": True, "acute_or_structural": True,
                            "can_organise_help": True, "help_accepted": True,
                            "lasting_safety": True}, format="json").status_code == 200
    refused = api.post(steps, {"step": "decided", "decision": "help"}, format="json")
    assert refused.status_code == 400 and "decision" in invalid_params(refused)
    assert api.post(steps, {"step": "decided", "decision": "report"},
                    format="json").json()["step"] == "decided"


def test_a_report_is_drafted_sent_and_followed_up(household, supporter, vt_worker,
                                                  other_vt_worker, veilig_thuis, api):
    as_system(api, supporter)
    draft = api.post(url(household, "veilig-thuis-reports/"),
                     {"veilig_thuis": str(veilig_thuis.uuid)}, format="json").json()
    assert SECRET_STREET not in str(draft)
    report_url = url(household, f"veilig-thuis-reports/{draft['uuid']}/")
    assert api.patch(report_url, {"content": {"done": "Gesprek"}, "include_address": False},
                     format="json").status_code == 200
    assert api.post(f"{report_url}send/").json()["status"] == "sent"
    as_system(api, other_vt_worker)
    assert api.get(f"/api/v1/veilig-thuis/reports/{draft['uuid']}/").status_code == 404
    as_system(api, vt_worker)
    vt_url = f"/api/v1/veilig-thuis/reports/{draft['uuid']}/"
    body = api.get(vt_url).json()
    assert body["sections"]["done"] == "Gesprek" and "address" not in body
    assert api.get(f"{vt_url}pdf/").content.startswith(b"%PDF")
    assert api.post(f"{vt_url}status/", {"status": "received"},
                    format="json").json()["status"] == "received"


def test_zorg_melden_over_the_api_answers_the_same_receipt(household, school_partner, api,
                                                           settings):
    settings.ZICHT_ZORG_MELDEN_LIMIT = 3
    as_system(api, school_partner)
    body = {"urgency": "not_acute", "observed": "Zorg",
            "observed_on": timezone.localdate().isoformat()}
    known = api.post("/api/v1/zorg-melden/", {**body, "given_name": "Fatima",
                                              "family_name": "Yilmaz"}, format="json")
    assert known.status_code == 400  # no date of birth and no BSN: an identity is needed
    client = household.client
    client.bsn = "123456782"
    client.save()
    answers = [api.post("/api/v1/zorg-melden/", {**body, "bsn": bsn}, format="json")
               for bsn in ("123456782", "987654321")]
    assert [(a.status_code, a.json()) for a in answers] == [
        (202, {"detail": "Uw melding is ontvangen."})] * 2
    assert Signal.objects.filter(household=household).count() == 1
    limited = api.post("/api/v1/zorg-melden/", {**body, "bsn": "111111111"}, format="json")
    assert limited.status_code == 429  # a problem like every other limit, not a receipt
    assert limited["Content-Type"] == "application/problem+json"
    assert limited.json()["status"] == 429


def test_outsiders_cannot_reach_a_report_through_another_household(sent_report, outsider,
                                                                   api):
    as_system(api, outsider)
    assert api.get(f"/api/v1/veilig-thuis/reports/{sent_report.uuid}/").status_code == 404
    assert reports.reports_for_veilig_thuis(as_actor(outsider)).count() == 0


def test_a_step_given_another_steps_answer_is_refused_with_the_field(household,
                                                                    connected_school,
                                                                    supporter, api):
    """Was a 500 (schemathesis, issue 18 point 7): the service's ValueError."""
    signal = a_signal(household, connected_school)
    as_system(api, supporter)
    refused = api.post(url(household, f"signals/{signal.uuid}/steps/"),
                       {"step": "mapped", "notes": "x", "decision": "close"}, format="json")
    assert refused.status_code == 400
    assert set(invalid_params(refused)) == {"decision"}
    signal.refresh_from_db()
    assert signal.step == "received"


def test_a_report_section_that_does_not_exist_is_refused(household, connected_school,
                                                         supporter, veilig_thuis, api):
    """Was a 500 (schemathesis): any key of ``content`` reached the service."""
    report = reports.report_draft(actor=as_actor(supporter), household=household,
                                  veilig_thuis=veilig_thuis)
    as_system(api, supporter)
    refused = api.patch(url(household, f"veilig-thuis-reports/{report.uuid}/"),
                        {"content": {"no_such_section": "x"}, "include_address": False},
                        format="json")
    assert refused.status_code == 400 and set(invalid_params(refused)) == {"content"}
