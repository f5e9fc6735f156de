"""The rules of the trajectory: consent before invitation, the phase table, one coordinator."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.consent.services import consent_record
from zicht.contacts.models import ContactKind
from zicht.contacts.services import contact_record
from zicht.households.models import Involvement
from zicht.trajectories.models import CoordinatorAssignment, Phase
from zicht.trajectories.services import (
    add_months,
    coordinator_assign,
    departure_record,
    supporter_invite,
)


def test_the_supporter_cannot_be_invited_before_the_client_consents(
        registered_household, shelter_worker, alkmaar, alkmaar_team):
    trajectory = registered_household.trajectories.get()
    with pytest.raises(ValidationError, match="toestemming"):
        supporter_invite(actor=as_actor(shelter_worker), trajectory=trajectory,
                         municipality=alkmaar, supporter_organisation=alkmaar_team)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.REGISTERED
    assert not Involvement.objects.filter(organisation=alkmaar_team).exists()


def test_the_invite_page_says_why_when_consent_is_missing(client, registered_household,
                                                          shelter_worker, alkmaar_team):
    login(client, shelter_worker)
    response = client.post(reverse("households:invite", args=[registered_household.uuid]),
                           {"supporter_organisation": alkmaar_team.pk})
    assert response.status_code == 200
    assert "Leg eerst de toestemming" in response.content.decode()
    assert registered_household.trajectories.get().phase == Phase.REGISTERED


def test_the_invited_supporter_gets_a_mail_without_any_personal_detail(
        registered_household, shelter_worker, supporter, alkmaar, alkmaar_team, mailoutbox,
        django_capture_on_commit_callbacks):
    actor = as_actor(shelter_worker)
    consent_record(actor=actor, household=registered_household,
                   person=registered_household.client, purpose="follow_up", method="verbal",
                   given_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        supporter_invite(actor=actor, trajectory=registered_household.trajectories.get(),
                         municipality=alkmaar, supporter_organisation=alkmaar_team,
                         supporter=supporter)
    assert [m.to for m in mailoutbox] == [[supporter.email]]
    body = mailoutbox[0].subject + mailoutbox[0].body
    for detail in ("Fatima", "Yilmaz", "Noor", "Kees", registered_household.reference):
        assert detail not in body


def test_from_departure_on_there_is_exactly_one_coordinator(household, alkmaar_team):
    trajectory = household.trajectories.get()
    current = trajectory.coordinator_assignments.filter(ended_at__isnull=True)
    assert current.count() == 1
    assert current.get().organisation == alkmaar_team


def test_a_new_coordinator_ends_the_old_one_at_the_same_moment(household, supporter, shelter):
    trajectory = household.trajectories.get()
    old = trajectory.coordinator_assignments.get()
    new = coordinator_assign(actor=as_actor(supporter), trajectory=trajectory,
                             organisation=shelter)
    old.refresh_from_db()
    assert old.ended_at == new.started_at
    assert trajectory.coordinator_assignments.filter(ended_at__isnull=True).get() == new


def test_the_database_refuses_a_second_current_coordinator(household, shelter, supporter):
    trajectory = household.trajectories.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorAssignment.objects.create(trajectory=trajectory, organisation=shelter,
                                             started_at=timezone.now(), assigned_by=supporter)


def test_the_follow_up_year_ends_twelve_months_after_departure(household):
    trajectory = household.trajectories.get()
    assert trajectory.planned_end == add_months(trajectory.departure_date, 12)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_departure_cannot_be_recorded_before_the_supporter_is_invited(
        registered_household, shelter_worker, shelter):
    with pytest.raises(ValidationError):
        departure_record(
            actor=as_actor(shelter_worker), trajectory=registered_household.trajectories.get(),
            departure_date=timezone.localdate(), shelter_aftercare_until=None,
            street="Laan 1", postcode="1811 AA", city="Alkmaar", address_is_secret=False,
            coordinator_organisation=shelter,
        )
    assert registered_household.trajectories.get().coordinator_assignments.count() == 0


def test_departure_takes_a_dutch_postcode_and_writes_it_one_way(
        invited_household, shelter_worker, shelter):
    from zicht.households.models import Address

    trajectory = invited_household.trajectories.get()

    def depart(postcode):
        return departure_record(
            actor=as_actor(shelter_worker), trajectory=trajectory,
            departure_date=timezone.localdate(), shelter_aftercare_until=None,
            street="Laan 1", postcode=postcode, city="Alkmaar", address_is_secret=False,
            coordinator_organisation=shelter)

    with pytest.raises(ValidationError) as refused:
        depart("18110")
    assert "postcode" in refused.value.message_dict
    assert not Address.objects.filter(household=invited_household).exists()
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.INVITED  # nothing half-saved
    depart("1811aa")
    assert Address.objects.get(household=invited_household).postcode == "1811 AA"


def test_the_introduction_moves_the_trajectory_on(invited_household, supporter):
    trajectory = invited_household.trajectories.get()
    contact_record(actor=as_actor(supporter), trajectory=trajectory,
                   kind=ContactKind.INTRODUCTION, held_on=timezone.localdate(),
                   channel="in_person", reached=True, with_whom="cliënt")
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.INTRODUCED
    assert list(trajectory.history.values_list("to_phase", flat=True)) == [
        Phase.REGISTERED, Phase.INVITED, Phase.INTRODUCED]


def test_follow_up_contacts_start_after_departure(invited_household, supporter):
    with pytest.raises(ValidationError, match="na het vertrek"):
        contact_record(actor=as_actor(supporter), trajectory=invited_household.trajectories.get(),
                       kind=ContactKind.FOLLOW_UP, held_on=timezone.localdate(),
                       channel="phone", reached=True)


def test_an_attempt_that_did_not_reach_the_client_answers_no_questions(client, household,
                                                                      supporter):
    login(client, supporter)
    response = client.post(reverse("contacts:new", args=[household.uuid]), {
        "held_on": timezone.localdate().isoformat(), "channel": "phone", "reached": "no",
        "feels_safe": "yes",
    })
    assert response.status_code == 200
    assert "niet bereikt" in response.content.decode()
    assert household.trajectories.get().contacts.count() == 0


def test_a_contact_in_the_future_is_refused_on_its_field(client, household, supporter):
    login(client, supporter)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("contacts:new", args=[household.uuid]), {
        "held_on": tomorrow.isoformat(), "channel": "phone", "reached": "yes",
    })
    assert "kan niet in de toekomst liggen" in response.content.decode()
    assert household.trajectories.get().contacts.count() == 0


def test_the_supporter_records_a_contact_with_the_four_questions(client, household, supporter):
    login(client, supporter)
    response = client.post(reverse("contacts:new", args=[household.uuid]), {
        "held_on": timezone.localdate().isoformat(), "channel": "in_person", "reached": "yes",
        "with_whom": "cliënt en kinderen", "counsellor_contact": "yes", "feels_safe": "no",
        "safety_plan_current": "no", "unaddressed_problems": "yes",
        "needs_extra_support": "yes", "notes": "Ex-partner stond voor de school.",
    })
    assert response.status_code == 302
    contact = household.trajectories.get().contacts.get()
    assert (contact.reached, contact.feels_safe, contact.organisation.name) == (
        True, "no", "Sociaal Team Alkmaar")


def test_a_shelter_worker_registers_a_household_through_the_form(client, shelter_worker):
    login(client, shelter_worker)
    response = client.post(reverse("households:new"), {
        "client-given_name": "Anouk", "client-family_name": "de Vries",
        "client-date_of_birth": "1990-04-02", "client-gender": "female",
        "children-TOTAL_FORMS": "3", "children-INITIAL_FORMS": "0",
        "children-0-given_name": "Sem", "children-0-date_of_birth": "2018-06-01",
        "others-TOTAL_FORMS": "2", "others-INITIAL_FORMS": "0",
        "others-0-role": "perpetrator", "others-0-given_name": "Rob",
        "others-0-relation": "ex-partner",
    })
    assert response.status_code == 302
    from zicht.households.models import Household

    household = Household.objects.get()
    assert sorted(household.persons.values_list("role", flat=True)) == [
        "child", "client", "perpetrator"]
    assert household.trajectories.get().phase == Phase.REGISTERED


def test_registering_without_a_client_name_saves_nothing(client, shelter_worker):
    from zicht.households.models import Household

    login(client, shelter_worker)
    response = client.post(reverse("households:new"), {
        "client-given_name": "", "children-TOTAL_FORMS": "3", "children-INITIAL_FORMS": "0",
        "others-TOTAL_FORMS": "2", "others-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "Dit veld is vereist" in response.content.decode()
    assert not Household.objects.exists()


def test_only_shelter_workers_register_households(client, supporter):
    login(client, supporter)
    assert client.get(reverse("households:new")).status_code == 403
