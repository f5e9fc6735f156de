"""The out-of-sight status on the household page (composed from above: households does
not import rhythm)."""

from django import template

from zicht.rhythm.models import SightStatus
from zicht.rhythm.selectors import reasons_shown
from zicht.trajectories.models import Phase

register = template.Library()


@register.inclusion_tag("rhythm/_household_section.html")
def sight_section(household, trajectory):
    """Where the supporter opens the household, not only on the caseload: "na vertrek"
    says nothing about whether she is still in sight."""
    if trajectory is None or trajectory.phase != Phase.FOLLOW_UP:
        return {}
    sight = SightStatus.objects.filter(trajectory=trajectory).first()
    return {"household": household, "trajectory": trajectory, "sight": sight,
            "sight_reasons": reasons_shown(sight, household.uuid)}
