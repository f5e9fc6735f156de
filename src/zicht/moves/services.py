"""The warm handover when a household moves (verhuizing, warme overdracht).

1. The supporter finds the supporter of the new municipality in the directory and requests
   the handover, with a handover meeting. A summary (plan, safety plan, open stagnations,
   contact history) is taken at that moment, limited to what the client consented to.
2. Until the receiving supporter accepts, nothing about access changes: the household is
   "in overdracht" on both caseloads; the receiving side sees only the summary.
3. On acceptance the new municipality's team becomes supporter and coordinator, and every
   other organisation's involvement ends: they lose access at once, their past entries stay
   attributed to them. The household, its address and its trajectory are in the new
   municipality from then on, and the open work goes with them (``moves.follow``).

Seed 001 (2.1, 3.3): families drop out of sight at the moment of handover, above all when
they move to another municipality. A move is therefore refused without the client's
consent for the handover, which can be recorded in the same step.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.consent.models import Consent, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.core.dates import check_between, years_from
from zicht.core.events import trajectory_changed
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.directory.models import Municipality, Organisation, OrganisationKind, Role
from zicht.households.models import Involvement, InvolvementReason, PersonRole
from zicht.households.selectors import is_involved
from zicht.households.services import CITY_MAX, STREET_MAX, address_change, normalise_postcode
from zicht.moves.follow import open_work_follow
from zicht.moves.models import Move, MoveChange, MoveState
from zicht.moves.summary import handover_summary
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_resolve, notifications_send
from zicht.trajectories.models import CoordinatorHandover, HandoverState, Phase, Trajectory
from zicht.trajectories.services import coordinator_assignment_start

SENDING_ROLES = (Role.SUPPORTER, Role.TEAM_LEAD)


@dataclass(frozen=True)
class NewAddress:
    """The household's address in the new municipality (never logged or shown in lists)."""

    street: str
    postcode: str
    city: str
    is_secret: bool = False

    def cleaned(self) -> "NewAddress":
        """Trimmed and checked as ``address_change`` checks it; the messages never repeat
        what was typed."""
        street, city = self.street.strip(), self.city.strip()
        errors: dict[str, list] = {}
        if not street:
            errors["new_street"] = [_("Vul de straat en het huisnummer in.")]
        elif len(street) > STREET_MAX:
            errors["new_street"] = [_("Gebruik hooguit %(n)s tekens.") % {"n": STREET_MAX}]
        try:
            postcode = normalise_postcode(self.postcode)
        except ValidationError as error:
            errors["new_postcode"] = error.messages
        if not city:
            errors["new_city"] = [_("Vul de plaats in.")]
        elif len(city) > CITY_MAX:
            errors["new_city"] = [_("Gebruik hooguit %(n)s tekens.") % {"n": CITY_MAX}]
        if errors:
            raise ValidationError(errors)
        return NewAddress(street, postcode, city, self.is_secret)


@dataclass(frozen=True)
class HandoverConsent:
    """The client's consent for the handover, recorded with the request when it is missing."""

    method: str
    categories: tuple[str, ...] = ()


def has_handover_consent(trajectory: Trajectory) -> bool:
    return Consent.objects.active().filter(
        household_id=trajectory.household_id, purpose=ConsentPurpose.HANDOVER,
        person__role=PersonRole.CLIENT).exists()


def _change(move: Move, to: str, actor: Actor, reason: str = "") -> None:
    if not move.can_move_to(to):
        raise ValidationError(_("Deze overdracht is al afgerond."))
    MoveChange.objects.create(move=move, from_state=move.state, to_state=to, by=actor.user,
                              reason=reason)
    move.state = to
    move.save(update_fields=["state"])
    # Accepted, declined or withdrawn: the offer no longer asks the receiving team to act.
    notifications_resolve(link=reverse("moves:detail", args=[move.uuid]),
                          kinds=[NotificationKind.MOVE_OFFER])


def may_receive(actor: Actor, move: Move) -> bool:
    if actor.organisation is None or actor.organisation.pk != move.to_organisation_id:
        return False
    if move.to_supporter_id is not None:
        return move.to_supporter_id == actor.user.pk or actor.has_role(Role.TEAM_LEAD)
    return actor.has_role(*SENDING_ROLES)


def _clear_new_address(move: Move) -> None:
    move.new_street = move.new_postcode = move.new_city = ""
    move.new_address_secret = False
    move.save(update_fields=["new_street", "new_postcode", "new_city", "new_address_secret"])


def move_request(*, actor: Actor, trajectory: Trajectory, to_organisation: Organisation,
                 to_supporter: User | None, meeting_at: datetime, moving_date: date,
                 meeting_place: str = "", new_address: NewAddress | None = None,
                 consent: HandoverConsent | None = None) -> Move:
    """Request the warm handover: the new municipality's team, the moving date, optionally
    the new address, and the client's consent for the handover (recorded here if missing).
    """
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
    if moving_date is None:
        raise ValidationError({"moving_date": _("Vul de verhuisdatum in.")})
    if trajectory.departure_date and moving_date < trajectory.departure_date:
        raise ValidationError({"moving_date": _(
            "De verhuisdatum ligt voor het vertrek uit de opvang.")})
    if moving_date > timezone.localdate().replace(year=timezone.localdate().year + 1):
        raise ValidationError({"moving_date": _("Kies een verhuisdatum binnen een jaar.")})
    # The handover meeting is held around the move: within a year either way of today.
    today = timezone.localdate()
    check_between(meeting_at, field="meeting_at", earliest=years_from(today, -1),
                  latest=years_from(today, 1),
                  message=_("Kies een overdrachtsgesprek binnen een jaar van vandaag."))
    new_address = new_address.cleaned() if new_address else None
    consented = has_handover_consent(trajectory)
    if not consented and consent is None:
        raise ValidationError({"consent": _(
            "De cliënt heeft nog geen toestemming gegeven voor de overdracht. Leg die eerst "
            "vast: zonder toestemming gaat er niets naar de nieuwe gemeente.")})
    try:
        with transaction.atomic():
            if not consented:
                client = household.persons.get(role=PersonRole.CLIENT)
                consent_record(actor=actor, household=household, person=client,
                               purpose=ConsentPurpose.HANDOVER, method=consent.method,
                               given_on=timezone.localdate(),
                               categories=list(consent.categories))
            move = Move.objects.create(
                trajectory=trajectory, from_municipality_id=trajectory.destination_municipality_id,
                from_organisation=actor.organisation, to_municipality=to_municipality,
                to_organisation=to_organisation, to_supporter=to_supporter,
                meeting_at=meeting_at, meeting_place=meeting_place, moving_date=moving_date,
                new_street=new_address.street if new_address else "",
                new_postcode=new_address.postcode if new_address else "",
                new_city=new_address.city if new_address else "",
                new_address_secret=new_address.is_secret if new_address else False,
                summary=handover_summary(trajectory), requested_by=actor.user)
            MoveChange.objects.create(move=move, to_state=MoveState.REQUESTED, by=actor.user)
            access_log(actor=actor, action=AccessAction.TRANSFER, record_type="move",
                       household_uuid=household.uuid, record_uuid=move.uuid,
                       ground=_("warme overdracht, binnen de toestemming van de cliënt"))
            receivers = [to_supporter.pk] if to_supporter else list(
                to_organisation.memberships.filter(role__in=SENDING_ROLES, active=True)
                .values_list("user_id", flat=True))
            sent = notifications_send([(r, NotificationKind.MOVE_OFFER, household.pk)
                                       for r in receivers],
                                      link=reverse("moves:detail", args=[move.uuid]))
            if not sent:
                notify_by_email([to_organisation.email])
    except IntegrityError:
        raise ValidationError(_("Er loopt al een overdracht voor dit huishouden.")) from None
    return move


def move_accept(*, actor: Actor, move: Move, new_address: NewAddress | None = None) -> Move:
    """The receiving supporter accepts: the new municipality takes over, the old one lets go.

    The household's address becomes the new one (given now, or at the request); the
    household, its trajectory and its open work are in the new municipality at once.
    """
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
        if new_address is None and move.new_street:
            new_address = NewAddress(move.new_street, move.new_postcode, move.new_city,
                                     move.new_address_secret)
        if new_address is None:
            raise ValidationError({"new_street": _(
                "Vul het nieuwe adres in: met de overdracht verhuist het huishouden.")})
        new_address = new_address.cleaned()
        from_organisation_ids = set(Involvement.objects.current().filter(
            household=household).values_list("organisation_id", flat=True))
        _change(move, MoveState.ACCEPTED, actor)
        # A pending change of coordinator is overtaken by the move.
        for handover in CoordinatorHandover.objects.filter(trajectory=trajectory,
                                                           state=HandoverState.PROPOSED):
            handover.history.create(from_state=handover.state, to_state=HandoverState.WITHDRAWN,
                                    by=actor.user, reason=_("verhuizing"))
            handover.state = HandoverState.WITHDRAWN
            handover.save(update_fields=["state"])
        # Everyone outside the new municipality steps back today: access ends at once.
        # Connected partners stay: a school or GP still sees the family, has no access to
        # the record, and must be able to reach the new coordinator with a worry.
        Involvement.objects.current().filter(household=household).exclude(
            organisation__municipality=move.to_municipality).exclude(
            reason=InvolvementReason.PARTNER).update(ended_on=today)
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
        address_change(actor=actor, household=household, street=new_address.street,
                       postcode=new_address.postcode, city=new_address.city,
                       municipality=move.to_municipality, is_secret=new_address.is_secret,
                       reason=_("Verhuisd naar %(m)s (warme overdracht)")
                       % {"m": move.to_municipality.name})
        _clear_new_address(move)
        access_log(actor=actor, action=AccessAction.TRANSFER, record_type="move",
                   household_uuid=household.uuid, record_uuid=move.uuid,
                   ground=_("warme overdracht aanvaard"))
        open_work_follow(actor=actor, move=move,
                         from_organisation_ids=from_organisation_ids - {move.to_organisation_id})
        # The sender no longer carries the household: the message names no household.
        notifications_send([(move.requested_by_id, NotificationKind.MOVE_HANDED_OVER, None)])
        trajectory_changed.send(sender=Move, trajectory=trajectory)
    return move


def move_decline(*, actor: Actor, move: Move, reason: str = "") -> Move:
    if not may_receive(actor, move):
        raise PermissionDenied
    with transaction.atomic():
        _change(move, MoveState.DECLINED, actor, reason)
        _clear_new_address(move)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="move",
                   household_uuid=move.trajectory.household.uuid, record_uuid=move.uuid)
        notifications_send([(move.requested_by_id, NotificationKind.MOVE_ANSWERED,
                             move.trajectory.household_id)])
    return move


def move_withdraw(*, actor: Actor, move: Move, reason: str = "") -> Move:
    if not (actor.has_role(*SENDING_ROLES)
            and is_involved(actor, move.trajectory.household)):
        raise PermissionDenied
    with transaction.atomic():
        _change(move, MoveState.WITHDRAWN, actor, reason)
        _clear_new_address(move)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="move",
                   household_uuid=move.trajectory.household.uuid, record_uuid=move.uuid)
    return move


def move_summary_read(*, actor: Actor, move: Move) -> None:
    """Log that the actor read the handover summary (NEN 7513): the receiving team reads
    it before it is involved, so the ground is the handover itself."""
    access_log(actor=actor, action=AccessAction.READ, record_type="move_summary",
               household_uuid=move.trajectory.household.uuid, record_uuid=move.uuid,
               ground=_("warme overdracht"))
