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
from zicht.directory.models import Membership, OrganisationKind, Role
from zicht.households.models import Household
from zicht.households.selectors import is_involved
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_resolve, notifications_send
from zicht.stagnations.models import Rung, Stagnation, StagnationStep
from zicht.trajectories.selectors import current_trajectory


def rung_days(rung: str) -> int:
    """Days each rung gets before it must be escalated (settings, default 14 and 28)."""
    return getattr(settings, "ZICHT_STAGNATION_DAYS", {Rung.COORDINATOR: 14,
                                                       Rung.MUNICIPALITY: 28})[rung]


def is_municipality_policy(actor: Actor, municipality_id: int) -> bool:
    """The municipality's contact with doorzettingsmacht: policy or team lead of one of
    its teams."""
    org = actor.organisation
    return bool(org and org.kind == OrganisationKind.MUNICIPALITY_TEAM
                and org.municipality_id == municipality_id
                and actor.has_role(Role.POLICY, Role.TEAM_LEAD))


def municipality_contacts(municipality_id: int) -> list[int]:
    """The users of ``is_municipality_policy``: policy staff and team leads of its teams."""
    return list(Membership.objects.filter(
        organisation__kind=OrganisationKind.MUNICIPALITY_TEAM,
        organisation__municipality_id=municipality_id, active=True,
        role__in=(Role.POLICY, Role.TEAM_LEAD)).values_list("user_id", flat=True).distinct())


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


def stagnation_escalate(*, actor: Actor, stagnation: Stagnation, note: str) -> Stagnation:
    """From the coordinator to the municipality's contact with doorzettingsmacht.

    ``note`` is what that contact reads instead of the coordinator's own description:
    what is stuck and what was tried, without names.
    """
    if not is_involved(actor, stagnation.household):
        raise PermissionDenied
    if not stagnation.is_open or stagnation.rung == Rung.MUNICIPALITY:
        raise ValidationError(_("Deze stagnatie ligt al bij de gemeente of is opgelost."))
    if not note.strip():
        raise ValidationError({"note": _(
            "Schrijf voor de gemeente wat er vastzit en wat al is geprobeerd, zonder namen.")})
    with transaction.atomic():
        stagnation.rung = Rung.MUNICIPALITY
        stagnation.deadline = timezone.localdate() + timedelta(
            days=rung_days(Rung.MUNICIPALITY))
        stagnation.for_municipality = note.strip()
        stagnation.save(update_fields=["rung", "deadline", "for_municipality"])
        StagnationStep.objects.create(stagnation=stagnation, rung=stagnation.rung,
                                      deadline=stagnation.deadline, note=note, by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="stagnation",
                   household_uuid=stagnation.household.uuid, record_uuid=stagnation.uuid,
                   ground=_("opschaling naar de gemeente"))
        # The municipality's contacts with doorzettingsmacht: they do not open the record,
        # so the message names no household and leads to the stagnation.
        notifications_send([(u, NotificationKind.STAGNATION_ESCALATED, None)
                            for u in municipality_contacts(stagnation.municipality_id)],
                           link=reverse("stagnations:detail", args=[stagnation.uuid]))
    return stagnation


def stagnation_resolve(*, actor: Actor, stagnation: Stagnation, resolution: str,
                       resolved_on: date | None = None) -> Stagnation:
    """Recorded by an involved professional or by the municipality's contact."""
    if not (is_involved(actor, stagnation.household)
            or is_municipality_policy(actor, stagnation.municipality_id)):
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
