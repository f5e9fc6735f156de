"""Changing the coordinator (regisseur) as a handover: proposed, then accepted.

DOMAIN.md: "from departure on exactly one coordinator at any time, known to every involved
partner". The current coordinator proposes a successor; only when the successor accepts does
``services.coordinator_assign`` end the old assignment and start the new one, in one
transaction. Until then nothing changes.

Seed 001 (4.2) sees the end of the shelter's aftercare as the moment the family drops out of
sight: "na beëindiging van de betrokkenheid van de vrouwenopvang" a coordinator must keep a
finger on the pulse. ``aftercare_ending_without_successor`` warns two weeks ahead.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation, OrganisationKind, Role
from zicht.households.selectors import is_involved
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_resolve, notifications_send
from zicht.trajectories.models import (
    CoordinatorAssignment,
    CoordinatorHandover,
    CoordinatorHandoverChange,
    HandoverState,
    Phase,
    Trajectory,
)
from zicht.trajectories.selectors import current_coordinator
from zicht.trajectories.services import coordinator_assignment_start

COORDINATING_ROLES = (Role.SUPPORTER, Role.SHELTER_WORKER, Role.TEAM_LEAD)


def aftercare_warning_days() -> int:
    return getattr(settings, "ZICHT_AFTERCARE_WARNING_DAYS", 14)


def _change(handover: CoordinatorHandover, to: str, actor: Actor, reason: str = "") -> None:
    if not handover.can_move_to(to):
        raise ValidationError(_("Deze overdracht is al %(state)s.")
                              % {"state": handover.get_state_display().lower()})
    CoordinatorHandoverChange.objects.create(handover=handover, from_state=handover.state,
                                             to_state=to, by=actor.user, reason=reason)
    handover.state = to
    handover.save(update_fields=["state", "resulting_assignment"])


def _is_current_coordinator(actor: Actor, assignment: CoordinatorAssignment | None) -> bool:
    """The coordinator is the named professional, or (when none is named) their team."""
    if assignment is None or actor.organisation is None:
        return False
    if not actor.has_role(*COORDINATING_ROLES):
        return False
    if assignment.organisation_id != actor.organisation.pk:
        return False
    return assignment.professional_id in (None, actor.user.pk) or actor.has_role(Role.TEAM_LEAD)


def _may_answer(actor: Actor, handover: CoordinatorHandover) -> bool:
    if actor.organisation is None or actor.organisation.pk != handover.to_organisation_id:
        return False
    if handover.to_professional_id is not None:
        return handover.to_professional_id == actor.user.pk or actor.has_role(Role.TEAM_LEAD)
    return actor.has_role(*COORDINATING_ROLES, Role.PARTNER)


def handover_propose(*, actor: Actor, trajectory: Trajectory, organisation: Organisation,
                     professional: User | None = None, note: str = "") -> CoordinatorHandover:
    """The current coordinator proposes a successor (overdracht van de regie)."""
    current = current_coordinator(trajectory)
    if not (is_involved(actor, trajectory.household) and _is_current_coordinator(actor, current)):
        raise PermissionDenied
    if trajectory.phase != Phase.FOLLOW_UP:
        raise ValidationError(_("Een regisseur wordt vastgelegd vanaf het vertrek."))
    if organisation.kind == OrganisationKind.VEILIG_THUIS:
        raise ValidationError({"organisation": _("Veilig Thuis is geen regisseur na vertrek.")})
    if professional is not None and not professional.memberships.filter(
        organisation=organisation, active=True
    ).exists():
        raise ValidationError(
            {"professional": _("Deze professional werkt niet bij de gekozen organisatie.")})
    if professional is not None and professional.pk == current.professional_id:
        raise ValidationError({"professional": _("Dit is al de regisseur.")})
    if professional is None and organisation.pk == current.organisation_id:
        raise ValidationError({"organisation": _("Deze organisatie is al de regisseur.")})
    try:
        with transaction.atomic():
            handover = CoordinatorHandover.objects.create(
                trajectory=trajectory, from_assignment=current, to_organisation=organisation,
                to_professional=professional, note=note, proposed_by=actor.user,
            )
            CoordinatorHandoverChange.objects.create(handover=handover,
                                                     to_state=HandoverState.PROPOSED,
                                                     by=actor.user, reason=note)
            access_log(actor=actor, action=AccessAction.CREATE, record_type="coordinator_handover",
                       household_uuid=trajectory.household.uuid, record_uuid=handover.uuid)
            # The offer in the receiving side's inbox, leading to the handover (they may
            # not open the household yet); the organisation's address if nobody is named.
            receivers = [professional.pk] if professional is not None else list(
                organisation.memberships.filter(
                    active=True, role__in=(Role.SUPPORTER, Role.TEAM_LEAD,
                                           Role.SHELTER_WORKER))
                .values_list("user_id", flat=True))
            if not notifications_send(
                    [(r, NotificationKind.COORDINATOR_OFFER, trajectory.household_id)
                     for r in receivers],
                    link=_link(handover)):
                notify_by_email([organisation.email])
    except IntegrityError:
        raise ValidationError(
            _("Er staat al een overdracht van de regie open. Trek die eerst in.")) from None
    return handover


def _link(handover: CoordinatorHandover) -> str:
    return reverse("trajectories:handover", args=[handover.uuid])


def _answered(handover: CoordinatorHandover) -> None:
    """The offer is answered for everyone it was offered to; the proposer hears it."""
    notifications_resolve(link=_link(handover), kinds=[NotificationKind.COORDINATOR_OFFER])
    notifications_send([(handover.proposed_by_id, NotificationKind.COORDINATOR_OFFER_ANSWERED,
                         handover.trajectory.household_id)], link=_link(handover))


def handover_accept(*, actor: Actor, handover: CoordinatorHandover) -> CoordinatorAssignment:
    """The proposed successor accepts: from this moment they are the coordinator."""
    if not _may_answer(actor, handover):
        raise PermissionDenied
    with transaction.atomic():
        handover = CoordinatorHandover.objects.select_for_update().get(pk=handover.pk)
        trajectory = handover.trajectory
        if trajectory.phase != Phase.FOLLOW_UP:
            raise ValidationError(_("Dit traject loopt niet meer."))
        current = current_coordinator(trajectory)
        if current is None or current.pk != handover.from_assignment_id:
            raise ValidationError(_("De regie is intussen al gewijzigd."))
        assignment = coordinator_assignment_start(actor=actor, trajectory=trajectory,
                                                  organisation=handover.to_organisation,
                                                  professional=handover.to_professional)
        handover.resulting_assignment = assignment
        _change(handover, HandoverState.ACCEPTED, actor)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="coordinator",
                   household_uuid=trajectory.household.uuid, record_uuid=assignment.uuid,
                   ground=_("overdracht van de regie aanvaard"))
        _answered(handover)
    return assignment


def handover_decline(*, actor: Actor, handover: CoordinatorHandover,
                     reason: str = "") -> CoordinatorHandover:
    if not _may_answer(actor, handover):
        raise PermissionDenied
    with transaction.atomic():
        _change(handover, HandoverState.DECLINED, actor, reason)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="coordinator_handover",
                   household_uuid=handover.trajectory.household.uuid, record_uuid=handover.uuid)
        _answered(handover)
    return handover


def handover_withdraw(*, actor: Actor, handover: CoordinatorHandover,
                      reason: str = "") -> CoordinatorHandover:
    if not (handover.proposed_by_id == actor.user.pk
            or _is_current_coordinator(actor, current_coordinator(handover.trajectory))):
        raise PermissionDenied
    with transaction.atomic():
        _change(handover, HandoverState.WITHDRAWN, actor, reason)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="coordinator_handover",
                   household_uuid=handover.trajectory.household.uuid, record_uuid=handover.uuid)
        notifications_resolve(link=_link(handover), kinds=[NotificationKind.COORDINATOR_OFFER])
    return handover


# --- Reads ------------------------------------------------------------------------------


def open_handover(trajectory: Trajectory) -> CoordinatorHandover | None:
    return (trajectory.coordinator_handovers.filter(state=HandoverState.PROPOSED)
            .select_related("to_organisation", "to_professional", "proposed_by").first())


def incoming_handovers(actor: Actor) -> QuerySet[CoordinatorHandover]:
    """Proposals addressed to the actor's organisation. Shows the reference only: the
    household's data opens up once the successor has accepted and is involved."""
    if actor.organisation is None:
        return CoordinatorHandover.objects.none()
    return (CoordinatorHandover.objects.filter(state=HandoverState.PROPOSED,
                                               to_organisation=actor.organisation,
                                               trajectory__phase=Phase.FOLLOW_UP)
            .select_related("trajectory__household", "to_professional", "proposed_by",
                            "from_assignment__organisation"))


def handover_for(actor: Actor, handover_uuid) -> CoordinatorHandover:
    """A handover the actor may see: addressed to their organisation, or about a household
    their organisation is involved with. Anything else is 404."""
    from django.http import Http404

    try:
        handover = CoordinatorHandover.objects.select_related(
            "trajectory__household", "to_organisation", "to_professional", "proposed_by",
            "from_assignment__organisation", "from_assignment__professional",
        ).get(uuid=handover_uuid)
    except (CoordinatorHandover.DoesNotExist, ValidationError):
        raise Http404 from None
    org = actor.organisation
    addressed = (handover.to_organisation_id == org.pk if org else False) and (
        handover.trajectory.phase == Phase.FOLLOW_UP)
    if org is None or not (addressed or is_involved(actor, handover.trajectory.household)):
        raise Http404
    return handover


def aftercare_ending_without_successor(trajectory: Trajectory, today: date) -> bool:
    """The shelter still coordinates, its aftercare ends within two weeks (or has ended),
    and no successor has been proposed.

    For the out-of-sight status (issue 3) and the warnings on the household page and the
    caseload. Uses ``current_coordinators`` (prefetched) and ``handover_proposed`` (annotated,
    see ``selectors.caseload``) when the caller has them.
    """
    if trajectory.phase != Phase.FOLLOW_UP or trajectory.shelter_aftercare_until is None:
        return False
    if today < trajectory.shelter_aftercare_until - timedelta(days=aftercare_warning_days()):
        return False
    current = (next(iter(trajectory.current_coordinators), None)
               if hasattr(trajectory, "current_coordinators")
               else current_coordinator(trajectory))
    if current is None:
        return True
    if current.organisation_id != trajectory.shelter_id:
        return False
    if hasattr(trajectory, "handover_proposed"):
        return not trajectory.handover_proposed
    return not trajectory.coordinator_handovers.filter(state=HandoverState.PROPOSED).exists()
