"""Writes about case conferences. Each in one transaction with its access-log row.

The coordinator (regisseur) convenes and records; what the conference agrees goes into
the household's one plan through ``zicht.plans.services`` (conditions and actions), so
the plan stays the one place where it is followed up.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.conferences.models import (
    CaseConference,
    ConferenceChange,
    ConferenceCondition,
    ConferenceDecision,
    ConferenceInvitation,
    ConferenceState,
    InvitationChange,
    InvitationChangeKind,
)
from zicht.core.dates import PLANNING_YEARS, check_between, years_from
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation, Role
from zicht.households.models import Household, Involvement
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_resolve, notifications_send
from zicht.plans import services as plans
from zicht.plans.models import Action, ReviewMoment, SafetyCondition
from zicht.safety.services import is_coordinator
from zicht.trajectories.models import Trajectory
from zicht.trajectories.selectors import current_coordinator, current_trajectory

#: Who sits at a case conference for an organisation (not its policy staff or admins).
CASE_ROLES = (Role.SHELTER_WORKER, Role.SUPPORTER, Role.TEAM_LEAD, Role.PARTNER,
              Role.VEILIG_THUIS)


def may_convene(actor: Actor, household: Household) -> bool:
    """Only the coordinating team convenes and records a case conference (1 regisseur)."""
    return is_coordinator(actor, household)


def _require_convener(actor: Actor, household: Household) -> None:
    if not may_convene(actor, household):
        raise PermissionDenied


def involved_organisations(household: Household):
    """Who may be at the table as an organisation: those currently involved with the
    household (carers and connected partners)."""
    ids = Involvement.objects.current().filter(household=household).values("organisation")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def invitees(household: Household, organisations: Iterable[Organisation]
             ) -> list[tuple[int, int]]:
    """``(user_id, organisation_id)`` of whom to invite (``ConferenceInvitation``)."""
    trajectory = current_trajectory(household)
    named: dict[int, set[int]] = {}
    if trajectory and trajectory.supporter_id and trajectory.supporter_organisation_id:
        named.setdefault(trajectory.supporter_organisation_id, set()).add(
            trajectory.supporter_id)
    coordinator = current_coordinator(trajectory) if trajectory else None
    if coordinator and coordinator.professional_id:
        named.setdefault(coordinator.organisation_id, set()).add(coordinator.professional_id)
    members = (Membership.objects.filter(organisation__in=organisations, active=True,
                                         role__in=CASE_ROLES, user__is_active=True)
               .values_list("organisation_id", "user_id", "role"))
    by_org: dict[int, list[tuple[int, str]]] = {}
    for org_id, user_id, role in members:
        by_org.setdefault(org_id, []).append((user_id, role))
    chosen = []
    for organisation in organisations:
        people = by_org.get(organisation.pk, [])
        ids = ({u for u, _r in people} & named.get(organisation.pk, set())
               or {u for u, r in people if r == Role.TEAM_LEAD}
               or {u for u, _r in people})
        chosen += [(user_id, organisation.pk) for user_id in sorted(ids)]
    return chosen


def _log(actor: Actor, conference: CaseConference, action: AccessAction) -> None:
    access_log(actor=actor, action=action, record_type="conference",
               household_uuid=conference.household.uuid, record_uuid=conference.uuid)


def _change(actor: Actor, conference: CaseConference, to: str, reason: str = "") -> None:
    if not conference.can_move_to(to):
        raise ValidationError(_("Van '%(from)s' kan een casusoverleg niet naar '%(to)s'.")
                              % {"from": conference.get_state_display(),
                                 "to": ConferenceState(to).label})
    ConferenceChange.objects.create(conference=conference, from_state=conference.state,
                                    to_state=to, reason=reason, by=actor.user,
                                    organisation=actor.organisation)
    conference.state = to


def conference_plan(*, actor: Actor, household: Household, planned_at: datetime,
                    agenda: str, participants: Iterable[Organisation], place: str = "",
                    others: str = "", others_consented: bool = False) -> CaseConference:
    """Convene a case conference with the involved organisations.

    Others than the involved organisations (a GP, the police officer, a relative) come
    only with the client's consent, which the coordinator confirms here.
    """
    _require_convener(actor, household)
    today = timezone.localdate()
    check_between(timezone.localdate(planned_at), field="planned_at",
                  earliest=years_from(today, -1), latest=years_from(today, PLANNING_YEARS),
                  message=_("Kies een datum tussen een jaar geleden en %(years)d jaar "
                            "vooruit.") % {"years": PLANNING_YEARS})
    if not agenda.strip():
        raise ValidationError({"agenda": _("Zet op de agenda wat besproken wordt.")})
    chosen = set(participants) | {actor.organisation}
    allowed = set(involved_organisations(household))
    if chosen - allowed:
        raise ValidationError({"participants": _(
            "Alleen organisaties die bij het gezin betrokken zijn; anderen alleen met "
            "toestemming van de cliënt, onder 'anderen'.")})
    if others.strip() and not others_consented:
        raise ValidationError({"others_consented": _(
            "Anderen nemen alleen deel met toestemming van de cliënt.")})
    with transaction.atomic():
        conference = CaseConference.objects.create(
            household=household, planned_at=planned_at, place=place, agenda=agenda,
            others=others.strip(), others_consented=others_consented and bool(others.strip()),
            convened_by=actor.user, convener_organisation=actor.organisation)
        conference.participants.set(chosen)
        invited = [(u, o) for u, o in invitees(household, sorted(chosen, key=lambda o: o.pk))
                   if u != actor.user.pk]
        ConferenceInvitation.objects.bulk_create(
            ConferenceInvitation(conference=conference, user_id=u, organisation_id=o)
            for u, o in invited)
        ConferenceChange.objects.create(conference=conference, to_state=conference.state,
                                        by=actor.user, organisation=actor.organisation)
        _log(actor, conference, AccessAction.CREATE)
        notifications_send([(u, NotificationKind.CASE_CONFERENCE, household.pk)
                            for u, _o in invited],
                           link=reverse("conferences:detail", args=[household.uuid,
                                                                    conference.uuid]))
    return conference


def conference_invitations_follow(*, actor: Actor, trajectory: Trajectory) -> int:
    """The planned conferences' invitations follow the household's carers (issue 12).

    Called on ``coordinator_changed``, inside the transaction of the assignment, the
    accepted handover or the accepted move, once the new coordinator and supporter are
    set and the old carers' involvement has ended. For each conference still to come: the
    new supporter and coordinator (or their team) are invited and told; whoever is no
    longer involved with the household at all loses the invitation (their inbox and
    calendar feed no longer hold it) and is told without the household, which they may
    no longer open. A partner still connected keeps theirs. Returns how many conferences
    changed.
    """
    household = trajectory.household
    conferences = list(CaseConference.objects.filter(
        household=household, state=ConferenceState.PLANNED, planned_at__gte=timezone.now())
        .prefetch_related("participants", "invitations"))
    if not conferences:
        return 0
    involved = set(Involvement.objects.current().filter(household=household)
                   .values_list("organisation_id", flat=True))
    coordinator = current_coordinator(trajectory)
    carers = {o.pk: o for o in (trajectory.supporter_organisation,
                                coordinator.organisation if coordinator else None)
              if o is not None and o.pk in involved}
    chosen = invitees(household, [carers[pk] for pk in sorted(carers)])
    # Someone who came for an organisation that stepped back may still be involved
    # through another one (two memberships): the invitation then stays, for that one.
    leaving = {i.user_id for c in conferences for i in c.invitations.all()
               if i.organisation_id not in involved}
    still_with: dict[int, int] = {}
    for user_id, organisation_id in (Membership.objects.filter(
            user_id__in=leaving, organisation_id__in=involved, active=True,
            role__in=CASE_ROLES).order_by("organisation_id")
            .values_list("user_id", "organisation_id")):
        still_with.setdefault(user_id, organisation_id)
    invited_reason = _("nieuwe regisseur of ondersteuner van het gezin")
    withdrawn_reason = _("niet meer betrokken bij het gezin")
    changed = 0
    with transaction.atomic():
        for conference in conferences:
            link = reverse("conferences:detail", args=[household.uuid, conference.uuid])
            current = {i.user_id: i for i in conference.invitations.all()}
            participants = {o.pk for o in conference.participants.all()}
            gone = [i for i in current.values() if i.organisation_id not in involved
                    and i.user_id not in still_with]
            moved = [i for i in current.values() if i.organisation_id not in involved
                     and i.user_id in still_with]
            new = [(u, o) for u, o in chosen
                   if u not in current and u != conference.convened_by_id]
            stepped_back = participants - involved
            joining = set(carers) - participants
            if not (gone or moved or new or stepped_back or joining):
                continue
            changed += 1
            conference.participants.remove(*stepped_back)
            conference.participants.add(*joining)
            for invitation in moved:
                invitation.organisation_id = still_with[invitation.user_id]
                invitation.save(update_fields=["organisation"])
            ConferenceInvitation.objects.filter(pk__in=[i.pk for i in gone]).delete()
            ConferenceInvitation.objects.bulk_create(
                ConferenceInvitation(conference=conference, user_id=u, organisation_id=o)
                for u, o in new)
            InvitationChange.objects.bulk_create(
                [InvitationChange(conference=conference, user_id=u, organisation_id=o,
                                  change=InvitationChangeKind.INVITED, reason=invited_reason,
                                  by=actor.user, by_organisation=actor.organisation)
                 for u, o in new]
                + [InvitationChange(conference=conference, user_id=i.user_id,
                                    organisation_id=i.organisation_id,
                                    change=InvitationChangeKind.WITHDRAWN,
                                    reason=withdrawn_reason, by=actor.user,
                                    by_organisation=actor.organisation) for i in gone])
            _log(actor, conference, AccessAction.UPDATE)
            notifications_send([(u, NotificationKind.CASE_CONFERENCE, household.pk)
                                for u, _o in new], link=link)
            if gone:
                withdrawn = [i.user_id for i in gone]
                notifications_resolve(link=link, kinds=[NotificationKind.CASE_CONFERENCE],
                                      recipients=withdrawn)
                notifications_send([(u, NotificationKind.CASE_CONFERENCE_WITHDRAWN, None)
                                    for u in withdrawn])
    return changed


def conference_hold(*, actor: Actor, conference: CaseConference, held_on: date,
                    decisions: str, client_view: str = "", client_present: bool | None = None,
                    reviews: Mapping[SafetyCondition, tuple[str, str]] | None = None,
                    ) -> CaseConference:
    """Record that the conference was held: the decisions, the client's own view and the
    review of each condition that still holds ("at the next conference")."""
    household = conference.household
    _require_convener(actor, household)
    check_between(held_on, field="held_on", earliest=years_from(timezone.localdate(), -1),
                  latest=timezone.localdate(),
                  message=_("Een casusoverleg dat gehouden is, ligt niet in de toekomst."))
    for condition in reviews or {}:
        if condition.plan.household_id != household.pk:
            raise ValidationError(_("Deze voorwaarde hoort niet bij dit gezin."))
    with transaction.atomic():
        _change(actor, conference, ConferenceState.HELD)
        conference.held_on = held_on
        conference.decisions = decisions
        conference.client_view = client_view
        conference.client_present = client_present
        conference.save(update_fields=["state", "held_on", "decisions", "client_view",
                                       "client_present"])
        for condition, (outcome, note) in (reviews or {}).items():
            plans.condition_review(actor=actor, condition=condition, outcome=outcome,
                                   note=note, moment=ReviewMoment.CONFERENCE,
                                   moment_uuid=conference.uuid)
        _log(actor, conference, AccessAction.UPDATE)
    return conference


def conference_cancel(*, actor: Actor, conference: CaseConference,
                      reason: str) -> CaseConference:
    _require_convener(actor, conference.household)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden.")})
    with transaction.atomic():
        _change(actor, conference, ConferenceState.CANCELLED, reason)
        conference.save(update_fields=["state"])
        _log(actor, conference, AccessAction.UPDATE)
    return conference


def _require_held(conference: CaseConference) -> None:
    if conference.state != ConferenceState.HELD:
        raise ValidationError(_("Wat is afgesproken, legt u vast als het casusoverleg is "
                                "gehouden."))


def _require_participant(conference: CaseConference, organisation: Organisation,
                         field: str) -> None:
    if not conference.participants.filter(pk=organisation.pk).exists():
        raise ValidationError({field: _("Kies een organisatie die aan tafel zat.")})


def conference_condition_add(*, actor: Actor, conference: CaseConference, description: str,
                             monitored_by: Organisation, how: str,
                             monitor_person: str = "") -> SafetyCondition:
    """A veiligheidsvoorwaarde agreed at the conference, into the household's plan; the
    organisation that monitors it sat at the table."""
    _require_convener(actor, conference.household)
    _require_held(conference)
    _require_participant(conference, monitored_by, "monitored_by")
    with transaction.atomic():
        condition = plans.condition_add(
            actor=actor, household=conference.household, description=description,
            monitored_by=monitored_by, monitor_person=monitor_person, how=how)
        ConferenceCondition.objects.create(conference=conference, condition=condition)
    return condition


def conference_action_add(*, actor: Actor, conference: CaseConference, domain: str,
                          description: str, responsible_organisation: Organisation,
                          responsible_person: str = "", due_on: date | None = None) -> Action:
    """An action decided at the conference, into the household's plan."""
    _require_convener(actor, conference.household)
    _require_held(conference)
    _require_participant(conference, responsible_organisation, "responsible_organisation")
    with transaction.atomic():
        action = plans.action_add(
            actor=actor, household=conference.household, domain=domain,
            description=description, responsible_organisation=responsible_organisation,
            responsible_person=responsible_person, due_on=due_on)
        ConferenceDecision.objects.create(conference=conference, action=action)
    return action
