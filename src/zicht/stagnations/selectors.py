from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext

from zicht.core.events import OpenWork
from zicht.directory.actor import Actor
from zicht.households.models import Household
from zicht.households.selectors import visible_households
from zicht.stagnations.models import Stagnation
from zicht.stagnations.services import is_municipality_policy
from zicht.trajectories.models import Trajectory


def household_stagnations(household: Household) -> QuerySet[Stagnation]:
    return household.stagnations.select_related("recorded_by", "organisation").order_by(
        "resolved_on", "since", "id")


def open_stagnations_for_handover(household: Household) -> QuerySet[Stagnation]:
    return household.stagnations.filter(resolved_on__isnull=True)


def municipality_overview(actor: Actor) -> QuerySet[Stagnation]:
    """All open stagnations in the actor's municipality, oldest first, for its contact
    with doorzettingsmacht. Shows the household reference only, never a name."""
    org = actor.organisation
    if org is None or not is_municipality_policy(actor, org.municipality_id):
        return Stagnation.objects.none()
    return (Stagnation.objects.filter(municipality_id=org.municipality_id,
                                      resolved_on__isnull=True)
            .select_related("household").order_by("domain", "since", "id"))


def stagnation_for(actor: Actor, stagnation_uuid: UUID | str) -> Stagnation:
    """A stagnation of a household the actor is involved with, or in their municipality's
    register when they hold doorzettingsmacht; anything else is 404."""
    try:
        stagnation = Stagnation.objects.select_related("household").get(uuid=stagnation_uuid)
    except (Stagnation.DoesNotExist, ValidationError):
        raise Http404 from None
    if (visible_households(actor).filter(pk=stagnation.household_id).exists()
            or is_municipality_policy(actor, stagnation.municipality_id)):
        return stagnation
    raise Http404


def age_in_days(stagnation: Stagnation, today: date) -> int:
    return ((stagnation.resolved_on or today) - stagnation.since).days


def open_work_on_closing(trajectory: Trajectory) -> list[OpenWork]:
    """Unresolved stagnations (``trajectory_closing``): help that stalls with nobody left."""
    household = trajectory.household
    count = open_stagnations_for_handover(household).count()
    if not count:
        return []
    return [OpenWork(ngettext("%(n)d stagnatie die niet is opgelost",
                              "%(n)d stagnaties die niet zijn opgelost", count) % {"n": count},
                     reverse("stagnations:household", args=[household.uuid]))]
