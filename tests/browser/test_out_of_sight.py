"""Keeping households in sight, as the supporter lives it: a household whose contact is
overdue rises to the top of Vandaag, with what to do; recording the contact puts it back
in sight. The periodic scan runs through the real task worker."""

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
    """The lines of "Mijn gezinnen" on Vandaag, one per thing to do."""
    region = page.get_by_role("region", name="Mijn gezinnen")
    return [r.inner_text() for r in region.get_by_role("listitem").all()]


def test_an_overdue_household_rises_to_the_top_of_vandaag(
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
    assert_accessible(page, "Vandaag with statuses")
    lines = rows(page)
    # Not feeling safe made a signal to weigh, and is a reason for attention of its own.
    assert "Anna Yilmaz" in lines[0] and "Aandacht" in lines[0]
    assert "Signaal: uiterlijk" in lines[0]
    assert "Cliënt voelt zich niet veilig" in lines[1]
    assert "Zoë Yilmaz" in lines[2] and "Contactmoment uiterlijk" in lines[2]

    # Thirteen days later nobody reached Zoë: the periodic scan, run by the worker, notices.
    time_machine.move_to(start + timedelta(days=13), tick=True)
    assert "sight_scan_task" in enqueue_due()
    make_worker(interval=0, batch=True).run()

    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    first, second, *_ = rows(phone)
    assert "Zoë Yilmaz" in first and "Uit zicht" in first
    assert "Contactmoment 8 dagen te laat" in first
    assert "Anna Yilmaz" in second and "Contactmoment 6 dagen te laat" in second
    assert_accessible(phone, "Vandaag with an overdue household on a phone")
    # On a phone each line is a card: nothing runs over the next.
    for item in phone.get_by_role("region", name="Mijn gezinnen").get_by_role("listitem").all():
        assert item.evaluate("c => c.scrollHeight <= c.clientHeight + 1"), item.inner_text()

    # The inbox says so too, by reference only.
    phone.get_by_role("link", name="Berichten").click()
    phone.get_by_text("Huishouden is uit zicht").wait_for()
    assert "Zoë" not in phone.content()
    assert_accessible(phone, "inbox")
    phone.get_by_role("link", name="Uw agenda koppelen").click()
    phone.get_by_role("button", name="Link maken").click()
    phone.get_by_text("Uw nieuwe link").wait_for()
    assert_accessible(phone, "calendar link page")

    # The reason links to what to do: record the contact moment.
    phone.get_by_role("link", name="Vandaag").click()
    phone.get_by_role("link", name="Contactmoment 8 dagen te laat").click()
    choose(phone, "Kanaal", "Telefonisch")
    choose(phone, "Cliënt bereikt?", "Bereikt")
    choose(phone, "Voelt de cliënt zich veilig?", "Ja")
    phone.get_by_role("button", name="Contactmoment opslaan").click()
    phone.get_by_text("Het contactmoment is vastgelegd").wait_for()

    # The contact plan page of the household: status and planned contacts.
    phone.get_by_role("link", name="Status, geplande contactmomenten en einde traject").click()
    phone.get_by_role("heading", name="Geplande contactmomenten").wait_for()
    assert_accessible(phone, "contact plan page")

    phone.get_by_role("link", name="Vandaag").click()
    lines = rows(phone)
    assert "Anna Yilmaz" in lines[0]
    assert not any("Zoë Yilmaz" in line and ("te laat" in line or "Uit zicht" in line)
                   for line in lines)
