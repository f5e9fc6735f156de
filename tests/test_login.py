"""Professionals log in with a password and a TOTP code; guessing locks the account out."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory, UserFactory

PASSWORD = "correct horse battery"


def login_steps(client, username, password, token=None):
    url = reverse("two_factor:login")
    client.get(url)
    response = client.post(url, {"login_view-current_step": "auth", "auth-username": username,
                                  "auth-password": password})
    if token is not None:
        response = client.post(url, {"login_view-current_step": "token",
                                     "token-otp_token": token})
    return response


def test_a_password_alone_does_not_open_the_caseload(client, supporter):
    response = login_steps(client, supporter.username, PASSWORD)
    assert response.status_code == 200  # the wizard now asks for the code
    assert client.get(reverse("home")).status_code == 302


def test_password_and_code_open_the_caseload(client, supporter):
    device = TOTPDevice.objects.get(user=supporter)
    response = login_steps(client, supporter.username, PASSWORD,
                           token=f"{totp(device.bin_key):06d}")
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_professional_without_a_device_must_set_one_up_first(client, alkmaar_team):
    MembershipFactory(user=UserFactory(username="nieuw", totp=False),
                      organisation=alkmaar_team)
    login_steps(client, "nieuw", PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")


def test_repeated_wrong_passwords_lock_out_that_name_from_that_address(client, supporter,
                                                                        settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_steps(client, supporter.username, "wrong password")
    response = login_steps(client, supporter.username, PASSWORD)
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    # From another address the supporter can still log in: nobody locks her out by guessing.
    client.defaults["REMOTE_ADDR"] = "10.9.9.9"
    response = login_steps(client, supporter.username, PASSWORD)
    assert "Tijdelijk geblokkeerd" not in response.content.decode()


def test_wrong_codes_count_toward_the_lock_out_like_wrong_passwords(client, supporter,
                                                                     settings):
    # Someone who has the password must not be able to try codes without end.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login_steps(client, supporter.username, PASSWORD, token="000000")
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    # The right password is refused now too, until the lock-out ends.
    response = login_steps(client, supporter.username, PASSWORD)
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_one_wrong_code_then_the_right_one_opens_the_caseload(client, supporter, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would make us wait
    device = TOTPDevice.objects.get(user=supporter)
    login_steps(client, supporter.username, PASSWORD, token="000000")
    response = client.post(reverse("two_factor:login"), {
        "login_view-current_step": "token", "token-otp_token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_login_page_says_u_like_the_rest_of_zicht(client, db):
    import re

    page = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Vul uw gebruikersnaam en wachtwoord in." in page
    assert not re.search(r"\b(je|jouw)\b", re.sub(r"<[^>]+>", " ", page), re.IGNORECASE)
