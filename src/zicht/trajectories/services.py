"""Writes about trajectories: invitation, departure, coordinator, closing.

Every service checks the phase table in ``models.TRANSITIONS``, writes a history row
and an access-log entry, all in one transaction.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.consent.services import has_follow_up_consent
from zicht.core.dates import PLANNING_YEARS, add_months, check_between, years_from
from zicht.core.events import (
    OpenWork,
    coordinator_changed,
    trajectory_changed,
    trajectory_closing,
)
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.directory.models import Municipality, Organisation, OrganisationKind, Role
from zicht.households.models import Involvement, InvolvementReason
from zicht.households.selectors import is_involved
from zicht.households.services import address_set, normalise_postcode
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send
from zicht.trajectories.models import (
    EARLY_CLOSE_REASONS,
    CloseReason,
    CoordinatorAssignment,
    CoordinatorHandover,
    HandoverState,
    Phase,
    PhaseChange,
    Trajectory,
    TrajectoryExtension,
)

FOLLOW_UP_MONTHS = 12
#: Months a coordinator stays after the shelter's aftercare ends (seed 001, 4.2).
MINIMUM_MONTHS_AFTER_AFTERCARE = 6


def _move(trajectory: Trajectory, to: str, actor: Actor, reason: str = "") -> None:
    if not trajectory.can_move_to(to):
        raise ValidationError(
            _("Dit kan niet in de fase '%(phase)s'.") % {"phase": trajectory.get_phase_display()}
        )
    PhaseChange.objects.create(trajectory=trajectory, from_phase=trajectory.phase, to_phase=to,
                               by=actor.user, reason=reason)
    trajectory.phase = to


def _require_shelter(actor: Actor, trajectory: Trajectory) -> None:
    if not (actor.has_role(Role.SHELTER_WORKER)
            and is_involved(actor, trajectory.household, InvolvementReason.SHELTER)):
        raise PermissionDenied


def _involve(household, organisation: Organisation, reason: str, *,
             until: date | None = None) -> None:
    today = timezone.localdate()
    exists = Involvement.objects.current().filter(
        household=household, organisation=organisation, reason=reason
    )
    if not exists.exists():
        Involvement.objects.create(household=household, organisation=organisation,
                                   reason=reason, started_on=today, ended_on=until)


def supporter_invite(*, actor: Actor, trajectory: Trajectory, municipality: Municipality,
                     supporter_organisation: Organisation,
                     supporter: User | None = None) -> Trajectory:
    """The shelter invites the supporter of the municipality where the client will live.

    Seed 002, "Rol van vrouwenopvang": only after the client has given consent.
    """
    _require_shelter(actor, trajectory)
    if not has_follow_up_consent(trajectory.household):
        raise ValidationError(
            _("Leg eerst de toestemming van de cliënt vast voordat u de ondersteuner uitnodigt.")
        )
    if (supporter_organisation.kind != OrganisationKind.MUNICIPALITY_TEAM
            or supporter_organisation.municipality_id != municipality.pk):
        raise ValidationError(_("Kies een team van de gemeente waar de cliënt gaat wonen."))
    if supporter is not None and not supporter.memberships.filter(
        organisation=supporter_organisation, role=Role.SUPPORTER, active=True
    ).exists():
        raise ValidationError(_("Deze ondersteuner werkt niet bij het gekozen team."))

    with transaction.atomic():
        _move(trajectory, Phase.INVITED, actor)
        trajectory.destination_municipality = municipality
        trajectory.supporter_organisation = supporter_organisation
        trajectory.supporter = supporter
        trajectory.save()
        _involve(trajectory.household, supporter_organisation, InvolvementReason.SUPPORTER)
        access_log(actor=actor, action=AccessAction.TRANSFER, record_type="invitation",
                   household_uuid=trajectory.household.uuid, record_uuid=trajectory.uuid,
                   ground=_("toestemming cliënt"))
        if supporter is not None:
            notifications_send([(supporter.pk, NotificationKind.INVITATION,
                                 trajectory.household_id)])
        else:
            team = supporter_organisation.memberships.filter(role=Role.SUPPORTER, active=True)
            notifications_send([(user_id, NotificationKind.INVITATION, trajectory.household_id)
                                for user_id in team.values_list("user_id", flat=True)])
            notify_by_email([supporter_organisation.email])
    return trajectory


#: How far ahead a departure can be recorded: the shelter knows the day of leaving some
#: weeks ahead, not seasons ahead.
DEPARTURE_AHEAD_DAYS = 60


def departure_date_check(departure_date: date, shelter_aftercare_until: date | None) -> None:
    """A departure lies at most the follow-up year back (an older one leaves no year to
    follow) and ``DEPARTURE_AHEAD_DAYS`` ahead; the shelter's aftercare (two to six months
    in seed 002) ends after the departure and within that year."""
    today = timezone.localdate()
    check_between(departure_date, field="departure_date",
                  earliest=add_months(today, -FOLLOW_UP_MONTHS),
                  latest=today + timedelta(days=DEPARTURE_AHEAD_DAYS),
                  message=_("Vul de werkelijke of geplande vertrekdatum in: hooguit %(back)d "
                            "maanden terug en %(ahead)d dagen vooruit.") % {
                      "back": FOLLOW_UP_MONTHS, "ahead": DEPARTURE_AHEAD_DAYS})
    if shelter_aftercare_until and shelter_aftercare_until < departure_date:
        raise ValidationError(_("De nazorg van de opvang kan niet eindigen vóór het vertrek."))
    check_between(shelter_aftercare_until, field="shelter_aftercare_until",
                  latest=add_months(departure_date, FOLLOW_UP_MONTHS),
                  message=_("De nazorg van de opvang eindigt binnen %(months)d maanden na het "
                            "vertrek.") % {"months": FOLLOW_UP_MONTHS})


def departure_record(*, actor: Actor, trajectory: Trajectory, departure_date: date,
                     shelter_aftercare_until: date | None, street: str, postcode: str,
                     city: str, address_is_secret: bool,
                     coordinator_organisation: Organisation,
                     coordinator: User | None = None) -> Trajectory:
    """The shelter records the departure (vertrek); from now on there is one coordinator.

    The follow-up year ends at most 12 months after departure (seed 002).
    """
    _require_shelter(actor, trajectory)
    departure_date_check(departure_date, shelter_aftercare_until)
    if coordinator_organisation.pk not in {trajectory.shelter_id,
                                           trajectory.supporter_organisation_id}:
        raise ValidationError(
            _("De regisseur is de opvang (tijdens de nazorg) of het team van de ondersteuner.")
        )
    if trajectory.destination_municipality is None:
        raise ValidationError(_("Nodig eerst de ondersteuner van de nieuwe gemeente uit."))
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages}) from None

    with transaction.atomic():
        _move(trajectory, Phase.FOLLOW_UP, actor)
        trajectory.departure_date = departure_date
        trajectory.shelter_aftercare_until = shelter_aftercare_until
        trajectory.planned_end = add_months(departure_date, FOLLOW_UP_MONTHS)
        trajectory.save()
        # The shelter stays involved for its own aftercare period, then steps back.
        Involvement.objects.current().filter(
            household=trajectory.household, organisation=trajectory.shelter,
            reason=InvolvementReason.SHELTER,
        ).update(ended_on=(shelter_aftercare_until or departure_date) + timedelta(days=1))
        address_set(actor=actor, household=trajectory.household, street=street,
                    postcode=postcode, city=city,
                    municipality=trajectory.destination_municipality,
                    is_secret=address_is_secret)
        coordinator_assignment_start(actor=actor, trajectory=trajectory,
                                     organisation=coordinator_organisation,
                                     professional=coordinator)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="departure",
                   household_uuid=trajectory.household.uuid, record_uuid=trajectory.uuid)
        trajectory_changed.send(sender=Trajectory, trajectory=trajectory)
    return trajectory


def coordinator_assignment_start(*, actor: Actor, trajectory: Trajectory,
                                 organisation: Organisation,
                                 professional: User | None) -> CoordinatorAssignment:
    """End the current coordinator's assignment and start the next one; the organisation's
    involvement follows. A step of the services that change the coordinator (the
    assignment, the accepted handover, the accepted move), inside their transaction and
    access-log row."""
    now = timezone.now()
    trajectory.coordinator_assignments.filter(ended_at__isnull=True).update(ended_at=now)
    # The coordinator's organisation is involved exactly as long as it coordinates.
    Involvement.objects.current().filter(
        household=trajectory.household, reason=InvolvementReason.COORDINATOR
    ).exclude(organisation=organisation).update(ended_on=timezone.localdate())
    assignment = CoordinatorAssignment.objects.create(
        trajectory=trajectory, organisation=organisation, professional=professional,
        started_at=now, assigned_by=actor.user,
    )
    _involve(trajectory.household, organisation, InvolvementReason.COORDINATOR)
    coordinator_changed.send(sender=CoordinatorAssignment, trajectory=trajectory,
                             assignment=assignment, actor=actor)
    return assignment


def coordinator_assign(*, actor: Actor, trajectory: Trajectory, organisation: Organisation,
                       professional: User | None = None) -> CoordinatorAssignment:
    """Hand the coordination (regie) to another organisation or professional.

    The old assignment ends at the same moment the new one starts: never zero, never two.
    """
    if not (actor.has_role(Role.SUPPORTER, Role.SHELTER_WORKER, Role.TEAM_LEAD)
            and is_involved(actor, trajectory.household)):
        raise PermissionDenied
    if trajectory.phase != Phase.FOLLOW_UP:
        raise ValidationError(_("Een regisseur wordt vastgelegd vanaf het vertrek."))
    if professional is not None and not professional.memberships.filter(
        organisation=organisation, active=True
    ).exists():
        raise ValidationError(_("Deze professional werkt niet bij de gekozen organisatie."))
    with transaction.atomic():
        assignment = coordinator_assignment_start(actor=actor, trajectory=trajectory,
                                                  organisation=organisation,
                                                  professional=professional)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="coordinator",
                   household_uuid=trajectory.household.uuid, record_uuid=assignment.uuid)
        if professional is not None:
            notifications_send([(professional.pk, NotificationKind.COORDINATOR_CHANGE,
                                 trajectory.household_id)])
        trajectory_changed.send(sender=Trajectory, trajectory=trajectory)
    return assignment


def minimum_end(trajectory: Trajectory) -> date | None:
    """The first day the trajectory may end as completed: six months after the shelter's
    aftercare (or, without aftercare, the departure). Seed 001, 4.2."""
    start = trajectory.shelter_aftercare_until or trajectory.departure_date
    return add_months(start, MINIMUM_MONTHS_AFTER_AFTERCARE) if start else None


def open_work(trajectory: Trajectory) -> list[OpenWork]:
    """What is still open for the household and would be left with nobody on closing.

    The apps above answer for their own work (``trajectory_closing``); a proposed
    coordinator handover is this app's own.
    """
    work = [item for _receiver, items in trajectory_closing.send(sender=Trajectory,
                                                                 trajectory=trajectory)
            for item in items]
    handover = CoordinatorHandover.objects.filter(trajectory=trajectory,
                                                  state=HandoverState.PROPOSED).first()
    if handover:
        work.append(OpenWork(_("een overdracht van de regie die nog op antwoord wacht"),
                             reverse("trajectories:handover", args=[handover.uuid])))
    return work


def trajectory_close(*, actor: Actor, trajectory: Trajectory, reason: str,
                     reason_code: str = CloseReason.OTHER,
                     closed_on: date | None = None) -> Trajectory:
    """Close the trajectory with a reason.

    After departure a coordinator stays at least six months after the shelter's aftercare
    (seed 001, 4.2): closing before that needs one of ``EARLY_CLOSE_REASONS``, and "other"
    needs an explanation.
    """
    if not (actor.has_role(Role.SUPPORTER, Role.SHELTER_WORKER, Role.TEAM_LEAD)
            and is_involved(actor, trajectory.household)):
        raise PermissionDenied
    if reason_code not in CloseReason.values:
        raise ValidationError({"reason_code": _("Kies een reden van afsluiten.")})
    if reason_code == CloseReason.OTHER and not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het afsluiten.")})
    closed_on = closed_on or timezone.localdate()
    earliest = minimum_end(trajectory) if trajectory.phase == Phase.FOLLOW_UP else None
    if earliest and closed_on < earliest and reason_code not in EARLY_CLOSE_REASONS:
        raise ValidationError({"reason_code": _(
            "Tot %(date)s blijft er een regisseur betrokken (minimaal zes maanden na de "
            "nazorg van de opvang). Eerder afsluiten kan alleen met een van de vaste redenen."
        ) % {"date": date_format(earliest)}})
    reason = reason.strip() or str(CloseReason(reason_code).label)
    with transaction.atomic():
        # Closing ends every involvement: open work first gets its own decision, so that
        # no worry, stagnation or answer from Veilig Thuis is left with nobody (issue 12).
        if work := open_work(trajectory):
            raise ValidationError(_(
                "Er staat nog werk open dat na het afsluiten bij niemand meer ligt: "
                "%(work)s. Rond dit eerst af of draag het over."
            ) % {"work": ", ".join(item.label for item in work)})
        _move(trajectory, Phase.CLOSED, actor, reason=reason)
        trajectory.closed_on = closed_on
        trajectory.closed_reason = reason
        trajectory.close_reason_code = reason_code
        trajectory.save()
        trajectory.coordinator_assignments.filter(ended_at__isnull=True).update(
            ended_at=timezone.now())
        # Involvements end with the trajectory; the record stays for its retention period.
        Involvement.objects.current().filter(household=trajectory.household).update(
            ended_on=closed_on)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="trajectory",
                   household_uuid=trajectory.household.uuid, record_uuid=trajectory.uuid,
                   ground=reason)
        trajectory_changed.send(sender=Trajectory, trajectory=trajectory)
    return trajectory


def trajectory_extend(*, actor: Actor, trajectory: Trajectory, new_end: date,
                      reason: str) -> TrajectoryExtension:
    """Extend the follow-up beyond its planned end (verlengen), with a reason and history.

    Seed 002: "tot maximaal 12 maanden na vertrek"; longer is a decision, recorded.
    """
    if not (actor.has_role(Role.SUPPORTER, Role.TEAM_LEAD)
            and is_involved(actor, trajectory.household)):
        raise PermissionDenied
    if trajectory.phase != Phase.FOLLOW_UP:
        raise ValidationError(_("Verlengen kan na het vertrek, zolang het traject loopt."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor de verlenging.")})
    if trajectory.planned_end and new_end <= trajectory.planned_end:
        raise ValidationError({"new_end": _("Kies een datum na de huidige einddatum.")})
    check_between(new_end, field="new_end",
                  latest=years_from(timezone.localdate(), PLANNING_YEARS),
                  message=_("Verleng hooguit %(years)d jaar vooruit.") % {
                      "years": PLANNING_YEARS})
    with transaction.atomic():
        extension = TrajectoryExtension.objects.create(
            trajectory=trajectory, previous_end=trajectory.planned_end, new_end=new_end,
            reason=reason, by=actor.user)
        trajectory.planned_end = new_end
        trajectory.save(update_fields=["planned_end"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="extension",
                   household_uuid=trajectory.household.uuid, record_uuid=trajectory.uuid,
                   ground=reason)
        trajectory_changed.send(sender=Trajectory, trajectory=trajectory)
    return extension
