"""A partner sees of a household only its part (issue 18, point 3): the reference, what
its consent's categories cover, and the coordinator's name, organisation and work phone.
Never where she stayed (the shelter is itself sensitive), the dates, the phase history or
the other professionals."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import as_actor, login
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.plans.services import goal_add


@pytest.fixture
def plan_only_school(household, supporter, school, school_partner):
    """The client agreed that the school sees the plan, and nothing else."""
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["plan"])
    goal_add(actor=as_actor(supporter), household=household, person=household.client,
             domain="debts", description="Schulden op een rij.")
    return school_partner


def never_shown(household, shelter_worker, supporter) -> list[str]:
    trajectory = household.trajectories.get()
    return ["Opvang De Linde", str(shelter_worker), trajectory.departure_date.strftime("%Y"),
            "Vertrokken op", "Verloop", "Nazorg", str(household.client.given_name),
            str(household.client.uuid)]


def test_the_household_page_shows_a_plan_only_partner_the_coordinator_and_the_plan(
        client, household, plan_only_school, shelter_worker, supporter):
    login(client, plan_only_school)
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert household.reference in page and str(supporter) in page  # whom to call
    for text in never_shown(household, shelter_worker, supporter):
        assert text not in page, text


def test_the_household_api_shows_a_plan_only_partner_no_trajectory_and_no_people(
        household, plan_only_school, shelter_worker, supporter):
    body = login(APIClient(), plan_only_school).get(f"/api/v1/households/{household.uuid}/")
    data = body.json()
    assert set(data) == {"uuid", "reference", "persons", "coordinator", "has_address"}
    assert data["persons"] == [] and data["has_address"] is False
    assert data["coordinator"]["professional"]["name"] == str(supporter)
    for text in never_shown(household, shelter_worker, supporter):
        assert text not in body.content.decode(), text


def test_the_plan_api_names_no_person_without_the_persons_category(household,
                                                                   plan_only_school):
    plan = login(APIClient(), plan_only_school).get(
        f"/api/v1/households/{household.uuid}/plan/").json()
    assert plan["goals"] and all(goal["person"] is None for goal in plan["goals"])
    assert str(household.client.uuid) not in str(plan)


def test_the_carers_still_see_the_whole_household(client, household, supporter,
                                                  shelter_worker):
    login(client, supporter)
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert "Opvang De Linde" in page and "Verloop" in page
    data = login(APIClient(), supporter).get(f"/api/v1/households/{household.uuid}/").json()
    assert data["trajectory"]["shelter"]["name"] == "Opvang De Linde"
