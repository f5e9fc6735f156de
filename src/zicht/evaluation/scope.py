"""What a dashboard is about (a municipality or a region, and a period) and who may see it.

Authorisation (decided for issue 7, the issue is silent on it):

- Only policy staff (role ``policy``, beleidsmedewerker) see the evaluation. They are
  members of an organisation that works for a municipality (``Organisation.municipality``).
- They see their own municipality, and the aggregate of the region their municipality is
  in: everything here is an anonymous aggregate, and the pilot is run and evaluated per
  region (seed 002: a regional project; Veilig Thuis and the centrumgemeente are regional).
  They do not see the figures of another single municipality, not even in their region:
  that is that municipality's own steering information.
- Everyone else gets 403: these pages are not about one household, so there is nothing
  an outsider could learn from the difference between 403 and 404.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.directory.actor import Actor
from zicht.directory.models import Municipality, Region, Role


@dataclass(frozen=True)
class Scope:
    """The municipalities a figure is about, and the period [start, end] (both inclusive)."""

    municipality: Municipality | None
    region: Region
    start: date
    end: date

    @property
    def is_region(self) -> bool:
        return self.municipality is None

    @property
    def label(self) -> str:
        if self.municipality:
            return self.municipality.name
        return _("regio %(name)s") % {"name": self.region.name}

    @property
    def slug(self) -> str:
        code = self.municipality.cbs_code if self.municipality else f"regio-{self.region.pk}"
        return f"{code}_{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def municipality_filter(self, path: str) -> dict:
        """A filter for ``path`` (a lookup ending in a Municipality) that selects the scope."""
        if self.municipality:
            return {path: self.municipality.pk}
        return {f"{path}__region": self.region.pk}


def own_municipality(actor: Actor) -> Municipality:
    """The policy officer's municipality; anyone else may not see the evaluation."""
    organisation = actor.organisation
    if not (actor.has_role(Role.POLICY) and organisation and organisation.municipality_id):
        raise PermissionDenied
    return Municipality.objects.select_related("region").get(pk=organisation.municipality_id)


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months ago to today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return date(year, month + 1, 1), today


def scope_for(actor: Actor, *, region: bool = False, start: date | None = None,
              end: date | None = None) -> Scope:
    """The scope the actor asked for, or PermissionDenied when they may not see it."""
    municipality = own_municipality(actor)
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    if start > end:
        start, end = end, start
    return Scope(municipality=None if region else municipality, region=municipality.region,
                 start=start, end=end)
