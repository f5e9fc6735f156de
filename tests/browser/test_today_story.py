"""Issue 13 on a phone: the supporter starts the day on Vandaag, finds a household by
search and opens it; Veilig Thuis lands on its reports with their triage deadlines; the
school lands on "zorg melden". axe on every page; no page scrolls sideways."""

import os

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.conftest import _member, as_actor
from tests.factories import OrganisationFactory
from tests.sight_helpers import departed_household
from zicht.signals import reports, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("ZICHT_SCREENSHOTS")  # a directory: save what the story saw


def look(page, name):
    """No sideways scroll, axe clean, and a screenshot when asked for."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert_accessible(page, name)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png",
                        full_page=True)


def test_the_supporter_starts_on_vandaag_and_finds_a_household_by_search(
        browser, live_server, shelter_worker, supporter, colleague, alkmaar, alkmaar_team):
    kwargs = {"shelter_worker": shelter_worker, "alkmaar": alkmaar,
              "alkmaar_team": alkmaar_team}
    fatima = departed_household(supporter=supporter, days_ago=30, name="Fatima", **kwargs)
    departed_household(supporter=supporter, days_ago=2, name="Anna", **kwargs)
    departed_household(supporter=colleague, days_ago=20, name="Bram", **kwargs)
    from zicht.rhythm.services import sight_scan

    sight_scan()
    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    for viewport in (PHONE, DESKTOP):  # the same pages, then on a desktop screen
        phone.set_viewport_size(viewport)
        phone.goto(f"{live_server.url}/")
        first = phone.get_by_role("region", name="Mijn gezinnen").get_by_role("listitem").first
        assert "Contactmoment 23 dagen te laat" in first.inner_text()
        assert "Fatima Yilmaz" in first.inner_text()
        assert "Bram Yilmaz" in phone.get_by_role("region",
                                                  name="Gezinnen van het team").inner_text()
        look(phone, "vandaag")

        phone.get_by_label("Zoek een gezin", exact=False).fill("fatima")
        phone.get_by_role("button", name="Zoeken").click()
        phone.get_by_role("heading", name="1 gezin gevonden").wait_for()
        look(phone, "zoeken")
        phone.get_by_role("link", name="Fatima Yilmaz").click()
        phone.get_by_role("heading", name=fatima.reference, exact=False).first.wait_for()
        look(phone, "household-from-search")

        # By reference too, through the link in the menu.
        phone.get_by_role("link", name="Zoeken", exact=True).click()
        phone.get_by_label("Zoek een gezin", exact=False).fill(fatima.reference.lower())
        phone.get_by_role("button", name="Zoeken").click()
        phone.get_by_role("heading", name="1 gezin gevonden").wait_for()


def test_veilig_thuis_lands_on_its_reports_and_the_school_on_zorg_melden(
        browser, live_server, household, supporter, school, school_partner, region):
    veilig_thuis = OrganisationFactory(name="Veilig Thuis Noord-Holland Noord",
                                       kind="veilig_thuis", region=region)
    vt_worker = _member("victor.veiligthuis", veilig_thuis, "veilig_thuis")
    actor = as_actor(supporter)
    services.partner_connect(actor=actor, household=household, organisation=school,
                             label="moeder van Noor, groep 5")
    signal = services.signal_report(actor=as_actor(school_partner), household=household,
                                    urgency="acute", about="child",
                                    observed="Noor was erg bang.",
                                    observed_on=timezone.localdate())
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis,
                                  signal=signal)
    report = reports.report_send(actor=actor, report=report)
    deadline = timezone.localtime(reports.triage_deadline(report))

    vt = log_in(browser, live_server, vt_worker, viewport=PHONE)
    school_page = log_in(browser, live_server, school_partner, viewport=PHONE)
    for viewport in (PHONE, DESKTOP):
        vt.set_viewport_size(viewport)
        vt.goto(f"{live_server.url}/")
        item = vt.get_by_role("listitem").filter(has_text=household.reference)
        assert "acuut" in item.inner_text()
        assert f"Triage uiterlijk {deadline.day} " in item.inner_text()
        look(vt, "veilig-thuis")

        school_page.set_viewport_size(viewport)
        school_page.goto(f"{live_server.url}/")
        zorg_melden = school_page.get_by_role("link", name="Een zorg melden", exact=True)
        zorg_melden.wait_for()
        assert "moeder van Noor, groep 5" in school_page.content()
        assert "Fatima" not in school_page.content()
        look(school_page, "zorg-melden-home")
        zorg_melden.click()
        school_page.get_by_role("heading", name="Zorg melden").wait_for()
        look(school_page, "zorg-melden-form")
