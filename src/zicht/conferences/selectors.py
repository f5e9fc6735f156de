"""Reads of case conferences, on a household the caller got through ``household_for``.

A carer (and break the glass) sees all of the household's conferences; a connected
partner, whose consent names the plan, only those its organisation sat at; a conference
it did not attend answers 404, as if it did not exist.
"""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zicht.access.policy import Access
from zicht.conferences.models import CaseConference, ConferenceInvitation, ConferenceState
from zicht.core.events import CalendarEvent, OpenWork
from zicht.directory.actor import Actor
from zicht.households.models import Household, Involvement
from zicht.trajectories.models import Trajectory
from zicht.trajectories.selectors import current_coordinator, current_trajectory


def conferences_for(actor: Actor, household: Household,
                    access: Access) -> QuerySet[CaseConference]:
    conferences = (CaseConference.objects.filter(household=household)
                   .select_related("convened_by", "convener_organisation")
                   .prefetch_related("participants"))
    if access.is_partner_view:
        conferences = conferences.filter(participants=actor.organisation)
    return conferences


def conference_for(actor: Actor, household: Household, access: Access,
                   conference_uuid) -> CaseConference:
    conference = conferences_for(actor, household, access).filter(uuid=conference_uuid).first()
    if conference is None:
        raise Http404
    return conference


def conference_view(conference: CaseConference) -> dict:
    """What the conference page shows besides the conference itself."""
    trajectory = current_trajectory(conference.household)
    coordinator = current_coordinator(trajectory) if trajectory else None
    return {
        # After a move or a handover whoever convened may no longer coordinate: the page
        # then names both, so nobody takes a worry to the one who stepped back.
        "coordinator": coordinator,
        "convener_coordinates": coordinator is None or (
            coordinator.organisation_id == conference.convener_organisation_id
            and coordinator.professional_id in (None, conference.convened_by_id)),
        "participants": list(conference.participants.all()),
        "invited": [i.user for i in conference.invitations.select_related("user")
                    .order_by("user__first_name", "user__last_name")],
        # The state changes and, between them, who was invited or lost the invitation
        # when the household's carers changed: one course of events.
        "history": sorted([*conference.history.select_related("by"),
                           *conference.invitation_history.select_related("by", "user")],
                          key=lambda h: h.at),
        "agreed_conditions": [c.condition for c in conference.agreed_conditions
                              .select_related("condition__monitored_by")],
        "decided_actions": [d.action for d in conference.decided_actions
                            .select_related("action__responsible_organisation")],
    }


#: A conference's length in the calendar: planned with a start time only.
CALENDAR_LENGTH = timedelta(hours=1)


def conference_events_of(user, *, today: date) -> list[CalendarEvent]:
    """The conferences the user convened or is invited to, from a month back: for the
    calendar feed.

    Only "Casusoverleg" and the time: a calendar syncs to phones and may be shared, and a
    reference, the agenda or even the place (the coordinator's words) could tell of the
    household. The link in the inbox leads to the rest, inside Zicht.
    """
    since = timezone.make_aware(datetime.combine(today - timedelta(days=31),
                                                 datetime.min.time()))
    # Only while the organisation she was invited for is still involved: an involvement
    # can end without anyone acting (the shelter's aftercare runs out, the client
    # withdraws a partner's consent), and the feed is need-to-know like every page.
    still_involved = Involvement.objects.current(today).filter(
        household=OuterRef("conference__household"), organisation=OuterRef("organisation"))
    invited = ConferenceInvitation.objects.filter(user=user).filter(Exists(still_involved))
    # The convener invites the others, not herself, and still has to be there.
    convener_involved = Involvement.objects.current(today).filter(
        household=OuterRef("household"), organisation=OuterRef("convener_organisation"))
    conferences = (CaseConference.objects
                   .filter(Q(pk__in=invited.values("conference"))
                           | Q(convened_by=user) & Exists(convener_involved),
                           planned_at__gte=since)
                   .exclude(state=ConferenceState.CANCELLED).only("uuid", "planned_at"))
    return [CalendarEvent(uid=f"conference-{c.uuid}", summary=_("Casusoverleg"),
                          start=c.planned_at, end=c.planned_at + CALENDAR_LENGTH)
            for c in conferences]


def open_work_on_closing(trajectory: Trajectory) -> list[OpenWork]:
    """Case conferences still planned (``trajectory_closing``): the people invited would
    come to a table nobody convenes any more, so each is held or cancelled first."""
    planned = list(CaseConference.objects.filter(
        household=trajectory.household_id, state=ConferenceState.PLANNED)
        .order_by("planned_at").values_list("uuid", flat=True))
    if not planned:
        return []
    household = trajectory.household
    return [OpenWork(ngettext("%(n)d casusoverleg dat nog gepland staat",
                              "%(n)d casusoverleggen die nog gepland staan", len(planned))
                     % {"n": len(planned)},
                     reverse("conferences:detail", args=[household.uuid, planned[0]]))]
