"""Changing the address, in a real browser on a phone: the supporter records that the client
moved within the municipality (the password again, because the address is secret),
forgets the reason once, then finds the new address behind "toon adres"; a later move to another
municipality points to the warm handover instead of moving the household. axe-core on
every page."""

import pytest

from tests.browser.conftest import PASSWORD, PHONE, assert_accessible, log_in
from tests.conftest import SECRET_STREET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_address(page, street, postcode, city, municipality):
    page.get_by_label("Straat en huisnummer").fill(street)
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Plaats").fill(city)
    page.get_by_label("Gemeente").select_option(label=municipality)


def test_a_supporter_changes_the_address_on_a_phone(browser, live_server, household, supporter,
                                                    hoorn, settings):
    settings.ZICHT_REAUTH_MINUTES = 0  # the login no longer counts: the password again
    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    detail = f"{live_server.url}/households/{household.uuid}/"
    phone.goto(detail)
    phone.get_by_role("link", name="Adres wijzigen").click()
    phone.get_by_role("heading", name="Adres wijzigen").wait_for()
    assert household.reference in phone.title() and "Fatima" not in phone.title()
    assert SECRET_STREET not in phone.content()
    assert_accessible(phone, "address change form")

    # Without a reason: a clear error, nothing saved.
    fill_address(phone, "Verscholenpad 7", "1822xy", "Alkmaar", "Alkmaar")
    phone.get_by_label("Uw wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Nieuw adres vastleggen").click()
    phone.get_by_text("Leg kort vast waarom het adres verandert").first.wait_for()
    assert_accessible(phone, "address change form with an error")

    # The password was right: it is not asked again while it counts (as in production).
    assert phone.get_by_label("Uw wachtwoord").count() == 0
    settings.ZICHT_REAUTH_MINUTES = 5
    phone.get_by_label("Reden van de wijziging").fill("Verhuisd binnen de gemeente")
    phone.get_by_role("button", name="Nieuw adres vastleggen").click()
    phone.get_by_text("Het nieuwe adres is vastgelegd").wait_for()
    assert "Verscholenpad" not in phone.content()

    # "Toon adres" shows the new one.
    phone.get_by_role("button", name="Toon adres").click()
    address = phone.locator(".zicht-address__text")
    address.wait_for()
    assert "Verscholenpad 7" in address.inner_text()
    assert "1822 XY" in address.inner_text()

    # A move to Hoorn: the household is not moved, the page points to the warm handover.
    phone.goto(detail)
    phone.get_by_role("link", name="Adres wijzigen").click()
    fill_address(phone, "Kerkstraat 1", "1621 AA", "Hoorn", "Hoorn")
    phone.get_by_label("Reden van de wijziging").fill("Verhuisd naar Hoorn")
    phone.get_by_role("button", name="Nieuw adres vastleggen").click()
    phone.get_by_text("Het nieuwe adres is vastgelegd").wait_for()
    notice = phone.locator("#address-elsewhere")
    assert "warme overdracht" in notice.inner_text()
    assert_accessible(phone, "household page pointing to the warm handover")
    notice.get_by_role("link", name="Verhuizing overdragen").click()
    phone.get_by_role("heading", name="Verhuizing: warme overdracht").wait_for()

    # The history: when and why, never what.
    phone.goto(f"{detail}address/edit/")
    history = phone.locator("#address-changes").inner_text()
    assert "Verhuisd binnen de gemeente" in history and "Verhuisd naar Hoorn" in history
    assert "Verscholenpad" not in history and "Kerkstraat" not in history
    assert_accessible(phone, "address change form with its history")
