"""Writes to the stagnation register. Each with its access-log row, in one transaction."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
from zicht.households.models import Household
from zicht.households.selectors import is_involved
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_resolve, notifications_send
from zicht.stagnations.models import Provision, Rung, Stagnation, StagnationStep, Tried
from zicht.trajectories.selectors import current_trajectory


def rung_days(rung: str) -> int:
    """Days each rung gets before it must be escalated (settings, default 14 and 28)."""
    return getattr(settings, "ZICHT_STAGNATION_DAYS", {Rung.COORDINATOR: 14,
                                                       Rung.MUNICIPALITY: 28})[rung]


def sees_stagnation_counts(actor: Actor, municipality_id: int) -> bool:
    """Policy staff and team leads of the municipality's teams: the counts of its open
    stagnations per domain and age, never a household (issue 18, point 11)."""
    org = actor.organisation
    return bool(org and org.kind == OrganisationKind.MUNICIPALITY_TEAM
                and org.municipality_id == municipality_id
                and actor.has_role(Role.POLICY, Role.TEAM_LEAD))


def holds_doorzettingsmacht(actor: Actor, municipality_id: int) -> bool:
    """The municipality's contact with doorzettingsmacht (``Membership.doorzettingsmacht``):
    reads of a stagnation escalated to the municipality what is needed to break it."""
    return bool(sees_stagnation_counts(actor, municipality_id)
                and actor.membership.doorzettingsmacht)


def municipality_contacts(municipality_id: int) -> tuple[list[int], bool]:
    """Who is told of an escalation, and whether they hold doorzettingsmacht. While the
    municipality has named nobody, its policy staff and team leads are told instead, so
    that an escalation never lands with no one (they see the count, and ask their
    administrator to name a holder)."""
    members = Membership.objects.filter(
        organisation__kind=OrganisationKind.MUNICIPALITY_TEAM,
        organisation__municipality_id=municipality_id, active=True,
        role__in=(Role.POLICY, Role.TEAM_LEAD))
    holders = list(members.filter(doorzettingsmacht=True)
                   .values_list("user_id", flat=True).distinct())
    if holders:
        return holders, True
    return list(members.values_list("user_id", flat=True).distinct()), False


def stagnation_record(*, actor: Actor, household: Household, domain: str, what: str,
                      since: date, must_act: str) -> Stagnation:
    if not is_involved(actor, household):
        raise PermissionDenied
    if since > timezone.localdate():
        raise ValidationError({"since": _("Een stagnatie begint niet in de toekomst.")})
    trajectory = current_trajectory(household)
    if trajectory is None or trajectory.destination_municipality_id is None:
        raise ValidationError(_("Er is nog geen gemeente van vestiging."))
    with transaction.atomic():
        stagnation = Stagnation.objects.create(
            household=household, municipality_id=trajectory.destination_municipality_id,
            domain=domain, what=what, since=since, must_act=must_act,
            deadline=timezone.localdate() + timedelta(days=rung_days(Rung.COORDINATOR)),
            recorded_by=actor.user, organisation=actor.organisation)
        StagnationStep.objects.create(stagnation=stagnation, rung=Rung.COORDINATOR,
                                      deadline=stagnation.deadline, by=actor.user)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="stagnation",
                   household_uuid=household.uuid, record_uuid=stagnation.uuid)
    return stagnation


def stagnation_escalate(*, actor: Actor, stagnation: Stagnation, note: str, provision: str,
                        tried: list[str],
                        stuck_organisation: Organisation | None = None) -> Stagnation:
    """From the coordinator to the municipality's contact with doorzettingsmacht.

    That contact does not open the household's record, so the coordinator chooses what
    they need to break the stagnation: which provision is stuck (and at which organisation,
    when it is in the directory), what was tried, and ``note``, a text written for them
    instead of the coordinator's own description: what is stuck and what was tried,
    without names.
    """
    if not is_involved(actor, stagnation.household):
        raise PermissionDenied
    if not stagnation.is_open or stagnation.rung == Rung.MUNICIPALITY:
        raise ValidationError(_("Deze stagnatie ligt al bij de gemeente of is opgelost."))
    errors = {}
    if not note.strip():
        errors["note"] = _(
            "Schrijf voor de gemeente wat er vastzit en wat al is geprobeerd, zonder namen.")
    if provision not in Provision.values:
        errors["provision"] = _("Kies wat er vastzit.")
    tried = sorted(set(tried))
    if not tried or set(tried) - set(Tried.values):
        errors["tried"] = _("Kies wat u al hebt geprobeerd.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stagnation.rung = Rung.MUNICIPALITY
        stagnation.deadline = timezone.localdate() + timedelta(
            days=rung_days(Rung.MUNICIPALITY))
        stagnation.for_municipality = note.strip()
        stagnation.provision = provision
        stagnation.stuck_organisation = stuck_organisation
        stagnation.tried = tried
        stagnation.save(update_fields=["rung", "deadline", "for_municipality", "provision",
                                       "stuck_organisation", "tried"])
        StagnationStep.objects.create(stagnation=stagnation, rung=stagnation.rung,
                                      deadline=stagnation.deadline, note=note, by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="stagnation",
                   household_uuid=stagnation.household.uuid, record_uuid=stagnation.uuid,
                   ground=_("opschaling naar de gemeente"))
        # They do not open the record, so the message names no household; a holder is
        # led to the stagnation, the others (no holder named yet) to the counts.
        users, holders = municipality_contacts(stagnation.municipality_id)
        link = (reverse("stagnations:detail", args=[stagnation.uuid]) if holders
                else reverse("stagnations:overview"))
        notifications_send([(u, NotificationKind.STAGNATION_ESCALATED, None) for u in users],
                           link=link)
    return stagnation


def stagnation_resolve(*, actor: Actor, stagnation: Stagnation, resolution: str,
                       resolved_on: date | None = None) -> Stagnation:
    """Recorded by an involved professional or by the municipality's contact."""
    if not (is_involved(actor, stagnation.household)
            or (stagnation.rung == Rung.MUNICIPALITY
                and holds_doorzettingsmacht(actor, stagnation.municipality_id))):
        raise PermissionDenied
    if not stagnation.is_open:
        raise ValidationError(_("Deze stagnatie is al opgelost."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Beschrijf hoe de stagnatie is opgelost.")})
    with transaction.atomic():
        stagnation.resolved_on = resolved_on or timezone.localdate()
        stagnation.resolution = resolution
        stagnation.save(update_fields=["resolved_on", "resolution"])
        StagnationStep.objects.create(stagnation=stagnation, note=resolution, resolved=True,
                                      by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="stagnation",
                   household_uuid=stagnation.household.uuid, record_uuid=stagnation.uuid)
        notifications_resolve(link=reverse("stagnations:detail", args=[stagnation.uuid]),
                              kinds=[NotificationKind.STAGNATION_ESCALATED])
    return stagnation
