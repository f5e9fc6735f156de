from django.db.models import Prefetch, Q, QuerySet

from zicht.directory.models import Membership, Municipality, Organisation, Role

# Who a professional looks up in the directory per kind of organisation.
LISTED_ROLES = [Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER, Role.VEILIG_THUIS,
                Role.PARTNER, Role.POLICY]


def directory_search(*, municipality: Municipality | None = None,
                     kind: str = "") -> QuerySet[Organisation]:
    """Organisations with their listed people, in three queries whatever the result size.

    A municipality finds its own teams and the organisations of its region that do not work
    for one municipality (shelters, Veilig Thuis, regional partners).
    """
    people = (Membership.objects.filter(active=True, in_directory=True, role__in=LISTED_ROLES)
              .select_related("user").order_by("role", "user__first_name", "id"))
    queryset = (Organisation.objects.select_related("municipality", "region")
                .prefetch_related(Prefetch("memberships", queryset=people, to_attr="listed"))
                .order_by("region__name", "kind", "name", "id"))
    if municipality is not None:
        queryset = queryset.filter(Q(municipality=municipality)
                                   | Q(municipality__isnull=True, region=municipality.region_id))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset
