"""Changing the address after departure ("adres wijzigen").

A client moves within the municipality, a temporary address becomes a permanent one, a
secret address no longer needs to be secret or suddenly must be: those who carry the
household record it with a reason. DOMAIN.md: the secret address "is shown only to those
who need it, every view is logged, and it never appears in lists, exports, notifications,
e-mails or error pages"; so the change page is never a way to read it, the history says
when and why it changed but never what it was, and no answer echoes the new street.
"""

import json
import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import CLIENT_BORN, SECRET_STREET, as_actor, invalid_params, login
from tests.factories import MunicipalityFactory
from tests.test_consent_and_sharing import api_as
from tests.test_hardening import forget_reauth
from zicht.access.inzage import person_inzage
from zicht.access.retention import retention_run
from zicht.access.services import emergency_access_open
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.households.models import Address, AddressChange, Household
from zicht.households.services import address_change, normalise_postcode
from zicht.moves.models import Move
from zicht.notifications.models import Notification, NotificationKind
from zicht.trajectories.services import coordinator_assign, trajectory_close

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
NEW_STREET = "Verscholenpad 7"
NEW_POSTCODE = "1822 XY"


def edit_url(household) -> str:
    return reverse("households:address_edit", args=[household.uuid])


def api_url(household) -> str:
    return f"/api/v1/households/{getattr(household, 'uuid', household)}/address/"


def form_data(where, /, **overrides) -> dict:
    data = {"street": NEW_STREET, "postcode": NEW_POSTCODE, "city": "Alkmaar",
            "municipality": where.pk, "is_secret": "on",
            "reason": "Verhuisd binnen de gemeente"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def api_data(where, /, **overrides) -> dict:
    data = {"street": NEW_STREET, "postcode": NEW_POSTCODE, "city": "Alkmaar",
            "municipality": str(where.uuid), "is_secret": True,
            "reason": "Verhuisd binnen de gemeente"}
    data.update(overrides)
    return data


def revealed_street(client, household) -> str:
    return client.post(reverse("households:address", args=[household.uuid])).content.decode()


def stored(household) -> Address:
    return Address.objects.get(household=household)


@pytest.fixture
def partner_with_address_consent(household, supporter, school):
    """The client agreed that the school may see the address (and persons): it may look,
    never change."""
    return consent_record(
        actor=as_actor(supporter), household=household, person=household.client,
        purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(), organisation=school,
        categories=["persons", "address"])


@pytest.fixture
def partner_without_address_consent(household, supporter, school):
    return consent_record(
        actor=as_actor(supporter), household=household, person=household.client,
        purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(), organisation=school, categories=["persons", "signals"])


# --- The page -----------------------------------------------------------------------------


def test_the_supporter_changes_the_address_and_toon_adres_shows_the_new_one(
        client, household, supporter, alkmaar):
    login(client, supporter)
    detail = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert edit_url(household) in detail  # next to "toon adres"

    page = client.get(edit_url(household))
    assert page.status_code == 200
    response = client.post(edit_url(household), form_data(alkmaar))

    assert response.status_code == 302
    assert response["Location"] == reverse("households:detail", args=[household.uuid])
    address = stored(household)
    assert (address.street, address.postcode, address.city, address.is_secret) == (
        NEW_STREET, NEW_POSTCODE, "Alkmaar", True)
    shown = revealed_street(client, household)
    assert NEW_STREET in shown and SECRET_STREET not in shown


def test_the_history_row_says_when_who_and_why_but_never_what(client, household, supporter,
                                                             alkmaar):
    login(client, supporter)
    client.post(edit_url(household), form_data(alkmaar, is_secret=None))
    change = AddressChange.objects.get()
    assert (change.household, change.by, change.organisation.name, change.reason) == (
        household, supporter, "Sociaal Team Alkmaar", "Verhuisd binnen de gemeente")
    assert (change.municipality, change.is_secret_before, change.is_secret_after) == (
        alkmaar, True, False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AddressChange._meta.db_table}")  # noqa: S608
        raw = repr(cursor.fetchall())
    for secret in (NEW_STREET, NEW_POSTCODE, SECRET_STREET, "1811 AB", "Verscholen"):
        assert secret not in raw
    page = client.get(edit_url(household)).content.decode()
    assert "Verhuisd binnen de gemeente" in page and "was ja, nu nee" in page


def test_the_history_is_append_only(household, supporter, alkmaar):
    address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                   postcode=NEW_POSTCODE, city="Alkmaar", municipality=alkmaar,
                   is_secret=True, reason="Tijdelijk adres wordt vast adres")
    change = AddressChange.objects.get()
    for attempt in (change.save, change.delete, AddressChange.objects.all().delete,
                    lambda: AddressChange.objects.update(reason="x")):
        with pytest.raises(PermissionError):
            attempt()


def test_the_form_is_never_filled_with_the_current_address(client, household, supporter):
    login(client, supporter)  # recently authenticated: still nothing is filled in
    page = client.get(edit_url(household)).content.decode()
    for secret in (SECRET_STREET, "1811 AB", 'value="Alkmaar"'):
        assert secret not in page
    assert 'autocomplete="off"' in page  # nor remembered by the browser
    assert not AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                             action=AccessAction.REVEAL_ADDRESS).exists()


def test_the_page_title_shows_the_reference_never_a_name(client, household, supporter):
    login(client, supporter)
    html = client.get(edit_url(household)).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert household.reference in title
    assert "Fatima" not in title and "Yilmaz" not in title


@pytest.mark.parametrize("who", ["colleague", "shelter_worker"])
def test_the_team_and_the_shelter_during_its_aftercare_may_change_it(
        client, household, alkmaar, request, who):
    user = request.getfixturevalue(who)
    login(client, user)
    assert client.get(edit_url(household)).status_code == 200
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 302
    assert AddressChange.objects.get().by == user


def test_the_shelter_after_its_aftercare_no_longer_sees_the_page(
        client, household, shelter_worker, alkmaar, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=62))
    login(client, shelter_worker)
    assert client.get(edit_url(household)).status_code == 404
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 404
    assert not AddressChange.objects.exists()


# --- Who may not --------------------------------------------------------------------------


def test_an_outsider_gets_404_on_the_page_and_the_api_as_if_it_did_not_exist(
        client, household, outsider, alkmaar):
    import uuid

    login(client, outsider)
    for method in ("get", "post"):
        real = getattr(client, method)(edit_url(household), form_data(alkmaar))
        unknown = getattr(client, method)(
            reverse("households:address_edit", args=[uuid.uuid4()]), form_data(alkmaar))
        assert real.status_code == unknown.status_code == 404
    api = api_as(outsider)
    assert api.put(api_url(household), api_data(alkmaar), format="json").status_code == 404
    assert api.put(api_url(household), {}, format="json").status_code == 404  # any body
    assert api.put(api_url(uuid.uuid4()), {}, format="json").status_code == 404
    assert stored(household).street == SECRET_STREET
    assert not AddressChange.objects.exists()


def test_a_partner_without_address_consent_gets_404_like_toon_adres(
        client, household, school_partner, alkmaar, partner_without_address_consent):
    login(client, school_partner)
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 200
    assert client.post(reverse("households:address", args=[household.uuid])).status_code == 404
    assert client.get(edit_url(household)).status_code == 404
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 404
    api = api_as(school_partner)
    assert api.put(api_url(household), api_data(alkmaar), format="json").status_code == 404
    assert stored(household).street == SECRET_STREET


def test_a_partner_who_may_see_the_address_may_not_change_it(
        client, household, school_partner, alkmaar, partner_with_address_consent):
    login(client, school_partner)
    assert SECRET_STREET in revealed_street(client, household)  # it may look
    detail = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert edit_url(household) not in detail
    assert client.get(edit_url(household)).status_code == 403
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 403
    api = api_as(school_partner)
    assert api.put(api_url(household), api_data(alkmaar), format="json").status_code == 403
    assert api.put(api_url(household), {}, format="json").status_code == 403  # not a 400
    with pytest.raises(PermissionDenied):
        address_change(actor=as_actor(school_partner), household=household,
                       street=NEW_STREET, postcode=NEW_POSTCODE, city="Alkmaar",
                       municipality=alkmaar, is_secret=True, reason="Verhuisd")
    assert stored(household).street == SECRET_STREET
    assert not AddressChange.objects.exists()


def test_break_the_glass_is_for_looking_not_for_changing(client, household, vt_worker,
                                                         alkmaar):
    emergency_access_open(actor=as_actor(vt_worker), reference=household.reference,
                          date_of_birth=CLIENT_BORN,
                          reason="Politie belt: acute dreiging.", password=PASSWORD)
    login(client, vt_worker)
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 200
    assert client.get(edit_url(household)).status_code == 403
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 403
    assert stored(household).street == SECRET_STREET


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reason", "", "Leg kort vast waarom het adres verandert"),
    ("reason", "   ", "Leg kort vast waarom het adres verandert"),
    ("postcode", "18222 X", "Vul een postcode in als 1234 AB."),
    ("postcode", "0811 AB", "Vul een postcode in als 1234 AB."),
    ("street", "", "Dit veld is vereist."),
    ("city", "", "Dit veld is vereist."),
    ("municipality", "", "Dit veld is vereist."),
])
def test_bad_input_shows_a_clear_field_error_and_saves_nothing(
        client, household, supporter, alkmaar, field, value, message):
    login(client, supporter)
    before = AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                           record_type="address").count()
    response = client.post(edit_url(household), form_data(alkmaar, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert stored(household).street == SECRET_STREET
    assert not AddressChange.objects.exists()
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                         record_type="address").count() == before


def test_the_postcode_is_written_the_dutch_way():
    assert normalise_postcode(" 1822xy ") == "1822 XY"
    assert normalise_postcode("1822 XY") == "1822 XY"
    with pytest.raises(ValidationError) as error:
        normalise_postcode("Geheimelaan 13")
    assert "Geheimelaan" not in str(error.value)  # the message never repeats the input


def test_the_service_holds_the_rules_for_every_caller(household, supporter, alkmaar):
    with pytest.raises(ValidationError) as error:
        address_change(actor=as_actor(supporter), household=household, street=" ",
                       postcode="x", city="", municipality=None, is_secret=False, reason="")
    assert set(error.value.message_dict) == {"street", "postcode", "city", "municipality",
                                             "reason"}
    assert stored(household).street == SECRET_STREET


def test_a_closed_trajectory_has_no_address_to_change(client, household, supporter, alkmaar):
    trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                     reason="Het jaar is om")
    # Closing ends the team's involvement too: refused either way, nothing written.
    with pytest.raises((ValidationError, PermissionDenied)):
        address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                       postcode=NEW_POSTCODE, city="Alkmaar", municipality=alkmaar,
                       is_secret=True, reason="Verhuisd")
    assert stored(household).street == SECRET_STREET


def test_before_departure_there_is_no_address_to_change(client, invited_household, supporter):
    login(client, supporter)
    page = client.get(edit_url(invited_household))
    assert page.status_code == 200
    assert "Het adres wordt vastgelegd bij het vertrek" in page.content.decode()
    assert "<form method=\"post\" class=\"zicht-form\"" not in page.content.decode()


# --- The password again -------------------------------------------------------------------


def test_changing_a_secret_address_asks_for_the_password_again(client, household, supporter,
                                                               alkmaar):
    login(client, supporter)
    forget_reauth(client)
    page = client.get(edit_url(household)).content.decode()
    assert "Uw wachtwoord" in page and "Het huidige adres is geheim" in page

    missing = client.post(edit_url(household), form_data(alkmaar))
    assert missing.status_code == 200 and 'id="id_password_error"' in missing.content.decode()
    wrong = client.post(edit_url(household), form_data(alkmaar, password="wrong"))
    assert "Het wachtwoord klopt niet." in wrong.content.decode()
    assert stored(household).street == SECRET_STREET
    assert not AddressChange.objects.exists()

    right = client.post(edit_url(household), form_data(alkmaar, password=PASSWORD))
    assert right.status_code == 302
    assert stored(household).street == NEW_STREET
    # Recent now, like "toon adres": the address shows without asking again.
    assert NEW_STREET in revealed_street(client, household)


def test_making_a_secret_address_public_asks_for_the_password_too(client, household,
                                                                  supporter, alkmaar):
    login(client, supporter)
    forget_reauth(client)
    response = client.post(edit_url(household), form_data(alkmaar, is_secret=None))
    assert response.status_code == 200
    assert stored(household).is_secret is True


def test_a_right_password_with_other_errors_is_not_asked_again(client, household, supporter,
                                                              alkmaar):
    login(client, supporter)
    forget_reauth(client)
    response = client.post(edit_url(household), form_data(alkmaar, reason="",
                                                           password=PASSWORD))
    html = response.content.decode()
    assert "Leg kort vast waarom" in html and "Uw wachtwoord" not in html
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 302


def test_an_address_that_is_not_secret_needs_no_password(client, household, supporter,
                                                         alkmaar):
    Address.objects.filter(household=household).update(is_secret=False)
    login(client, supporter)
    forget_reauth(client)
    assert "Uw wachtwoord" not in client.get(edit_url(household)).content.decode()
    # Making it secret asks nothing either: nothing secret is read.
    assert client.post(edit_url(household), form_data(alkmaar)).status_code == 302
    assert stored(household).is_secret is True


# --- The new street goes nowhere ----------------------------------------------------------


def test_the_new_street_is_not_in_the_answer_the_access_log_or_any_email(
        client, household, supporter, colleague, alkmaar, alkmaar_team, time_machine,
        django_capture_on_commit_callbacks):
    coordinator_assign(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                       organisation=alkmaar_team, professional=colleague)
    # Past the 15 minutes in which the colleague's next mail would be bundled.
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    mail.outbox.clear()
    login(client, supporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(household), form_data(alkmaar), follow=True)
    assert response.status_code == 200
    assert "Het nieuwe adres is vastgelegd." in response.content.decode()
    pages = [response, client.get(reverse("home")),
             client.get(reverse("households:access_log", args=[household.uuid])),
             client.get(edit_url(household))]
    for page in pages:
        html = page.content.decode()
        assert NEW_STREET not in html and NEW_POSTCODE not in html, page.request["PATH_INFO"]
    entries = AccessLogEntry.objects.filter(household_uuid=household.uuid)
    change = AddressChange.objects.get()
    assert entries.filter(action=AccessAction.UPDATE, record_type="address",
                          record_uuid=change.uuid, user=supporter).count() == 1
    text = repr(list(entries.values()))
    for secret in (NEW_STREET, NEW_POSTCODE, "Verhuisd binnen de gemeente"):
        assert secret not in text
    # The coordinator hears of it in the inbox; the e-mail says only "something new".
    assert Notification.objects.filter(recipient=colleague,
                                       kind=NotificationKind.ADDRESS_CHANGE).exists()
    assert not Notification.objects.filter(recipient=supporter,
                                           kind=NotificationKind.ADDRESS_CHANGE).exists()
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    for message in mail.outbox:
        body = f"{message.subject}\n{message.body}"
        for secret in (NEW_STREET, NEW_POSTCODE, household.reference, "Fatima",
                       "Verhuisd"):
            assert secret not in body


def test_nothing_is_mailed_when_the_change_is_refused(household, supporter, colleague,
                                                      alkmaar, alkmaar_team,
                                                      django_capture_on_commit_callbacks):
    coordinator_assign(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                       organisation=alkmaar_team, professional=colleague)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                       postcode="nope", city="Alkmaar", municipality=alkmaar,
                       is_secret=True, reason="Verhuisd")
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=NotificationKind.ADDRESS_CHANGE).exists()


def test_no_street_in_the_log_lines_of_a_change(client, household, supporter, alkmaar,
                                                caplog):
    caplog.set_level(logging.DEBUG)
    login(client, supporter)
    client.get(edit_url(household))
    client.post(edit_url(household), form_data(alkmaar, postcode="nope"))
    client.post(edit_url(household), form_data(alkmaar))
    api_as(supporter).put(api_url(household), api_data(alkmaar, street="Anderpad 2"),
                          format="json")
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for secret in (NEW_STREET, NEW_POSTCODE, "Anderpad", SECRET_STREET):
        assert secret not in text


# --- Another municipality -----------------------------------------------------------------


def test_another_municipality_does_not_move_the_household_but_points_to_the_move(
        client, household, supporter, hoorn):
    login(client, supporter)
    response = client.post(edit_url(household), form_data(hoorn, city="Hoorn"), follow=True)
    html = response.content.decode()
    assert 'id="address-elsewhere"' in html
    assert reverse("moves:new", args=[household.uuid]) in html
    trajectory = household.trajectories.get()
    assert trajectory.destination_municipality.name == "Alkmaar"  # not moved
    assert not Move.objects.exists()
    assert stored(household).municipality == hoorn


def test_the_move_notice_goes_once_the_handover_is_under_way(client, household, supporter,
                                                             hoorn, hoorn_team):
    from tests.test_moves import _request

    address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                   postcode=NEW_POSTCODE, city="Hoorn", municipality=hoorn, is_secret=True,
                   reason="Verhuisd naar Hoorn")
    login(client, supporter)
    detail = reverse("households:detail", args=[household.uuid])
    assert 'id="address-elsewhere"' in client.get(detail).content.decode()
    _request(household, supporter, hoorn_team)
    assert 'id="address-elsewhere"' not in client.get(detail).content.decode()


def test_an_address_elsewhere_without_a_handover_counts_for_the_out_of_sight_status(
        household, supporter, hoorn, hoorn_team):
    from tests.test_moves import _request
    from zicht.rhythm.models import SightStatus
    from zicht.rhythm.services import sight_scan

    def reasons() -> set[str]:
        sight_scan()
        status = SightStatus.objects.get(trajectory__household=household)
        return {r["code"] for r in status.reasons}

    assert "address_elsewhere" not in reasons()
    address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                   postcode=NEW_POSTCODE, city="Hoorn", municipality=hoorn, is_secret=True,
                   reason="Verhuisd naar Hoorn")
    assert "address_elsewhere" in reasons()
    _request(household, supporter, hoorn_team)
    assert {"moving"} <= reasons() and "address_elsewhere" not in reasons()


def test_the_household_page_warns_when_the_safety_plan_says_secret_and_the_address_not(
        client, household, supporter):
    from zicht.safety.services import safety_plan_save

    login(client, supporter)
    detail = reverse("households:detail", args=[household.uuid])
    safety_plan_save(actor=as_actor(supporter), household=household,
                     data={"secret_address": True})
    assert 'id="address-not-secret"' not in client.get(detail).content.decode()  # both secret
    Address.objects.filter(household=household).update(is_secret=False)
    page = client.get(detail).content.decode()
    assert 'id="address-not-secret"' in page
    assert reverse("households:address_edit", args=[household.uuid]) in page


def test_the_same_municipality_shows_no_move_notice(client, household, supporter, alkmaar):
    login(client, supporter)
    html = client.post(edit_url(household), form_data(alkmaar), follow=True).content.decode()
    assert 'id="address-elsewhere"' not in html


def test_the_select_offers_the_directorys_municipalities(client, household, supporter,
                                                         alkmaar, hoorn, region):
    MunicipalityFactory(name="Den Helder", cbs_code="GM0400", region=region)
    login(client, supporter)
    html = client.get(edit_url(household)).content.decode()
    select = html.split('name="municipality"')[1].split("</select>")[0]
    assert [n for n in ("Alkmaar", "Den Helder", "Hoorn") if n in select] == [
        "Alkmaar", "Den Helder", "Hoorn"]
    assert f'value="{alkmaar.pk}" selected' in select  # the trajectory's, by default


# --- The API ------------------------------------------------------------------------------


def test_the_api_changes_the_address_and_answers_without_the_street(household, supporter,
                                                                    alkmaar, hoorn):
    api = api_as(supporter)
    response = api.put(api_url(household), api_data(alkmaar, postcode="1822xy"),
                       format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"municipality", "is_secret", "updated_at", "other_municipality"}
    assert NEW_STREET not in response.content.decode()
    assert not re.search(r"1822\s*XY", response.content.decode(), re.IGNORECASE)
    assert body["is_secret"] is True and body["other_municipality"] is False
    assert body["municipality"]["cbs_code"] == "GM0361"
    assert response["Cache-Control"] == "no-store"
    address = stored(household)
    assert (address.street, address.postcode) == (NEW_STREET, NEW_POSTCODE)
    assert AddressChange.objects.get().by == supporter
    elsewhere = api.put(api_url(household), api_data(hoorn, city="Hoorn"), format="json")
    assert elsewhere.json()["other_municipality"] is True
    revealed = api.post(api_url(household)).json()
    assert revealed["street"] == NEW_STREET


def test_the_api_answers_400_with_field_errors_and_saves_nothing(household, supporter,
                                                                 alkmaar):
    api = api_as(supporter)
    response = api.put(api_url(household), api_data(alkmaar, postcode="Verscholenpad",
                                                     reason=""), format="json")
    assert response.status_code == 400
    assert set(invalid_params(response)) == {"postcode", "reason"}
    assert "Verscholenpad" not in response.content.decode()
    missing = api.put(api_url(household), {"street": NEW_STREET}, format="json")
    assert missing.status_code == 400
    assert {"postcode", "city", "municipality", "is_secret", "reason"} <= set(
        invalid_params(missing))
    assert NEW_STREET not in missing.content.decode()
    assert stored(household).street == SECRET_STREET
    assert not AddressChange.objects.exists()


def test_the_api_cannot_change_a_closed_trajectorys_address(household, supporter, alkmaar):
    trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                     reason="Het jaar is om")
    response = api_as(supporter).put(api_url(household), api_data(alkmaar), format="json")
    assert response.status_code in (400, 404)
    assert stored(household).street == SECRET_STREET


# --- Retention and inzage -----------------------------------------------------------------


def test_retention_removes_the_history_with_the_address(household, supporter, alkmaar,
                                                        settings, time_machine):
    address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                   postcode=NEW_POSTCODE, city="Alkmaar", municipality=alkmaar,
                   is_secret=True, reason="Verhuisd binnen de gemeente")
    trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                     reason="Het jaar is om")
    settings.ZICHT_PSEUDONYMISE_AFTER_DAYS = 365
    settings.ZICHT_REMOVE_AFTER_DAYS = 730
    start = timezone.now()
    time_machine.move_to(start + timedelta(days=366))
    assert retention_run().pseudonymised == [household.reference]
    assert not AddressChange.objects.filter(household=household).exists()
    address_change_row = AddressChange(household=household, by=supporter,
                                       organisation=supporter.memberships.get().organisation,
                                       reason="x", municipality=alkmaar,
                                       is_secret_before=True, is_secret_after=True)
    address_change_row.save()  # a row left behind does not stop the removal
    time_machine.move_to(start + timedelta(days=731))
    assert retention_run().removed == [household.reference]
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not AddressChange.objects.exists()


def test_the_clients_inzage_holds_the_history(household, supporter, alkmaar):
    address_change(actor=as_actor(supporter), household=household, street=NEW_STREET,
                   postcode=NEW_POSTCODE, city="Alkmaar", municipality=alkmaar,
                   is_secret=True, reason="Tijdelijk adres wordt vast adres")
    data = person_inzage(actor=as_actor(supporter), household=household,
                         person=household.client)
    assert "households.addresschange" in data["records"]
    assert "Tijdelijk adres wordt vast adres" in json.dumps(data, ensure_ascii=False)
