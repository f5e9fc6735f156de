"""Issue 16 in a real browser: the regional coordinator plans a network meeting, a
supporter finds the invitation in her inbox and the meeting in her calendar feed, and the
coordinator records who came and the actions agreed. axe and the layout checks on every
page, at phone and desktop width."""

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, log_in, look
from zicht.network.models import Invitation, Meeting, MeetingAction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_plans_a_meeting_and_records_who_came_and_what_was_agreed(
        browser, live_server, policy, supporter, shelter_worker, vt_worker, alkmaar_team):
    coordinator = log_in(browser, live_server, policy, viewport=PHONE)
    coordinator.get_by_role("link", name="Netwerk", exact=True).click()
    coordinator.get_by_role("heading", level=1, name="Netwerk", exact=False).wait_for()
    look(coordinator, "network-overview-empty")
    coordinator.get_by_role("link", name="Bijeenkomst plannen").click()
    assert "bespreek geen gezinnen" in coordinator.content().lower()
    look(coordinator, "network-meeting-new")
    # Today, from midnight: it has begun, so who came can be recorded in the same story.
    coordinator.get_by_label("Thema").fill("Veiligheidsplan bij vertrek")
    coordinator.get_by_label("Datum").fill(timezone.localdate().isoformat())
    coordinator.get_by_label("Van").fill("00:00")
    coordinator.get_by_label("Tot").fill("23:59")
    coordinator.get_by_label("Plaats").fill("Stadskantoor Alkmaar, zaal 2")
    coordinator.get_by_role("button", name="Plannen en uitnodigen").click()
    coordinator.get_by_role("heading", level=1, name="Veiligheidsplan bij vertrek").wait_for()
    meeting = Meeting.objects.get()
    assert Invitation.objects.filter(meeting=meeting).count() == 4

    # The supporter: the invitation in her inbox leads to the meeting; it is in her feed.
    omar = log_in(browser, live_server, supporter, viewport=PHONE)
    omar.get_by_role("link", name="Berichten", exact=False).first.click()
    item = omar.locator(".zicht-inbox__item").filter(
        has_text="Uitnodiging voor een netwerkbijeenkomst")
    look(omar, "network-inbox")
    item.get_by_role("button", name="Bekijken").click()
    omar.get_by_role("heading", level=1, name="Veiligheidsplan bij vertrek").wait_for()
    assert "U bent uitgenodigd" in omar.content()
    look(omar, "network-meeting-invitee")
    omar.get_by_role("link", name="Agendakoppeling").click()
    omar.get_by_role("button", name="Link maken").click()
    feed = omar.locator(".zicht-feed-link").inner_text()
    body = omar.request.get(feed).text()
    assert "SUMMARY:Netwerkbijeenkomst: Veiligheidsplan bij vertrek" in body
    assert "LOCATION:Stadskantoor Alkmaar\\, zaal 2" in body

    # The coordinator records who came and the action agreed, with its owner and date.
    coordinator.reload()
    coordinator.get_by_label(f"{supporter.get_full_name()} ({alkmaar_team.name})").check()
    coordinator.get_by_label(f"{vt_worker.get_full_name()}", exact=False).check()
    coordinator.get_by_role("button", name="Aanwezigheid vastleggen").click()
    coordinator.get_by_text("De aanwezigheid is vastgelegd.").wait_for()
    coordinator.get_by_role("textbox", name="Afgesproken actie").fill(
        "Stroomschema vertrek rondsturen")
    coordinator.get_by_role("combobox", name="Wie").select_option(label=(
        f"{supporter.get_full_name()} ({alkmaar_team.name})"))
    coordinator.get_by_label("Uiterlijk").fill(
        (timezone.localdate() + timezone.timedelta(days=14)).isoformat())
    coordinator.get_by_role("button", name="Actie toevoegen").click()
    coordinator.get_by_text("De actie is vastgelegd.").wait_for()
    look(coordinator, "network-meeting-organiser")
    action = MeetingAction.objects.get()
    assert action.owner == supporter and action.done_at is None
    came = set(Invitation.objects.filter(meeting=meeting, attended=True)
               .values_list("user", flat=True))
    assert came == {supporter.pk, vt_worker.pk}

    coordinator.get_by_role("link", name="Terug naar het netwerk").click()
    heading = coordinator.get_by_role("heading", level=2, name="1 van de 4 bijeenkomsten",
                                      exact=False)
    heading.wait_for()
    table = coordinator.get_by_role("table").inner_text()
    assert alkmaar_team.name in table and "Veilig Thuis" in table
    look(coordinator, "network-overview-year")


def test_a_coordinator_writes_an_agreement_with_its_document_and_promises(
        browser, live_server, policy, shelter, alkmaar_team, veilig_thuis, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "private"
    pdf = tmp_path / "afspraak.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = log_in(browser, live_server, policy, viewport=PHONE)
    page.goto(f"{live_server.url}/netwerk/afspraken/")
    page.get_by_role("link", name="Nieuwe afspraak").click()
    page.get_by_label("Naam van de afspraak").fill("Warme overdracht bij vertrek")
    page.get_by_label(shelter.name).check()
    page.get_by_label(alkmaar_team.name).check()
    page.get_by_label(veilig_thuis.name).check()
    today = timezone.localdate()
    page.get_by_label("Ingangsdatum").fill(today.replace(month=1, day=1).isoformat())
    page.get_by_label("Evalueren op").fill((today + timezone.timedelta(days=20)).isoformat())
    page.get_by_label("Document").set_input_files(str(pdf))
    look(page, "network-agreement-new")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("heading", level=1, name="Warme overdracht bij vertrek").wait_for()
    page.get_by_role("combobox", name="Partij").select_option(label=shelter.name)
    page.get_by_role("textbox", name="Wat belooft deze partij?").fill(
        "De opvang nodigt de ondersteuner uit vóór het vertrek.")
    page.get_by_role("combobox", name="Gemeten met").select_option(
        label="Kennismaking vóór vertrek")
    page.get_by_role("button", name="Belofte toevoegen").click()
    page.get_by_text("De afspraak is bijgewerkt.").wait_for()
    assert "Kennismaking vóór vertrek: < 5 van de vertrekken" in page.inner_text("main")
    look(page, "network-agreement")
    href = page.get_by_role("link", name="Document downloaden (PDF)").get_attribute("href")
    download = page.request.get(f"{live_server.url}{href}")
    assert download.headers["content-type"] == "application/pdf"
