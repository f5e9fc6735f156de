"""Dutch by default, English when the professional chooses it."""

from django.urls import reverse

from tests.conftest import login


def test_the_interface_is_dutch_even_for_an_english_browser(client, supporter):
    login(client, supporter)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert "Vandaag" in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


def test_a_professional_can_switch_to_english_and_back(client, household, supporter):
    login(client, supporter)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert 'lang="en"' in page
    assert "Show address" in page and "Contact moments" in page
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Toon adres" in client.get(
        reverse("households:detail", args=[household.uuid])).content.decode()
