
from zicht.households.models import Household
from zicht.trajectories.models import CoordinatorAssignment, Phase, Trajectory


def current_trajectory(household: Household) -> Trajectory | None:
    """The household's open trajectory, else its most recent one."""
    trajectories = household.trajectories.select_related(
        "shelter", "destination_municipality", "supporter_organisation", "supporter"
    ).order_by("-created_at")
    return trajectories.exclude(phase=Phase.CLOSED).first() or trajectories.first()


def current_coordinator(trajectory: Trajectory) -> CoordinatorAssignment | None:
    return (trajectory.coordinator_assignments.filter(ended_at__isnull=True)
            .select_related("organisation", "professional").first())
