"""Issue 4 through the real pages: a school reports a worry, the coordinator triages it
through the meldcode and escalates to Veilig Thuis, which sees only the report."""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.conftest import SECRET_STREET, _member, as_actor
from tests.factories import OrganisationFactory
from zicht.signals.models import ReportStatus, Signal, VeiligThuisReport
from zicht.signals.services import partner_connect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_school_worry_goes_through_the_meldcode_to_veilig_thuis(
        browser, live_server, household, supporter, school, school_partner, region):
    partner_connect(actor=as_actor(supporter), household=household, organisation=school)
    veilig_thuis = OrganisationFactory(name="Veilig Thuis NHN", kind="veilig_thuis",
                                       region=region)
    vt_worker = _member("victor.veiligthuis", veilig_thuis, "veilig_thuis")

    # 1. The school, on a phone, reports what it saw.
    teacher = log_in(browser, live_server, school_partner, viewport=PHONE)
    teacher.get_by_role("link", name="Signalen").click()
    assert_accessible(teacher, "signals page (partner)")
    teacher.get_by_role("link", name=f"Zorg melden over {household.reference}").click()
    assert_accessible(teacher, "report a worry (connected partner)")
    assert "Fatima" not in teacher.content() and SECRET_STREET not in teacher.content()
    teacher.get_by_label("Wat heeft u gezien of gehoord?").fill(
        "Noor komt al een week met blauwe plekken op school.")
    teacher.get_by_label("Acuut", exact=True).check()
    teacher.get_by_label("Over wie?").select_option("child")
    teacher.get_by_role("button", name="Zorg melden").click()
    teacher.get_by_text("Uw zorg is ontvangen").wait_for()
    assert "Ontvangen" in teacher.content()

    # The "zorg melden" form for people one is not connected to.
    teacher.get_by_role("link", name="Zorg melden", exact=True).first.click()
    assert_accessible(teacher, "zorg melden form")

    # 2. The coordinator finds it on the Signalen page and walks the meldcode.
    coordinator = log_in(browser, live_server, supporter)
    coordinator.get_by_role("link", name="Signalen").click()
    assert_accessible(coordinator, "signals page (coordinator)")
    coordinator.get_by_role("link", name=household.reference).click()
    assert_accessible(coordinator, "signal with the meldcode")
    steps = [
        ("Wat heeft u gedaan en vastgesteld?", "Blauwe plekken bij Noor, school ongerust."),
        ("Wat heeft u gedaan en vastgesteld?", "Besproken met collega en Veilig Thuis."),
    ]
    for label, text in steps:
        coordinator.get_by_label(label).fill(text)
        coordinator.get_by_role("button", name="Stap vastleggen").click()
        coordinator.get_by_text("De stap is vastgelegd").wait_for()
    coordinator.get_by_label("Het gesprek is overgeslagen").check()
    coordinator.get_by_label("Reden").fill("De ex-partner is vaak in huis: praten is onveilig.")
    coordinator.get_by_role("button", name="Stap vastleggen").click()
    coordinator.get_by_text("De stap is vastgelegd").wait_for()
    for question, answer in [("1. Is er een vermoeden", "Ja"), ("2. Is er sprake", "Ja"),
                             ("3. Kan ik passende hulp", "Ja"), ("4. Aanvaarden", "Nee"),
                             ("5. Leidt de hulp", "Nee")]:
        coordinator.get_by_role("group", name=question).get_by_label(answer).check()
    coordinator.get_by_role("button", name="Stap vastleggen").click()
    coordinator.get_by_text("melden bij Veilig Thuis verplicht").first.wait_for()
    assert_accessible(coordinator, "decision step")
    coordinator.get_by_label("Hulp organiseren", exact=True).check()
    coordinator.get_by_role("button", name="Stap vastleggen").click()
    coordinator.get_by_text("Kies een besluit met melden").wait_for()
    coordinator.get_by_label("Hulp organiseren én melden bij Veilig Thuis").check()
    coordinator.get_by_role("button", name="Stap vastleggen").click()
    coordinator.get_by_text("De stap is vastgelegd").wait_for()

    # 3. Escalation: Zicht drafts the report; the coordinator checks and sends it.
    coordinator.get_by_role("combobox", name="Veilig Thuis").select_option(label=veilig_thuis.name)
    coordinator.get_by_role("button", name="Melding aan Veilig Thuis opstellen").click()
    coordinator.get_by_role("heading", name="Melding aan Veilig Thuis").wait_for()
    assert_accessible(coordinator, "report draft")
    assert "blauwe plekken" in coordinator.get_by_label("Aanleiding").input_value()
    assert SECRET_STREET not in coordinator.content()
    coordinator.get_by_label("Wat is er al gedaan").fill("Gesprek met school en collega.")
    coordinator.get_by_role("button", name="Versturen naar Veilig Thuis").click()
    coordinator.get_by_text("De melding is verstuurd naar Veilig Thuis").wait_for()
    report = VeiligThuisReport.objects.get()
    assert report.status == ReportStatus.SENT and not report.include_address

    # The household's safety page shows the escalation.
    coordinator.get_by_role("link", name="Terug naar veiligheid").click()
    assert_accessible(coordinator, "safety page")
    coordinator.get_by_role("link", name="Veiligheidsplan bijwerken").click()
    assert_accessible(coordinator, "safety plan form")

    # 4. The school sees that its worry was picked up, and nothing more.
    teacher.goto(f"{live_server.url}/safety/signals/")
    assert "Opgepakt" in teacher.content()
    assert "verplicht" not in teacher.content()

    # 5. Veilig Thuis sees the report, and only the report.
    vt = log_in(browser, live_server, vt_worker)
    vt.get_by_role("link", name="Meldingen").click()
    assert_accessible(vt, "Veilig Thuis reports")
    vt.get_by_role("link", name=household.reference).click()
    assert_accessible(vt, "report for Veilig Thuis")
    assert "Gesprek met school en collega." in vt.content()
    vt.get_by_label("Nieuwe status").select_option("received")
    vt.get_by_role("button", name="Status bijwerken").click()
    vt.get_by_text("De status is bijgewerkt").wait_for()
    assert vt.goto(f"{live_server.url}/households/{household.uuid}/").status == 404
    assert Signal.objects.get().step == "decided"
