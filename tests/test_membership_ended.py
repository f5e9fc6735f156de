"""A professional whose last active membership ended acts in no organisation: every way in
refuses her with one message, only once her password or passkey was right, and a session
she still had ends on its next request. The platform's operator still gets in."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import api_key_for, login
from tests.test_login import PASSWORD, login_steps
from tests.test_passkeys import passkey, post_json
from tests.test_passwordless import sign_in_with, signed_by
from zicht.access.models import SessionRecord
from zicht.audit.models import AccessLogEntry
from zicht.directory.models import Membership
from zicht.directory.selectors import staff_trail

MESSAGE = "U bent niet (meer) actief bij een organisatie in Zicht."


def end_memberships(user):
    # No service and no signal: whatever code ended them, the rule holds.
    Membership.objects.filter(user=user).update(active=False)


def code_of(user) -> str:
    return f"{totp(TOTPDevice.objects.get(user=user).bin_key):06d}"


def refusals(user) -> list[str]:
    return list(AccessLogEntry.objects.filter(record_type="sign_in_refused", user=user)
                .values_list("ground", flat=True))


def test_the_right_password_hears_why_and_no_code_is_asked(client, supporter):
    end_memberships(supporter)
    response = login_steps(client, supporter.username, PASSWORD)
    page = response.content.decode()
    assert MESSAGE in page
    assert 'name="token-otp_token"' not in page  # still at the password step
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
    assert refusals(supporter) == ["no_membership:password"]


def test_a_wrong_password_gets_the_usual_answer(client, supporter):
    end_memberships(supporter)
    page = login_steps(client, supporter.username, "wrong password").content.decode()
    stranger = login_steps(client, "nobody-here", "wrong password").content.decode()
    for answer in (page, stranger):
        assert MESSAGE not in answer
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in answer
    assert refusals(supporter) == []


def test_the_refusal_is_in_her_organisations_staff_trail(client, supporter, alkmaar_team):
    end_memberships(supporter)
    login_steps(client, supporter.username, PASSWORD)
    entry = next(e for e in staff_trail(alkmaar_team) if e.record_type == "sign_in_refused")
    assert entry.subject == (supporter.get_full_name() or supporter.username)
    assert entry.ip_address == "127.0.0.1"


def test_a_membership_elsewhere_still_lets_her_in(client, supporter, hoorn_team):
    from tests.factories import MembershipFactory

    end_memberships(supporter)
    MembershipFactory(user=supporter, organisation=hoorn_team, role="supporter")
    response = login_steps(client, supporter.username, PASSWORD, token=code_of(supporter))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_passkey_without_the_password_hears_why(client, supporter):
    hers = passkey(supporter)
    end_memberships(supporter)
    response = sign_in_with(client, hers)
    assert response.status_code == 403
    assert MESSAGE in response.json()["detail"]  # the library's script shows the detail
    assert "_auth_user_id" not in client.session
    assert refusals(supporter) == ["no_membership:passkey"]


def test_a_refusal_for_a_left_membership_counts_no_failure(client, supporter, settings):
    hers = passkey(supporter)
    end_memberships(supporter)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in_with(client, hers)
    # The passkey was right each time: no lock-out is built from it.
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.filter(username=supporter.username).exists()


def test_a_passkey_as_second_step_is_refused_once_the_membership_ended(client, supporter):
    # Her membership ends between the password and the passkey.
    hers = passkey(supporter)
    login_steps(client, supporter.username, PASSWORD)
    end_memberships(supporter)
    assert post_json(client, "/account/passkey/begin/").status_code in (401, 403)
    with signed_by(hers):
        response = post_json(client, "/account/passkey/complete/", {"id": "x"})
    assert response.status_code in (401, 403)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/", "/account/two_factor/"])
def test_a_running_session_ends_on_its_next_request(client, supporter, path):
    login(client, supporter)
    assert client.get(reverse("home")).status_code == 200
    end_memberships(supporter)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:login") + "?reason=no_membership"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert MESSAGE in page and 'role="alert"' in page
    assert refusals(supporter) == ["no_membership:session"]
    assert SessionRecord.objects.get(user=supporter).ended_reason == "no_membership"


def test_a_running_session_on_the_api_answers_401(client, supporter):
    login(client, supporter)
    end_memberships(supporter)
    response = client.get("/api/v1/households/")
    assert response.status_code == 401
    assert MESSAGE in response.json()["detail"]
    assert "_auth_user_id" not in client.session


def test_her_api_key_stops_working(client, supporter):
    key = api_key_for(supporter)
    assert client.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Token {key}"
                      ).status_code == 200
    end_memberships(supporter)
    assert client.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Token {key}"
                      ).status_code == 401


def test_a_clients_session_is_no_professionals_and_goes_on(client, fatima):
    from tests.conftest import login_client

    login_client(client, fatima)
    assert client.get("/mijn/").status_code == 200
    assert refusals(fatima.user) == []


def test_the_operator_without_a_membership_still_signs_in(client, administrator):
    end_memberships(administrator)
    response = login_steps(client, administrator.username, PASSWORD,
                           token=code_of(administrator))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert refusals(administrator) == []


def test_the_operators_running_session_goes_on(client, administrator):
    login(client, administrator)
    end_memberships(administrator)
    assert client.get("/admin/").status_code == 200
    assert "_auth_user_id" in client.session


def test_the_operators_passkey_still_signs_her_in(client, administrator):
    hers = passkey(administrator)
    end_memberships(administrator)
    assert sign_in_with(client, hers).status_code == 200
    assert int(client.session["_auth_user_id"]) == administrator.pk
