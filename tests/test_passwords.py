"""A professional changes their own password, against rules that refuse guessable ones
(issue 15, point 3)."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.conftest import login
from zicht.access.models import SessionRecord
from zicht.audit.models import AccessLogEntry

CURRENT = "correct horse battery"
NEW = "Fiets-Boom-Wolk-Zeven"


def change(client, old=CURRENT, new=NEW, again=None):
    return client.post(reverse("access:password_change"), {
        "old_password": old, "new_password1": new, "new_password2": again or new})


@pytest.mark.parametrize("weak", [
    "aaaaaaaaaaaa",      # twelve characters, but one of them
    "Welkom123456",      # a breached favourite
    "qwertyuiop12",      # a keyboard row
    "kort-wacht",        # under twelve characters
    "123456789012345",   # only digits
])
def test_guessable_passwords_are_refused(weak, supporter):
    with pytest.raises(ValidationError):
        validate_password(weak, user=supporter)


def test_a_password_like_ones_own_name_is_refused(supporter):
    with pytest.raises(ValidationError):
        validate_password(supporter.username + "2026", user=supporter)


def test_a_supporter_changes_her_password_and_her_other_sessions_end(client, supporter,
                                                                     django_user_model):
    other_browser = login(type(client)(), supporter)
    login(client, supporter)
    assert SessionRecord.objects.filter(user=supporter, ended_at__isnull=True).count() == 2

    response = change(client)

    assert response.status_code == 302
    supporter.refresh_from_db()
    assert supporter.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # this session goes on
    assert other_browser.get(reverse("home")).status_code == 302  # the other is logged out
    assert AccessLogEntry.objects.filter(user=supporter, record_type="password",
                                         action="update").count() == 1


def test_the_current_password_is_asked_first(client, supporter):
    login(client, supporter)
    response = change(client, old="not my password")
    assert response.status_code == 200
    assert "oude wachtwoord" in response.content.decode().lower()
    supporter.refresh_from_db()
    assert supporter.check_password(CURRENT)
    assert not AccessLogEntry.objects.filter(record_type="password").exists()


def test_a_weak_new_password_gets_a_clear_message_and_changes_nothing(client, supporter):
    login(client, supporter)
    response = change(client, new="Welkom123456")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.check_password(CURRENT)


def test_without_a_login_the_account_pages_send_to_the_login(client):
    for name in ("access:account", "access:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("two_factor:login") in response["Location"]


def test_the_account_page_links_to_every_own_security_setting(client, supporter):
    login(client, supporter)
    page = client.get(reverse("access:account")).content.decode()
    for name in ("access:password_change", "access:sessions", "access:api_token",
                 "two_factor:profile"):
        assert reverse(name) in page


def test_the_advice_on_a_weak_password_says_u_as_the_rest_of_zicht_does(supporter):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_password("Welkom123456", user=supporter)
    advice = " ".join(refused.value.messages)
    assert "Uw wachtwoord" in advice
    assert not re.search(r"\b(je|jou|jouw)\b", advice, re.IGNORECASE)
