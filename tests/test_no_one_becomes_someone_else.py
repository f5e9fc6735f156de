"""Nobody can become someone else (issue 19): no credential of another person can be made,
seen or used, by an administrator or anyone else.

Personas: ``beheerder`` is an administrator (staff and superuser, with two-factor); the
supporter has a TOTP device, recovery codes and an API token of her own.
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import _member, login
from zicht.access.middleware import REAUTH


@pytest.fixture
def administrator(alkmaar_team):
    user = _member("beheerder", alkmaar_team, "admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def supporters_credentials(supporter):
    totp = TOTPDevice.objects.get_or_create(user=supporter, defaults={"name": "telefoon"})[0]
    static = StaticDevice.objects.create(user=supporter, name="herstelcodes")
    code = StaticToken.objects.create(device=static, token="herstel123").token
    token = Token.objects.create(user=supporter)
    return {"totp_key": totp.key, "static_code": code, "api_key": token.key}


def _admin_pages():
    """Every changelist and add page of the models the admin registers."""
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))


def test_no_admin_page_shows_or_makes_another_persons_credential(
        client, administrator, supporter, supporters_credentials):
    login(client, administrator)
    tokens_before = Token.objects.count()
    for url in [reverse("admin:index"), *_admin_pages()]:
        body = client.get(url).content.decode()
        for secret in supporters_credentials.values():
            assert secret not in body, url
    token = Token.objects.get(user=supporter)
    for url in (reverse("admin:authtoken_tokenproxy_add"),
                reverse("admin:authtoken_tokenproxy_change", args=[token.user_id]),
                reverse("admin:otp_totp_totpdevice_add"),
                reverse("admin:otp_totp_totpdevice_change",
                        args=[TOTPDevice.objects.get(user=supporter).pk])):
        answer = client.get(url, follow=True)
        assert answer.status_code == 403 or answer.redirect_chain, url  # refused, or sent away
        assert supporters_credentials["api_key"] not in answer.content.decode()
        assert supporters_credentials["totp_key"] not in answer.content.decode()
    made = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": supporter.pk})
    assert made.status_code == 403
    assert Token.objects.count() == tokens_before


def test_the_admin_shows_that_a_second_factor_exists_not_its_key(client, administrator,
                                                                 supporter,
                                                                 supporters_credentials):
    login(client, administrator)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert str(supporter) in listing
    assert not re.search(r"[0-9a-f]{40}", listing)  # no TOTP key anywhere on the page


def test_an_administrator_revokes_a_token_without_seeing_it(client, administrator, supporter,
                                                            supporters_credentials):
    login(client, administrator)
    token = Token.objects.get(user=supporter)
    answer = client.post(reverse("admin:authtoken_tokenproxy_changelist"), {
        "action": "revoke_tokens", "_selected_action": [token.user_id]}, follow=True)
    assert supporters_credentials["api_key"] not in answer.content.decode()
    assert not Token.objects.filter(user=supporter).exists()


def test_a_professional_makes_their_own_token_after_the_password(client, supporter):
    login(client, supporter)
    session = client.session
    session.pop(REAUTH, None)
    session.save()
    url = reverse("access:api_token")
    assert client.post(url, {"action": "replace"}).status_code == 302  # to "wachtwoord"
    assert not Token.objects.filter(user=supporter).exists()
    client.post(reverse("access:reauth"), {"password": "correct horse battery", "next": url})
    shown = client.post(url, {"action": "replace"}).content.decode()
    key = Token.objects.get(user=supporter).key
    assert key in shown
    assert key not in client.get(url).content.decode()  # shown once
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/households/").status_code == 200
    client.post(url, {"action": "revoke"})
    assert api.get("/api/v1/households/").status_code == 401
