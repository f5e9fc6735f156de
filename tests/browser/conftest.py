"""Real browser tests: Playwright driving Debian's Chromium against Django's live server.

Without /usr/bin/chromium the tests are skipped with a clear message, except in CI
(CI=true), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test
# itself are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ZICHT_CHROMIUM", "/usr/bin/chromium")
AXE = (Path(__file__).parent.parent / "assets" / "axe.min.js").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery"  # the personas' password (tests/factories.py)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests are required in CI")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


# Issue 13: checks that catch the next defect of a kind seen on a phone. Run on every page
# the stories visit (through ``assert_accessible``), at the viewport of the story.
LAYOUT = r"""() => {
  const problems = [];
  // A click may still be navigating: check whatever document is there, never crash on it.
  const root = document.scrollingElement || document.documentElement;
  if (!root || !document.body) return problems;
  if (root.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('main *, header *')]
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
    problems.push(`scrolls sideways: ${root.scrollWidth} > ${window.innerWidth} (${wide})`);
  }
  const shown = e => {
    // A closed <details> keeps its content laid out but not shown (content-visibility).
    if (e.checkVisibility && !e.checkVisibility({visibilityProperty: true})) return false;
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    return r.width > 2 && r.height > 2 && style.visibility !== 'hidden'
      && style.display !== 'none' && style.clip !== 'rect(0px, 0px, 0px, 0px)';
  };
  const boxes = [...document.querySelectorAll(
      'input:not([type=hidden]), select, textarea, button, label')]
    .filter(shown).map(e => [e, e.getBoundingClientRect()]);
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.htmlFor ? '[for=' + e.htmlFor + ']' : '')
    + ' "' + (e.innerText || e.value || '').slice(0, 30) + '"';
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;  // a label around its control
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 2 && h > 2) problems.push(`overlap: ${name(a)} and ${name(b)}`);
    }
  }
  const iso = document.body.innerText.match(/\b\d{4}-\d{2}-\d{2}\b/);
  if (iso) problems.push(`an ISO date on screen: ${iso[0]} (use the |date filter)`);
  // A template's own syntax on screen: a {# comment #} over two lines, a broken tag.
  const syntax = document.body.innerText.match(/\{[#%{][^]{0,40}/);
  if (syntax) problems.push(`template syntax on screen: ${syntax[0]}`);
  return problems;
}"""


def assert_layout(page, context: str = "") -> None:
    """No sideways scrolling, no two visible controls or labels on top of each other, no
    ISO date or template syntax on screen: on the page as it is now, at phone and at
    desktop width."""
    size = page.viewport_size
    page.wait_for_load_state()
    try:
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            problems = page.evaluate(LAYOUT)
            assert not problems, (f"layout at {viewport['width']} px on "
                                  f"{context or page.url}: {problems[:5]}")
    finally:
        if size:
            page.set_viewport_size(size)


def assert_accessible(page, context: str = "") -> None:
    """axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations; and
    the layout checks of ``assert_layout``."""
    assert_layout(page, context)
    page.evaluate(AXE)
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"accessibility violations on {context or page.url}: {serious}"



SHOTS = os.environ.get("ZICHT_SCREENSHOTS")  # a directory: save what the story saw


def look(page, name: str) -> None:
    """axe and the layout checks on the page as it is now; with ZICHT_SCREENSHOTS set, a
    full-page screenshot at phone and at desktop width, so a person can look at it too."""
    assert_accessible(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.screenshot(path=f"{SHOTS}/{name}-{viewport['width']}.png", full_page=True)
        page.set_viewport_size(PHONE)


# Where each role lands after login (issue 13, "a home per role"): the heading of its page.
HOME_HEADINGS = {"supporter": "Vandaag", "team_lead": "Vandaag",
                 "shelter_worker": "Aanmeldingen en vertrek", "partner": "Zorg melden",
                 "veilig_thuis": "Meldingen", "policy": "Evaluatie van de nazorg",
                 "admin": "Sociale kaart", "regional_admin": "Organisaties in de regio"}


def log_in(browser, live_server, user, **context_args):
    """A new browser context, logged in through the real login pages with two-factor, on
    the start page of the user's role."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert_accessible(page, "login")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Token").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Volgende").click()
    membership = user.memberships.filter(active=True).order_by("id").first()
    heading = HOME_HEADINGS.get(membership.role if membership else "", "Vandaag")
    page.get_by_role("heading", level=1, name=heading).first.wait_for()
    return page


@pytest.fixture(autouse=True)
def _contexts_closed(browser):
    """Every page a story opened is closed when it ends. An open page keeps its HTTP
    connection to the live server alive, and with it the server thread and that thread's
    database connection: on PostgreSQL a few a story, until none are left."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture(autouse=True)
def _default_data(transactional_db):
    """A transactional test (every browser test) empties the tables when it ends, the
    migrations' default data too: the next one puts it back."""
    from zicht.demo.personas import restore_default_data

    restore_default_data()


def choose(page, question: str, answer: str) -> None:
    """Tap one answer tile (issue 13: answers are radio buttons drawn as large tiles)."""
    import re

    page.get_by_role("group", name=question).locator("label").filter(
        has_text=re.compile(rf"^\s*{re.escape(answer)}\s*$")).click()
