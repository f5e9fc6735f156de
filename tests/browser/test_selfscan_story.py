"""Issue 16, point 4, in a real browser at phone width: the Alkmaar policy officer fills in
the self-scan with the municipality's partners, completes it, and sees the result per
theme beside the region's (four other municipalities completed theirs; Den Helder shared).
axe and the layout checks on every page, at phone and desktop width."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, choose, log_in, look
from tests.network.conftest import complete_scan, more_policy_officers
from zicht.network.models import SelfScan, SelfScanQuestion, SelfScanState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_municipality_completes_the_selfscan_and_sees_its_result_beside_the_regions(
        browser, live_server, region, policy, hoorn_policy, shelter, veilig_thuis):
    others = more_policy_officers(region)
    complete_scan(hoorn_policy, value=2)
    for n, person in enumerate(others):
        complete_scan(person, value=2, shared=n == 0)  # Den Helder shares its scan
    page = log_in(browser, live_server, policy, viewport=PHONE)
    page.get_by_role("link", name="Zelfscan", exact=True).click()
    page.get_by_role("heading", level=1, name="Zelfscan Alkmaar").wait_for()
    look(page, "selfscan-index-empty")
    page.get_by_role("link", name="Nieuwe zelfscan").click()
    page.get_by_label(shelter.name).check()
    page.get_by_label(veilig_thuis.name).check()
    look(page, "selfscan-new")
    page.get_by_role("button", name="Zelfscan beginnen").click()
    page.get_by_text("De zelfscan is aangemaakt.").wait_for()
    look(page, "selfscan-draft")

    # Per question one tap on the scale; a note with one of them.
    for question in SelfScanQuestion.objects.filter(theme__framework__active=True):
        choose(page, question.text, "3 · Grotendeels")
    page.get_by_role("textbox", name="Toelichting (optioneel)").first.fill(
        "Besproken met de opvang en Veilig Thuis")
    page.get_by_role("button", name="Antwoorden opslaan").click()
    page.get_by_text("De antwoorden zijn opgeslagen.").wait_for()
    assert "13 van 13 vragen beantwoord" in page.inner_text("main")
    page.get_by_role("button", name="Zelfscan afronden").click()
    page.get_by_text("De zelfscan is afgerond.").wait_for()
    scan = SelfScan.objects.get(municipality__name="Alkmaar")
    assert scan.state == SelfScanState.COMPLETED and scan.partners.count() == 2

    page.get_by_role("combobox", name="Thema").select_option(label="Samen met Veilig Thuis")
    page.get_by_role("textbox", name="Verbeteractie").fill(
        "Eerste huisbezoek na een melding samen met Veilig Thuis")
    page.get_by_role("combobox", name="Organisatie die de actie oppakt").select_option(
        label=veilig_thuis.name)
    page.get_by_label("Uiterlijk").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Verbeteractie toevoegen").click()
    page.get_by_text("De verbeteractie is vastgelegd.").wait_for()
    look(page, "selfscan-completed")

    page.get_by_role("link", name="Terug naar de zelfscan").click()
    table = page.get_by_role("table")
    table.wait_for()
    text = table.inner_text()
    # Alkmaar's 3,0 beside the region's (3 + 2 + 2 + 2 + 2) / 5 = 2,2 and Den Helder's 2,0.
    assert "3,0" in text and "2,2" in text and "Den Helder" in text
    assert "Hoorn" not in text  # Hoorn did not share: only in the region's figure
    look(page, "selfscan-results")
