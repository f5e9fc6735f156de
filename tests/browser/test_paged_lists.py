"""Issue 14 on a phone: a long caseload and a long Vandaag page with "Volgende" and
"Vorige", big enough for a thumb; axe on every page; no page scrolls sideways."""

import os

import pytest

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.sight_helpers import departed_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("ZICHT_SCREENSHOTS")  # a directory: save what the story saw


def look(page, name):
    assert_accessible(page, name)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png",
                        full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_long_lists_page_with_big_buttons(browser, live_server, shelter_worker, supporter,
                                          colleague, alkmaar, alkmaar_team, viewport):
    kwargs = {"shelter_worker": shelter_worker, "alkmaar": alkmaar,
              "alkmaar_team": alkmaar_team}
    for i in range(27):
        departed_household(supporter=colleague, days_ago=3 + i, name=f"Anna{i}", **kwargs)
    from zicht.rhythm.services import sight_scan

    sight_scan()
    page = log_in(browser, live_server, supporter, viewport=viewport)
    look(page, "vandaag-page-1")
    team = page.get_by_role("navigation", name="Pagina’s van de gezinnen van het team")
    assert "Pagina 1 van 2" in team.inner_text()
    next_link = team.get_by_role("link", name="Volgende pagina")
    box = next_link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    next_link.click()
    page.wait_for_url("**page=2**")
    look(page, "vandaag-page-2")
    assert "Pagina 2 van 2" in page.get_by_role(
        "navigation", name="Pagina’s van de gezinnen van het team").inner_text()
    page.context.close()

    shelter = log_in(browser, live_server, shelter_worker, viewport=viewport)
    look(shelter, "caseload-page-1")
    nav = shelter.get_by_role("navigation", name="Pagina’s van de huishoudens na vertrek")
    nav.get_by_role("link", name="Volgende pagina").click()
    shelter.wait_for_url("**page=2**")
    look(shelter, "caseload-page-2")
    shelter.get_by_role("navigation", name="Pagina’s van de huishoudens na vertrek").get_by_role(
        "link", name="Vorige pagina").click()
    shelter.wait_for_url("**page=1**")
    shelter.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_year_of_contacts_is_a_page_of_its_own(browser, live_server, shelter_worker,
                                                 supporter, alkmaar, alkmaar_team, viewport):
    from datetime import timedelta

    from django.utils import timezone

    from tests.conftest import as_actor
    from zicht.contacts.services import contact_record

    household = departed_household(supporter=supporter, days_ago=200, name="Fatima",
                                   shelter_worker=shelter_worker, alkmaar=alkmaar,
                                   alkmaar_team=alkmaar_team)
    trajectory = household.trajectories.get()
    for week in range(27):
        contact_record(actor=as_actor(supporter), trajectory=trajectory, kind="follow_up",
                       held_on=timezone.localdate() - timedelta(days=7 * week),
                       channel="phone", reached=True, no_particulars=True,
                       notes=f"Belronde week {27 - week}.")
    page = log_in(browser, live_server, supporter, viewport=viewport)
    page.goto(f"{live_server.url}/households/{household.uuid}/")
    look(page, "household-latest-contacts")
    assert page.locator(".zicht-timeline > li").count() == 5
    page.get_by_role("link", name="Alle 27 contactmomenten").click()
    page.wait_for_url("**/contacts/")
    look(page, "contacts-page-1")
    nav = page.get_by_role("navigation", name="Pagina’s van de contactmomenten")
    assert "Pagina 1 van 2" in nav.inner_text()
    nav.get_by_role("link", name="Volgende pagina").click()
    page.wait_for_url("**page=2**")
    look(page, "contacts-page-2")
    assert "Belronde week 1." in page.content()
    page.context.close()
