"""Who is acting: the professional, in which organisation and role, from which address."""

from dataclasses import dataclass

from zicht.accounts.models import User
from zicht.directory.models import Membership, Organisation, Role


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership | None
    ip_address: str | None = None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else ""

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


def actor_for(user: User, *, membership_uuid: str | None = None,
              ip_address: str | None = None, organisation_id: int | None = None) -> Actor:
    """The actor for a user: the chosen active membership, else their first one.

    ``organisation_id``: a session signed in through an organisation's own provider acts
    only in that organisation (issue 15.5): its provider vouches for nothing else."""
    memberships = user.memberships.filter(active=True).select_related(
        "organisation", "organisation__municipality"
    )
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    membership = None
    if membership_uuid:
        membership = memberships.filter(uuid=membership_uuid).first()
    membership = membership or memberships.order_by("id").first()
    return Actor(user=user, membership=membership, ip_address=ip_address)
