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


# --- The self-scan (issue 16, point 4) ------------------------------------------------------
#
# Decided (the issue says "filled in by a municipality with its partners"):
# - Policy staff (``policy``) of a municipality team fill in their municipality's scans:
#   the municipality is the one that "takes the lead and steers on quality" (seed 004).
# - Policy staff of any municipality team of the region (the regional coordinators of
#   rules above) see the region's aggregate per theme, and another municipality's scan by
#   name only once that municipality shared it with the region.
# - The organisations that took part in a scan (its partners) see that scan, read-only:
#   the answers are given together in one session, which policy staff record. They see no
#   other scan and not the region's figures.
# - Everyone else: 404, as if the scans did not exist.

NOT_PARTNER_VIEWERS = {Role.ADMIN, Role.PRIVACY_OFFICER, Role.REGIONAL_ADMIN}


def selfscan_municipality_id(actor: Actor) -> int | None:
    """The municipality whose self-scans the actor fills in: policy staff of its team."""
    org = actor.organisation
    if org and org.kind == OrganisationKind.MUNICIPALITY_TEAM and actor.role == Role.POLICY:
        return org.municipality_id
    return None


def selfscan_region_id(actor: Actor) -> int | None:
    """The region whose aggregate (and shared scans) the actor sees."""
    if selfscan_municipality_id(actor) is None:
        return None
    return actor.organisation.region_id


def may_fill_in(actor: Actor, municipality_id: int) -> bool:
    own = selfscan_municipality_id(actor)
    return own is not None and own == municipality_id


def may_view_as_partner(actor: Actor) -> bool:
    return actor.organisation is not None and actor.role not in NOT_PARTNER_VIEWERS
