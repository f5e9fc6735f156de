"""Reads of households, always scoped to the actor (need to know).

A view never fetches a household by id directly: it asks ``household_for``, which
answers 404 for a household the actor may not see, so that an outsider cannot even
learn the household exists. The decision itself lives in one place,
``zicht.access.policy``; these names stay for the code that already calls them.
"""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import QuerySet

from zicht.directory.actor import Actor
from zicht.households.models import Household


def visible_households(actor: Actor, *, partial: bool = False,
                       among: Iterable[int] | QuerySet | None = None) -> QuerySet[Household]:
    from zicht.access import policy

    return policy.visible_households(actor, partial=partial, among=among)


def household_for(actor: Actor, household_uuid: UUID | str, *,
                  partial: bool = False) -> Household:
    """``partial=True`` only where the caller checks each category (``access.policy``)."""
    from zicht.access import policy

    return policy.household_for(actor, household_uuid, partial=partial)


def is_involved(actor: Actor, household: Household, *reasons: str) -> bool:
    from zicht.access import policy

    return policy.is_involved(actor, household, *reasons)
