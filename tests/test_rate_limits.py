"""Rate limits on the API and on every place that can be used to probe (issue 18,
point 6), counted in the shared cache: the database's by default, Redis when configured."""

import socket

import pytest
from django.core.cache import cache, caches
from rest_framework.test import APIClient

from tests.conftest import login
from zicht.signals.services import zorg_melden_allowed


@pytest.fixture(autouse=True)
def _fresh_counts(db):
    cache.clear()


def test_wrong_api_tokens_from_one_address_are_stopped_with_429(settings, supporter):
    settings.ZICHT_API_TOKEN_FAILURE_LIMIT = 3
    guesser = APIClient(REMOTE_ADDR="203.0.113.9")
    answers = [guesser.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Token guess{n}")
               .status_code for n in range(5)]
    assert answers == [401, 401, 401, 429, 429]
    throttled = guesser.get("/api/v1/households/", HTTP_AUTHORIZATION="Token guess9")
    assert throttled["Content-Type"] == "application/problem+json"
    # Another address is not held up by the guesser.
    other = APIClient(REMOTE_ADDR="198.51.100.7")
    assert other.get("/api/v1/households/", HTTP_AUTHORIZATION="Token x").status_code == 401


def test_a_signed_in_client_is_limited_too(monkeypatch, supporter):
    from rest_framework.throttling import SimpleRateThrottle

    # DRF reads the rates into the class when it is imported: set them there.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "30/minute", "user": "3/minute"})
    api = login(APIClient(), supporter)
    answers = [api.get("/api/v1/households/").status_code for _n in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_counts_live_in_the_database_cache_by_default():
    assert caches["default"].__class__.__name__ == "DatabaseCache"


def test_zorg_melden_counts_are_shared_through_redis_when_configured(settings):
    """Two processes are two cache clients: both see one count."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379 to test the shared count with")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15"}}
    settings.ZICHT_ZORG_MELDEN_LIMIT = 2
    caches["default"].clear()
    from django.core.cache.backends.redis import RedisCache

    other_process = RedisCache("redis://127.0.0.1:6379/15", {})
    try:
        assert zorg_melden_allowed(user_id=1, ip_address="192.0.2.1")
        other_process.incr("zorg-melden:user:1")  # the other process counts one report
        assert not zorg_melden_allowed(user_id=1, ip_address="192.0.2.1")
    finally:
        other_process.clear()


def test_searching_over_and_over_is_stopped_on_the_page_and_in_the_api(settings, client,
                                                                        household, supporter):
    # Zoeken finds only her own households, but typed names are probes all the same.
    settings.ZICHT_SEARCH_LIMIT = 3
    login(client, supporter)
    pages = [client.get("/households/search/", {"q": f"Naam{n}"}) for n in range(4)]
    assert [p.status_code for p in pages] == [200, 200, 200, 429]
    assert "veel gezocht" in pages[-1].content.decode()
    assert household.reference not in pages[-1].content.decode()
    api = login(APIClient(), supporter).get("/api/v1/search/", {"q": "Fatima"})
    assert api.status_code == 429 and api["Content-Type"] == "application/problem+json"
