"""Households in follow-up, made through the real services, for the rhythm tests."""

from datetime import timedelta

from django.utils import timezone

from tests.conftest import as_actor
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.households.models import PersonRole
from zicht.households.services import PersonData, household_register
from zicht.trajectories.services import departure_record, supporter_invite


def departed_household(*, shelter_worker, supporter, alkmaar, alkmaar_team, days_ago=7,
                       aftercare_days=60, shelter_coordinates=False, name="Fatima"):
    shelter_actor = as_actor(shelter_worker)
    household = household_register(
        actor=shelter_actor,
        client=PersonData(role=PersonRole.CLIENT, given_name=name, family_name="Yilmaz"),
        others=[],
    )
    today = timezone.localdate()
    consent_record(actor=shelter_actor, household=household, person=household.client,
                   purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.WRITTEN,
                   given_on=today)
    trajectory = household.trajectories.get()
    supporter_invite(actor=shelter_actor, trajectory=trajectory, municipality=alkmaar,
                     supporter_organisation=alkmaar_team, supporter=supporter)
    departure = today - timedelta(days=days_ago)
    departure_record(
        actor=shelter_actor, trajectory=trajectory, departure_date=departure,
        shelter_aftercare_until=departure + timedelta(days=aftercare_days),
        street="Geheimelaan 13", postcode="1811 AB", city="Alkmaar", address_is_secret=True,
        coordinator_organisation=trajectory.shelter if shelter_coordinates else alkmaar_team,
        coordinator=None if shelter_coordinates else supporter,
    )
    return household
