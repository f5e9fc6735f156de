"""Nobody can become someone else (issue 19): no credential of another person can be made,
seen or used, by an administrator or anyone else.

Personas: ``administrator`` (``beheerder``, staff and superuser, with two-factor); the
supporter has a TOTP device, recovery codes, a password and an API token of her own, and
typed a wrong password once (kept by the lock-out's records).
"""

import contextlib
import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.conftest import SECRET_STREET, api_key_for, login
from zicht.accounts.models import ApiToken
from zicht.core.reauth import REAUTH

ALMOST_HER_PASSWORD = "correct horse battery!"


@pytest.fixture
def supporters_credentials(client, supporter):
    totp_device = TOTPDevice.objects.get_or_create(user=supporter,
                                                   defaults={"name": "telefoon"})[0]
    static = StaticDevice.objects.create(user=supporter, name="herstelcodes")
    code = StaticToken.objects.create(device=static, token="herstel123").token
    key = api_key_for(supporter)
    # A failed login: django-axes keeps its form data for the admin.
    client.post(reverse("two_factor:login"), {"login_view-current_step": "auth",
                                              "auth-username": supporter.username,
                                              "auth-password": ALMOST_HER_PASSWORD})
    client.logout()
    return {"totp_key": totp_device.key, "static_code": code, "api_key": key,
            "password_hash": supporter.password, "wrong_password": ALMOST_HER_PASSWORD}


def _admin_urls():
    """Every page of every model the admin registers: its list and add page, and the
    change, delete and history page of each of its rows."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls += [reverse("admin:{}_{}_changelist".format(*info)),
                 reverse("admin:{}_{}_add".format(*info))]
        for pk in model._default_manager.values_list("pk", flat=True)[:5]:
            for page in ("change", "delete", "history"):
                with contextlib.suppress(NoReverseMatch):
                    urls.append(reverse("admin:{}_{}_{}".format(*info, page), args=[pk]))
    return urls


def _tries_as_api_token(candidates) -> list[int]:
    statuses = []
    for candidate in candidates:
        statuses.append(APIClient(HTTP_AUTHORIZATION=f"Token {candidate}")
                        .get("/api/v1/households/").status_code)
    return statuses


def test_no_admin_page_shows_or_makes_another_persons_credential(
        client, administrator, supporter, supporters_credentials, household):
    login(client, administrator)
    tokens_before = ApiToken.objects.count()
    candidates = set()
    for url in _admin_urls():
        answer = client.get(url, follow=True)
        assert answer.status_code in (200, 403), url
        body = answer.content.decode()
        for name, secret in supporters_credentials.items():
            assert secret not in body, (url, name)
        # Nothing of the household either: the administrator opens no household data.
        assert SECRET_STREET not in body and "Yilmaz" not in body, url
        assert household.reference not in body, url
        # Anything that looks like a key: try it below.
        candidates |= set(re.findall(r"zicht_[0-9a-f]+|\b[0-9a-f]{32,}\b", body))
    assert all(status == 401 for status in _tries_as_api_token(candidates))
    # Nor as a TOTP secret: no code made from anything on the pages signs her in.
    device = TOTPDevice.objects.get(user=supporter)
    for candidate in candidates:
        if re.fullmatch(r"[0-9a-f]{40}", candidate):
            assert bytes.fromhex(candidate) != device.bin_key
            assert totp(bytes.fromhex(candidate)) != totp(device.bin_key)
    # And no admin page makes a token.
    made = client.post(reverse("admin:accounts_apitoken_add"), {"user": supporter.pk,
                                                                "name": "x"})
    assert made.status_code == 403
    assert ApiToken.objects.count() == tokens_before


def test_the_admin_shows_that_a_second_factor_exists_not_its_key(client, administrator,
                                                                 supporter,
                                                                 supporters_credentials):
    login(client, administrator)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert str(supporter) in listing
    assert not re.search(r"[0-9a-f]{40}", listing)  # no TOTP key anywhere on the page
    device = TOTPDevice.objects.get(user=supporter)
    for page in ("change", "delete"):
        url = reverse(f"admin:otp_totp_totpdevice_{page}", args=[device.pk])
        assert client.get(url).status_code == 403


def test_an_administrator_revokes_a_token_without_seeing_it(client, administrator, supporter,
                                                            supporters_credentials):
    login(client, administrator)
    token = ApiToken.objects.get(user=supporter)
    listing = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert token.name in listing and token.digest not in listing
    answer = client.post(reverse("admin:accounts_apitoken_changelist"), {
        "action": "revoke_tokens", "_selected_action": [token.pk]}, follow=True)
    assert supporters_credentials["api_key"] not in answer.content.decode()
    assert not ApiToken.objects.filter(user=supporter).exists()
    assert _tries_as_api_token([supporters_credentials["api_key"]]) == [401]


def test_a_professional_makes_their_own_token_after_the_password(client, supporter):
    login(client, supporter)
    session = client.session
    session.pop(REAUTH, None)
    session.save()
    url = reverse("access:api_token")
    made = client.post(url, {"name": "Mijn koppeling", "days": 30})
    assert made.status_code == 302 and "reauth" in made["Location"]  # to "wachtwoord"
    assert not ApiToken.objects.filter(user=supporter).exists()
    client.post(reverse("access:reauth"), {"password": "correct horse battery", "next": url})
    shown = client.post(url, {"name": "Mijn koppeling", "days": 30}).content.decode()
    key = re.search(r"zicht_[0-9a-f]{64}", shown).group(0)
    token = ApiToken.objects.get(user=supporter)
    assert token.name == "Mijn koppeling" and key not in (token.digest, token.token_key)
    listing = client.get(url).content.decode()
    assert key not in listing and "Mijn koppeling" in listing  # shown once
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/households/").status_code == 200
    client.post(reverse("access:api_token_revoke", args=[token.uuid]))
    assert api.get("/api/v1/households/").status_code == 401
