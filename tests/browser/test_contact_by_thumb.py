"""A contact moment recorded with a thumb, on a phone (issue 13).

An ordinary reached contact without notes takes at most 8 taps from the household page,
counted here: every tap on a tile, link or button, and every time the next target was
out of view (a swipe). Then a contact where the client does not feel safe, and the next
step that follows it to the meldcode.
"""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.conftest import as_actor
from tests.sight_helpers import departed_household
from zicht.contacts.services import contact_record
from zicht.rhythm.models import ContactPlanChange
from zicht.signals.models import Signal, Urgency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
TAP = 44  # px, WCAG 2.5.5's target size
SHOTS = os.environ.get("ZICHT_SHOTS")  # a directory: save screenshots there to look at


class Thumb:
    """Taps like a thumb and counts: taps, and swipes when the target was out of view."""

    def __init__(self, page):
        self.page, self.taps, self.swipes = page, 0, 0

    def tap(self, locator, *, target_size=True):
        locator.wait_for()
        in_view = locator.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }")
        if not in_view:
            self.swipes += 1
            locator.scroll_into_view_if_needed()
        if target_size:
            box = locator.bounding_box()
            assert box["width"] >= TAP and box["height"] >= TAP, (locator, box)
        locator.click()
        self.taps += 1

    def tile(self, question, answer):
        group = self.page.get_by_role("group", name=question)
        self.tap(group.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(answer)}")))


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def followed_household(shelter_worker, supporter, alkmaar, alkmaar_team):
    """Four months after departure (contact every 14 days), reached by phone last time."""
    household = departed_household(shelter_worker=shelter_worker, supporter=supporter,
                                   alkmaar=alkmaar, alkmaar_team=alkmaar_team, days_ago=100,
                                   aftercare_days=30)
    contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                   kind="follow_up", held_on=timezone.localdate(), channel="phone",
                   reached=True, no_particulars=True)
    return household


def test_an_ordinary_contact_takes_at_most_8_taps_on_a_phone(browser, live_server, supporter,
                                                             followed_household):
    page = log_in(browser, live_server, supporter, viewport=PHONE)
    page.goto(f"{live_server.url}/households/{followed_household.uuid}/")
    thumb = Thumb(page)

    thumb.tap(page.get_by_role("link", name="Contactmoment vastleggen"))
    page.get_by_role("heading", name="Contactmoment").wait_for()
    assert_accessible(page, "contact form on a phone")
    no_sideways_scroll(page)
    shoot(page, "contact-form-phone")
    # Today and the last channel are chosen already; nothing is drawn as an error.
    assert page.locator("input[name=channel][value=phone]").is_checked()
    assert page.locator(".utrecht-form-field-error-message").count() == 0

    thumb.tap(page.locator("label[for=id_no_particulars]"))  # "Geen bijzonderheden"
    # One tap answered all five questions and "bereikt"; each stays editable.
    assert page.locator("input[name=reached][value=yes]").is_checked()
    assert page.locator("input[name=feels_safe][value=yes]").is_checked()
    assert page.locator("input[name=needs_extra_support][value=no]").is_checked()
    shoot(page, "contact-form-phone-answered")
    thumb.tap(page.get_by_role("button", name="Contactmoment opslaan"))
    page.get_by_text("Het contactmoment is vastgelegd").wait_for()
    assert_accessible(page, "household page after the contact")

    contact = followed_household.trajectories.get().contacts.first()
    assert (contact.channel, contact.reached, contact.feels_safe) == ("phone", True, "yes")
    print(f"ordinary contact: {thumb.taps} taps, {thumb.swipes} swipes")
    assert thumb.taps <= 8
    assert thumb.swipes <= 2


def test_a_not_safe_contact_leads_to_the_next_step_and_the_meldcode(
        browser, live_server, supporter, followed_household):
    page = log_in(browser, live_server, supporter, viewport=PHONE)
    page.goto(f"{live_server.url}/households/{followed_household.uuid}/")
    thumb = Thumb(page)
    thumb.tap(page.get_by_role("link", name="Contactmoment vastleggen"))
    thumb.tile("Cliënt bereikt?", "Bereikt")
    thumb.tile("Voelt de cliënt zich veilig?", "Nee")
    thumb.tap(page.get_by_role("button", name="Contactmoment opslaan"))

    # Right after saving: the next step, decided by the supporter.
    page.get_by_role("heading", name="De cliënt voelt zich niet veilig").wait_for()
    assert_accessible(page, "next step after niet veilig, on a phone")
    no_sideways_scroll(page)
    shoot(page, "next-step-phone")
    assert page.locator("input[name=within_days][value='7']").is_checked()
    thumb.tile("Is het acuut?", "Ja, acuut")
    thumb.tap(page.get_by_label("Wat heeft u gezien of gehoord?"))
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Hij belde vijf keer; zij fluisterde.")
    thumb.tap(page.get_by_role("button", name="Volgende stap vastleggen"))
    page.get_by_text("De volgende stap is vastgelegd").wait_for()
    assert_accessible(page, "next step chosen")
    shoot(page, "next-step-done-phone")
    print(f"niet veilig with its next step: {thumb.taps} taps, {thumb.swipes} swipes")

    signal = Signal.objects.get(household=followed_household)
    assert signal.urgency == Urgency.ACUTE
    assert timezone.localtime(signal.due_at).date() == timezone.localdate()
    assert "zij fluisterde" in signal.observed
    assert "niet veilig" in ContactPlanChange.objects.get().reason

    # And on to the meldcode of the signal.
    page.get_by_role("link", name="Meldcode van dit signaal").click()
    page.get_by_role("heading", name="Meldcode").wait_for()
    assert "zij fluisterde" in page.content()
    assert_accessible(page, "the signal's meldcode")


def test_the_form_and_the_next_step_at_desktop_width(browser, live_server, supporter,
                                                     followed_household):
    page = log_in(browser, live_server, supporter, viewport=DESKTOP)
    page.goto(f"{live_server.url}/households/{followed_household.uuid}/contacts/new/")
    page.get_by_text("Datum, met wie en notities").click()  # unfolds, not hidden
    page.get_by_label("Notities").wait_for()
    assert_accessible(page, "contact form at desktop width")
    no_sideways_scroll(page)
    shoot(page, "contact-form-desktop")
    Thumb(page).tile("Cliënt bereikt?", "Bereikt")
    Thumb(page).tile("Voelt de cliënt zich veilig?", "Nee")
    page.get_by_role("button", name="Contactmoment opslaan").click()
    page.get_by_role("heading", name="De cliënt voelt zich niet veilig").wait_for()
    assert_accessible(page, "next step at desktop width")
    no_sideways_scroll(page)
    shoot(page, "next-step-desktop")
