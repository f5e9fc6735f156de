"""The sociale kaart: searchable by municipality and kind, kept by each organisation's admin."""

import pytest
from django.urls import reverse

from tests.conftest import _member, login
from tests.factories import OrganisationFactory
from tests.test_api import signed_in


@pytest.fixture
def admin(alkmaar_team):
    return _member("anna.beheer", alkmaar_team, "admin")


@pytest.fixture
def veilig_thuis(region):
    return OrganisationFactory(name="Veilig Thuis NHN", kind="veilig_thuis", region=region)


def test_search_by_municipality_finds_its_supporters_and_the_regional_organisations(
        client, supporter, outsider, shelter, shelter_worker, veilig_thuis, alkmaar):
    login(client, supporter)
    page = client.get(reverse("directory:search"), {"municipality": alkmaar.pk}).content.decode()
    assert "Sociaal Team Alkmaar" in page and supporter.email in page
    assert "Opvang De Linde" in page and "Veilig Thuis NHN" in page
    assert "Wijkteam Hoorn" not in page and outsider.email not in page


def test_search_by_kind(client, supporter, shelter, veilig_thuis):
    login(client, supporter)
    found = client.get(reverse("directory:search"), {"kind": "veilig_thuis"}).context["results"]
    assert [o.name for o in found] == ["Veilig Thuis NHN"]


def test_the_admin_keeps_the_organisation_and_who_is_listed(client, admin, supporter,
                                                            alkmaar_team):
    login(client, admin)
    client.post(reverse("directory:manage"), {"email": "team@alkmaar.example",
                                              "phone": "072 123"})
    alkmaar_team.refresh_from_db()
    assert alkmaar_team.phone == "072 123"
    membership = supporter.memberships.get()
    client.post(reverse("directory:membership", args=[membership.uuid]), {"active": "on"})
    membership.refresh_from_db()
    assert membership.active and not membership.in_directory
    page = client.get(reverse("directory:search")).content.decode()
    assert supporter.email not in page


def test_only_an_admin_maintains_and_only_their_own_organisation(client, supporter, admin,
                                                                 outsider):
    login(client, supporter)
    assert client.get(reverse("directory:manage")).status_code == 403
    login(client, admin)
    other = outsider.memberships.get()
    assert client.get(reverse("directory:membership", args=[other.uuid])).status_code == 404


def test_the_api_lists_contacts_and_lets_the_admin_patch(admin, supporter, outsider,
                                                         alkmaar_team):
    contacts = signed_in(supporter).get("/api/v1/directory/contacts/",
                                        {"municipality": "GM0361"}).json()["results"]
    assert supporter.email in {c["email"] for c in contacts}
    assert outsider.email not in {c["email"] for c in contacts}
    url = f"/api/v1/organisations/{alkmaar_team.uuid}/"
    assert signed_in(supporter).patch(url, {"phone": "1"}, format="json").status_code == 403
    response = signed_in(admin).patch(url, {"phone": "072 999"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "072 999"


def test_one_search_finds_her_supporters_and_her_contact_at_a_shelter_elsewhere(
        client, supporter, shelter_worker, alkmaar):
    # Seed 002: before departure the shelter wants the supporter of the municipality she
    # moves to and its own contact in one answer, also for a shelter in another region.
    elsewhere = OrganisationFactory(name="Opvang Het Baken", kind="shelter")
    baken_worker = _member("ilse.baken", elsewhere, "shelter_worker")
    login(client, shelter_worker)
    response = client.get(reverse("directory:search"), {
        "municipality": alkmaar.pk, "shelter": elsewhere.pk})
    assert {"Sociaal Team Alkmaar", "Opvang Het Baken"} <= {
        o.name for o in response.context["results"]}
    page = response.content.decode()
    assert supporter.email in page and baken_worker.email in page
    assert "Wijkteam Hoorn" not in page


def test_the_api_answers_the_same_search(supporter, alkmaar, alkmaar_team):
    elsewhere = OrganisationFactory(name="Opvang Het Baken", kind="shelter")
    api = signed_in(supporter)
    body = api.get("/api/v1/organisations/", {"municipality": alkmaar.cbs_code,
                                              "shelter": str(elsewhere.uuid)}).json()
    names = {o["name"] for o in body["results"]}
    assert {"Sociaal Team Alkmaar", "Opvang Het Baken"} <= names
    bad = api.get("/api/v1/organisations/", {"shelter": "not-a-uuid"})
    assert bad.status_code == 400 and "shelter" in bad.content.decode()
