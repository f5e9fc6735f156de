"""A household the demo's stories can happen to."""

from dataclasses import dataclass
from datetime import date

from zicht.accounts.models import User
from zicht.households.models import Household, Person
from zicht.trajectories.models import Trajectory

# The demo personas by user name (``personas.PERSONAS``): the stories act as them.
SUPPORTER = "ondersteuner"  # the supporter the demo is shown as first
SCHOOL = "school"
GP = "huisarts"
VEILIG_THUIS = "veiligthuis"
POLICY = "beleid"



@dataclass
class Case:
    """A household in follow-up and the demo personas who can act on it."""

    trajectory: Trajectory
    client: Person
    children: list[Person]  # oldest first
    perpetrator: Person | None
    supporter: User  # a demo persona in the supporting team
    coordinator: User | None  # a demo persona in the coordinating organisation
    team_coordinates: bool  # the supporting team is also the coordinator
    rank: int  # the supporter persona's place in PERSONAS: the demo's main persona first

    @property
    def household(self) -> Household:
        return self.trajectory.household

    @property
    def reference(self) -> str:
        return self.household.reference

    def child_aged(self, low: int, high: int, today: date) -> Person | None:
        return next((c for c in self.children if c.date_of_birth
                     and low <= age(c.date_of_birth, today) <= high), None)


def age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
