"""Issue 15: an admin invites a supporter; the supporter opens the link from the e-mail,
chooses a password, registers a second factor and arrives on Vandaag."""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.conftest import _member
from zicht.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "lantaarnpaal-regenboog-42"


def test_an_invitation_through_to_the_first_vandaag(browser, live_server, alkmaar_team,
                                                    settings):
    settings.ZICHT_BASE_URL = live_server.url
    admin = _member("anna.beheer", alkmaar_team, "admin")
    mail.outbox.clear()

    page = log_in(browser, live_server, admin)
    assert_accessible(page, "manage page")
    page.get_by_role("link", name="Medewerker uitnodigen").click()
    assert_accessible(page, "invitation form")
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("Nieuw")
    page.get_by_label("E-mailadres (werk)").fill("nina.nieuw@example.org")
    page.get_by_label("Rol").select_option("supporter")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("De uitnodiging is verstuurd").wait_for()
    assert "nina.nieuw@example.org" in page.get_by_role(
        "region", name="Openstaande uitnodigingen").inner_text()

    [message] = mail.outbox
    link = re.search(r"http://\S+/directory/invitation/\S+/", message.body).group(0)

    invitee = browser.new_context(viewport=PHONE).new_page()
    invitee.goto(link)
    invitee.get_by_role("heading", name="Welkom bij Zicht").wait_for()
    assert_accessible(invitee, "invitation page")
    invitee.get_by_label("Kies een wachtwoord").fill("kort")
    invitee.get_by_label("Hetzelfde wachtwoord nog eens").fill("kort")
    invitee.get_by_role("button", name="Wachtwoord opslaan").click()
    invitee.get_by_text("Het formulier is niet opgeslagen").wait_for()
    assert_accessible(invitee, "invitation page with an error")
    invitee.get_by_label("Kies een wachtwoord").fill(NEW_PASSWORD)
    invitee.get_by_label("Hetzelfde wachtwoord nog eens").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Wachtwoord opslaan").click()

    # The second factor before anything else: two_factor's own set-up wizard.
    invitee.wait_for_url("**/account/two_factor/setup/**")
    assert_accessible(invitee, "two-factor set-up, welcome")
    invitee.get_by_role("button", name="Volgende").click()
    secret = invitee.locator("a[href^='otpauth://']").inner_text().strip()
    assert_accessible(invitee, "two-factor set-up, QR code")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    invitee.get_by_label("Token").fill(f"{totp(key):06d}")
    invitee.get_by_role("button", name="Volgende").click()

    invitee.get_by_role("heading", level=1, name="Vandaag").wait_for()
    assert_accessible(invitee, "the first Vandaag")
    nina = User.objects.get(username="nina.nieuw@example.org")
    assert nina.totpdevice_set.filter(confirmed=True).count() == 1

    # The link worked once.
    other = browser.new_context().new_page()
    other.goto(link)
    other.get_by_role("heading", name="Deze uitnodiging is al gebruikt").wait_for()
    assert_accessible(other, "used link")

    # The admin sees the new supporter and the trail of it.
    page.goto(f"{live_server.url}/directory/manage/")
    assert "Nina Nieuw" in page.get_by_role("region", name="Medewerkers").inner_text()
    page.get_by_role("link", name="Logboek: uitnodigingen, rollen en toegang").click()
    assert_accessible(page, "staff trail")
    trail = page.get_by_role("table").inner_text()
    assert "Uitnodiging verstuurd" in trail and "Uitnodiging aangenomen" in trail
