"""Safety over the API keeps the pages' rules: outsiders get 404 on every household endpoint
(the signals' too), partners and Veilig Thuis on the record. The signals' own rules over the
API are in ``tests/signals/test_signals_api.py``."""

import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.conftest import api_key_for

HOUSEHOLD_ENDPOINTS = [
    ("get", "safety-plan/"), ("post", "safety-plan/"),
    ("get", "risk-assessments/"), ("post", "risk-assessments/"),
    ("get", "police-alerts/"), ("post", "police-alerts/"),
    ("post", "partners/"),
    ("get", "signals/"), ("post", "signals/"),
    ("get", f"signals/{uuid.uuid4()}/"), ("post", f"signals/{uuid.uuid4()}/steps/"),
    ("get", "veilig-thuis-reports/"), ("post", "veilig-thuis-reports/"),
]


@pytest.fixture
def api():
    cache.clear()
    return APIClient()


def as_system(api, user):
    """Token authentication, as a connected system of that professional's organisation."""
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")


def url(household, path=""):
    return f"/api/v1/households/{household.uuid}/{path}"


@pytest.mark.parametrize(("method", "path"), HOUSEHOLD_ENDPOINTS)
def test_outsiders_get_404_on_every_safety_endpoint(household, outsider, api, method, path):
    as_system(api, outsider)
    response = getattr(api, method)(url(household, path), {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "path"), [e for e in HOUSEHOLD_ENDPOINTS
                                              if not e[1].startswith("signals/")])
def test_veilig_thuis_and_partners_get_404_on_the_record(household, connected_school,
                                                         vt_worker, api, method, path):
    for user in (connected_school, vt_worker):
        as_system(api, user)
        assert getattr(api, method)(url(household, path), {}, format="json").status_code == 404


def test_the_safety_plan_api_shows_versions_with_their_difference(household, supporter, api):
    as_system(api, supporter)
    api.post(url(household, "safety-plan/"), {"risks": "A"}, format="json")
    created = api.post(url(household, "safety-plan/"), {"risks": "B", "house_ban": True},
                       format="json")
    assert created.status_code == 201
    versions = api.get(url(household, "safety-plan/")).json()["results"]
    assert [v["number"] for v in versions] == [2, 1]
    assert "+ Huisverbod: ja" in versions[0]["difference"]


def test_a_page_of_safety_plan_versions_compares_its_last_with_the_next_page(household,
                                                                           supporter, api):
    as_system(api, supporter)
    api.post(url(household, "safety-plan/"), {"risks": "A"}, format="json")
    api.post(url(household, "safety-plan/"), {"risks": "A", "house_ban": True}, format="json")
    page = api.get(url(household, "safety-plan/"), {"limit": 1}).json()
    assert page["count"] == 2 and [v["number"] for v in page["results"]] == [2]
    assert "+ Huisverbod: ja" in page["results"][0]["difference"]
