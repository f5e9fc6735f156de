"""/metrics: 404 when off, 401 without the bearer token, 403 with a wrong one."""

import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings

TOKEN = "m" * 40


def test_metrics_do_not_exist_when_switched_off(db, settings):
    settings.ZICHT_METRICS = False
    settings.ZICHT_METRICS_TOKEN = TOKEN
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


@pytest.fixture
def metrics_on(settings):
    settings.ZICHT_METRICS = True
    settings.ZICHT_METRICS_TOKEN = TOKEN
    middleware = list(settings.MIDDLEWARE)
    with override_settings(MIDDLEWARE=[
            "django_prometheus.middleware.PrometheusBeforeMiddleware", *middleware,
            "django_prometheus.middleware.PrometheusAfterMiddleware"]):
        yield


def test_metrics_need_the_bearer_token(db, metrics_on):
    client = Client()
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 401


def test_with_the_token_they_count_requests_per_view_not_per_path(db, metrics_on, household):
    client = Client()
    client.get("/health/live")
    client.get(f"/households/{household.uuid}/")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'view="operations:health_live"' in body
    assert "django_http_requests_total_by_view_transport_method_total" in body
    assert str(household.uuid) not in body


def test_the_deploy_check_wants_a_token_when_metrics_are_on(settings):
    settings.ZICHT_METRICS = True
    settings.ZICHT_METRICS_TOKEN = ""
    assert "zicht.E001" in [e.id for e in run_checks(include_deployment_checks=True)]
    settings.ZICHT_METRICS_TOKEN = TOKEN
    assert "zicht.E001" not in [e.id for e in run_checks(include_deployment_checks=True)]
