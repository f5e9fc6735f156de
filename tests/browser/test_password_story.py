"""A supporter changes her password on her phone: from her name in the header, a weak
password first (a clear message), then a strong one (issue 15, point 3)."""

from tests.browser.conftest import PHONE, assert_accessible, log_in


def test_a_supporter_changes_her_password_on_her_phone(browser, live_server, supporter):
    page = log_in(browser, live_server, supporter, viewport=PHONE)
    page.get_by_role("link", name=supporter.get_full_name()).first.click()
    page.get_by_role("heading", level=1, name="Uw account").wait_for()
    assert_accessible(page, "account")
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    assert_accessible(page, "password change")

    page.get_by_label("Oud wachtwoord").fill("correct horse battery")
    page.locator("#id_new_password1").fill("Welkom123456")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Welkom123456")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.locator("[aria-invalid=true]").first.wait_for()
    assert_accessible(page, "weak password refused")

    page.get_by_label("Oud wachtwoord").fill("correct horse battery")
    page.locator("#id_new_password1").fill("Fiets-Boom-Wolk-Zeven")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Fiets-Boom-Wolk-Zeven")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.get_by_text("Uw wachtwoord is gewijzigd.").wait_for()
    supporter.refresh_from_db()
    assert supporter.check_password("Fiets-Boom-Wolk-Zeven")
