"""Computing the out-of-sight status, in bulk, and adjusting a household's contact plan.

``sight_scan`` reads every trajectory in follow-up in ONE query (the last reached contact,
the unanswered attempts since and the current coordinator come from correlated subqueries),
applies ``rules.evaluate`` in Python and writes only the statuses that changed, in batched
upserts. ``sight_refresh`` does the same for one trajectory after something changed.
"""

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    F,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.contacts.models import ContactMoment
from zicht.contacts.services import contact_next_step_record
from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.households.selectors import is_involved
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send
from zicht.rhythm import rules
from zicht.rhythm.models import (
    ContactPlan,
    ContactPlanChange,
    MunicipalityRhythm,
    SightLevel,
    SightStatus,
)
from zicht.trajectories.models import CoordinatorAssignment, Phase, Trajectory

BATCH_SIZE = 2000
EPOCH = date(1900, 1, 1)


def recent_or_announced_moves(trajectories: QuerySet[Trajectory]) -> tuple[set[int], set[int]]:
    """The trajectories whose household has a move under way or recently moved, and of
    those the ones whose handover has waited longer than ZICHT_MOVE_OUT_OF_SIGHT_DAYS.

    One query for all of ``trajectories`` (a subquery, not a list of ids: the full scan
    covers tens of thousands).
    """
    from zicht.moves.models import Move, MoveState
    from zicht.moves.selectors import move_out_of_sight_days

    now = timezone.now()
    rows = Move.objects.filter(trajectory__in=trajectories.values("pk")).filter(
        Q(state=MoveState.REQUESTED)
        | Q(state=MoveState.ACCEPTED, history__to_state=MoveState.ACCEPTED,
            history__at__gte=now - timedelta(days=rules.RECENT_MOVE_DAYS))
    ).values_list("trajectory_id", "state", "requested_at")
    moving, stalled = set(), set()
    limit = now - timedelta(days=move_out_of_sight_days())
    for trajectory_id, state, requested_at in rows:
        moving.add(trajectory_id)
        if state == MoveState.REQUESTED and requested_at < limit:
            stalled.add(trajectory_id)
    return moving, stalled


def safety_plans_past_review(trajectories: QuerySet[Trajectory], today: date) -> set[int]:
    """Of ``trajectories``, those whose household's current safety plan is past its review
    date. One query: the current version is the one with the highest number.
    """
    from zicht.safety.models import SafetyPlanVersion

    review = SafetyPlanVersion.objects.filter(
        plan__household=OuterRef("household")).order_by("-number").values("next_review_on")[:1]
    return set(trajectories.annotate(review_on=Subquery(review)).filter(review_on__lt=today)
               .values_list("pk", flat=True))


def periods_for(trajectory: Trajectory):
    """The plan's rhythm, else the municipality's, else the documented default."""
    plan = ContactPlan.objects.filter(trajectory=trajectory).values_list("periods", flat=True)
    municipality = MunicipalityRhythm.objects.filter(
        municipality_id=trajectory.destination_municipality_id).values_list("periods", flat=True)
    return plan.first() or municipality.first() or [list(p) for p in rules.DEFAULT_RHYTHM]


def _in_scope(trajectory_ids: Iterable[int] | None) -> QuerySet[Trajectory]:
    """The trajectories a scan covers: all that departed and are in follow-up, or some."""
    qs = Trajectory.objects.filter(phase=Phase.FOLLOW_UP, departure_date__isnull=False)
    return qs if trajectory_ids is None else qs.filter(pk__in=list(trajectory_ids))


def _follow_up_rows(scope: QuerySet[Trajectory]):
    # Newest first along the (trajectory, held_on) index; on a day with two reached
    # contacts either may count as the last.
    reached = ContactMoment.objects.filter(trajectory=OuterRef("pk"), reached=True) \
        .order_by("-held_on")
    last_reached = reached.annotate(j=JSONObject(
        held_on=F("held_on"), feels_safe=F("feels_safe"),
        safety_plan_current=F("safety_plan_current"),
        counsellor_contact=F("counsellor_contact"),
    )).values("j")[:1]
    attempts = (
        ContactMoment.objects.filter(
            trajectory=OuterRef("pk"), reached=False,
            held_on__gt=Coalesce(Subquery(
                ContactMoment.objects.filter(trajectory=OuterRef(OuterRef("pk")), reached=True)
                .order_by("-held_on").values("held_on")[:1]), Value(EPOCH)),
        ).order_by().values("trajectory").annotate(n=Count("pk")).values("n")
    )
    coordinator = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("pk"), ended_at__isnull=True
    ).order_by().annotate(j=JSONObject(organisation=F("organisation_id"),
                                       professional=F("professional_id"))).values("j")[:1]
    return scope.annotate(
        last_reached=Subquery(last_reached, output_field=JSONField()),
        attempts=Coalesce(Subquery(attempts), 0),
        coordinator=Subquery(coordinator, output_field=JSONField()),
    ).values_list(
        "pk", "household_id", "supporter_id", "shelter_id", "departure_date",
        "shelter_aftercare_until", "planned_end", "contact_plan__periods",
        "destination_municipality__contact_rhythm__periods", "last_reached", "attempts",
        "coordinator", "destination_municipality_id", "household__address__municipality_id",
    )


@dataclass
class ScanResult:
    trajectories: int
    changed: int
    notified: int
    seconds: float

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _facts(row, today: date, moving: set[int], stalled: set[int],
           review_overdue: set[int]) -> rules.Facts:
    (pk, _household, _supporter, shelter_id, departure, aftercare, planned_end, plan_periods,
     municipality_periods, last, attempts, coordinator, destination, address_municipality) = row
    last = last or {}
    coordinator_org = (coordinator or {}).get("organisation")
    held_on = last.get("held_on")
    return rules.Facts(
        today=today, departure_date=departure,
        periods=tuple(map(tuple, plan_periods or municipality_periods or rules.DEFAULT_RHYTHM)),
        shelter_aftercare_until=aftercare, planned_end=planned_end,
        last_reached_on=date.fromisoformat(held_on[:10]) if held_on else None,
        attempts_since_reached=attempts or 0,
        feels_safe=last.get("feels_safe") or "",
        safety_plan_current=last.get("safety_plan_current") or "",
        counsellor_contact=last.get("counsellor_contact") or "",
        has_coordinator=coordinator_org is not None,
        shelter_is_coordinator=coordinator_org == shelter_id,
        moving=pk in moving,
        move_stalled=pk in stalled,
        safety_plan_review_overdue=pk in review_overdue,
        address_elsewhere=address_municipality is not None and address_municipality != destination,
    )


def sight_scan(*, today: date | None = None,
               trajectory_ids: Iterable[int] | None = None) -> ScanResult:
    """Recompute the status of every trajectory in follow-up (or of the given ones).

    A status that turns "uit zicht", or a contact that newly became overdue, lands in the
    inbox of the supporter (else the coordinator) of the household.
    """
    started = time.perf_counter()
    today = today or timezone.localdate()
    now = timezone.now()
    scope = _in_scope(trajectory_ids)
    rows = list(_follow_up_rows(scope))
    moving, stalled = recent_or_announced_moves(scope)
    review_overdue = safety_plans_past_review(scope, today)
    existing_qs = SightStatus.objects.all()
    if trajectory_ids is not None:
        existing_qs = existing_qs.filter(trajectory_id__in=[row[0] for row in rows])
    # The reasons as stored JSON text, compared with the new ones serialised the same way,
    # which saves decoding every stored status.
    existing = {t: (level, reasons, due) for t, level, reasons, due in existing_qs.values_list(
        "trajectory_id", "level", Cast("reasons", TextField()), "next_contact_due")}
    changed: list[SightStatus] = []
    inbox: list[tuple[int, str, int | None]] = []
    for row in rows:
        verdict = rules.evaluate(_facts(row, today, moving, stalled, review_overdue))
        reasons = [r.as_json() for r in verdict.reasons]
        old = existing.get(row[0])
        if old == (verdict.level, json.dumps(reasons), verdict.next_contact_due):
            continue
        changed.append(SightStatus(trajectory_id=row[0], level=verdict.level, reasons=reasons,
                                   next_contact_due=verdict.next_contact_due, computed_at=now))
        old_level, old_codes = ((old[0], {r["code"] for r in json.loads(old[1])}) if old
                                else (0, set()))
        recipient = row[2] or (row[11] or {}).get("professional")
        if verdict.level == SightLevel.OUT_OF_SIGHT and old_level != SightLevel.OUT_OF_SIGHT:
            inbox.append((recipient, NotificationKind.OUT_OF_SIGHT, row[1]))
        elif any(r.code == "contact_overdue" for r in verdict.reasons) \
                and "contact_overdue" not in old_codes:
            inbox.append((recipient, NotificationKind.CONTACT_OVERDUE, row[1]))
    with transaction.atomic():
        SightStatus.objects.bulk_create(
            changed, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["trajectory"],
            update_fields=["level", "reasons", "next_contact_due", "computed_at"],
        )
        if trajectory_ids is None:
            # A trajectory that left follow-up (closed) has no status any more.
            SightStatus.objects.exclude(trajectory__phase=Phase.FOLLOW_UP).delete()
        notified = notifications_send(inbox)
    return ScanResult(trajectories=len(rows), changed=len(changed), notified=notified,
                      seconds=time.perf_counter() - started)


def sight_refresh(trajectory_id: int) -> None:
    """Recompute one trajectory's status now (after a contact, a departure, a handover)."""
    if not Trajectory.objects.filter(pk=trajectory_id, phase=Phase.FOLLOW_UP).exists():
        SightStatus.objects.filter(trajectory_id=trajectory_id).delete()
        return
    sight_scan(trajectory_ids=[trajectory_id])


def sight_refresh_on_commit(trajectory: Trajectory) -> None:
    """Services call this inside their transaction; the status follows once it committed.

    Robust: should the refresh fail, the user's action still stands (it is logged) and the
    periodic scan catches up.
    """
    transaction.on_commit(lambda: sight_refresh(trajectory.pk), robust=True)


def contact_plan_adjust(*, actor: Actor, trajectory: Trajectory, periods: list,
                        reason: str) -> ContactPlan:
    """The supporter adjusts the household's contact rhythm, always with a reason.

    Seed 002: contact "met een fijngevoeligheid voor voldoende aanwezigheid en gepaste
    afstand": the default rhythm is a starting point, not a rule for every household.
    """
    if not (actor.has_role(Role.SUPPORTER, Role.TEAM_LEAD)
            and is_involved(actor, trajectory.household)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het aangepaste ritme.")})
    if trajectory.phase == Phase.CLOSED:
        raise ValidationError(_("Dit traject is afgesloten."))
    try:
        periods = rules.validate_periods(periods)
    except (ValueError, TypeError):
        raise ValidationError(
            {"periods": _("Geef per periode een eindmaand (oplopend) en een aantal dagen "
                          "tussen de contactmomenten (1 tot 365).")}) from None
    with transaction.atomic():
        plan, _created = ContactPlan.objects.update_or_create(
            trajectory=trajectory,
            defaults={"periods": periods, "reason": reason, "adjusted_by": actor.user},
        )
        ContactPlanChange.objects.create(trajectory=trajectory, periods=periods, reason=reason,
                                         by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="contact_plan",
                   household_uuid=trajectory.household.uuid, record_uuid=trajectory.uuid)
        sight_refresh_on_commit(trajectory)
    return plan


def contact_plan_bring_forward(*, actor: Actor, trajectory: Trajectory, within_days: int,
                               reason: str, today: date | None = None) -> ContactPlan | None:
    """Bring the next contact forward: at most ``within_days`` between contacts for a while
    (``rules.brought_forward``), recorded as an adjustment of the plan with its reason.

    None when the rhythm already asks for contact that often: nothing to adjust.
    """
    today = today or timezone.localdate()
    periods = periods_for(trajectory)
    departure = trajectory.departure_date
    closer = rules.brought_forward(periods, departure, today, within_days)
    if closer == rules.brought_forward(periods, departure, today, 365):  # the same rhythm
        return None
    return contact_plan_adjust(actor=actor, trajectory=trajectory, periods=closer,
                               reason=reason)


def unsafe_contact_follow_up(*, actor: Actor, contact: ContactMoment, acute: bool,
                             observation: str,
                             within_days: int | None = rules.UNSAFE_NEXT_CONTACT_DAYS,
                             ) -> ContactPlan | None:
    """The next step after a contact where the client did not feel safe (issue 13), in one
    transaction: the supporter judges the signal (acute or not, with her observation,
    ``contacts.services.contact_next_step_record``) and the next contact comes within
    ``within_days`` (None: the rhythm is left as it is, for who may not adjust it).

    It lives here, above ``contacts`` and ``signals``, because it changes all three.
    """
    if within_days is not None and within_days not in rules.UNSAFE_NEXT_CONTACT_CHOICES:
        raise ValidationError({"within_days": _("Kies binnen hoeveel dagen.")})
    with transaction.atomic():
        contact_next_step_record(actor=actor, contact=contact, acute=acute,
                                 observation=observation)
        if within_days is None:
            return None
        reason = _("De cliënt voelde zich niet veilig bij het contactmoment van %(date)s: "
                   "volgend contactmoment binnen %(days)s dagen.") % {
            "date": date_format(contact.held_on), "days": within_days}
        return contact_plan_bring_forward(actor=actor, trajectory=contact.trajectory,
                                          within_days=within_days, reason=reason)


def municipality_rhythm_set(*, actor: Actor, periods: list) -> MunicipalityRhythm:
    """A municipality sets its own default rhythm (policy officer or team lead of its team).

    Trajectories with an adjusted plan keep theirs; the others follow from the next scan.
    """
    organisation = actor.organisation
    if not (actor.has_role(Role.POLICY, Role.TEAM_LEAD) and organisation is not None
            and organisation.municipality_id is not None):
        raise PermissionDenied
    try:
        periods = rules.validate_periods(periods)
    except (ValueError, TypeError):
        raise ValidationError(_("Geef per periode een eindmaand (oplopend) en een aantal dagen "
                                "tussen de contactmomenten (1 tot 365).")) from None
    with transaction.atomic():
        rhythm, _created = MunicipalityRhythm.objects.update_or_create(
            municipality_id=organisation.municipality_id, defaults={"periods": periods})
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="municipality_rhythm")
    return rhythm
