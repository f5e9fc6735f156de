"""The household page's sections for the plan, stagnations, coordinator handover and move,
and the warning for an address in another municipality (composed from above: households
does not import moves).

Inclusion tags keep the shared household template and view untouched but for one line.
"""

from django import template
from django.utils import timezone

from zicht.moves.selectors import pending_move
from zicht.plans.selectors import is_partner_view
from zicht.trajectories.handovers import aftercare_ending_without_successor, open_handover
from zicht.trajectories.models import Phase

register = template.Library()


@register.inclusion_tag("moves/_household_sections.html", takes_context=True)
def household_sections(context, household, trajectory):
    actor = context["actor"]
    access = context.get("access")
    if access is not None and is_partner_view(access):
        # A partner with consent for the plan gets the plan link only: where a household
        # moves to, who takes over and what is stuck are not its to know (issue 5).
        return {"household": household, "partner_view": True}
    today = timezone.localdate()
    open_stagnations = household.stagnations.filter(resolved_on__isnull=True).count()
    return {
        "actor": actor,
        "household": household,
        "trajectory": trajectory,
        "aftercare_warning": bool(trajectory)
        and aftercare_ending_without_successor(trajectory, today),
        "handover": open_handover(trajectory) if trajectory else None,
        "move": pending_move(trajectory) if trajectory else None,
        "open_stagnations": open_stagnations,
    }


@register.inclusion_tag("moves/_address_elsewhere.html", takes_context=True)
def address_elsewhere_warning(context, household, trajectory, address_municipality_id):
    """An address in another municipality than the trajectory's does not move the
    household: that is the warm handover's, until it is accepted."""
    elsewhere = (trajectory is not None and trajectory.phase == Phase.FOLLOW_UP
                 and address_municipality_id is not None
                 and address_municipality_id != trajectory.destination_municipality_id
                 and pending_move(trajectory) is None)
    return {"actor": context["actor"], "household": household, "trajectory": trajectory,
            "address_elsewhere": elsewhere}
