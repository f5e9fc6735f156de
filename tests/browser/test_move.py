"""A household moves from Alkmaar to Hoorn: the warm handover through the real pages,
from the handover request to the old supporter's 404. axe-core on every new page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.conftest import _member, as_actor
from zicht.stagnations.services import stagnation_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_household_moves_to_another_municipality(browser, live_server, household, supporter,
                                                   outsider, hoorn_team, alkmaar_team):
    policy = _member("bea.beleid", alkmaar_team, "policy")
    admin = _member("anna.beheer", alkmaar_team, "admin")
    stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                      what="Uitkering vertraagd door verhuizing",
                      since=timezone.localdate() - timedelta(days=20), must_act="Werk en Inkomen")
    detail = f"{live_server.url}/households/{household.uuid}/"

    old = log_in(browser, live_server, supporter)
    old.goto(detail)
    assert_accessible(old, "household page with the issue 5 sections")

    # The plan and the stagnation register: each new page passes axe.
    old.get_by_role("link", name="Gezinsplan").click()
    assert_accessible(old, "plan")
    for link in ("Doel toevoegen", "Actie toevoegen", "Zelfredzaamheid scoren"):
        old.get_by_role("link", name=link).click()
        assert_accessible(old, link)
        old.go_back()
    old.goto(f"{live_server.url}/households/{household.uuid}/stagnations/")
    assert_accessible(old, "stagnations of the household")
    old.get_by_role("link", name="Schulden: Uitkering vertraagd door verhuizing").click()
    assert_accessible(old, "stagnation")
    old.goto(f"{live_server.url}/households/{household.uuid}/coordinator/")
    assert_accessible(old, "coordinator handover proposal")
    old.get_by_label("Organisatie van de nieuwe regisseur").select_option(str(hoorn_team.pk))
    old.get_by_role("button", name="Overdracht voorstellen").click()
    old.get_by_role("link", name="Bekijk", exact=True).click()
    assert_accessible(old, "coordinator handover")
    old.get_by_role("button", name="Overdracht intrekken").click()
    old.get_by_text("De overdracht is afgesloten").wait_for()
    old.goto(f"{live_server.url}/coordination/")
    assert_accessible(old, "incoming coordinator handovers")

    # 1. Consent to hand over, then find the Hoorn supporter in the sociale kaart.
    old.goto(detail)
    old.get_by_role("link", name="Toestemming voor overdracht vastleggen").click()
    old.get_by_label("Doel").select_option("handover")
    old.get_by_label("Hoe gegeven").select_option("verbal")
    old.get_by_role("button", name="Toestemming vastleggen").click()
    old.get_by_text("De toestemming is vastgelegd").wait_for()

    old.get_by_role("link", name="Sociale kaart").first.click()
    assert_accessible(old, "sociale kaart")
    old.get_by_label("Gemeente").select_option(label="Hoorn")
    old.get_by_role("button", name="Zoeken").click()
    assert outsider.email in old.content()

    # 2. The warm handover request, with a handover meeting.
    old.goto(detail)
    old.get_by_role("link", name="Verhuizing overdragen").click()
    assert_accessible(old, "move request")
    old.get_by_label("Team van de nieuwe gemeente").select_option(str(hoorn_team.pk))
    old.get_by_label("Nieuwe ondersteuner (als bekend)").select_option(str(outsider.pk))
    meeting = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    old.get_by_label("Overdrachtsgesprek op").fill(meeting)
    old.get_by_label("Verhuisdatum").fill(
        (timezone.localdate() + timedelta(days=10)).isoformat())
    old.get_by_role("button", name="Overdracht aanvragen").click()
    old.get_by_text("De overdracht is aangevraagd").wait_for()
    assert_accessible(old, "move (sending side)")
    old.goto(f"{live_server.url}/")
    assert "in overdracht" in old.content()

    # 3. The Hoorn supporter, on a phone, sees it "in overdracht" and accepts.
    new = log_in(browser, live_server, outsider, viewport=PHONE)
    assert "in overdracht" in new.content()
    new.get_by_role("link", name=household.reference).click()
    assert_accessible(new, "move (receiving side)")
    assert "Uitkering vertraagd door verhuizing" in new.content()
    # The request did not give the new address: the receiving supporter fills it in.
    new.get_by_label("Nieuw adres: straat en huisnummer").fill("Grote Noord 12")
    new.get_by_label("Postcode").fill("1621 KH")
    new.get_by_label("Plaats").fill("Hoorn")
    new.get_by_role("button", name="Overdracht aanvaarden").click()
    new.get_by_text("Het huishouden is aan u overgedragen").wait_for()
    assert hoorn_team.name in new.get_by_role("region", name="Regisseur").inner_text()

    # 4. The old supporter no longer sees the household at all.
    response = old.goto(detail)
    assert response.status == 404

    # The municipality's overview and the directory maintenance pages.
    pol = log_in(browser, live_server, policy)
    pol.get_by_role("link", name="Stagnaties").click()
    assert_accessible(pol, "municipality overview")
    adm = log_in(browser, live_server, admin)
    adm.get_by_role("link", name="Sociale kaart beheren").click()
    assert_accessible(adm, "directory maintenance")
    adm.get_by_role("link", name=supporter.get_full_name()).click()
    assert_accessible(adm, "membership")
