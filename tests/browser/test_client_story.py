"""Mijn afspraken on a phone (issue 17): the supporter shows a QR code, the client activates
her access with an authenticator app, checks in, says she does not feel safe (an acute
signal in the supporter's inbox) and leaves by the quick exit, by button and by Shift x3;
going back does not show her page."""

import os

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, log_in
from zicht.client.models import ClientAccess
from zicht.signals.models import SignalSource, Urgency

SHOTS = os.environ.get("ZICHT_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        for width, size in (("390", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(size)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size(PHONE)


def code_for(access: ClientAccess) -> str:
    device = TOTPDevice.objects.get(user=access.user)
    return f"{totp(device.bin_key):06d}"


def test_the_client_on_her_phone(browser, live_server, household, supporter, settings):
    settings.ZICHT_CLIENT_EXIT_URL = f"{live_server.url}/health/live"
    desk = log_in(browser, live_server, supporter, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/households/{household.uuid}/")
    assert_accessible(desk, "household page with the client's access")
    shot(desk, "client-household")
    desk.get_by_role("link", name="Toegang geven (QR-code)").click()
    desk.get_by_role("button", name="Toegang geven").click()
    desk.get_by_role("img", name="QR-code met de activatielink").wait_for()
    assert_accessible(desk, "QR code")
    shot(desk, "client-qr")
    desk.get_by_text("Scannen lukt niet?").click()
    link = desk.locator("details code").inner_text()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(link)
    assert phone.title() == "Mijn afspraken"
    assert_accessible(phone, "activation")
    shot(phone, "client-activate")
    access = ClientAccess.objects.get(household=household)
    phone.get_by_label("De zes cijfers uit je app").fill(code_for(access))
    phone.get_by_role("button", name="Klaar").click()
    phone.get_by_role("heading", name="Eerst even dit").wait_for()
    assert_accessible(phone, "interruption page")
    shot(phone, "client-welcome")
    phone.get_by_role("button", name="Ik begrijp het").click()
    phone.get_by_role("heading", level=1, name="Mijn afspraken").wait_for()
    assert_accessible(phone, "home")
    shot(phone, "client-home")

    phone.get_by_role("button", name="Kan beter").click()
    phone.get_by_text("Dank je. Je ondersteuner ziet het.").wait_for()
    assert "Kan beter" not in phone.locator("[role=status]").inner_text()

    phone.get_by_role("button", name="Ik voel me niet veilig").first.click()
    phone.get_by_text("Je ondersteuner en je regisseur weten het nu.").wait_for()
    assert phone.get_by_role("link", name="112").is_visible()
    assert phone.get_by_role("link", name="0800-2000").is_visible()
    assert_accessible(phone, "not safe")
    shot(phone, "client-unsafe")
    signal = household.signals.get()
    assert (signal.source, signal.urgency) == (SignalSource.CLIENT_ALARM, Urgency.ACUTE)
    desk.goto(f"{live_server.url}/notifications/")
    desk.get_by_text("Nieuw signaal").first.wait_for()

    # Quick exit by button: blanked, logged out on the server, on the neutral site.
    phone.get_by_role("link", name="Snel weg").click()
    phone.wait_for_url(settings.ZICHT_CLIENT_EXIT_URL)
    phone.go_back()
    phone.wait_for_load_state()
    assert "/mijn/inloggen/" in phone.url or phone.url == settings.ZICHT_CLIENT_EXIT_URL
    assert "Hoe gaat het?" not in phone.content()

    # Log in again, then leave by pressing Shift three times.
    phone.goto(f"{live_server.url}/mijn/inloggen/")
    assert_accessible(phone, "login")
    shot(phone, "client-login")
    TOTPDevice.objects.filter(user=access.user).update(last_t=-1)
    phone.get_by_label("Je code").fill(access.login_code)
    phone.get_by_label("De zes cijfers uit je app").fill(code_for(access))
    phone.get_by_role("button", name="Inloggen").click()
    phone.get_by_role("heading", level=1, name="Mijn afspraken").wait_for()
    for _i in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url(settings.ZICHT_CLIENT_EXIT_URL)
    phone.goto(f"{live_server.url}/mijn/")
    assert "/mijn/inloggen/" in phone.url
