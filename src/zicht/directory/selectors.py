from django.db.models import Prefetch, Q, QuerySet

from zicht.directory.models import Membership, Municipality, Organisation, Role

# Who a professional looks up in the directory per kind of organisation.
LISTED_ROLES = [Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER, Role.VEILIG_THUIS,
                Role.PARTNER, Role.POLICY]


def directory_search(*, municipality: Municipality | None = None, kind: str = "",
                     shelter: Organisation | None = None) -> QuerySet[Organisation]:
    """Organisations with their listed people, in three queries whatever the result size.

    A municipality finds its own teams and the organisations of its region that do not work
    for one municipality (shelters, Veilig Thuis, regional partners). ``shelter`` adds that
    shelter, wherever it is: "who supports her in X, and who is her contact at shelter Y"
    in one search (seed 002), also when she stayed in another region.
    """
    people = (Membership.objects.filter(active=True, in_directory=True, role__in=LISTED_ROLES)
              .select_related("user").order_by("role", "user__first_name", "id"))
    queryset = (Organisation.objects.select_related("municipality", "region")
                .prefetch_related(Prefetch("memberships", queryset=people, to_attr="listed"))
                .order_by("region__name", "kind", "name", "id"))
    found = Q()
    if municipality is not None:
        found &= Q(municipality=municipality) | Q(municipality__isnull=True,
                                                  region=municipality.region_id)
    if kind:
        found &= Q(kind=kind)
    if shelter is not None:
        found |= Q(pk=shelter.pk)
    return queryset.filter(found)


# --- The organisation's staff (issue 15) ----------------------------------------------------

#: Not logged in for this long: on the admin's list, to switch off who has left.
INACTIVE_DAYS = 90

#: The audit trail of onboarding and leaving: what the admin and the privacy officer read.
STAFF_RECORD_TYPES = {
    "staff_invited": "invitation", "staff_invitation_accepted": "invitation",
    "staff_invitation_revoked": "invitation", "staff_membership_added": "membership",
    "staff_role_changed": "membership", "staff_deactivated": "membership",
    "staff_reactivated": "membership", "staff_account_deactivated": "membership",
    "organisation_onboarded": "organisation",
    "second_factor_reset_requested": "reset", "second_factor_reset_approved": "reset",
    "second_factor_reset_cancelled": "reset",
    # Issue 15.5: the organisation's own sign-in (each sign-in itself is in the access log
    # but not in this trail).
    "sso_configured": "organisation", "sso_linked": "membership",
    "sso_unlinked": "membership", "sso_account_created": "membership",
    "sso_refused": "organisation",
    # A professional who left tried to sign in, or her running session was ended.
    "sign_in_refused": "membership",
}


def staff_of(organisation: Organisation, *, inactive: bool = False) -> QuerySet[Membership]:
    """The organisation's memberships with the last login; ``inactive``: only those not
    logged in for ``INACTIVE_DAYS`` days (or never) whose membership is still on."""
    from datetime import timedelta

    from django.utils import timezone

    queryset = (organisation.memberships.select_related("user")
                .order_by("user__first_name", "user__last_name", "id"))
    if inactive:
        since = timezone.now() - timedelta(days=INACTIVE_DAYS)
        queryset = queryset.filter(Q(user__last_login__lt=since) | Q(user__last_login__isnull=True),
                                   active=True, user__is_active=True)
    return queryset


def membership_managed_by(actor, membership_uuid) -> Membership | None:
    """A membership of the admin's own organisation; another organisation's is not found."""
    if actor.organisation is None:
        return None
    return (actor.organisation.memberships.select_related("user", "organisation")
            .filter(uuid=membership_uuid).first())


def open_invitations(organisation: Organisation):
    from django.utils import timezone

    from zicht.directory.models import Invitation

    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True,
                                     revoked_at__isnull=True, expires_at__gt=timezone.now())


def resets_awaiting(organisation: Organisation):
    from zicht.directory.models import SecondFactorReset

    return (SecondFactorReset.objects.filter(organisation=organisation,
                                             approved_at__isnull=True, cancelled_at__isnull=True)
            .select_related("professional", "requested_by"))


def staff_trail(organisation: Organisation, *, limit: int = 200) -> list:
    """The audit trail of the organisation's staff: what was done to its invitations,
    memberships, second-factor resets and the organisation itself, and what its own
    people did of this kind elsewhere (a regional admin onboarding a school). Each entry
    gets ``subject`` (the professional or address it was about) and ``detail``."""
    from zicht.audit.models import AccessLogEntry
    from zicht.directory.models import Invitation, SecondFactorReset, SingleSignOn

    invitations = Invitation.objects.filter(organisation=organisation)
    memberships = Membership.objects.filter(organisation=organisation)
    resets = SecondFactorReset.objects.filter(organisation=organisation)
    entries = list(
        AccessLogEntry.objects.filter(record_type__in=STAFF_RECORD_TYPES).filter(
            Q(record_uuid__in=invitations.values("uuid"))
            | Q(record_uuid__in=memberships.values("uuid"))
            | Q(record_uuid__in=resets.values("uuid"))
            | Q(record_uuid=organisation.uuid)
            | Q(record_uuid__in=SingleSignOn.objects.filter(organisation=organisation)
                .values("uuid"))
            | Q(organisation_id_value=organisation.pk))
        .order_by("-at", "-id")[:limit])
    uuids = {e.record_uuid for e in entries}
    subjects = {}
    for inv in Invitation.objects.filter(uuid__in=uuids):
        subjects[inv.uuid] = f"{inv.first_name} {inv.last_name} ({inv.email})"
    for m in Membership.objects.filter(uuid__in=uuids).select_related("user"):
        subjects[m.uuid] = m.user.get_full_name() or m.user.username
    for r in SecondFactorReset.objects.filter(uuid__in=uuids).select_related("professional"):
        subjects[r.uuid] = r.professional.get_full_name() or r.professional.username
    for o in Organisation.objects.filter(uuid__in=uuids):
        subjects[o.uuid] = o.name
    for sso in SingleSignOn.objects.filter(uuid__in=uuids).select_related("organisation"):
        subjects[sso.uuid] = sso.organisation.name
    roles = dict(Role.choices)
    for entry in entries:
        entry.subject = subjects.get(entry.record_uuid, "")
        if entry.record_type == "staff_role_changed" and ">" in entry.ground:
            old, new = entry.ground.split(">", 1)
            entry.detail = f"{roles.get(old, old)} → {roles.get(new, new)}"
        elif entry.record_type in ("staff_invited", "staff_membership_added"):
            entry.detail = roles.get(entry.ground, entry.ground)
        else:
            entry.detail = ""
    return entries
