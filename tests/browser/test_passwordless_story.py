"""Issue 15, points 1 and 4: a new supporter opens her invitation, chooses a password and
registers a passkey as her second factor before anything else, and arrives on Vandaag; the
next morning she signs in with the passkey alone ("Inloggen met een passkey"), and on a day
she types her password, the passkey is her second step. The passkey lives in Chromium's
virtual authenticator (the DevTools WebAuthn domain), so every signature is real."""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible
from tests.browser.test_passkey_story import with_authenticator
from tests.conftest import _member, as_actor
from zicht.accounts.models import User
from zicht.directory import services as directory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "lantaarnpaal-regenboog-42"
SHOTS = os.environ.get("ZICHT_SHOTS")  # a directory: screenshots of each page, both widths


def shot(page, name):
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{SHOTS}/{name}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(size)


def test_an_invitation_through_a_passkey_to_vandaag_and_back_without_a_password(
        browser, live_server, alkmaar_team, settings):
    url = urlparse(live_server.url)
    assert url.hostname == "localhost"  # a secure context, and the relying party
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.ZICHT_BASE_URL = live_server.url
    admin = _member("anna.beheer", alkmaar_team, "admin")
    mail.outbox.clear()
    directory.invitation_create(actor=as_actor(admin), organisation=alkmaar_team,
                                email="nina.nieuw@example.org", first_name="Nina",
                                last_name="Nieuw", role="supporter")
    [message] = mail.outbox
    link = re.search(r"http://\S+/directory/invitation/\S+/", message.body).group(0)

    page = browser.new_context(viewport=PHONE).new_page()
    cdp, authenticator = with_authenticator(page)
    page.goto(link)
    page.get_by_label("Kies een wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Hetzelfde wachtwoord nog eens").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()

    # The second factor before anything else; the set-up offers a passkey instead.
    page.wait_for_url("**/account/two_factor/setup/**")
    assert_accessible(page, "two-factor set-up with the passkey offer")
    shot(page, "setup-welcome")
    page.get_by_role("link", name="Een passkey als tweede factor").click()
    page.get_by_role("heading", level=1, name="Een passkey als tweede factor").wait_for()
    assert_accessible(page, "passkey set-up")
    shot(page, "passkey-setup")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.get_by_role("heading", level=1, name="Vandaag").wait_for()
    assert_accessible(page, "the first Vandaag, after the passkey")
    nina = User.objects.get(username="nina.nieuw@example.org")
    assert WebAuthnCredential.objects.filter(user=nina).count() == 1
    assert not nina.totpdevice_set.exists()
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert [c["isResidentCredential"] for c in held["credentials"]] == [True]

    # The next morning: the passkey alone, no password, no code.
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_url("**/account/login/**")
    page.get_by_role("button", name="Inloggen met een passkey").wait_for()
    assert_accessible(page, "login with the passkey sign-in")
    shot(page, "login")
    page.get_by_role("button", name="Inloggen met een passkey").click()
    page.get_by_role("heading", level=1, name="Vandaag").wait_for()
    assert_accessible(page, "Vandaag after the passwordless sign-in")

    # Another day she types her password: the passkey is then the second step.
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_url("**/account/login/**")
    page.get_by_label("Gebruikersnaam").fill(nina.username)
    page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Gebruik uw passkey").wait_for()
    assert page.get_by_label("Token").count() == 0  # she has no app: no code to type
    assert_accessible(page, "the passkey step of someone without the app")
    shot(page, "passkey-step")
    page.get_by_role("button", name="Gebruik uw passkey").click()
    page.get_by_role("heading", level=1, name="Vandaag").wait_for()

    # Her only second factor stays.
    page.goto(f"{live_server.url}/security/passkeys/")
    page.get_by_role("button", name=re.compile("verwijderen$")).click()
    page.get_by_text("Dit is uw enige tweede factor").wait_for()
    assert_accessible(page, "passkeys, the only one kept")
    shot(page, "passkeys-only-one")
    assert WebAuthnCredential.objects.filter(user=nina).count() == 1
    page.goto(f"{live_server.url}/account/two_factor/disable/")
    page.get_by_text("U gebruikt geen authenticator-app").wait_for()
    assert_accessible(page, "two_factor's disable, for someone without the app")
    shot(page, "app-remove")
