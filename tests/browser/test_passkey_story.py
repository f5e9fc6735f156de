"""A supporter adds a passkey on Uw account and logs in the next morning with her password
and the passkey instead of the code (issue 15, point 4). The passkey lives in Chromium's
virtual authenticator (the DevTools WebAuthn domain), so the signatures are real."""

from urllib.parse import urlparse

from django_otp_webauthn.models import WebAuthnCredential

from tests.browser.conftest import PASSWORD, assert_accessible, log_in

AUTHENTICATOR = {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
                 "hasUserVerification": True, "isUserVerified": True}


def with_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return cdp, added["authenticatorId"]


def test_a_supporter_logs_in_with_her_passkey(browser, live_server, supporter, settings):
    # WebAuthn needs a secure context: http://localhost is one, and the relying party.
    url = urlparse(live_server.url)
    assert url.hostname == "localhost"
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]

    page = log_in(browser, live_server, supporter)
    cdp, authenticator = with_authenticator(page)
    page.goto(f"{live_server.url}/security/")
    page.get_by_role("link", name="Uw passkeys").click()
    page.get_by_role("heading", level=1, name="Uw passkeys").wait_for()
    page.get_by_text("U heeft nog geen passkey.").wait_for()
    assert_accessible(page, "passkeys, none yet")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.locator(".zicht-passkeys li").first.wait_for()  # the page shows it, reloaded
    assert_accessible(page, "passkeys, one")
    credential = WebAuthnCredential.objects.get(user=supporter)
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(held["credentials"]) == 1  # the private key stays on her device
    assert credential.name in page.locator(".zicht-passkeys").inner_text()
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_url("**/account/login/**")

    # The next login: the password, then the passkey instead of the code.
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam").fill(supporter.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Gebruik uw passkey").wait_for()
    assert_accessible(page, "token step with a passkey")
    page.get_by_role("button", name="Gebruik uw passkey").click()
    page.get_by_role("heading", level=1, name="Vandaag").first.wait_for()
    assert_accessible(page, "Vandaag after the passkey")
    credential.refresh_from_db()
    assert credential.last_used_at is not None
