"""Data for the web-process fault drill, made through the services in ``zicht shell``: the
demo's directory and accounts, one household invited to the Alkmaar team with the demo
supporter, and an API token of hers."""

import json
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from zicht.accounts.models import ApiToken, User
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.demo.personas import ensure_demo_accounts, ensure_directory, team_name
from zicht.directory.actor import actor_for
from zicht.directory.models import Municipality, Organisation
from zicht.households.models import PersonRole
from zicht.households.services import PersonData, household_register
from zicht.trajectories.services import supporter_invite


def invited_household() -> None:
    """Print the household's uuid, its trajectory's id and the supporter's API key."""
    # The database cache holds the rate limits of the tests before on this database (the
    # scale-out test's 21 wrong tokens from 127.0.0.1 would answer this drill with 429).
    cache.clear()
    ensure_demo_accounts(ensure_directory())
    shelter_worker = actor_for(User.objects.get(username="opvang"), ip_address="127.0.0.1")
    supporter = User.objects.get(username="ondersteuner")
    household = household_register(
        actor=shelter_worker,
        client=PersonData(role=PersonRole.CLIENT, given_name="Mila", family_name="Jansen"),
        others=[],
    )
    consent_record(
        actor=shelter_worker,
        household=household,
        person=household.client,
        purpose=ConsentPurpose.FOLLOW_UP,
        method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(),
    )
    trajectory = household.trajectories.get()
    supporter_invite(
        actor=shelter_worker,
        trajectory=trajectory,
        municipality=Municipality.objects.get(name="Alkmaar"),
        supporter_organisation=Organisation.objects.get(name=team_name("Alkmaar")),
        supporter=supporter,
    )
    _token, key = ApiToken.objects.create(
        user=supporter, expiry=timedelta(days=1), name="fault drill"
    )
    print(json.dumps({"household": str(household.uuid), "trajectory": trajectory.pk, "key": key}))
