"""Omar signs in with a passkey alone: "Tweestapsverificatie" says his passkey is his
second factor. Then his last membership ends while he is signed in: the next page is the
login, which says why."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_passwordless_story import shot
from tests.test_passkeys import passkey
from zicht.directory.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_passkey_is_his_second_factor_and_an_ended_membership_signs_him_out(
        browser, live_server, supporter):
    page = log_in(browser, live_server, supporter)
    passkey(supporter, "Laptop van het werk")
    TOTPDevice.objects.filter(user=supporter).delete()  # the passkey is all he has now
    page.goto(f"{live_server.url}/account/two_factor/")
    page.get_by_text("Tweestapsverificatie staat aan voor uw account.").wait_for()
    assert page.get_by_text("Laptop van het werk").is_visible()
    assert_accessible(page, "two-factor page with a passkey")
    shot(page, "two-factor-passkey")

    Membership.objects.filter(user=supporter).update(active=False)
    page.goto(f"{live_server.url}/")
    page.get_by_role("alert").filter(
        has_text="U bent niet (meer) actief bij een organisatie in Zicht.").wait_for()
    assert page.get_by_label("Gebruikersnaam").is_visible()
    assert_accessible(page, "login after the membership ended")
    shot(page, "signed-out-no-membership")
