"""Issue 16, point 3, in a real browser: the coordinator holds a case conference with the
school, the veiligheidsvoorwaarde agreed there appears in the household's plan, and at
the next contact moment it is reviewed in one tap. axe and the layout checks on every
page, at phone and desktop width."""

import re

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, log_in, look
from tests.conftest import as_actor
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.plans.models import ReviewMoment, ReviewOutcome, SafetyCondition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


CONDITION = "De ex-partner komt niet naar de school"


def test_a_coordinator_holds_a_case_conference_whose_conditions_reach_the_plan_and_contact(
        browser, live_server, household, supporter, school, school_partner):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["plan"])
    page = log_in(browser, live_server, supporter, viewport=PHONE)
    page.goto(f"{live_server.url}/households/{household.uuid}/")
    look(page, "household-conference-link")
    page.get_by_role("link", name="Casusoverleggen en veiligheidsvoorwaarden").click()
    page.get_by_role("heading", level=1, name="Casusoverleg").wait_for()
    look(page, "conference-list-empty")

    # Convene: today, with the school, which is connected with the client's consent.
    page.get_by_role("link", name="Casusoverleg plannen").click()
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Tijd").fill("09:00")
    page.get_by_label("Plaats of link").fill("Sociaal Team Alkmaar")
    page.get_by_label("OBS De Regenboog").check()
    page.get_by_label("Agenda").fill("1. Veiligheid rond de school\n2. Omgang")
    look(page, "conference-new")
    page.get_by_role("button", name="Plannen").click()
    page.get_by_text("Het casusoverleg is gepland.").wait_for()
    assert school_partner.get_full_name() in page.get_by_role("region", name="Wie").inner_text()
    look(page, "conference-planned")

    # The school's contact: the invitation in her inbox leads to the conference, and her
    # calendar feed has it as "Casusoverleg", without the household or the place.
    school_page = log_in(browser, live_server, school_partner, viewport=PHONE)
    school_page.get_by_role("link", name="Berichten", exact=False).first.click()
    item = school_page.locator(".zicht-inbox__item").filter(
        has_text="Uitnodiging voor een casusoverleg")
    look(school_page, "conference-inbox")
    item.get_by_role("button", name="Bekijken").click()
    school_page.get_by_role("heading", level=1, name="Casusoverleg").wait_for()
    assert "1. Veiligheid rond de school" in school_page.content()
    look(school_page, "conference-invitee")
    school_page.get_by_role("link", name="Agendakoppeling").click()
    school_page.get_by_role("button", name="Link maken").click()
    body = school_page.request.get(school_page.locator(".zicht-feed-link").inner_text()).text()
    assert "SUMMARY:Casusoverleg" in body
    assert household.reference not in body and "Sociaal Team Alkmaar" not in body
    school_page.context.close()

    # Held: the decisions and the client's own view, then the condition into the plan.
    page.get_by_role("link", name="Casusoverleg vastleggen").click()
    page.get_by_label("Was de cliënt erbij?").select_option(label="Ja")
    page.get_by_label("De eigen kijk van de cliënt").fill(
        "Ik wil dat Noor gewoon naar school kan zonder bang te zijn.")
    page.get_by_label("Besluiten").fill("School en sociaal team houden samen toezicht.")
    look(page, "conference-hold")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_text("Het casusoverleg is vastgelegd.", exact=False).wait_for()
    page.get_by_role("link", name="Veiligheidsvoorwaarde afspreken").click()
    page.get_by_label("Voorwaarde").fill(CONDITION)
    page.get_by_label("Wie ziet erop toe (organisatie)").select_option(label="OBS De Regenboog")
    page.get_by_label("Wie ziet erop toe (persoon)").fill("intern begeleider")
    page.get_by_label("Hoe").fill("De school belt bij een poging direct de regisseur.")
    look(page, "conference-condition-new")
    page.get_by_role("button", name="In het plan zetten").click()
    page.get_by_text("De veiligheidsvoorwaarde staat in het plan.").wait_for()
    assert "Ik wil dat Noor gewoon naar school kan" in page.content()
    look(page, "conference-held")

    # The plan shows it, with who monitors it and how.
    page.get_by_role("link", name="Gezinsplan").first.click()
    conditions = page.get_by_role("region", name="Veiligheidsvoorwaarden")
    conditions.get_by_text(CONDITION).wait_for()
    assert "intern begeleider" in conditions.inner_text()
    look(page, "plan-with-conditions")

    # The next contact moment asks about it: one tap, a note.
    page.goto(f"{live_server.url}/households/{household.uuid}/contacts/new/")
    page.get_by_role("group", name="Telefonisch", exact=False)  # the tiles are there
    page.locator("label").filter(has_text=re.compile(r"^\s*Telefonisch\s*$")).click()
    page.locator("label").filter(has_text=re.compile(r"^\s*Geen bijzonderheden\s*$")).click()
    group = page.get_by_role("group", name=CONDITION)
    group.locator("label").filter(has_text=re.compile(r"^\s*Nageleefd\s*$")).click()
    page.get_by_label("Toelichting").fill("School zag hem niet meer")
    look(page, "contact-with-condition")
    page.get_by_role("button", name="Contactmoment opslaan").click()
    page.get_by_text("Het contactmoment is vastgelegd.").wait_for()
    review = SafetyCondition.objects.get().reviews.get()
    assert (review.moment, review.outcome) == (ReviewMoment.CONTACT, ReviewOutcome.MET)

    page.goto(f"{live_server.url}/households/{household.uuid}/plan/")
    assert "Nageleefd (contactmoment)" in page.get_by_role(
        "region", name="Veiligheidsvoorwaarden").inner_text()
    look(page, "plan-condition-reviewed")
