"""Reads of the network: scoped to the actor's region (404 for anyone else)."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.accounts.models import User
from zicht.core.events import CalendarEvent
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation
from zicht.network.models import Agreement, Invitation, Meeting, MeetingAction
from zicht.network.rules import NETWORK_KINDS, NETWORK_ROLES, network_region_id


def meetings_for(actor: Actor) -> QuerySet[Meeting]:
    """The meetings of the actor's region, and any meeting they were invited to."""
    invited = Q(Exists(Invitation.objects.filter(meeting=OuterRef("pk"), user=actor.user)))
    region_id = network_region_id(actor)
    scope = invited | Q(region_id=region_id) if region_id else invited
    return Meeting.objects.filter(scope).select_related("region", "organiser",
                                                        "organiser_organisation")


def meeting_for(actor: Actor, meeting_uuid) -> Meeting:
    meeting = meetings_for(actor).filter(uuid=meeting_uuid).first()
    if meeting is None:
        raise Http404
    return meeting


def invitations_of(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("user", "organisation")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(region_id=meeting.region_id, starts_at__lt=meeting.starts_at)
            .order_by("-starts_at", "-id").first())


def open_actions_before(meeting: Meeting) -> QuerySet[MeetingAction]:
    """Actions of the region's earlier meetings still open: followed up at this one."""
    return (MeetingAction.objects.filter(meeting__region_id=meeting.region_id,
                                         meeting__starts_at__lt=meeting.starts_at,
                                         done_at__isnull=True)
            .select_related("owner", "meeting").order_by("due_on", "id"))


def invitees_for(region_id: int) -> QuerySet[Membership]:
    """Who a meeting of the region invites: the active members of its network."""
    return (Membership.objects
            .filter(active=True, role__in=NETWORK_ROLES, user__is_active=True,
                    organisation__region_id=region_id, organisation__kind__in=NETWORK_KINDS)
            .select_related("user", "organisation").order_by("organisation__name", "id"))


def year_overview(region_id: int, year: int) -> dict:
    """The region's year: its meetings (planned and held, the goal is four) and who came,
    per organisation. Three queries."""
    meetings = list(Meeting.objects.filter(region_id=region_id, starts_at__year=year)
                    .annotate(came=Count("invitations", filter=Q(invitations__attended=True)),
                              invited=Count("invitations")))
    held = [m for m in meetings if m.held]
    rows = (Invitation.objects.filter(meeting__in=held, attended=True)
            .values("organisation_id", "meeting_id").annotate(n=Count("id")).order_by())
    per_org: dict[int, dict[int, int]] = {}
    for row in rows:
        per_org.setdefault(row["organisation_id"], {})[row["meeting_id"]] = row["n"]
    organisations = Organisation.objects.filter(pk__in=per_org).order_by("name")
    attendance = [(org, [per_org[org.pk].get(m.pk, 0) for m in held]) for org in organisations]
    return {"year": year, "meetings": meetings, "held": held, "attendance": attendance,
            "goal": 4}


def meeting_events_of(user: User, *, today: date) -> list[CalendarEvent]:
    """The meetings the user is invited to, from a month back: for the calendar feed.

    The summary names the theme only (the organiser's words, about no household).
    """
    since = timezone.make_aware(datetime.combine(today - timedelta(days=31), datetime.min.time()))
    meetings = (Meeting.objects.filter(invitations__user=user, ends_at__gte=since)
                .only("uuid", "theme", "starts_at", "ends_at", "place", "link"))
    return [CalendarEvent(uid=f"meeting-{m.uuid}",
                          summary=_("Netwerkbijeenkomst: %(theme)s") % {"theme": m.theme},
                          start=m.starts_at, end=m.ends_at,
                          location=m.place or m.link)
            for m in meetings]


def agreements_for(actor: Actor) -> QuerySet[Agreement]:
    """The agreements of the actor's region, and those their organisation is a party to."""
    org = actor.organisation
    if org is None:
        return Agreement.objects.none()
    party = Q(Exists(Agreement.parties.through.objects.filter(
        agreement_id=OuterRef("pk"), organisation_id=org.pk)))
    region_id = network_region_id(actor)
    scope = party | Q(region_id=region_id) if region_id else party
    return (Agreement.objects.filter(scope).select_related("region", "municipality")
            .prefetch_related(Prefetch("parties", queryset=Organisation.objects.order_by("name"))))


def agreement_for(actor: Actor, agreement_uuid) -> Agreement:
    agreement = agreements_for(actor).filter(uuid=agreement_uuid).first()
    if agreement is None:
        raise Http404
    return agreement
