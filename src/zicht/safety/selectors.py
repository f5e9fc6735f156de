"""Reads for safety, scoped to the actor like ``households.selectors``."""

from uuid import UUID

from django.http import Http404

from zicht.directory.actor import Actor
from zicht.households.models import Household
from zicht.households.selectors import household_for
from zicht.safety.services import CARE_ROLES


def care_household(actor: Actor, household_uuid: UUID | str) -> Household:
    """A household for its involved care professionals (shelter, supporter, team lead).

    Anyone else gets 404, as if the household did not exist.
    """
    household = household_for(actor, household_uuid)
    if not actor.has_role(*CARE_ROLES):
        raise Http404
    return household
