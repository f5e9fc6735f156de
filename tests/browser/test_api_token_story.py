"""API tokens in a real browser: on a phone, the supporter makes a token for her planning
system and copies the key, shown once; her team's administrator, at a desk, finds it on
her page by name and revokes it, without ever seeing the key."""

import os
import re

import pytest
from rest_framework.test import APIClient

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_layout, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZICHT_SCREENSHOTS")  # a folder, to look at the pages by hand


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_supporter_makes_a_token_and_her_administrator_revokes_it(
        browser, live_server, supporter, administrator):
    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    phone.goto(f"{live_server.url}/security/api-token/")
    phone.get_by_label("Naam").fill("Planningskoppeling")
    phone.get_by_label("Geldig").select_option("30")
    phone.get_by_role("button", name="Sleutel maken").click()
    shown = phone.locator(".zicht-key").inner_text()
    assert re.fullmatch(r"zicht_[0-9a-f]{64}", shown)
    assert_accessible(phone, "the new key")
    assert_layout(phone, "the new key")
    _shot(phone, "api-token-phone")
    phone.goto(f"{live_server.url}/security/api-token/")
    assert shown not in phone.content() and "Planningskoppeling" in phone.content()
    api = APIClient(HTTP_AUTHORIZATION=f"Token {shown}")
    assert api.get("/api/v1/households/").status_code == 200

    desk = log_in(browser, live_server, administrator, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/directory/manage/{supporter.memberships.get().uuid}/")
    assert "Planningskoppeling" in desk.content() and shown not in desk.content()
    assert_accessible(desk, "a member's tokens")
    _shot(desk, "member-tokens-desktop")
    desk.get_by_role("button", name="Sleutel Planningskoppeling intrekken").click()
    desk.get_by_text("De API-sleutel is ingetrokken").wait_for()
    assert api.get("/api/v1/households/").status_code == 401
