"""Vandaag: the supporter's home, what needs me today, then the team's households.

Issue 13: "who needs me today". First the actor's own households (those they are the
supporter of, or the current coordinator of), one line per thing to do, in the order of
what needs them: overdue contacts (most days first), open signals by deadline, coordinator
offers, move offers and invitations to answer, safety plans past their review date, then
the rest of the out-of-sight reasons and the contacts coming up. Then the team's
(organisation's) other households, one row each, sorted by the earliest date anything of
theirs is due, paginated.

It lives in ``rhythm`` because it is built on the caseload and the out-of-sight status,
and because ``rhythm`` sits above every app it reads (contacts, moves, signals, safety,
trajectories; see the import-linter layers in ``pyproject.toml``).

A fixed number of queries however many households: the ids the actor is named on, the
actor's own trajectories and one page of the team's in one query, the team's order (kept a
minute, ``_team_order``), the caseload's two prefetches for the lines shown, and one each
for the coordinator and move offers.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    DateField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Least, TruncDate
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zicht.access.policy import carried_households, may_open_records
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation, Role
from zicht.moves.models import Move
from zicht.moves.selectors import incoming_moves
from zicht.notifications.models import Notification, NotificationKind
from zicht.rhythm.caseload import caseload, caseload_prefetches
from zicht.rhythm.rules import REASONS
from zicht.safety.models import SafetyPlanVersion
from zicht.signals.models import Signal
from zicht.trajectories.handovers import aftercare_ending_without_successor, incoming_handovers
from zicht.trajectories.models import (
    CoordinatorAssignment,
    CoordinatorHandover,
    Phase,
    Trajectory,
)

TEAM_PAGE_SIZE = 25
# Issue 14: a worklist is read from the top; past this many lines it pages ("Volgende").
MINE_PAGE_SIZE = 30

# The order of what needs the actor (issue 13), lowest first.
CONTACT_OVERDUE, SIGNAL, OFFER, SAFETY_REVIEW, ATTENTION, UPCOMING = range(6)

# Sorts after every real date, so that "nothing due" goes last (SQLite's MIN and
# PostgreSQL's LEAST treat NULL differently, a date does not).
_NOTHING_DUE = date(9999, 12, 31)

# Sight reasons that have a line of their own, with their date.
_OWN_LINES = {"contact_overdue", "safety_plan_review_overdue"}

# What the client said in Mijn afspraken (issue 17), while unread in the actor's inbox.
CLIENT_KINDS = (NotificationKind.CLIENT_CONTACT, NotificationKind.CLIENT_BETTER,
                NotificationKind.CLIENT_REVIEW, NotificationKind.CLIENT_GOOD,
                NotificationKind.CLIENT_ACTION)


@dataclass(frozen=True)
class Task:
    """One thing to do: what, where (a link), and its place in the order."""

    text: str
    url: str
    rank: int
    sort: tuple = ()
    late: bool = False


@dataclass
class Line:
    """A household (or an offer about one) with what to do for it."""

    reference: str
    name: str = ""
    url: str = ""
    trajectory: Trajectory | None = None
    tasks: list[Task] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Today:
    mine: list[tuple[Task, Line]]
    mine_page: Page
    team: Page
    team_overdue_only: bool
    shown: list  # the households on this page, for the access log


#: A link to a page about one household or signal: ``link("contacts:new", uuid)``.
Link = Callable[[str, UUID], str]

_ANY_UUID = UUID(int=0)


def page_links() -> Link:
    """Links for one page, each URL name reversed once: ``reverse`` for every task of 80
    lines (about 200 calls, 40 µs each) was an eighth of Vandaag's time. Every name here
    takes one uuid, which appears once in its path."""
    patterns: dict[str, str] = {}

    def link(name: str, uuid: UUID) -> str:
        if name not in patterns:
            patterns[name] = reverse(name, args=[_ANY_UUID])
        return patterns[name].replace(str(_ANY_UUID), str(uuid), 1)
    return link


def _day(value: date) -> str:
    return formats.date_format(value, "j F")


def _open_signals(org: Organisation) -> QuerySet[Signal]:
    """The household's open signals for the organisation to handle, first deadline first
    (a subquery on a trajectory)."""
    return (Signal.objects.filter(household=OuterRef("household"), closed_at__isnull=True,
                                  coordinator_organisation=org)
            .order_by("due_at", "id"))


def today_trajectories(actor: Actor, *,
                       households: Iterable[int] | QuerySet | None = None) -> QuerySet[Trajectory]:
    """The caseload with what Vandaag's lines need: the first open signal's deadline, the
    safety plan's review date and what the client said. ``households``: see ``caseload``.

    Whose a line is and the date it is sorted on are worked out in Python (``today_for``,
    ``attention_on``): as SQL, the date repeated the signal and review subqueries for
    every row, and compiling them cost more than the rest of the query."""
    signals = _open_signals(actor.organisation)
    review = (SafetyPlanVersion.objects.filter(plan__household=OuterRef("household"))
              .order_by("-number"))
    client_says = Notification.objects.filter(
        recipient=actor.user, household=OuterRef("household"), read_at__isnull=True,
        kind__in=CLIENT_KINDS).order_by("-created_at", "-id")
    return caseload(actor, households=households).annotate(
        signal_due=Subquery(signals.values("due_at")[:1]),
        signal_uuid=Subquery(signals.values("uuid")[:1]),
        review_on=Subquery(review.values("next_review_on")[:1]),
        client_says=Subquery(client_says.values("kind")[:1]),
    )


def _in_attention_order(trajectories: QuerySet[Trajectory],
                        org: Organisation) -> QuerySet[Trajectory]:
    """Vandaag's order in SQL, for the team's order (``_team_order``): the earliest date
    anything is due (``attention_on``), then by reference."""
    signal_due_on = _open_signals(org).annotate(on=TruncDate("due_at")).values("on")
    nothing = Value(_NOTHING_DUE, output_field=DateField())
    return trajectories.annotate(
        attention_on=Least(Coalesce("sight_status__next_contact_due", nothing),
                           Coalesce(Subquery(signal_due_on[:1], output_field=DateField()),
                                    nothing),
                           Coalesce("review_on", nothing), output_field=DateField()),
    ).order_by("attention_on", "household__reference", "id")


def attention_on(t: Trajectory) -> date:
    """The earliest date anything of the household's is due, as ``_in_attention_order``
    has it in SQL: the next contact, the first open signal's deadline (its local date),
    the safety plan's review."""
    status = getattr(t, "sight_status", None)
    return min((status.next_contact_due if status else None) or _NOTHING_DUE,
               timezone.localtime(t.signal_due).date() if t.signal_due else _NOTHING_DUE,
               t.review_on or _NOTHING_DUE)


def tasks_for(t: Trajectory, today: date, link: Link | None = None) -> list[Task]:
    """What to do for one household, each with a link to where it is done."""
    link = link or page_links()
    uuid = t.household.uuid
    tasks = []
    status = getattr(t, "sight_status", None)
    due = status.next_contact_due if status else None
    contact_url = link("contacts:new", uuid)
    if t.phase == Phase.INVITED:
        tasks.append(Task(_("Uitnodiging: kennismaking vastleggen"),
                          f"{contact_url}?kind=introduction", OFFER, (t.created_at.date(),)))
    if due and due < today:
        days = (today - due).days
        tasks.append(Task(ngettext("Contactmoment %(n)d dag te laat",
                                   "Contactmoment %(n)d dagen te laat", days) % {"n": days},
                          contact_url, CONTACT_OVERDUE, (-days,), late=True))
    if t.signal_due is not None:
        late = t.signal_due < timezone.now()
        text = (_("Signaal: termijn verstreken op %(day)s, nu beoordelen") if late
                else _("Signaal: uiterlijk %(day)s beoordelen"))
        tasks.append(Task(text % {"day": _day(timezone.localtime(t.signal_due).date())},
                          link("signals:signal", t.signal_uuid), SIGNAL,
                          (t.signal_due,), late=late))
    if getattr(t, "client_says", None):
        tasks.append(Task(_("Mijn afspraken: %(what)s") % {
            "what": NotificationKind(t.client_says).label},
            # A moment, like the signal's deadline it is sorted with: a date beside a
            # datetime made Vandaag fail for a household with her alarm and a check-in.
            reverse("notifications:inbox"), SIGNAL, (timezone.now(),)))
    if t.review_on and t.review_on < today:
        days = (today - t.review_on).days
        tasks.append(Task(ngettext("Veiligheidsplan: evaluatie %(n)d dag te laat",
                                   "Veiligheidsplan: evaluatie %(n)d dagen te laat", days)
                          % {"n": days}, link("safety:plan_edit", uuid),
                          SAFETY_REVIEW, (-days,), late=True))
    for reason in (status.reasons if status else []):
        text = REASONS.get(reason["code"])
        if text is None or reason["code"] in _OWN_LINES:
            continue
        tasks.append(Task(f"{text.label}: {text.action}", link(text.url_name, uuid),
                          ATTENTION, (-reason["level"],)))
    if due and due >= today:
        tasks.append(Task(_("Contactmoment uiterlijk %(day)s") % {"day": _day(due)},
                          contact_url, UPCOMING, (due,)))
    if not tasks:  # e.g. after the introduction, before departure: nothing due yet
        tasks.append(Task(t.get_phase_display(), link("households:detail", uuid),
                          UPCOMING, (_NOTHING_DUE,)))
    return sorted(tasks, key=lambda task: (task.rank, *task.sort))


def _line(t: Trajectory, today: date, link: Link) -> Line:
    """A household's line with its tasks, which decide its place; its name and marks
    follow for the lines shown (``_describe``)."""
    return Line(reference=t.household.reference,
                url=link("households:detail", t.household.uuid), trajectory=t,
                tasks=tasks_for(t, today, link))


def _describe(lines: list[Line], today: date) -> None:
    """The name and marks of the lines on the page. Their clients and coordinators are read
    for these alone: a busy supporter's 60 households are all sorted, 30 lines show."""
    trajectories = list({line.trajectory.pk: line.trajectory for line in lines}.values())
    prefetch_related_objects(trajectories, *caseload_prefetches())
    for line in {id(line): line for line in lines}.values():
        t = line.trajectory
        line.name = " ".join(str(c) for c in t.household.clients)
        if t.in_handover:
            line.tags.append(_("in overdracht"))
        if t.phase == Phase.FOLLOW_UP and aftercare_ending_without_successor(t, today):
            line.tags.append(_("nazorg eindigt, geen opvolger"))


def _addressed_to(actor: Actor, professional_id: int | None) -> bool:
    """An offer is the actor's to answer when it names them, or names nobody in their
    team; a team lead answers all of the team's."""
    return (professional_id in (None, actor.user.pk) or actor.has_role(Role.TEAM_LEAD))


def _offers(actor: Actor) -> list[tuple[Task, Line]]:
    """Coordinator and move offers to answer, by reference only: the household opens up to
    the receiving team once it has accepted."""
    lines = []
    handover: CoordinatorHandover
    # Only what a line shows: the selectors' other joins (accounts and organisations) cost
    # more to compile than these two queries take to run, mostly for no rows at all.
    for handover in incoming_handovers(actor).select_related(None).select_related(
            "trajectory__household"):
        if not _addressed_to(actor, handover.to_professional_id):
            continue
        task = Task(_("Regie aangeboden: beantwoorden"),
                    reverse("trajectories:handover", args=[handover.uuid]), OFFER,
                    (handover.proposed_at.date(),))
        lines.append((task, Line(reference=handover.trajectory.household.reference,
                                 url=task.url)))
    move: Move
    for move in incoming_moves(actor).select_related(None).select_related(
            "trajectory__household", "from_municipality"):
        if not _addressed_to(actor, move.to_supporter_id):
            continue
        task = Task(_("Verhuizing uit %(m)s: overdracht beantwoorden")
                    % {"m": move.from_municipality},
                    reverse("moves:detail", args=[move.uuid]), OFFER,
                    (move.requested_at.date(),))
        lines.append((task, Line(reference=move.trajectory.household.reference,
                                 url=task.url, tags=[_("in overdracht")])))
    return lines


def _team_order(actor: Actor, today: date, overdue_only: bool) -> list[int]:
    """The ids of the trajectories the team carries, in Vandaag's order; ``today_for``
    leaves out the actor's own.

    Sorting them tests the access grounds of every household the team carries (260 ms for
    11,000 in ``bench/bench_load.py``, the database's costliest query under that load),
    so the order is kept ``ZICHT_TEAM_ORDER_SECONDS`` in the shared cache, per organisation
    and day, and sorted once for the whole team: from ``carried_households``, which leaves
    out what one professional opened by breaking the glass. Only the order: ``today_for``
    reads the rows of a page afresh through the access policy, so a household the actor
    may no longer open drops out at once and every line says what is due now; a
    colleague's contact moves its row within that time.
    """
    if not may_open_records(actor):
        return []
    seconds = settings.ZICHT_TEAM_ORDER_SECONDS
    key = (f"today:team:v2:{actor.organisation.pk}:{'overdue' if overdue_only else 'all'}:"
           f"{today.isoformat()}")
    order = cache.get(key) if seconds else None
    if order is None:
        team = _in_attention_order(today_trajectories(
            actor, households=carried_households(actor).values("pk")), actor.organisation)
        if overdue_only:
            team = team.filter(attention_on__lte=today)
        order = list(team.values_list("pk", flat=True))
        if seconds:
            cache.set(key, order, seconds)
    return order


def today_for(actor: Actor, *, page: int | str | None = 1,
              mine_page: int | str | None = 1) -> Today:
    """Vandaag for the actor. A team lead's team part holds only what is due or overdue
    (issue 13: "the team lead: the team's overdue work")."""
    today = timezone.localdate()
    if actor.membership is None:
        return Today(mine=[], mine_page=Paginator([], MINE_PAGE_SIZE).get_page(1),
                     team=Paginator([], TEAM_PAGE_SIZE).get_page(1), team_overdue_only=False,
                     shown=[])
    # Issue 14: only the actor's own households and one page of the team's become model
    # instances, and the access grounds are tested on those alone (``households=``).
    # Named on it as supporter or coordinator, found by index first.
    named = dict(Trajectory.objects.filter(supporter=actor.user).order_by()
                 .values_list("pk", "household_id")
                 .union(CoordinatorAssignment.objects.filter(
                     professional=actor.user, ended_at__isnull=True).order_by()
                     .values_list("trajectory_id", "trajectory__household_id")))
    overdue_only = actor.has_role(Role.TEAM_LEAD)
    team_page = Paginator([pk for pk in _team_order(actor, today, overdue_only)
                           if pk not in named], TEAM_PAGE_SIZE).get_page(page)
    # The actor's own and the team's page in one query (building these querysets costs
    # more Python than running them), split on ``mine``.
    wanted = {*named, *team_page.object_list}
    # Without the caseload's municipality and prefetches: those are read for the lines shown.
    rows = list(today_trajectories(actor, households=Trajectory.objects.filter(
        pk__in=wanted).values("household_id")).filter(pk__in=wanted)
        .select_related(None).select_related("household", "sight_status")
        .prefetch_related(None).order_by())
    for t in rows:
        t.attention_on = attention_on(t)
    # Ties between tasks keep this order (the team's keeps its own, ``_team_order``).
    rows.sort(key=lambda t: (t.attention_on, t.household.reference, t.pk))
    link = page_links()
    mine = [_line(t, today, link) for t in rows if t.pk in named]
    entries = [(task, line) for line in mine for task in line.tasks] + _offers(actor)
    entries.sort(key=lambda entry: (entry[0].rank, *entry[0].sort))
    mine_shown = Paginator(entries, MINE_PAGE_SIZE).get_page(mine_page)
    team = {t.pk: t for t in rows
            if t.pk not in named and (not overdue_only or t.attention_on <= today)}
    team_page.object_list = [_line(team[pk], today, link) for pk in team_page.object_list
                             if pk in team]
    # Offers name a household the team may not open yet: by reference, and not logged.
    lines = [line for line in [line for _task, line in mine_shown.object_list]
             + team_page.object_list if line.trajectory is not None]
    _describe(lines, today)
    shown = {line.trajectory.household.uuid: line.trajectory.household for line in lines}
    return Today(mine=list(mine_shown.object_list), mine_page=mine_shown, team=team_page,
                 team_overdue_only=overdue_only, shown=list(shown.values()))
