"""Mijn afspraken (issue 17): the client's own pages, safe on a phone someone else may see."""

import time
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SECRET_STREET, as_actor, client_totp, login, login_client
from tests.test_permission_matrix import all_routes, fill
from zicht.audit.models import AccessLogEntry
from zicht.client.models import CheckIn, ClientAccess
from zicht.client.services import client_access_start
from zicht.notifications.models import Notification, NotificationKind
from zicht.plans.models import ActionStatus, Goal
from zicht.plans.services import action_add, goal_add, plan_of
from zicht.safety.services import safety_plan_save
from zicht.signals.models import SignalSource, Urgency

CLIENT_PAGES = ["/mijn/", "/mijn/wie-zag-wat/", "/mijn/niet-veilig/", "/mijn/welkom/"]


@pytest.fixture
def as_fatima(client, fatima):
    return login_client(client, fatima)


def test_the_supporter_activates_with_a_single_use_link_and_no_password(
        client, household, supporter):
    login(client, supporter)
    page = client.post(f"/households/{household.uuid}/mijn-toegang/")
    assert page.status_code == 200
    link = page.context["link"]
    assert b"data:image/svg+xml;base64," in page.content
    access = ClientAccess.objects.get(household=household)
    assert access.person == household.client
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in access.activation_hash  # only a hash is stored
    assert not access.user.has_usable_password()
    assert access.user.email == ""
    phone = Client()
    setup = phone.get(link)
    assert setup.status_code == 200 and b"otpauth://totp/Mijn%20afspraken" in setup.content
    done = phone.post(link, {"code": client_totp(access)})
    assert done.status_code == 302 and done["Location"] == "/mijn/welkom/"
    assert Client().get(link).status_code == 404  # used up
    assert AccessLogEntry.objects.filter(record_type="client_access",
                                         record_uuid=access.uuid).count() == 2


def test_a_wrong_code_keeps_the_link_and_says_so(client, household, supporter):
    access, token = client_access_start(actor=as_actor(supporter), household=household)
    response = client.post(f"/mijn/activeren/{token}/", {"code": "000000"})
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    access.refresh_from_db()
    assert access.activated_at is None and access.activation_hash


def test_the_link_expires(client, household, supporter, time_machine):
    _access, token = client_access_start(actor=as_actor(supporter), household=household)
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    assert client.get(f"/mijn/activeren/{token}/").status_code == 404


def test_only_the_adult_client_ever_gets_access(household, supporter):
    access, _ = client_access_start(actor=as_actor(supporter), household=household)
    assert access.person.role == "client"
    household.persons.filter(role="client").update(role="network")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        client_access_start(actor=as_actor(supporter), household=household)


def test_an_outsider_cannot_start_or_end_access(client, household, outsider, fatima):
    login(client, outsider)
    assert client.post(f"/households/{household.uuid}/mijn-toegang/").status_code == 404
    assert client.post(f"/households/{household.uuid}/mijn-toegang/{fatima.uuid}/end/"
                       ).status_code == 404
    fatima.refresh_from_db()
    assert fatima.ended_at is None


def test_the_supporter_ends_access_at_once(client, household, supporter, fatima):
    phone = login_client(Client(), fatima)
    assert phone.get("/mijn/").status_code == 200
    login(client, supporter)
    response = client.post(f"/households/{household.uuid}/mijn-toegang/{fatima.uuid}/end/")
    assert response.status_code == 302
    assert phone.get("/mijn/")["Location"] == "/mijn/inloggen/"
    fatima.refresh_from_db()
    assert fatima.ended_at and not fatima.user.is_active
    bad = Client().post("/mijn/inloggen/", {"login_code": fatima.login_code,
                                            "code": "123456"})
    assert bad.status_code == 400


def test_her_pages_are_neutral_not_cached_and_have_a_quick_exit(as_fatima):
    for path in CLIENT_PAGES:
        response = as_fatima.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store"
        assert "<title>Mijn afspraken</title>" in html
        assert "Zicht" not in html and "geweld" not in html.lower()
        assert 'href="/mijn/weg/"' in html
        assert "client/exit.js" in html
        assert "browsergeschiedenis wordt niet gewist" in html


def test_quick_exit_logs_out_on_the_server_and_goes_to_a_neutral_site(as_fatima, settings):
    response = as_fatima.get("/mijn/weg/")
    assert response.status_code == 302
    assert response["Location"] == settings.ZICHT_CLIENT_EXIT_URL
    assert as_fatima.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_the_session_ends_after_ten_idle_minutes(as_fatima, time_machine):
    assert as_fatima.get("/mijn/").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=11))
    response = as_fatima.get("/mijn/")
    assert response["Location"] == "/mijn/inloggen/?reason=idle"


def test_no_remember_me_the_cookie_dies_with_the_browser(client, fatima):
    login_client(client, fatima)
    assert client.cookies["sessionid"]["expires"] == ""
    assert "onthoud" not in client.get("/mijn/inloggen/").content.decode().lower()


def test_every_professional_route_answers_her_as_if_it_did_not_exist(as_fatima, household):
    wrong = {}
    for route in all_routes():
        if route.startswith(("mijn/", "i18n/", "health/", "metrics")):
            continue
        url = fill(route, household.uuid)
        status = as_fatima.get(url).status_code
        if status != 404:
            wrong[url] = status
    assert not wrong


def test_a_professional_never_uses_her_pages(client, supporter, fatima):
    login(client, supporter)
    for path in [*CLIENT_PAGES, "/mijn/inloggen/", "/mijn/mijn-gegevens.pdf"]:
        assert client.get(path).status_code == 404, path


def test_check_in_reaches_her_supporter_without_showing_the_answer_back(
        as_fatima, fatima, supporter):
    response = as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "contact"})
    assert response.status_code == 302
    page = as_fatima.get("/mijn/").content.decode()
    assert "Dank je" in page
    assert CheckIn.objects.get(access=fatima).answer == "contact"
    assert Notification.objects.filter(recipient=supporter,
                                       kind=NotificationKind.CLIENT_CONTACT).exists()


def test_a_bad_check_in_answer_saves_nothing(as_fatima, fatima):
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "<script>"})
    assert not CheckIn.objects.exists()


def test_not_safe_is_an_acute_signal_to_supporter_and_coordinator(as_fatima, household,
                                                                   supporter):
    page = as_fatima.get("/mijn/niet-veilig/").content.decode()
    assert "112" in page and "0800-2000" in page
    as_fatima.post("/mijn/niet-veilig/")
    signal = household.signals.get()
    assert signal.source == SignalSource.CLIENT_ALARM and signal.urgency == Urgency.ACUTE
    assert Notification.objects.filter(recipient=supporter,
                                       kind=NotificationKind.SIGNAL_NEW).exists()
    after = as_fatima.get("/mijn/niet-veilig/").content.decode()
    assert "weten het nu" in after and "112" in after


def test_she_marks_her_own_action_done_with_a_comment(as_fatima, household, supporter,
                                                      alkmaar_team):
    actor = as_actor(supporter)
    goal = goal_add(actor=actor, household=household, person=household.client,
                    domain="housing", description="Een eigen huis")
    own = action_add(actor=actor, household=household, domain="housing",
                     description="Inschrijven bij de woningcorporatie", goal=goal,
                     responsible_organisation=alkmaar_team, responsible_person="Fatima")
    theirs = action_add(actor=actor, household=household, domain="housing",
                        description="Urgentie aanvragen", goal=goal,
                        responsible_organisation=alkmaar_team, responsible_person="Ondersteuner")
    as_fatima.post(f"/mijn/acties/{own.uuid}/", {"done": "1", "comment": "Gelukt vandaag"})
    own.refresh_from_db()
    assert own.status == ActionStatus.DONE
    assert own.history.last().note == "Gelukt vandaag"
    assert as_fatima.post(f"/mijn/acties/{theirs.uuid}/", {"done": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.PLANNED
    assert "Gelukt vandaag" not in as_fatima.get("/mijn/").content.decode()


def test_something_changed_asks_her_supporter_for_a_review(as_fatima, supporter):
    as_fatima.post("/mijn/veiligheidsplan/iets-veranderd/")
    assert Notification.objects.filter(recipient=supporter,
                                       kind=NotificationKind.CLIENT_REVIEW).exists()


def test_canary_no_address_no_perpetrator_no_notes_on_any_client_page(
        as_fatima, household, supporter, alkmaar_team):
    actor = as_actor(supporter)
    perpetrator = household.persons.get(role="perpetrator")
    # The plan refuses a goal for him; should one exist all the same, she does not see it.
    Goal.objects.create(plan=plan_of(household), person=perpetrator, domain="housing",
                        description="Doel van de pleger", created_by=supporter,
                        organisation=alkmaar_team)
    goal_add(actor=actor, household=household, person=household.client, domain="safety",
             description="Geen contact met Kees")
    safety_plan_save(actor=actor, household=household,
                     data={"agreements": "Bakker komt niet in de straat.",
                           "risks": "Risico van de ex-partner",
                           "emergency_contacts": "Zus Aylin"})
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "good"})
    for path in CLIENT_PAGES:
        html = as_fatima.get(path).content.decode()
        for secret in (SECRET_STREET, "1811 AB", "Kees", "Bakker", "Doel van de pleger",
                       "Risico van de ex-partner", household.reference):
            assert secret not in html, (path, secret)
    assert "Zus Aylin" in as_fatima.get("/mijn/").content.decode()


def test_she_sees_nothing_of_another_household(as_fatima, household, shelter_worker):
    from zicht.households.models import PersonRole
    from zicht.households.services import PersonData, household_register

    other = household_register(
        actor=as_actor(shelter_worker),
        client=PersonData(role=PersonRole.CLIENT, given_name="Sanne", family_name="Visser"),
        others=[])
    goal_add(actor=as_actor(shelter_worker), household=other, person=other.client,
             domain="housing", description="Ander gezin doel")
    html = as_fatima.get("/mijn/").content.decode()
    assert "Sanne" not in html and "Ander gezin doel" not in html
    assert as_fatima.get(f"/households/{other.uuid}/").status_code == 404


def test_wie_zag_wat_and_inzage(as_fatima, household):
    assert "Wie zag wat" in as_fatima.get("/mijn/wie-zag-wat/").content.decode()
    pdf = as_fatima.get("/mijn/mijn-gegevens.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(record_type="inzage", action="export",
                                         household_uuid=household.uuid).exists()


def test_first_use_shows_the_interruption_page(client, fatima):
    login_client(client, fatima, welcomed=False)
    assert client.get("/mijn/")["Location"] == "/mijn/welkom/"
    assert "Snel weg" in client.get("/mijn/welkom/").content.decode()
    client.post("/mijn/welkom/")
    assert client.get("/mijn/").status_code == 200


def test_login_is_rate_limited(client, fatima):
    for _i in range(11):
        client.post("/mijn/inloggen/", {"login_code": fatima.login_code, "code": "000000"})
    response = client.post("/mijn/inloggen/", {"login_code": fatima.login_code,
                                               "code": client_totp(fatima)})
    assert response.status_code == 400 and "Te vaak" in response.content.decode()


def test_an_unknown_client_token_is_a_plain_404(client, db):
    assert client.get(f"/mijn/activeren/{uuid.uuid4()}/").status_code == 404
    assert reverse("client:exit") == "/mijn/weg/"
    assert time.time()


def test_her_check_in_shows_on_her_supporters_vandaag(as_fatima, client, supporter):
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "better"})
    professional = login(Client(), supporter)
    assert "Mijn afspraken: Cliënt: het kan beter" in professional.get("/").content.decode()
