"""API tokens (issue 15.6): hashed at rest, named, expiring, made by the professional,
listed and revoked by the organisation's administrator, ended with the account or its
last membership.

Personas: the supporter (Alkmaar) and her team's ``administrator``; the outsider's team in
Hoorn has an administrator of its own.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import _member, api_key_for, login
from zicht.accounts.models import ApiToken
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.directory.models import Membership

API_ROUTES = ("/api/v1/households/", "/api/v1/organisations/", "/api/v1/directory/contacts/")


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()


def _statuses(key):
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    return {api.get(route).status_code for route in API_ROUTES}


def test_only_a_digest_of_the_key_is_stored(supporter):
    key = api_key_for(supporter)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert key.startswith("zicht_") and key not in row
    assert _statuses(key) == {200}


def test_a_token_expires(supporter, time_machine):
    key = api_key_for(supporter, days=30)
    assert _statuses(key) == {200}
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert _statuses(key) == {401}
    assert not ApiToken.objects.filter(user=supporter).exists()


def test_an_ended_membership_ends_its_tokens(supporter, administrator):
    key = api_key_for(supporter)
    membership = supporter.memberships.get()
    from tests.conftest import as_actor
    from zicht.directory.services import membership_update

    membership_update(actor=as_actor(administrator), membership=membership, active=False,
                      in_directory=True)
    assert _statuses(key) == {401}  # the households API and the directory API alike
    assert not ApiToken.objects.filter(user=supporter).exists()


def test_a_token_answers_401_whatever_ended_the_membership(supporter):
    key = api_key_for(supporter)
    Membership.objects.filter(user=supporter).update(active=False)  # no signal, no service
    assert _statuses(key) == {401}


def test_a_token_ends_with_its_account(supporter):
    key = api_key_for(supporter)
    supporter.is_active = False
    supporter.save()
    assert _statuses(key) == {401}
    assert not ApiToken.objects.filter(user=supporter).exists()


def test_a_second_membership_keeps_the_token(supporter, hoorn_team):
    key = api_key_for(supporter)
    Membership.objects.create(user=supporter, organisation=hoorn_team, role="supporter")
    first = supporter.memberships.order_by("id").first()
    first.active = False
    first.save()
    assert _statuses(key) == {200}


def test_a_wrong_or_ended_token_counts_toward_the_limit(supporter, settings):
    settings.ZICHT_API_TOKEN_FAILURE_LIMIT = 3
    key = api_key_for(supporter)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}x")
    assert [api.get("/api/v1/households/").status_code for _ in range(3)] == [401] * 3
    good = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert good.get("/api/v1/households/").status_code == 429  # from the same address


def test_the_administrator_lists_and_revokes_a_members_token(client, administrator,
                                                             supporter):
    key = api_key_for(supporter, name="Planningskoppeling")
    token = ApiToken.objects.get(user=supporter)
    login(client, administrator)
    page = client.get(reverse("directory:membership", args=[supporter.memberships.get().uuid]))
    body = page.content.decode()
    assert "Planningskoppeling" in body and key not in body and token.digest not in body
    assert 'name="days"' not in body  # nothing here makes a token
    answer = client.post(reverse("access:api_token_revoke", args=[token.uuid]))
    assert answer.status_code == 302
    assert _statuses(key) == {401}
    assert AccessLogEntry.objects.filter(user=administrator, action=AccessAction.DELETE,
                                         record_type="api_token",
                                         record_uuid=token.uuid).exists()


def test_another_organisations_administrator_cannot_revoke_it(client, supporter, hoorn_team):
    key = api_key_for(supporter)
    token = ApiToken.objects.get(user=supporter)
    login(client, _member("hoorn.beheer", hoorn_team, "admin"))
    assert client.post(reverse("access:api_token_revoke", args=[token.uuid])).status_code == 404
    assert _statuses(key) == {200}


def test_a_colleague_cannot_revoke_it(client, supporter, colleague):
    api_key_for(supporter)
    token = ApiToken.objects.get(user=supporter)
    login(client, colleague)
    assert client.post(reverse("access:api_token_revoke", args=[token.uuid])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_page_refuses_a_nameless_or_too_long_token(client, supporter):
    login(client, supporter)
    url = reverse("access:api_token")
    for data in ({"name": " ", "days": 30}, {"name": "x", "days": 10000}):
        answer = client.post(url, data)
        assert answer.status_code == 200 and "zicht_" not in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_a_professional_holds_a_limited_number_of_tokens(client, supporter, settings):
    settings.ZICHT_API_TOKEN_LIMIT = 2
    login(client, supporter)
    url = reverse("access:api_token")
    for n in range(3):
        client.post(url, {"name": f"k{n}", "days": 30})
    assert ApiToken.objects.filter(user=supporter).count() == 2
