"""Keeping households in sight, as the supporter lives it: a household whose contact is
overdue rises to the top of the caseload, with what to do; recording the contact puts it
back in sight. The periodic scan runs through the real task worker."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_accessible, choose, log_in
from tests.conftest import as_actor
from tests.sight_helpers import departed_household
from zicht.contacts.services import contact_record
from zicht.rhythm.worker import enqueue_due, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rows(page) -> list[str]:
    region = page.get_by_role("region", name="Na vertrek (2)")
    return [r.inner_text() for r in region.locator("tbody tr").all()]


def test_an_overdue_household_rises_to_the_top_of_the_caseload(
        browser, live_server, time_machine, shelter_worker, supporter, alkmaar, alkmaar_team):
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    time_machine.move_to(start, tick=True)
    kwargs = {"shelter_worker": shelter_worker, "supporter": supporter, "alkmaar": alkmaar,
              "alkmaar_team": alkmaar_team, "days_ago": 2}
    anna = departed_household(name="Anna", **kwargs)
    departed_household(name="Zoë", **kwargs)
    # Anna was reached today and does not feel safe: attention. Zoë is in sight.
    contact_record(actor=as_actor(supporter), trajectory=anna.trajectories.get(),
                   kind="follow_up", held_on=timezone.localdate(), channel="phone",
                   reached=True, answers={"feels_safe": "no"})

    page = log_in(browser, live_server, supporter)
    assert_accessible(page, "caseload with statuses")
    first, second = rows(page)
    assert "Anna Yilmaz" in first and "Aandacht" in first
    assert "Zoë Yilmaz" in second and "In zicht" in second

    # Thirteen days later nobody reached Zoë: the periodic scan, run by the worker, notices.
    time_machine.move_to(start + timedelta(days=13), tick=True)
    assert "sight_scan_task" in enqueue_due()
    make_worker(interval=0, batch=True).run()

    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    first, second = rows(phone)
    assert "Zoë Yilmaz" in first and "Uit zicht" in first
    assert "Contactmoment verlopen" in first
    assert "Anna Yilmaz" in second
    assert_accessible(phone, "caseload with an overdue household on a phone")
    # On a phone each row is a card: its lines (the reasons under the status included)
    # stand one under the other, none running over the next.
    for cell in phone.locator("tbody tr").first.locator("th, td").all():
        assert cell.evaluate("c => c.scrollHeight <= c.clientHeight + 1"), cell.inner_text()

    # The inbox says so too, by reference only.
    phone.get_by_role("link", name="Berichten").click()
    phone.get_by_text("Huishouden is uit zicht").wait_for()
    assert "Zoë" not in phone.content()
    assert_accessible(phone, "inbox")
    phone.get_by_role("link", name="Contactmomenten in uw agenda").click()
    phone.get_by_role("button", name="Link maken").click()
    phone.get_by_text("Uw nieuwe link").wait_for()
    assert_accessible(phone, "calendar link page")

    # The reason links to what to do: record the contact moment.
    phone.get_by_role("link", name="Werkvoorraad").click()
    phone.get_by_role("region", name="Na vertrek (2)").locator("tbody tr").first \
        .get_by_role("link", name="Contactmoment vastleggen").first.click()
    choose(phone, "Kanaal", "Telefonisch")
    choose(phone, "Cliënt bereikt?", "Bereikt")
    choose(phone, "Voelt de cliënt zich veilig?", "Ja")
    phone.get_by_role("button", name="Contactmoment opslaan").click()
    phone.get_by_text("Het contactmoment is vastgelegd").wait_for()

    # The contact plan page of the household: status and planned contacts.
    phone.get_by_role("link", name="Status, geplande contactmomenten en einde traject").click()
    phone.get_by_role("heading", name="Geplande contactmomenten").wait_for()
    assert_accessible(phone, "contact plan page")

    phone.get_by_role("link", name="Werkvoorraad").click()
    first, second = rows(phone)
    assert "Anna Yilmaz" in first
    assert "Zoë Yilmaz" in second and "In zicht" in second
