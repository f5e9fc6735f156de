"""Correction with its trail (AVG art. 16): who corrected which of a person's data, from what
to what, when and why; append-only, encrypted at rest, and never in a log line."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, invalid_params, login
from tests.test_consent_and_sharing import api_as
from zicht.access.inzage import person_inzage
from zicht.access.models import Correction
from zicht.access.services import person_correct
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.households.models import PersonRole

PASSWORD = "correct horse battery"


def _reauthenticated(client, user):
    login(client, user)
    session = client.session
    session["zicht_reauth_at"] = timezone.now().timestamp()
    session.save()
    return client


def _noor(household):
    return household.persons.get(given_name="Noor")


def test_a_carer_corrects_a_name_with_a_reason_and_the_trail_shows_old_and_new(
        client, household, supporter):
    noor = _noor(household)
    _reauthenticated(client, supporter)
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert reverse("access:correction", args=[household.uuid, noor.uuid]) in page
    response = client.post(reverse("access:correction", args=[household.uuid, noor.uuid]), {
        "given_name": "Nour", "family_name": "Yilmaz", "date_of_birth": "", "gender": "",
        "relation": "", "bsn": "", "reason": "Op verzoek van de cliënt: zo wordt het gespeld"})
    assert response.status_code == 302
    noor.refresh_from_db()
    assert noor.given_name == "Nour"
    correction = Correction.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "given_name", "Noor", "Nour")
    assert correction.corrected_by == supporter
    trail = client.get(reverse("access:corrections", args=[household.uuid]))
    assert trail.status_code == 200
    assert "Op verzoek van de cliënt" in trail.content.decode()
    row = trail.content.decode().split('id="corrections"')[1]
    assert ">Noor<" in row and ">Nour<" in row
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid, record_type="person",
                                         record_uuid=noor.uuid,
                                         action=AccessAction.UPDATE).count() == 1


def test_without_a_reason_nothing_is_saved(client, household, supporter):
    noor = _noor(household)
    with pytest.raises(ValidationError) as error:
        person_correct(actor=as_actor(supporter), person=noor,
                       changes={"given_name": "Nour"}, reason="  ")
    assert "reason" in error.value.message_dict
    _reauthenticated(client, supporter)
    response = client.post(reverse("access:correction", args=[household.uuid, noor.uuid]), {
        "given_name": "Nour", "family_name": "Yilmaz", "reason": ""})
    assert response.status_code == 200
    assert "Leg vast waarom dit gecorrigeerd wordt" in response.content.decode()
    noor.refresh_from_db()
    assert noor.given_name == "Noor" and not Correction.objects.exists()


def test_only_changed_fields_are_recorded_and_a_wrong_value_changes_nothing(household,
                                                                            supporter):
    noor = _noor(household)
    actor = as_actor(supporter)
    with pytest.raises(ValidationError):
        person_correct(actor=actor, person=noor, changes={"given_name": "Noor"},
                       reason="op verzoek van cliënt")
    with pytest.raises(ValidationError) as error:
        person_correct(actor=actor, person=noor,
                       changes={"family_name": "Demir", "gender": "unknown-kind"},
                       reason="op verzoek van cliënt")
    assert "gender" in error.value.message_dict
    noor.refresh_from_db()
    assert noor.family_name == "Yilmaz" and not Correction.objects.exists()
    person_correct(actor=actor, person=noor,
                   changes={"given_name": "Noor", "family_name": "Demir"},
                   reason="op verzoek van cliënt")
    assert list(Correction.objects.values_list("field", flat=True)) == ["family_name"]


def test_the_trail_is_encrypted_at_rest_and_append_only(household, supporter):
    [correction] = person_correct(actor=as_actor(supporter), person=_noor(household),
                                  changes={"given_name": "Nour"}, reason="spelling")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT old_value, new_value FROM {Correction._meta.db_table}")  # noqa: S608
        old, new = cursor.fetchone()
    assert old.startswith("enc1:") and new.startswith("enc1:") and "Noor" not in old
    with pytest.raises(PermissionError):
        correction.save()
    with pytest.raises(PermissionError):
        Correction.objects.update(reason="x")
    with pytest.raises(PermissionError):
        correction.delete()


def test_a_partner_may_not_correct(household, school_partner):
    with pytest.raises(PermissionDenied):
        person_correct(actor=as_actor(school_partner), person=_noor(household),
                       changes={"given_name": "Nour"}, reason="spelling")


def test_the_correction_form_asks_the_password_again(client, household, supporter):
    from tests.test_hardening import forget_reauth

    login(client, supporter)
    forget_reauth(client)
    url = reverse("access:correction", args=[household.uuid, _noor(household).uuid])
    assert reverse("access:reauth") in client.get(url)["Location"]


def test_an_outsider_gets_404_on_the_pages_and_the_api(client, household, outsider):
    _reauthenticated(client, outsider)
    noor = _noor(household)
    assert client.get(reverse("access:corrections", args=[household.uuid])).status_code == 404
    url = reverse("access:correction", args=[household.uuid, noor.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, {"given_name": "X", "reason": "x"}).status_code == 404
    api = api_as(outsider)
    base = f"/api/v1/households/{household.uuid}/corrections/"
    assert api.get(base).status_code == 404
    assert api.post(base, {"person": str(noor.uuid), "given_name": "X", "reason": "x"},
                    format="json").status_code == 404
    noor.refresh_from_db()
    assert noor.given_name == "Noor"


def test_the_api_corrects_and_shows_the_trail(household, supporter):
    api = api_as(supporter)
    noor = _noor(household)
    base = f"/api/v1/households/{household.uuid}/corrections/"
    response = api.post(base, {"person": str(noor.uuid), "given_name": "Nour"}, format="json")
    assert response.status_code == 400 and "reason" in invalid_params(response)
    response = api.post(base, {"person": str(noor.uuid), "given_name": "Nour",
                               "date_of_birth": "2017-05-02", "bsn": "123456782",
                               "reason": "op verzoek van cliënt"}, format="json")
    assert response.status_code == 201, response.content
    assert {c["field"] for c in response.json()} == {"given_name", "date_of_birth", "bsn"}
    trail = api.get(base).json()["results"]
    by_field = {c["field"]: c for c in trail}
    assert (by_field["given_name"]["old_value"], by_field["given_name"]["new_value"]) == (
        "Noor", "Nour")
    assert by_field["date_of_birth"]["new_value"] == "2017-05-02"
    assert by_field["bsn"]["new_value"] is None  # a BSN is never sent in a list
    assert api.post(base, {"person": str(household.uuid), "given_name": "X",
                           "reason": "x"}, format="json").status_code == 404


def test_the_inzage_holds_the_trail_but_not_the_perpetrators(household, supporter):
    actor = as_actor(supporter)
    kees = household.persons.get(role=PersonRole.PERPETRATOR)
    person_correct(actor=actor, person=household.client, changes={"family_name": "Demir"},
                   reason="op verzoek van cliënt")
    person_correct(actor=actor, person=kees, changes={"family_name": "Bakkers"},
                   reason="gegevens van Veilig Thuis")
    client_data = person_inzage(actor=actor, household=household, person=household.client)
    text = json.dumps(client_data["corrections"], ensure_ascii=False)
    assert "Yilmaz" in text and "Demir" in text and "Bakker" not in text
    kees_data = person_inzage(actor=actor, household=household, person=kees)
    text = json.dumps(kees_data, ensure_ascii=False)
    assert "Bakkers" in text and "Demir" not in text and "Fatima" not in text


def test_the_inzage_pdf_renders_with_the_trail(client, household, supporter):
    person_correct(actor=as_actor(supporter), person=household.client,
                   changes={"family_name": "Demir"}, reason="op verzoek van cliënt")
    _reauthenticated(client, supporter)
    pdf = client.get(reverse("access:inzage", args=[household.uuid, household.client.uuid,
                                                    "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_old_value_never_reaches_a_log_line(client, household, supporter, caplog):
    caplog.set_level(logging.DEBUG)
    noor = _noor(household)
    _reauthenticated(client, supporter)
    url = reverse("access:correction", args=[household.uuid, noor.uuid])
    client.get(url)
    client.post(url, {"given_name": "Nour", "family_name": "Yilmaz", "reason": ""})
    client.post(url, {"given_name": "Nour", "family_name": "Yilmaz", "reason": "spelling"})
    client.get(reverse("access:corrections", args=[household.uuid]))
    api_as(supporter).post(f"/api/v1/households/{household.uuid}/corrections/",
                           {"person": str(noor.uuid), "family_name": "Demir"}, format="json")
    assert caplog.records, "nothing was captured: the scan would prove nothing"
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for secret in ("Noor", "Nour", "Yilmaz", "Demir", "Fatima"):
        assert secret not in text


def test_pseudonymisation_takes_the_trail_with_it(household, supporter):
    from zicht.access.retention import _pseudonymise

    person_correct(actor=as_actor(supporter), person=_noor(household),
                   changes={"given_name": "Nour"}, reason="spelling")
    _pseudonymise(household)
    assert not Correction.objects.exists()


def test_the_trail_page_does_not_grow_its_queries_with_the_trail(
        client, household, supporter, django_assert_max_num_queries):
    actor = as_actor(supporter)
    for person in household.persons.all():
        person_correct(actor=actor, person=person, changes={"relation": "gecorrigeerd"},
                       reason="op verzoek van cliënt")
    login(client, supporter)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("access:corrections", args=[household.uuid]))
    assert response.content.decode().count("gecorrigeerd") >= 4
