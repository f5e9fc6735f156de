"""The first slice of seed 002 through the real pages, as a shelter worker and a supporter
would walk it: register, consent, invite, introduction, departure, contact moment."""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, choose, log_in
from tests.conftest import SECRET_STREET
from zicht.audit.models import AccessLogEntry
from zicht.households.models import Household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_household_goes_from_the_shelter_into_follow_up(browser, live_server, shelter_worker,
                                                         supporter, alkmaar_team):
    shelter = log_in(browser, live_server, shelter_worker)
    assert_accessible(shelter, "aanmeldingen en vertrek (shelter)")

    # 1. Registration during the stay.
    shelter.get_by_role("link", name="Nieuwe aanmelding").click()
    assert_accessible(shelter, "registration form")
    client_fields = shelter.get_by_role("group", name="Cliënt")
    client_fields.get_by_label("Voornaam").fill("Fatima")
    client_fields.get_by_label("Achternaam").fill("Yilmaz")
    child = shelter.get_by_role("group", name="Kind 1")
    child.get_by_label("Voornaam").fill("Noor")
    child.get_by_label("Geboortedatum").fill("2017-03-14")
    other = shelter.get_by_role("group", name="Andere betrokken persoon 1")
    other.get_by_label("Rol").select_option("perpetrator")
    other.get_by_label("Voornaam").fill("Kees")
    other.get_by_label("Relatie tot cliënt").fill("ex-partner")
    shelter.get_by_role("button", name="Aanmelden").click()
    shelter.get_by_text("Het huishouden is aangemeld").wait_for()
    household = Household.objects.get()

    # Consent first, then the invitation.
    shelter.get_by_role("link", name="Toestemming vastleggen").click()
    assert_accessible(shelter, "consent form")
    shelter.get_by_label("Hoe gegeven").select_option("written")
    shelter.get_by_role("button", name="Toestemming vastleggen").click()
    shelter.get_by_role("link", name="Ondersteuner uitnodigen").click()
    assert_accessible(shelter, "invitation form")
    shelter.get_by_label("Team van de ondersteuner").select_option(label=alkmaar_team.name)
    shelter.get_by_role("button", name="Uitnodigen").click()
    shelter.get_by_text("De ondersteuner is uitgenodigd").wait_for()

    # 2. The supporter, on a phone, finds the invitation and records the introduction.
    phone = log_in(browser, live_server, supporter, viewport=PHONE)
    assert_accessible(phone, "Vandaag on a phone")
    phone.get_by_role("link", name="Fatima Yilmaz").click()
    phone.get_by_role("link", name="Kennismaking vastleggen").click()
    assert_accessible(phone, "introduction form")
    choose(phone, "Kanaal", "Persoonlijk")
    choose(phone, "Cliënt bereikt?", "Bereikt")
    phone.get_by_role("button", name="Contactmoment opslaan").click()
    phone.get_by_text("Kennismaking gehad").first.wait_for()

    # 3. The shelter records the departure to a secret address.
    shelter.reload()
    shelter.get_by_role("link", name="Vertrek vastleggen").click()
    assert_accessible(shelter, "departure form")
    shelter.get_by_label("Vertrekdatum").fill(today())
    shelter.get_by_label("Straat en huisnummer").fill(SECRET_STREET)
    shelter.get_by_label("Postcode").fill("1811 AB")
    shelter.get_by_label("Plaats").fill("Alkmaar")
    shelter.get_by_label("Dit is een geheim adres").check()
    shelter.get_by_label("Het team van de ondersteuner").check()
    shelter.get_by_role("button", name="Vertrek vastleggen").click()
    shelter.get_by_text("Het vertrek is vastgelegd").wait_for()

    # 4. One coordinator, and the supporter records a contact moment.
    phone.reload()
    assert_accessible(phone, "household page")
    assert SECRET_STREET not in phone.content()
    coordinator = phone.get_by_role("region", name="Regisseur")
    assert alkmaar_team.name in coordinator.inner_text()
    phone.get_by_role("link", name="Contactmoment vastleggen").click()
    choose(phone, "Kanaal", "Telefonisch")
    choose(phone, "Cliënt bereikt?", "Bereikt")
    choose(phone, "Voelt de cliënt zich veilig?", "Ja")
    choose(phone, "Is het veiligheidsplan actueel?", "Ja")
    phone.get_by_text("Datum, met wie en notities").click()
    phone.get_by_label("Notities").fill("Gaat goed, kinderen naar nieuwe school.")
    phone.get_by_role("button", name="Contactmoment opslaan").click()
    phone.get_by_text("Het contactmoment is vastgelegd").wait_for()

    # 5. "Toon adres": shown on request, and logged.
    phone.get_by_role("button", name="Toon adres").click()
    phone.get_by_text(SECRET_STREET).wait_for()
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid, user=supporter,
                                         action="reveal_address").count() == 1

    phone.goto(f"{live_server.url}/")
    assert "Fatima Yilmaz" in phone.get_by_role("main").inner_text()


def today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
