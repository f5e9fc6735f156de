"""Sessions, logout, re-authentication, the append-only access log in the database, and
no personal data in log lines (OWASP ASVS 3.3, 3.7, 7.1, 7.3)."""

import logging
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SECRET_STREET, login
from zicht.access.models import SessionRecord
from zicht.audit.models import AccessLogEntry

PASSWORD = "correct horse battery"


def test_an_idle_session_ends_after_15_minutes(client, household, supporter, time_machine):
    login(client, supporter)
    url = reverse("households:detail", args=[household.uuid])
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=14))
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    response = client.get(url)
    assert response.status_code == 302 and "reason=idle" in response["Location"]
    assert client.get(url).status_code == 302  # logged out for good
    assert SessionRecord.objects.get(user=supporter).ended_reason == "idle"


def test_any_session_ends_after_12_hours(client, household, supporter, time_machine):
    login(client, supporter)
    url = reverse("households:detail", args=[household.uuid])
    for _ in range(12 * 6 + 1):  # active every ten minutes
        time_machine.move_to(timezone.now() + timedelta(minutes=10))
        response = client.get(url)
        if response.status_code != 200:
            break
    assert response.status_code == 302 and "reason=absolute" in response["Location"]
    assert timezone.now() - SessionRecord.objects.get().started_at >= timedelta(hours=12)


def test_the_timeouts_come_from_settings(client, household, supporter, settings,
                                         time_machine):
    settings.ZICHT_SESSION_IDLE_MINUTES = 2
    login(client, supporter)
    time_machine.move_to(timezone.now() + timedelta(minutes=3))
    assert client.get(reverse("home")).status_code == 302


def test_a_professional_sees_and_ends_their_own_other_session(client, supporter, colleague,
                                                              django_user_model):
    from django.test import Client

    laptop, phone, other = Client(), Client(), Client()
    login(laptop, supporter)
    login(phone, supporter)
    login(other, colleague)
    assert phone.get(reverse("home")).status_code == 200
    page = laptop.get(reverse("access:sessions")).content.decode()
    assert page.count("Ingelogd") == 2 and "deze sessie" in page
    phone_record = SessionRecord.objects.filter(user=supporter).order_by("id")[1]
    colleague_record = SessionRecord.objects.get(user=colleague)

    end = reverse("access:session_end", args=[phone_record.pk])
    forget_reauth(laptop)
    assert reverse("access:reauth") in laptop.post(end)["Location"]  # password first
    laptop.post(reverse("access:reauth"), {"password": PASSWORD, "next": "/"})
    laptop.post(end)
    laptop.post(reverse("access:session_end", args=[colleague_record.pk]))  # not theirs

    assert phone.get(reverse("home")).status_code == 302
    assert laptop.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).status_code == 200


def test_disabling_an_account_ends_all_its_sessions(client, supporter):
    login(client, supporter)
    assert client.get(reverse("home")).status_code == 200
    supporter.is_active = False
    supporter.save()
    assert client.get(reverse("home")).status_code == 302
    assert not SessionRecord.objects.filter(user=supporter, ended_at__isnull=True).exists()


def test_logout_clears_the_browsers_data_for_the_site(client, supporter):
    login(client, supporter)
    client.get(reverse("home"))
    response = client.post(reverse("access:logout"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert SessionRecord.objects.get(user=supporter).ended_reason == "logout"


def test_the_session_table_holds_no_session_key(client, supporter):
    login(client, supporter)
    client.get(reverse("home"))
    record = SessionRecord.objects.get(user=supporter)
    assert client.session.session_key not in record.key_hash


def forget_reauth(client):
    """As if the login was longer ago than ZICHT_REAUTH_MINUTES."""
    session = client.session
    session.pop("zicht_reauth_at", None)
    session.save()


def test_a_login_counts_as_recent_authentication_for_a_few_minutes(client, supporter):
    login(client, supporter)
    record = SessionRecord.objects.get(user=supporter)
    response = client.post(reverse("access:session_end", args=[record.pk]))
    assert reverse("access:reauth") not in response["Location"]


def test_the_secret_address_needs_the_password_again_after_a_while(client, household,
                                                                   supporter, settings,
                                                                   time_machine):
    login(client, supporter)
    url = reverse("households:address", args=[household.uuid])
    time_machine.move_to(timezone.now() + timedelta(minutes=settings.ZICHT_REAUTH_MINUTES + 1))
    asked = client.post(url).content.decode()
    assert SECRET_STREET not in asked and "Bevestig uw wachtwoord" in asked
    assert SECRET_STREET not in client.post(url, {"password": "wrong"}).content.decode()
    assert SECRET_STREET in client.post(url, {"password": PASSWORD}).content.decode()
    assert SECRET_STREET in client.post(url).content.decode()  # recent now


def test_reauthentication_expires(client, supporter, time_machine, settings):
    login(client, supporter)
    forget_reauth(client)
    client.post(reverse("access:reauth"), {"password": PASSWORD, "next": "/"})
    page = reverse("access:sessions")
    assert client.get(page).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=settings.ZICHT_REAUTH_MINUTES + 1))
    record = SessionRecord.objects.filter(user=supporter).first()
    response = client.post(reverse("access:session_end", args=[record.pk]))
    assert reverse("access:reauth") in response["Location"]


def test_a_wrong_password_does_not_reauthenticate(client, supporter):
    login(client, supporter)
    response = client.post(reverse("access:reauth"), {"password": "nope", "next": "/"})
    assert response.status_code == 200 and "klopt niet" in response.content.decode()


def test_reauth_does_not_redirect_elsewhere(client, supporter):
    login(client, supporter)
    response = client.post(reverse("access:reauth"),
                           {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


# --- The access log is append-only in the database too ------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_the_access_log(household):
    entry = AccessLogEntry.objects.filter(household_uuid=household.uuid).first()
    table = AccessLogEntry._meta.db_table
    for sql in (f"UPDATE {table} SET role = 'x' WHERE id = %s",  # noqa: S608
                f"DELETE FROM {table} WHERE id = %s"):  # noqa: S608
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [entry.pk])
    assert AccessLogEntry.objects.filter(pk=entry.pk, role=entry.role).exists()


# --- No personal data in log lines --------------------------------------------------------


def test_no_personal_data_in_the_log_lines_of_a_full_flow(client, household, supporter,
                                                          outsider, caplog, monkeypatch):
    """Every logger at DEBUG, through the whole first slice plus 404s, 403s and a 500."""
    from tests.test_consent_and_sharing import api_as

    household.persons.filter(given_name="Fatima").update(
        date_of_birth=timezone.localdate().replace(year=1990, month=3, day=17))
    caplog.set_level(logging.DEBUG)
    login(client, supporter)
    detail = reverse("households:detail", args=[household.uuid])
    client.get(reverse("home"))
    client.get(detail)
    client.post(reverse("households:address", args=[household.uuid]))
    client.post(reverse("contacts:new", args=[household.uuid]),
                {"held_on": "2099-01-01", "channel": "phone", "reached": "yes",
                 "notes": "Fatima Yilmaz, Geheimelaan 13"})
    client.get(reverse("access:overview", args=[household.uuid]))
    api = api_as(supporter)
    api.get(f"/api/v1/households/{household.uuid}/")
    api.post(f"/api/v1/households/{household.uuid}/address/")
    api.post("/api/v1/households/", {"client": {"given_name": "Fatima"}}, format="json")
    client.get("/does-not-exist/")
    import zicht.households.views as views

    def broken(**kwargs):
        raise RuntimeError("boom")

    with monkeypatch.context() as patch:  # a 500 with its traceback in the log
        patch.setattr(views, "household_read", broken)
        client.raise_request_exception = False
        assert client.get(detail).status_code == 500
    login(client, outsider)
    client.get(detail)
    client.post(reverse("households:address", args=[household.uuid]))
    client.get(reverse("households:new"))

    formatter = logging.Formatter()
    text = "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')!r} "
        f"{formatter.formatException(r.exc_info) if r.exc_info else ''}"
        for r in caplog.records)
    assert "RuntimeError" in text
    assert caplog.records, "nothing was captured: the scan would prove nothing"
    for secret in ("Fatima", "Yilmaz", "Noor", "Emre", "Kees", "Bakker", SECRET_STREET,
                   "1811 AB", "1990-03-17", "17-3-1990"):
        assert secret not in text, f"{secret!r} appears in a log line"
