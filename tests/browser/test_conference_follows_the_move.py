"""Issue 12, "nothing falls between two chairs", for a planned case conference: Omar
convened the shelter and the school; the household moves to Hoorn. Olaf, who carries it
now, finds the conference in Berichten and on its page is invited; Sanne, whose aftercare
ended with the move, is told her invitation was withdrawn (without the household); Omar
gets 404 on the page he made. axe-core on every page, screenshots at 390 and 1280 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, log_in, look
from tests.conftest import as_actor
from tests.test_moves import _request
from zicht.conferences.services import conference_plan
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.moves.services import move_accept

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_the_move_the_conference_is_with_the_new_supporter(
        browser, live_server, household, supporter, shelter, shelter_worker, school,
        school_partner, outsider, hoorn_team):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["plan"])
    conference = conference_plan(
        actor=as_actor(supporter), household=household,
        planned_at=timezone.now() + timedelta(days=5), agenda="1. Veiligheid rond de school",
        participants=[shelter, school])
    move_accept(actor=as_actor(outsider), move=_request(household, supporter, hoorn_team,
                                                        outsider))
    path = f"/households/{household.uuid}/conferences/{conference.uuid}/"

    page = log_in(browser, live_server, outsider, viewport=PHONE)
    page.get_by_role("link", name="Berichten", exact=False).first.click()
    item = page.locator(".zicht-inbox__item").filter(has_text="Uitnodiging voor een casusoverleg")
    item.get_by_role("button", name="Bekijken").click()
    page.get_by_role("heading", level=1, name="Casusoverleg").wait_for()
    assert "U bent uitgenodigd" in page.content()
    who = page.get_by_role("region", name="Wie").inner_text()
    assert "Wijkteam Hoorn" in who and "OBS De Regenboog" in who
    assert "Opvang De Linde" not in who and shelter_worker.get_full_name() not in who
    assert f"Regisseur nu\n{outsider.get_full_name()}, Wijkteam Hoorn" in who
    history = page.get_by_role("region", name="Verloop").inner_text()
    assert f"Uitnodiging ingetrokken: {shelter_worker.get_full_name()}" in history
    look(page, "conference-after-move")
    page.context.close()

    # Sanne: told, by kind only; the household is not named and there is nothing to open.
    sanne = log_in(browser, live_server, shelter_worker, viewport=PHONE)
    sanne.get_by_role("link", name="Berichten", exact=False).first.click()
    told = sanne.locator(".zicht-inbox__item").filter(
        has_text="Uitnodiging voor een casusoverleg ingetrokken")
    told.wait_for()
    assert household.reference not in told.inner_text()
    look(sanne, "conference-withdrawn-inbox")
    sanne.context.close()

    omar = log_in(browser, live_server, supporter, viewport=PHONE)
    assert omar.goto(f"{live_server.url}{path}").status == 404
    omar.context.close()
