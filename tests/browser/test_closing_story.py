"""Issue 12 through the real pages on a phone: a supporter who wants to close a
trajectory is first shown the open worry that would be left with nobody, follows the link
to it, and closes the trajectory once the worry is decided."""

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.browser.test_worry_follows_the_move import shoot
from tests.conftest import as_actor
from zicht.signals.closing import signal_close
from zicht.signals.models import About, Outcome, Urgency
from zicht.signals.services import signal_report
from zicht.trajectories.models import Phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_closes_a_trajectory_only_after_its_open_worry_is_decided(
        browser, live_server, household, supporter):
    signal = signal_report(actor=as_actor(supporter), household=household,
                           urgency=Urgency.NOT_ACUTE, about=About.CLIENT,
                           observed="De ex-partner stond bij het hek van de school.",
                           observed_on=timezone.localdate())
    page = log_in(browser, live_server, supporter, viewport=PHONE)
    close_url = f"{live_server.url}/households/{household.uuid}/close/"

    page.goto(close_url)
    page.get_by_role("heading", name="Eerst afronden").wait_for()
    assert_accessible(page, "close page with open work")
    shoot(page, "close-open-work")
    page.get_by_label("Reden van afsluiten").select_option("client_declines")
    page.get_by_role("button", name="Afsluiten").click()
    page.get_by_text("Rond dit eerst af of draag het over").first.wait_for()
    assert_accessible(page, "close refused")
    assert household.trajectories.get().phase == Phase.FOLLOW_UP

    page.get_by_role("link", name="1 open signaal").click()
    page.get_by_role("heading", name="Veiligheid").first.wait_for()
    assert_accessible(page, "safety page, reached from the close page")

    signal_close(actor=as_actor(supporter), signal=signal, outcome=Outcome.CLOSED_WITH_REASON,
                 reason="Besproken met de cliënt.")
    page.goto(close_url)
    assert "Eerst afronden" not in page.content()
    page.get_by_label("Reden van afsluiten").select_option("client_declines")
    page.get_by_role("button", name="Afsluiten").click()
    page.get_by_text("Het traject is afgesloten").wait_for()
    assert household.trajectories.get().phase == Phase.CLOSED
