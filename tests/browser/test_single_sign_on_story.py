"""A supporter signs in through her organisation's own OpenID Connect provider (issue
15.5): from Zicht's login page to the provider's login form (oidc-provider-mock, a real
authorization server on a loopback port) and back, to Vandaag. Once the provider asked two
factors; the next morning it did not, and Zicht asks its own code first."""

import os

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible
from tests.conftest import as_actor, provider_user
from zicht.directory.sso import single_sign_on_configure

SHOTS = os.environ.get("ZICHT_SHOTS")  # a directory: save screenshots there to look at


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    size = page.viewport_size
    for label, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
    if size:
        page.set_viewport_size(size)


def test_a_supporter_signs_in_through_her_organisation_to_vandaag(
        browser, live_server, provider, supporter, alkmaar_team, administrator):
    single_sign_on_configure(actor=as_actor(administrator), organisation=alkmaar_team,
                             issuer=provider, client_id="zicht", client_secret="geheim",
                             email_domains="example.org")
    sub = provider_user(provider, "omar@alkmaar-idp", email=supporter.email,
                        email_verified=True, amr=["pwd", "mfa"])
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    shoot(page, "login")
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    page.get_by_role("heading", level=1, name="Inloggen via uw organisatie").wait_for()
    assert_accessible(page, "sso start")
    shoot(page, "sso-start")
    page.get_by_label("Uw e-mailadres op het werk").fill(supporter.email)
    page.get_by_role("button", name="Verder naar uw organisatie").click()

    # The provider's own login form.
    page.wait_for_url(f"{provider}/**")
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_role("heading", level=1, name="Vandaag").first.wait_for()
    assert_accessible(page, "Vandaag after the organisation's sign-in")
    assert "Sociaal Team Alkmaar" in page.locator(".zicht-user").inner_text()

    # The next morning the provider asked only the password: Zicht asks its code.
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_url("**/account/login/**")
    provider_user(provider, sub, email=supporter.email, email_verified=True, amr=["pwd"])
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    page.get_by_label("Uw e-mailadres op het werk").fill(supporter.email)
    page.get_by_role("button", name="Verder naar uw organisatie").click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**/account/login/?via=organisatie")
    page.get_by_label("Token").wait_for()
    assert_accessible(page, "Zicht's code after the organisation's sign-in")
    shoot(page, "sso-token-step")
    device = TOTPDevice.objects.get(user=supporter)
    page.get_by_label("Token").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("heading", level=1, name="Vandaag").first.wait_for()
    context.close()


def test_a_provider_user_without_an_invitation_sees_the_neutral_refusal(
        browser, live_server, provider, alkmaar_team, administrator):
    single_sign_on_configure(actor=as_actor(administrator), organisation=alkmaar_team,
                             issuer=provider, client_id="zicht", client_secret="geheim",
                             email_domains="example.org")
    sub = provider_user(provider, "stranger@alkmaar-idp", email="vreemde@example.org",
                        email_verified=True, amr=["mfa"])
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/sso/")
    page.get_by_label("Uw e-mailadres op het werk").fill("vreemde@example.org")
    page.get_by_role("button", name="Verder naar uw organisatie").click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_role("heading", level=1,
                     name="Inloggen via uw organisatie is niet gelukt").wait_for()
    assert_accessible(page, "sso refused")
    shoot(page, "sso-refused")
    context.close()


def test_an_old_sign_in_at_the_provider_does_not_reconfirm(
        browser, live_server, provider, supporter, alkmaar_team, administrator):
    import time
    from unittest import mock

    from oidc_provider_mock._storage import AuthorizationCode

    single_sign_on_configure(actor=as_actor(administrator), organisation=alkmaar_team,
                             issuer=provider, client_id="zicht", client_secret="geheim",
                             email_domains="example.org")
    sub = provider_user(provider, "omar@alkmaar-idp", email=supporter.email,
                        email_verified=True, amr=["mfa"])
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/sso/")
    page.get_by_label("Uw e-mailadres op het werk").fill(supporter.email)
    page.get_by_role("button", name="Verder naar uw organisatie").click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_role("heading", level=1, name="Vandaag").first.wait_for()
    # The provider answers prompt=login with its sign-in of an hour ago.
    with mock.patch.object(AuthorizationCode, "get_auth_time",
                           return_value=int(time.time()) - 3600):
        page.goto(f"{live_server.url}/sso/bevestigen/?next=/")
        page.wait_for_url(f"{provider}/**")
        page.get_by_placeholder("sub").fill(sub)
        page.get_by_role("button", name="Authorize").click()
        page.get_by_text("ging uit van een eerdere inlog").wait_for()
    assert_accessible(page, "sso reconfirmation refused: an old sign-in")
    shoot(page, "sso-reconfirm-stale")
    context.close()
