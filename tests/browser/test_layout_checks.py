"""The layout checks that ``assert_accessible`` runs on every page of the stories (issue 13)
catch what they are for: a page that scrolls sideways on a phone, a checkbox list drawn on
top of the next field, an ISO date. And a plain page passes them."""

import pytest

from tests.browser.conftest import PHONE, assert_layout

FIELDS = """<label for="a">Welke gegevens</label><input id="a" type="checkbox">
<label for="b">Telefoon</label><input id="b">"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_a_plain_page_passes(page):
    page.set_content(f"<!DOCTYPE html><main><p>3 december 2026</p><form>{FIELDS}</form></main>")
    assert_layout(page)


def test_a_page_wider_than_the_phone_fails(page):
    page.set_content('<!DOCTYPE html><main><table><tr><td><div style="width: 600px">'
                     "Reageren voor</div></td></tr></table></main>")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_layout(page)


def test_controls_drawn_over_each_other_fail(page):
    page.set_content('<!DOCTYPE html><main><form><div style="height: 0">'
                     '<input id="a" type="checkbox" style="width: 200px; height: 40px">'
                     '</div><input id="b" style="width: 200px; height: 40px"></form></main>')
    with pytest.raises(AssertionError, match="overlap"):
        assert_layout(page)


def test_an_iso_date_on_screen_fails(page):
    page.set_content("<!DOCTYPE html><main><p>Volgende evaluatie: 2026-12-03</p></main>")
    with pytest.raises(AssertionError, match="ISO date"):
        assert_layout(page)
