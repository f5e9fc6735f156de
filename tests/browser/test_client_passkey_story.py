"""Mijn afspraken with a passkey, on a 390 px phone (issue 17, item 1): the supporter shows
the QR code, the client opens the link and makes a passkey (Chromium's virtual
authenticator, so the signatures are real), leaves, logs in with the passkey alone and
checks in; when the supporter ends her access, the passkey on her phone opens nothing."""

import json
from urllib.parse import urlparse

from django.conf import settings as django_settings
from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, log_in
from tests.browser.test_client_story import shot
from tests.browser.test_passkey_story import with_authenticator
from zicht.client.models import CheckIn, ClientAccess


def test_the_client_activates_and_logs_in_with_her_passkey(browser, live_server, household,
                                                           supporter, settings):
    # WebAuthn needs a secure context: http://localhost is one, and the relying party.
    assert urlparse(live_server.url).hostname == "localhost"
    settings.ZICHT_CLIENT_WEBAUTHN_RP_ID = "localhost"
    settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS = [live_server.url]
    settings.ZICHT_CLIENT_EXIT_URL = f"{live_server.url}/health/live"

    desk = log_in(browser, live_server, supporter, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/households/{household.uuid}/")
    desk.get_by_role("link", name="Toegang geven (QR-code)").click()
    desk.get_by_role("button", name="Toegang geven").click()
    desk.get_by_role("img", name="QR-code met de activatielink").wait_for()
    assert desk.get_by_text("Zij maakt daarna een passkey op haar telefoon").is_visible()
    assert_accessible(desk, "QR code")
    shot(desk, "client-passkey-qr")
    desk.get_by_text("Scannen lukt niet?").click()
    link = desk.locator("details code").inner_text()

    # Her phone: she opens the link (the QR code) and makes a passkey, first on the page.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    cdp, authenticator = with_authenticator(phone)
    phone.goto(link)
    assert phone.title() == "Mijn afspraken"
    make = phone.get_by_role("button", name="Maak een passkey")
    make.wait_for()
    assert make.bounding_box()["y"] < phone.get_by_label("De zes cijfers uit je app") \
        .bounding_box()["y"]  # the passkey first, the app as the fallback
    assert_accessible(phone, "activation with a passkey")
    shot(phone, "client-passkey-activate")
    make.click()
    phone.get_by_role("heading", name="Eerst even dit").wait_for()
    access = ClientAccess.objects.get(household=household)
    assert WebAuthnCredential.objects.filter(user=access.user).count() == 1
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert [c["rpId"] for c in held["credentials"]] == ["localhost"]
    assert held["credentials"][0]["isResidentCredential"]
    kept = json.dumps(held)
    assert "Zicht" not in kept and "Fatima" not in kept and access.login_code not in kept
    assert_accessible(phone, "interruption page after the passkey")
    phone.get_by_role("button", name="Ik begrijp het").click()
    phone.get_by_role("heading", level=1, name="Mijn afspraken").wait_for()
    assert_accessible(phone, "home after activation")
    # Nothing on her phone but the passkey and the session: no storage, no other cookie.
    assert phone.evaluate("localStorage.length + sessionStorage.length") == 0
    assert {c["name"] for c in context.cookies()} <= {django_settings.SESSION_COOKIE_NAME,
                                                      django_settings.CSRF_COOKIE_NAME}

    # She leaves (the quick exit logs out on the server) and comes back with the passkey.
    phone.get_by_role("link", name="Snel weg").click()
    phone.wait_for_url(settings.ZICHT_CLIENT_EXIT_URL)
    phone.goto(f"{live_server.url}/mijn/inloggen/")
    passkey = phone.get_by_role("button", name="Log in met je passkey")
    passkey.wait_for()
    assert_accessible(phone, "login with a passkey")
    shot(phone, "client-passkey-login")
    passkey.click()
    phone.get_by_role("heading", level=1, name="Mijn afspraken").wait_for()
    assert_accessible(phone, "home after the passkey")
    phone.get_by_role("button", name="Goed", exact=True).click()
    phone.get_by_text("Dank je. Je ondersteuner ziet het.").wait_for()
    assert_accessible(phone, "checked in")
    shot(phone, "client-passkey-checked-in")
    assert CheckIn.objects.filter(access=access).count() == 1

    # The supporter ends her access: at once, and the passkey on her phone opens nothing.
    desk.goto(f"{live_server.url}/households/{household.uuid}/mijn-toegang/")
    desk.get_by_text("Zij logt in met een passkey op haar telefoon.").wait_for()
    assert_accessible(desk, "her access, with a passkey")
    shot(desk, "client-passkey-access")
    desk.get_by_role("button", name="Toegang nu beëindigen").click()
    desk.get_by_text("De toegang van de cliënt is beëindigd.").wait_for()
    phone.reload()
    phone.wait_for_url("**/mijn/inloggen/**")
    phone.get_by_role("button", name="Log in met je passkey").click()
    phone.locator("#passkey-verification-status-message",
                  has_text="Vraag je ondersteuner").wait_for()
    assert "/mijn/inloggen/" in phone.url
    assert_accessible(phone, "passkey refused after the end")
    shot(phone, "client-passkey-refused")
    assert not WebAuthnCredential.objects.filter(user=access.user).exists()
    context.close()
