"""Privacy rights (AVG): inzage as JSON and PDF, and retention with frozen time."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SECRET_STREET, as_actor, login
from zicht.access.inzage import person_inzage
from zicht.access.retention import PSEUDONYM, retention_run
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.contacts.services import contact_record
from zicht.households.models import Address, Household, Person, PersonRole
from zicht.trajectories.services import trajectory_close

PASSWORD = "correct horse battery"


def _with_contact(household, supporter):
    from zicht.contacts.models import Channel

    contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                   kind="follow_up",
                   held_on=timezone.localdate(), channel=Channel.PHONE, reached=True,
                   notes="Gaat goed met Noor op school.")


def test_the_inzage_of_the_client_holds_everything_zicht_knows(household, supporter):
    _with_contact(household, supporter)
    data = person_inzage(actor=as_actor(supporter), household=household,
                         person=household.client, with_address=True)
    text = json.dumps(data, ensure_ascii=False)
    for expected in ("Fatima", "Noor", "Emre", SECRET_STREET, "1811 AB",
                     "Gaat goed met Noor op school.", household.reference,
                     "Sociaal Team Alkmaar", "Opvang De Linde"):
        assert expected in text, expected
    assert data["consents"] and data["disclosures"]
    assert {"trajectories.trajectory", "consent.consent",
            "households.involvement"} <= set(data["records"])
    assert "contacts.contactmoment" in data["records"]["trajectories.trajectory"][0]["nested"]
    assert "Kees" not in text  # the perpetrator's data is not the client's
    logged = AccessLogEntry.objects.filter(household_uuid=household.uuid)
    assert logged.filter(action=AccessAction.EXPORT).count() == 1
    # The address came through its one door (issue 19), and says so in the log.
    assert logged.filter(action=AccessAction.REVEAL_ADDRESS).count() == 1
    assert data["address"]["street"] == SECRET_STREET


def test_without_the_door_the_inzage_names_no_address_anywhere(household, supporter):
    # The client's own download (Mijn afspraken): she knows it, and the file stays on a
    # phone someone else may see. Any record holding an address shows the door instead.
    from zicht.access.inzage import ADDRESS_ELSEWHERE, dump

    data = person_inzage(actor=as_actor(supporter), household=household,
                         person=household.client)
    text = json.dumps(data, ensure_ascii=False)
    assert SECRET_STREET not in text and "1811 AB" not in text and "address" not in data
    assert not AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                             action=AccessAction.REVEAL_ADDRESS).exists()
    assert "households.address" not in data["records"]
    address = dump(household.address)
    assert SECRET_STREET not in address.values() and ADDRESS_ELSEWHERE in address.values()


def test_the_inzage_of_the_perpetrator_never_holds_the_households_data(household, supporter):
    kees = household.persons.get(role=PersonRole.PERPETRATOR)
    text = json.dumps(person_inzage(actor=as_actor(supporter), household=household,
                                    person=kees), ensure_ascii=False)
    assert "Kees" in text
    for secret in ("Fatima", "Noor", SECRET_STREET, "Alkmaar"):
        assert secret not in text


def test_inzage_downloads_as_json_and_pdf_after_the_password(client, household, supporter):
    from tests.test_hardening import forget_reauth

    login(client, supporter)
    forget_reauth(client)
    url = reverse("access:inzage", args=[household.uuid, household.client.uuid, "json"])
    response = client.get(url)
    assert reverse("access:reauth") in response["Location"]
    client.post(reverse("access:reauth"), {"password": PASSWORD, "next": url})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith(
        "attachment")
    assert "Fatima" in response.content.decode()
    pdf = client.get(reverse("access:inzage",
                             args=[household.uuid, household.client.uuid, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.fixture
def closed_household(household, supporter):
    _with_contact(household, supporter)
    trajectory_close(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                     reason="Het jaar is om")
    return household


def test_retention_pseudonymises_then_removes_with_frozen_time(closed_household, settings,
                                                              time_machine):
    settings.ZICHT_PSEUDONYMISE_AFTER_DAYS = 365
    settings.ZICHT_REMOVE_AFTER_DAYS = 730
    settings.ZICHT_ACCESS_LOG_KEEP_DAYS = 1000
    reference = closed_household.reference
    client = closed_household.client
    client.bsn = "123456782"
    client.save()
    start = timezone.now()

    time_machine.move_to(start + timedelta(days=364))
    assert retention_run().pseudonymised == []

    time_machine.move_to(start + timedelta(days=366))
    report = retention_run()
    assert report.pseudonymised == [reference] and report.removed == []
    assert set(Person.objects.filter(household=closed_household)
               .values_list("given_name", flat=True)) == {PSEUDONYM}
    assert not Person.objects.filter(household=closed_household).exclude(bsn="").exists()
    assert not Person.objects.filter(household=closed_household).exclude(bsn_hash="").exists()
    assert not Address.objects.filter(household=closed_household).exists()
    assert not closed_household.trajectories.get().contacts.exclude(notes="").exists()
    assert retention_run().pseudonymised == []  # once

    time_machine.move_to(start + timedelta(days=731))
    report = retention_run()
    assert report.removed == [reference]
    assert not Household.objects.filter(pk=closed_household.pk).exists()
    # The access log outlives the household, for its own period.
    assert AccessLogEntry.objects.filter(household_uuid=closed_household.uuid).exists()

    time_machine.move_to(start + timedelta(days=1001))
    assert retention_run().access_log_entries_removed > 0
    assert not AccessLogEntry.objects.filter(household_uuid=closed_household.uuid).exists()


def test_an_open_trajectory_is_never_touched(household, settings, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=20 * 365))
    report = retention_run()
    assert report.pseudonymised == report.removed == []
    assert Household.objects.filter(pk=household.pk).exists()


def test_the_retention_command_reports_what_it_removed(closed_household, time_machine,
                                                       capsys, settings):
    time_machine.move_to(timezone.now() + timedelta(
        days=settings.ZICHT_PSEUDONYMISE_AFTER_DAYS + 1))
    call_command("retention")
    out = capsys.readouterr().out
    assert f"pseudonymised: 1 {closed_household.reference}" in out
    assert "removed: 0" in out


# --- Encryption at rest -------------------------------------------------------------------


def _raw(table: str, column: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_the_secret_address_and_notes_are_encrypted_at_rest(household, supporter):
    _with_contact(household, supporter)
    raw = _raw("households_address", "street") + _raw("contacts_contactmoment", "notes")
    assert raw and all(value.startswith("enc1:") for value in raw)
    assert SECRET_STREET not in "".join(raw) and "Noor" not in "".join(raw)
    assert Address.objects.get(household=household).street == SECRET_STREET


def test_key_rotation_re_encrypts_with_the_new_key(household, supporter, settings, tmp_path,
                                                   monkeypatch, capsys):
    from cryptography.fernet import Fernet

    from zicht.core import crypto

    monkeypatch.delenv("ZICHT_FIELD_KEYS", raising=False)
    settings.DATA_DIR = tmp_path
    old = Fernet.generate_key().decode()
    (tmp_path / "field_keys").write_text(old + "\n")
    crypto.reload_keys()
    Address.objects.filter(household=household).update(street=SECRET_STREET,
                                                       postcode="1811 AB", city="Alkmaar")
    try:
        call_command("rotate_field_keys", "--new-key")
        assert "rows re-encrypted" in capsys.readouterr().out
        keys = (tmp_path / "field_keys").read_text().split()
        assert len(keys) == 2 and keys[1] == old
        (tmp_path / "field_keys").write_text(keys[0] + "\n")  # the old key removed
        crypto.reload_keys()
        assert Address.objects.get(household=household).street == SECRET_STREET
    finally:
        crypto.reload_keys()


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_the_inzage_is_an_api_resource_as_json_and_as_pdf_after_the_password(
        client, household, supporter):
    from rest_framework.test import APIClient

    from tests.test_hardening import forget_reauth

    api = login(APIClient(), supporter)
    url = f"/api/v1/households/{household.uuid}/persons/{household.client.uuid}/inzage/"
    forget_reauth(api)
    assert api.get(url).status_code == 403
    api.post(reverse("access:reauth"), {"password": PASSWORD, "next": "/"})
    as_json = api.get(url)
    assert as_json.status_code == 200 and "Fatima" in as_json.json()["person"].values()
    as_pdf = api.get(url, HTTP_ACCEPT="application/pdf")
    assert as_pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(as_pdf.content)
    assert "Fatima" in text and "Kees" not in text  # the client's, not the perpetrator's
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                         action=AccessAction.EXPORT).count() == 2


def test_an_api_key_does_not_open_an_inzage(household, supporter):
    from rest_framework.test import APIClient

    from tests.conftest import api_key_for

    api = APIClient(HTTP_AUTHORIZATION=f"Token {api_key_for(supporter)}")
    url = f"/api/v1/households/{household.uuid}/persons/{household.client.uuid}/inzage/"
    assert api.get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_an_outsider_gets_404_for_an_inzage_over_the_api(household, outsider):
    from rest_framework.test import APIClient

    api = login(APIClient(), outsider)
    url = f"/api/v1/households/{household.uuid}/persons/{household.client.uuid}/inzage/"
    assert api.get(url).status_code == 404


def test_the_bsn_is_stored_encrypted_and_matched_by_its_keyed_hash(household):
    from django.db import connection

    from zicht.core.crypto import keyed_hash

    client = household.client
    client.bsn = "123456782"
    client.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_hash FROM households_person WHERE id = %s", [client.pk])
        stored, stored_hash = cursor.fetchone()
    assert "123456782" not in stored and "123456782" not in stored_hash
    assert Person.objects.get(bsn_hash=keyed_hash("123456782")) == client
    assert Person.objects.get(pk=client.pk).bsn == "123456782"
