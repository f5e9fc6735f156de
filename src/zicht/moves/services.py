"""The warm handover when a household moves (verhuizing, warme overdracht).

1. The supporter finds the supporter of the new municipality in the directory and requests
   the handover, with a handover meeting. A summary (plan, safety plan, open stagnations,
   contact history) is taken at that moment, limited to what the client consented to.
2. Until the receiving supporter accepts, nothing about access changes: the household is
   "in overdracht" on both caseloads; the receiving side sees only the summary.
3. On acceptance the new municipality's team becomes supporter and coordinator, and every
   other organisation's involvement ends: they lose access at once, their past entries stay
   attributed to them.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.directory.models import Municipality, Organisation, OrganisationKind, Role
from zicht.households.models import Involvement, InvolvementReason
from zicht.households.selectors import is_involved
from zicht.moves.models import Move, MoveChange, MoveState
from zicht.moves.summary import handover_summary
from zicht.trajectories.models import CoordinatorHandover, HandoverState, Phase, Trajectory
from zicht.trajectories.services import coordinator_assignment_start

SENDING_ROLES = (Role.SUPPORTER, Role.TEAM_LEAD)


def _change(move: Move, to: str, actor: Actor, reason: str = "") -> None:
    if not move.can_move_to(to):
        raise ValidationError(_("Deze overdracht is al afgerond."))
    MoveChange.objects.create(move=move, from_state=move.state, to_state=to, by=actor.user,
                              reason=reason)
    move.state = to
    move.save(update_fields=["state"])


def may_receive(actor: Actor, move: Move) -> bool:
    if actor.organisation is None or actor.organisation.pk != move.to_organisation_id:
        return False
    if move.to_supporter_id is not None:
        return move.to_supporter_id == actor.user.pk or actor.has_role(Role.TEAM_LEAD)
    return actor.has_role(*SENDING_ROLES)


def move_request(*, actor: Actor, trajectory: Trajectory, to_organisation: Organisation,
                 to_supporter: User | None, meeting_at: datetime,
                 meeting_place: str = "") -> Move:
    household = trajectory.household
    if not (actor.has_role(*SENDING_ROLES) and is_involved(
            actor, household, InvolvementReason.SUPPORTER, InvolvementReason.COORDINATOR)):
        raise PermissionDenied
    if trajectory.phase != Phase.FOLLOW_UP:
        raise ValidationError(_("Een verhuizing wordt overgedragen na het vertrek."))
    to_municipality: Municipality | None = to_organisation.municipality
    if to_organisation.kind != OrganisationKind.MUNICIPALITY_TEAM or to_municipality is None:
        raise ValidationError({"to_organisation": _("Kies het team van de nieuwe gemeente.")})
    if to_municipality.pk == trajectory.destination_municipality_id:
        raise ValidationError({"to_organisation": _(
            "Dit team hoort bij dezelfde gemeente: een verhuizing gaat naar een andere.")})
    if to_supporter is not None and not to_supporter.memberships.filter(
            organisation=to_organisation, role__in=SENDING_ROLES, active=True).exists():
        raise ValidationError({"to_supporter": _("Deze ondersteuner werkt niet bij dit team.")})
    try:
        with transaction.atomic():
            move = Move.objects.create(
                trajectory=trajectory, from_municipality_id=trajectory.destination_municipality_id,
                from_organisation=actor.organisation, to_municipality=to_municipality,
                to_organisation=to_organisation, to_supporter=to_supporter,
                meeting_at=meeting_at, meeting_place=meeting_place,
                summary=handover_summary(trajectory), requested_by=actor.user)
            MoveChange.objects.create(move=move, to_state=MoveState.REQUESTED, by=actor.user)
            access_log(actor=actor, action=AccessAction.TRANSFER, record_type="move",
                       household_uuid=household.uuid, record_uuid=move.uuid,
                       ground=_("warme overdracht, binnen de toestemming van de cliënt"))
            notify_by_email([to_supporter.email] if to_supporter else [to_organisation.email])
    except IntegrityError:
        raise ValidationError(_("Er loopt al een overdracht voor dit huishouden.")) from None
    return move


def move_accept(*, actor: Actor, move: Move) -> Move:
    """The receiving supporter accepts: the new municipality takes over, the old one lets go."""
    if not may_receive(actor, move):
        raise PermissionDenied
    today = timezone.localdate()
    with transaction.atomic():
        move = Move.objects.select_for_update().select_related(
            "trajectory__household").get(pk=move.pk)
        trajectory = move.trajectory
        household = trajectory.household
        if trajectory.phase != Phase.FOLLOW_UP:
            raise ValidationError(_("Dit traject loopt niet meer."))
        _change(move, MoveState.ACCEPTED, actor)
        # A pending change of coordinator is overtaken by the move.
        for handover in CoordinatorHandover.objects.filter(trajectory=trajectory,
                                                           state=HandoverState.PROPOSED):
            handover.history.create(from_state=handover.state, to_state=HandoverState.WITHDRAWN,
                                    by=actor.user, reason=_("verhuizing"))
            handover.state = HandoverState.WITHDRAWN
            handover.save(update_fields=["state"])
        # Everyone outside the new municipality steps back today: access ends at once.
        Involvement.objects.current().filter(household=household).exclude(
            organisation__municipality=move.to_municipality).update(ended_on=today)
        Involvement.objects.create(household=household, organisation=move.to_organisation,
                                   reason=InvolvementReason.SUPPORTER, started_on=today)
        trajectory.destination_municipality = move.to_municipality
        trajectory.supporter_organisation = move.to_organisation
        trajectory.supporter = move.to_supporter or actor.user
        trajectory.save(update_fields=["destination_municipality", "supporter_organisation",
                                       "supporter"])
        coordinator_assignment_start(actor=actor, trajectory=trajectory,
                                     organisation=move.to_organisation,
                                     professional=trajectory.supporter)
        # Open stagnations are now the new municipality's to break through.
        household.stagnations.filter(resolved_on__isnull=True).update(
            municipality=move.to_municipality)
        access_log(actor=actor, action=AccessAction.TRANSFER, record_type="move",
                   household_uuid=household.uuid, record_uuid=move.uuid,
                   ground=_("warme overdracht aanvaard"))
        notify_by_email([move.requested_by.email])
    return move


def move_decline(*, actor: Actor, move: Move, reason: str = "") -> Move:
    if not may_receive(actor, move):
        raise PermissionDenied
    with transaction.atomic():
        _change(move, MoveState.DECLINED, actor, reason)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="move",
                   household_uuid=move.trajectory.household.uuid, record_uuid=move.uuid)
        notify_by_email([move.requested_by.email])
    return move


def move_withdraw(*, actor: Actor, move: Move, reason: str = "") -> Move:
    if not (actor.has_role(*SENDING_ROLES)
            and is_involved(actor, move.trajectory.household)):
        raise PermissionDenied
    with transaction.atomic():
        _change(move, MoveState.WITHDRAWN, actor, reason)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="move",
                   household_uuid=move.trajectory.household.uuid, record_uuid=move.uuid)
    return move


def move_summary_read(*, actor: Actor, move: Move) -> None:
    """Log that the actor read the handover summary (NEN 7513): the receiving team reads
    it before it is involved, so the ground is the handover itself."""
    access_log(actor=actor, action=AccessAction.READ, record_type="move_summary",
               household_uuid=move.trajectory.household.uuid, record_uuid=move.uuid,
               ground=_("warme overdracht"))
