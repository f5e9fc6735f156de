"""The client's view of who saw what, in a real browser: a school the client agreed to share
with looks at the household, the supporter sees that access in the overview at once, the
client withdraws consent, and the school's next look finds nothing."""

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.conftest import as_actor
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_overview_shows_an_access_that_just_happened(browser, live_server, household,
                                                          supporter, school_partner, school):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school,
                   categories=["persons", "signals"])
    detail = f"{live_server.url}/households/{household.uuid}/"

    # The school looks: it sees the family, not the address.
    school_page = log_in(browser, live_server, school_partner)
    school_page.goto(detail)
    school_page.get_by_role("heading", name="Gezin").wait_for()
    assert school_page.get_by_role("button", name="Toon adres").count() == 0

    # The supporter, on a phone, opens the client's overview and sees that look.
    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    phone.goto(detail)
    phone.get_by_role("link", name="Wie zag wat (overzicht voor de cliënt)").click()
    phone.get_by_role("heading", name="Wie zag wat").wait_for()
    row = phone.locator("#disclosures tbody tr", has_text="OBS De Regenboog").first
    assert "met uw toestemming" in row.inner_text()
    assert school_partner.get_full_name() in row.inner_text()
    assert_accessible(phone, "who saw what")

    # The client withdraws consent: the school's next look finds nothing.
    phone.goto(detail)
    phone.get_by_role("listitem").filter(has_text="Delen met een ketenpartner").get_by_role(
        "button", name="Intrekken").click()
    phone.get_by_text("De toestemming is ingetrokken").wait_for()
    response = school_page.goto(detail)
    assert response.status == 404

    # The supporter's own security pages.
    phone.goto(f"{live_server.url}/security/sessions/")
    phone.get_by_text("deze sessie").wait_for()
    assert_accessible(phone, "own sessions")
    phone.goto(f"{live_server.url}/households/{household.uuid}/sharing/")
    assert_accessible(phone, "sharing without consent")
    phone.goto(f"{live_server.url}/emergency-access/")
    assert_accessible(phone, "break the glass")
