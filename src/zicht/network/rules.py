"""Who belongs to a region's network, who may organise it, and who may see what.

Decided for issue 16 (the issue is silent on it):

- The network of a region is the professionals seed 002 invites to the four meetings a
  year: supporters, shelter staff, Veilig Thuis and the neighbourhood teams, i.e. the
  people of the region's shelters, municipality teams and Veilig Thuis in the roles that
  do the work (and their team leads and policy staff). Partners (school, GP) are not
  invited; an administrator or privacy officer is not a participant.
- The organiser is the "regional coordinator" of the issue: seed 002 has each region
  appoint a projectleider at a municipality ("Er wordt door de deelnemende regio's een
  projectleider aangesteld die het project gaat trekken"). Zicht has no role of its own for
  that: policy staff (``policy``) of a municipality team of the region are that role, and a
  team lead of such a team may organise too (they lead the supporters who attend). Nobody
  else plans meetings or writes agreements.
- Meetings and agreements are not about households: they are visible to the whole
  network of their region (and an agreement also to the members of its parties, such as a
  school). Anyone else gets 404, as if it did not exist.
"""

from zicht.directory.actor import Actor
from zicht.directory.models import OrganisationKind, Region, Role

NETWORK_KINDS = {OrganisationKind.SHELTER, OrganisationKind.MUNICIPALITY_TEAM,
                 OrganisationKind.VEILIG_THUIS}
NETWORK_ROLES = {Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER, Role.VEILIG_THUIS,
                 Role.POLICY}
ORGANISER_ROLES = {Role.POLICY, Role.TEAM_LEAD}


def network_region_id(actor: Actor) -> int | None:
    """The region whose network the actor belongs to, or None."""
    org = actor.organisation
    if org and org.kind in NETWORK_KINDS and actor.role in NETWORK_ROLES:
        return org.region_id
    return None


def may_organise(actor: Actor, region: Region | int | None = None) -> bool:
    """Policy staff and team leads of a municipality team organise their region's network."""
    org = actor.organisation
    if not (org and org.kind == OrganisationKind.MUNICIPALITY_TEAM
            and actor.role in ORGANISER_ROLES):
        return False
    region_id = getattr(region, "pk", region)
    return region_id is None or org.region_id == region_id
