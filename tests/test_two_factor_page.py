""""Tweestapsverificatie" (/account/two_factor/) says what protects the account: a
professional who signs in with a passkey alone has two factors, not none."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.test_passkeys import passkey

NOT_ENABLED = "Two-factor authentication is not enabled"


def page_of(client):
    response = client.get(reverse("two_factor:profile"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_passkey_alone_counts_as_two_factors(client, alkmaar_team):
    user = UserFactory(username="paula.passkey", totp=False)
    MembershipFactory(user=user, organisation=alkmaar_team, role="supporter")
    hers = passkey(user, "Laptop van het werk")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = hers.persistent_id
    session.save()
    page = page_of(client)
    assert "Tweestapsverificatie staat aan voor uw account." in page
    assert "Een passkey telt als beide stappen" in page
    assert "Laptop van het werk" in page
    assert NOT_ENABLED not in page and "niet ingeschakeld" not in page
    assert reverse("two_factor:setup") in page  # the app may be added beside it


def test_an_app_with_a_passkey_names_both(client, supporter):
    passkey(supporter, "Telefoon")
    login(client, supporter)
    page = page_of(client)
    assert "Tweestapsverificatie staat aan voor uw account." in page
    assert "Telefoon" in page and reverse("two_factor:backup_tokens") in page


def test_the_app_alone_is_as_before(client, supporter):
    login(client, supporter)
    page = page_of(client)
    assert "Tweestapsverificatie staat aan voor uw account." in page
    assert "Passkeys</h2>" not in page


def test_without_any_second_factor_it_says_so(client, alkmaar_team):
    user = UserFactory(username="zonder.factor", totp=False)
    MembershipFactory(user=user, organisation=alkmaar_team, role="supporter")
    client.force_login(user)
    page = page_of(client)
    assert "Tweestapsverificatie staat aan" not in page
    assert reverse("two_factor:setup") in page


def test_someone_elses_passkeys_are_not_shown(client, supporter, outsider):
    passkey(outsider, "Sleutel van Olaf")
    login(client, supporter)
    assert "Sleutel van Olaf" not in page_of(client)


def test_the_page_asks_a_sign_in(client, db):
    assert client.get(reverse("two_factor:profile")).status_code == 302


def test_her_account_page_names_the_page_as_it_is_called(client, supporter):
    """Not "authenticator-app": a professional with only a passkey looked elsewhere."""
    page = login(client, supporter).get(reverse("access:account")).content.decode()
    assert (f'<a class="utrecht-link" href="{reverse("two_factor:profile")}">'
            "Tweestapsverificatie</a>") in page
    assert "authenticator-app" not in page
