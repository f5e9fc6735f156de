"""The access log and the secret address.

DOMAIN.md: the secret address is shown only to those who need it, every view is logged,
and it never appears in lists, exports, notifications, e-mails or error pages.
"""

import pytest
from django.urls import reverse

from tests.conftest import SECRET_STREET, as_actor, login
from zicht.audit.models import AccessLogEntry


def entries(household, action=None):
    qs = AccessLogEntry.objects.about(household.uuid)
    return qs.filter(action=action) if action else qs


def test_every_step_of_the_slice_is_in_the_access_log(household):
    assert sorted(entries(household).values_list("record_type", flat=True)) == sorted([
        "household", "consent", "invitation", "address", "departure"])


def test_viewing_a_household_writes_who_what_when_and_from_where(client, household, supporter):
    login(client, supporter)
    client.get(reverse("households:detail", args=[household.uuid]), REMOTE_ADDR="10.1.2.3")
    entry = entries(household, "read").get()
    assert (entry.user, entry.organisation_name, entry.role, entry.ip_address) == (
        supporter, "Sociaal Team Alkmaar", "supporter", "10.1.2.3")


def test_the_caseload_logs_each_household_it_shows(client, household, supporter):
    login(client, supporter)
    client.get(reverse("home"))
    entry = entries(household, "list").filter(user=supporter).get()
    assert entry.households == {str(household.uuid): household.reference}


def test_the_access_log_cannot_be_changed_or_deleted(household):
    entry = entries(household).first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(role="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()


def test_the_household_page_shows_the_access_log(client, household, supporter):
    login(client, supporter)
    client.get(reverse("households:detail", args=[household.uuid]))
    page = client.get(reverse("households:access_log", args=[household.uuid])).content.decode()
    assert "bekeken" in page and supporter.get_full_name() in page


def test_the_secret_address_is_not_on_the_household_page_until_asked(client, household,
                                                                     supporter):
    login(client, supporter)
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert SECRET_STREET not in page
    assert "Toon adres" in page
    shown = client.post(reverse("households:address", args=[household.uuid])).content.decode()
    assert SECRET_STREET in shown
    assert entries(household, "reveal_address").filter(user=supporter).count() == 1


def test_the_secret_address_is_in_no_list_title_or_error_page(client, household, supporter,
                                                              outsider):
    login(client, supporter)
    pages = [
        client.get(reverse("home")),
        client.get(reverse("households:detail", args=[household.uuid])),
        client.get(reverse("households:access_log", args=[household.uuid])),
        client.get(reverse("contacts:new", args=[household.uuid])),
        client.get("/does-not-exist/"),
    ]
    login(client, outsider)
    pages.append(client.post(reverse("households:address", args=[household.uuid])))
    for response in pages:
        html = response.content.decode()
        assert SECRET_STREET not in html
        assert "1811 AB" not in html


def test_page_titles_carry_the_reference_not_the_name(client, household, supporter):
    login(client, supporter)
    html = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert household.reference in title
    assert "Fatima" not in title and "Yilmaz" not in title


def test_personal_pages_are_not_cached(client, household, supporter):
    login(client, supporter)
    response = client.get(reverse("households:detail", args=[household.uuid]))
    assert response["Cache-Control"] == "no-store"


def test_an_error_page_shows_no_stack_trace(client, household, supporter, monkeypatch):
    import zicht.households.views as views

    def broken(**kwargs):
        raise RuntimeError(f"boom {SECRET_STREET}")

    monkeypatch.setattr(views, "household_read", broken)
    client.raise_request_exception = False
    login(client, supporter)
    response = client.get(reverse("households:detail", args=[household.uuid]))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html
    assert "Traceback" not in html and SECRET_STREET not in html and "Fatima" not in html


def test_the_reveal_service_logs_even_when_no_address_is_known(invited_household, supporter):
    from zicht.households.services import address_reveal

    assert address_reveal(actor=as_actor(supporter), household=invited_household) is None
    assert entries(invited_household, "reveal_address").count() == 1
