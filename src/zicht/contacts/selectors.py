"""Reads of contact moments, on a trajectory the caller got through ``household_for``."""

from zicht.contacts.models import ContactMoment
from zicht.trajectories.models import Trajectory


def last_channel(trajectory: Trajectory) -> str:
    """How the household was last contacted: the likely channel of the next contact."""
    return trajectory.contacts.values_list("channel", flat=True).first() or ""


def contact_with_signal_for(trajectory: Trajectory, contact_uuid) -> ContactMoment | None:
    """A contact of the trajectory that made a signal (the client did not feel safe)."""
    return (trajectory.contacts.filter(uuid=contact_uuid, signal__isnull=False)
            .select_related("signal__coordinator_organisation", "trajectory__household").first())
