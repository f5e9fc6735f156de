"""A stagnation escalated to the municipality through the real pages: the coordinator
chooses what is stuck and what was tried and writes for the municipality; its contact with
doorzettingsmacht reads that, never the coordinator's own words; other policy staff see
counts (issue 18, point 11). axe-core and the layout check on every page."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, log_in
from tests.conftest import as_actor
from zicht.stagnations.services import stagnation_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ZICHT_SCREENSHOTS")  # a directory: keep screenshots to look at


def shoot(page, name: str) -> None:
    if SHOTS:
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.screenshot(path=f"{SHOTS}/{name}-{viewport['width']}.png", full_page=True)


def test_the_holder_breaks_the_stagnation_and_policy_staff_count_it(
        browser, live_server, household, supporter, doorzetter, policy):
    stagnation = stagnation_record(actor=as_actor(supporter), household=household,
                                   domain="debts", what="Wachtlijst schuldhulp, mevrouw Yilmaz",
                                   since=timezone.localdate() - timedelta(days=30),
                                   must_act="Schuldhulp Alkmaar, dhr. De Boer")
    detail = f"{live_server.url}/stagnations/{stagnation.uuid}/"

    carer = log_in(browser, live_server, supporter)
    carer.goto(detail)
    carer.get_by_label("Wat zit vast?").select_option("debt_help")
    carer.get_by_label("Contact opgenomen met de aanbieder of instantie").check()
    carer.get_by_label("Urgentie of voorrang aangevraagd").check()
    carer.get_by_label("Voor de gemeente: wat zit vast en wat is al geprobeerd?").fill(
        "Schuldhulp neemt geen nieuwe aanmeldingen aan; twee keer gebeld.")
    shoot(carer, "escalate-form")
    carer.get_by_role("button", name="Opschalen naar de gemeente").click()
    carer.get_by_text("De stagnatie is bijgewerkt").wait_for()
    assert_accessible(carer, "stagnation after escalation, for the carer")

    holder = log_in(browser, live_server, doorzetter)
    holder.goto(f"{live_server.url}/stagnations/")
    assert_accessible(holder, "municipality overview, holder")
    shoot(holder, "overview-holder")
    holder.get_by_role("link", name=f"{household.reference}: Schulden").click()
    holder.get_by_text("Schuldhulp neemt geen nieuwe aanmeldingen aan").wait_for()
    assert_accessible(holder, "stagnation, holder")
    shoot(holder, "detail-holder")
    text = holder.locator("main").inner_text()
    assert "Urgentie of voorrang aangevraagd" in text
    assert "Yilmaz" not in text and "De Boer" not in text

    staff = log_in(browser, live_server, policy)
    staff.goto(f"{live_server.url}/stagnations/")
    assert_accessible(staff, "municipality overview, policy staff")
    shoot(staff, "overview-policy")
    text = staff.locator("main").inner_text()
    assert "Schulden" in text and household.reference not in text
