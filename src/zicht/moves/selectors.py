from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zicht.core.events import OpenWork
from zicht.directory.actor import Actor
from zicht.households.selectors import visible_households
from zicht.moves.models import Move, MoveState
from zicht.trajectories.models import Phase, Trajectory


def move_out_of_sight_days() -> int:
    return getattr(settings, "ZICHT_MOVE_OUT_OF_SIGHT_DAYS", 14)


def pending_move(trajectory: Trajectory) -> Move | None:
    return (trajectory.moves.filter(state=MoveState.REQUESTED)
            .select_related("to_organisation", "to_municipality", "to_supporter").first())


def move_pending_too_long(trajectory: Trajectory, today: date) -> bool:
    """A household "in overdracht" for more than ZICHT_MOVE_OUT_OF_SIGHT_DAYS days counts
    for the out-of-sight status (issue 3): DOMAIN.md, "a move is a risk signal in itself"."""
    limit = today - timedelta(days=move_out_of_sight_days())
    return trajectory.moves.filter(state=MoveState.REQUESTED,
                                   requested_at__date__lt=limit).exists()


def incoming_moves(actor: Actor) -> QuerySet[Move]:
    """Households moving to the actor's team: on the caseload "in overdracht" before
    acceptance, by reference only."""
    if actor.organisation is None:
        return Move.objects.none()
    return (Move.objects.filter(state=MoveState.REQUESTED, to_organisation=actor.organisation,
                                trajectory__phase=Phase.FOLLOW_UP)
            .select_related("trajectory__household", "from_municipality", "requested_by"))


def move_for(actor: Actor, move_uuid) -> Move:
    """The receiving team, or an organisation involved with the household; else 404."""
    try:
        move = Move.objects.select_related(
            "trajectory__household", "from_municipality", "from_organisation",
            "to_municipality", "to_organisation", "to_supporter", "requested_by",
        ).get(uuid=move_uuid)
    except (Move.DoesNotExist, ValidationError):
        raise Http404 from None
    org = actor.organisation
    if org is None:
        raise Http404
    if (move.state == MoveState.REQUESTED and move.to_organisation_id == org.pk
            and move.trajectory.phase == Phase.FOLLOW_UP):
        return move
    if visible_households(actor, among=[move.trajectory.household_id]).exists():
        return move
    raise Http404


def open_work_on_closing(trajectory: Trajectory) -> list[OpenWork]:
    """A move awaiting acceptance (``trajectory_closing``): the receiving team would be
    left answering for a household nobody carries."""
    move = pending_move(trajectory)
    if move is None:
        return []
    return [OpenWork(_("een verhuizing die nog op acceptatie wacht"),
                     reverse("moves:detail", args=[move.uuid]))]
