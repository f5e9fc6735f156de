"""Correction with its trail, in a real browser: on a phone, the supporter corrects how a
child's name is spelled at the client's request, and finds the old and new value, the
reason and herself in the household's trail of corrections."""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_corrects_a_name_and_sees_the_trail(browser, live_server, household,
                                                         supporter):
    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    phone.goto(f"{live_server.url}/households/{household.uuid}/")
    phone.get_by_role("link", name="Noor Yilmaz").click()
    phone.get_by_role("heading", name="Gegevens corrigeren").wait_for()
    assert_accessible(phone, "correction form")

    phone.get_by_label("Voornaam").fill("Nour")
    phone.get_by_role("button", name="Correctie vastleggen").click()
    phone.get_by_text("Leg vast waarom dit gecorrigeerd wordt").first.wait_for()
    phone.get_by_label("Reden van de correctie").fill("Op verzoek van de cliënt")
    phone.get_by_role("button", name="Correctie vastleggen").click()

    phone.get_by_text("De correctie is vastgelegd").wait_for()
    row = phone.locator("#corrections tbody tr").first
    text = row.inner_text()
    for expected in ("Noor", "Nour", "Op verzoek van de cliënt", "Voornaam"):
        assert expected.lower() in text.lower(), expected
    assert_accessible(phone, "trail of corrections")
