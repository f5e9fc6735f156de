"""The main menu on a phone: every item on screen, none off to the side (it used to be one
row that scrolled, with half the menu out of sight), each reachable with the keyboard, in
the order they are drawn. Checked for three roles with menus of their own. And a select
shows that it opens (WCAG 1.4.11)."""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENU = """() => {
  const nav = document.querySelector('nav[aria-label="Hoofdmenu"]');
  const links = [...nav.querySelectorAll('a')];
  return {scrolls: nav.scrollWidth > nav.clientWidth + 1,
          off: links.filter(a => {
                 const r = a.getBoundingClientRect();
                 return r.left < 0 || r.right > window.innerWidth || r.height < 24;
               }).map(a => a.innerText),
          names: links.map(a => a.innerText.trim())};
}"""


@pytest.mark.parametrize("persona", ["supporter", "team_lead", "policy"])
def test_the_whole_menu_is_on_a_phone_screen_and_keyboard_reachable(
        request, browser, live_server, persona):
    page = log_in(browser, live_server, request.getfixturevalue(persona), viewport=PHONE)
    menu = page.evaluate(MENU)
    assert not menu["scrolls"] and not menu["off"], menu
    assert len(menu["names"]) >= 4, menu["names"]
    assert_accessible(page, f"start page of the {persona} on a phone")

    # Tab from the brand: the menu's links come next, in the order shown.
    page.get_by_role("link", name="Zicht", exact=True).focus()
    reached = []
    for _ in menu["names"]:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.innerText.trim()"))
    assert reached == menu["names"]


def test_a_select_shows_an_arrow(browser, live_server, policy):
    page = log_in(browser, live_server, policy, viewport=PHONE)  # the dashboard: "Gebied"
    select = page.get_by_label("Gebied", exact=True)
    image = select.evaluate("s => getComputedStyle(s).backgroundImage")
    assert image.startswith("url(") and "svg" in image
    # The arrow has room of its own: the chosen option's text does not run under it.
    assert select.evaluate("s => parseFloat(getComputedStyle(s).paddingRight)") >= 32
