"""Stagnations: recorded, aged, escalated coordinator → municipality, and resolved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.stagnations.models import Rung
from zicht.stagnations.selectors import age_in_days, municipality_overview
from zicht.stagnations.services import (
    stagnation_escalate,
    stagnation_record,
    stagnation_resolve,
)


@pytest.fixture
def stagnation(household, supporter):
    return stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                             what="Wachtlijst schuldhulpverlening",
                             since=timezone.localdate() - timedelta(days=30),
                             must_act="Schuldhulp Alkmaar")


def test_a_stagnation_starts_with_the_coordinator_and_a_deadline(stagnation):
    assert stagnation.rung == Rung.COORDINATOR
    assert stagnation.deadline == timezone.localdate() + timedelta(days=14)
    assert age_in_days(stagnation, timezone.localdate()) == 30
    assert stagnation.municipality.name == "Alkmaar"


def test_escalation_goes_to_the_municipality_with_a_new_deadline(stagnation, supporter):
    stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation, note="Geen beweging")
    assert stagnation.rung == Rung.MUNICIPALITY
    assert stagnation.deadline == timezone.localdate() + timedelta(days=28)
    with pytest.raises(ValidationError):
        stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation, note="Nogmaals")
    assert [s.rung for s in stagnation.steps.all()] == ["coordinator", "municipality"]


def test_the_municipality_sees_its_open_stagnations_and_resolves_them(stagnation, policy,
                                                                      hoorn_policy):
    assert list(municipality_overview(as_actor(policy))) == [stagnation]
    assert not municipality_overview(as_actor(hoorn_policy)).exists()
    with pytest.raises(ValidationError):
        stagnation_resolve(actor=as_actor(policy), stagnation=stagnation, resolution=" ")
    stagnation_resolve(actor=as_actor(policy), stagnation=stagnation,
                       resolution="Voorrang via doorzettingsmacht")
    assert not municipality_overview(as_actor(policy)).exists()


def test_another_municipality_cannot_resolve(stagnation, hoorn_policy):
    with pytest.raises(PermissionDenied):
        stagnation_resolve(actor=as_actor(hoorn_policy), stagnation=stagnation,
                           resolution="x")


def test_the_overview_page_groups_by_domain_and_shows_age(client, stagnation, policy,
                                                          supporter, outsider):
    login(client, policy)
    page = client.get(reverse("stagnations:overview")).content.decode()
    assert "Schulden" in page and "30 dagen" in page and stagnation.household.reference in page
    assert "Fatima" not in page
    login(client, supporter)  # a supporter has no doorzettingsmacht
    assert client.get(reverse("stagnations:overview")).status_code == 403
    login(client, outsider)
    assert client.get(reverse("stagnations:detail", args=[stagnation.uuid])).status_code == 404


def test_the_household_register_page_records_one(client, household, supporter):
    login(client, supporter)
    response = client.post(reverse("stagnations:household", args=[household.uuid]), {
        "domain": "housing", "what": "Geen urgentie", "since": timezone.localdate().isoformat(),
        "must_act": "Woningcorporatie"})
    assert response.status_code == 302
    assert household.stagnations.get().what == "Geen urgentie"


def test_escalating_asks_for_a_text_for_the_municipality(stagnation, supporter):
    with pytest.raises(ValidationError, match="wat er vastzit"):
        stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation, note=" ")
    assert stagnation.rung == Rung.COORDINATOR


def test_the_municipality_reads_what_was_written_for_it_not_the_coordinators_words(
        client, stagnation, supporter, policy):
    """Issue 18, point 11: policy staff never open household records, so the coordinator's
    own description ("what") stays with the carers."""
    from rest_framework.test import APIClient

    stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation,
                        note="Schuldhulp neemt geen nieuwe aanmeldingen; twee keer gebeld.")
    own_words = "Wachtlijst schuldhulpverlening"
    for_them = "Schuldhulp neemt geen nieuwe aanmeldingen"

    login(client, policy)
    overview = client.get(reverse("stagnations:overview")).content.decode()
    detail = client.get(reverse("stagnations:detail", args=[stagnation.uuid])).content.decode()
    api = login(APIClient(), policy)
    listed = api.get("/api/v1/stagnations/").content.decode()
    one = api.get(f"/api/v1/stagnations/{stagnation.uuid}/").content.decode()
    for text in (overview, detail, listed, one):
        assert own_words not in text
    for text in (detail, listed, one):
        assert for_them in text

    carer = login(APIClient(), supporter).get(f"/api/v1/stagnations/{stagnation.uuid}/")
    assert carer.json()["what"] == own_words
