"""Reads of households, always scoped to the actor's involvement (need to know).

A view never fetches a household by id directly: it asks ``household_for``, which
answers 404 for a household the actor's organisation is not involved with, so that
an outsider cannot even learn the household exists.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from zicht.core.actor import Actor
from zicht.households.models import Household, Involvement, InvolvementReason


def visible_households(actor: Actor) -> QuerySet[Household]:
    if actor.organisation is None:
        return Household.objects.none()
    # A connected partner (reason "partner") only reports worries and follows its own
    # signals (zicht.safety); the household's record stays closed to it.
    involved = Involvement.objects.current().filter(
        household=OuterRef("pk"), organisation=actor.organisation
    ).exclude(reason=InvolvementReason.PARTNER)
    return Household.objects.filter(Exists(involved))


def household_for(actor: Actor, household_uuid: UUID | str) -> Household:
    try:
        return visible_households(actor).get(uuid=household_uuid)
    except (Household.DoesNotExist, ValidationError):
        raise Http404 from None


def is_involved(actor: Actor, household: Household, *reasons: str) -> bool:
    if actor.organisation is None:
        return False
    qs = Involvement.objects.current().filter(household=household,
                                              organisation=actor.organisation)
    # Without reasons: involved in the record, which a connected partner is not.
    qs = (qs.filter(reason__in=reasons) if reasons
          else qs.exclude(reason=InvolvementReason.PARTNER))
    return qs.exists()
