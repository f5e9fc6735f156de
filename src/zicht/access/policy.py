"""The one policy: who may see which category of which household, and on what ground.

Pages, the API, exports and the client's overview all ask this module; the selectors in
``zicht.households.selectors`` delegate to it. The grounds, strongest first:

1. **Involvement as carer** (shelter, supporter, coordinator): the organisations that
   carry the trajectory see every category. The supporter is only ever invited with the
   client's consent (seed 002, "Rol van vrouwenopvang": the shelter asks consent first),
   so an involvement as supporter counts only while that follow-up consent holds: when
   the client withdraws it, the supporter's team loses sight at once (unless it is also
   the coordinator, whose task does not rest on consent alone).
2. **Break the glass** (``EmergencyAccess``): a professional who stated a reason and
   re-entered their password sees everything, for a limited time, marked as emergency.
3. **Sharing without consent** (``SharingOverride``): an approved, unexpired decision
   for one organisation and named categories (seed 001, 4.2: when a child's safety
   requires it; Wmo 5.2.6 meldrecht).
4. **Consent** (``Consent``): a partner organisation that is involved sees the categories
   an active consent names for it or its kind. The shelter shares "met medeweten van de
   moeder" (seed 001, 3.7). Withdrawn consent is gone at once: nothing is cached.

Everyone else: the household does not exist (404, never 403).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zicht.access.models import Category, EmergencyAccess, SharingOverride
from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.households.models import Household, Involvement, InvolvementReason

CARER_REASONS = (InvolvementReason.SHELTER, InvolvementReason.SUPPORTER,
                 InvolvementReason.COORDINATOR)
ALL_CATEGORIES = frozenset(Category.values)


@dataclass(frozen=True)
class Access:
    """What one actor may see of one household, and why (the access log's ground)."""

    categories: frozenset[str]
    ground: str  # "involvement:<reason>", "emergency:<uuid>", "override:<uuid>", "consent:<uuid>"
    grounds: dict[str, str]  # per category, for the log entry of that category

    def allows(self, category: str) -> bool:
        return category in self.categories

    @property
    def is_carer(self) -> bool:
        """The organisation carries the household: a current involvement as shelter,
        supporter or coordinator (``CARER_REASONS``) is what granted this access."""
        return self.ground.startswith("involvement:")

    @property
    def is_emergency(self) -> bool:
        return self.ground.startswith("emergency:")

    @property
    def is_partner_view(self) -> bool:
        """Seen on the client's consent or a sharing decision (a connected partner), not
        as a carer or by breaking the glass: then only the consent's categories and the
        coordinator, never the shelter, the dates, the history or other professionals."""
        return not self.ground.startswith(("involvement:", "emergency:"))

    def as_flags(self) -> dict[str, bool]:
        """For templates: ``{% if may.address %}``."""
        return {c: c in self.categories for c in Category.values}


NO_ACCESS = Access(categories=frozenset(), ground="", grounds={})


def _follow_up_consents():
    from zicht.consent.models import Consent, ConsentPurpose
    from zicht.households.models import PersonRole

    return Consent.objects.active().filter(purpose=ConsentPurpose.FOLLOW_UP,
                                           person__role=PersonRole.CLIENT)


def _consents_for(actor: Actor):
    from zicht.consent.models import Consent, ConsentPurpose

    org = actor.organisation
    return (Consent.objects.active().exclude(purpose=ConsentPurpose.FOLLOW_UP)
            .filter(Q(organisation=org) | Q(organisation__isnull=True,
                                            organisation_kind=org.kind)))


def _full_ground(actor: Actor) -> Q:
    """The condition on Household for every category: carer, or break the glass.

    ``access_for`` asks the same of one household; a change here is a change there
    (``tests/test_one_household_as_the_list.py``)."""
    emergency = EmergencyAccess.objects.active().filter(
        household=OuterRef("pk"), user=actor.user, organisation=actor.organisation)
    return _carer_ground(actor) | Exists(emergency)


def _carer_ground(actor: Actor) -> Exists:
    """The organisation carries the household: the part of ``_full_ground`` that is the
    same for every member of the team."""
    involvements = Involvement.objects.current().filter(household=OuterRef("pk"),
                                                        organisation=actor.organisation)
    follow_up = _follow_up_consents().filter(household=OuterRef(OuterRef("pk")))
    return Exists(involvements.filter(
        Q(reason__in=CARER_REASONS) & ~Q(reason=InvolvementReason.SUPPORTER)
        | Q(reason=InvolvementReason.SUPPORTER) & Exists(follow_up)))


def _partial_ground(actor: Actor) -> Q:
    """The condition on Household for some categories: consent, or sharing without it
    (as ``access_for``, see ``_full_ground``)."""
    org = actor.organisation
    partner = Involvement.objects.current().filter(household=OuterRef("pk"), organisation=org,
                                                   reason=InvolvementReason.PARTNER)
    consent = _consents_for(actor).filter(household=OuterRef("pk"))
    override = SharingOverride.objects.active().filter(household=OuterRef("pk"),
                                                       organisation=org)
    return (Exists(partner) & Exists(consent)) | Exists(override)


def may_open_records(actor: Actor) -> bool:
    """Policy staff and administrators work with aggregates and the directory, never with a
    household's record, even when their organisation carries it (need to know)."""
    return actor.organisation is not None and actor.role not in (Role.POLICY, Role.ADMIN)


def visible_households(actor: Actor, *, partial: bool = False,
                       among: Iterable[int] | QuerySet | None = None) -> QuerySet[Household]:
    """The households the actor may open: one query, usable in lists.

    Secure by default: without ``partial`` only those with every category (carers and
    break the glass). A page or endpoint that also serves a partner who sees only some
    categories (consent, sharing without consent) opts in with ``partial=True`` and then
    asks ``require``/``access_for`` per category, so a new page cannot show a partner more
    than the client agreed to by forgetting a check.

    ``among``: the ids of the households the caller already narrowed to (the actor's own
    dozens, one page); the grounds are then tested on those alone, where the candidates'
    UNION would first read every involvement of the organisation (38 of Vandaag's 41 ms
    for a team carrying 17,000 households, ``bench/bench_load.py``).
    """
    if not may_open_records(actor):
        return Household.objects.none()
    narrowed = _candidates(actor) if among is None else among
    return Household.objects.filter(pk__in=narrowed).filter(_ground(actor, partial))


def carried_households(actor: Actor) -> QuerySet[Household]:
    """The households the actor's organisation carries (as carer), without what this
    professional opened by breaking the glass: the same for every member of the team, so
    what is worked out from it can be shared by the team (Vandaag's team order).

    Never more than ``visible_households``, and not an access decision on its own: a page
    still reads its rows through ``visible_households``.
    """
    if not may_open_records(actor):
        return Household.objects.none()
    involved = Involvement.objects.current().filter(organisation=actor.organisation)
    return (Household.objects.filter(pk__in=involved.order_by().values("household"))
            .filter(_carer_ground(actor)))


def _ground(actor: Actor, partial: bool) -> Q:
    ground = _full_ground(actor)
    return ground | _partial_ground(actor) if partial else ground


def _candidates(actor: Actor) -> QuerySet:
    """The ids of households with any row that could ground access, as one UNION.

    Only a narrowing for the planner: the grounds above still decide. Without it
    PostgreSQL evaluates the OR of EXISTS conditions for every household in the database
    (about 0.4 s at 50,000 households, see ``bench/bench_sight.py``); with it, it looks up
    the few the organisation has rows for.
    """
    org = actor.organisation
    involvements = Involvement.objects.current().filter(organisation=org)
    emergencies = EmergencyAccess.objects.active().filter(user=actor.user, organisation=org)
    overrides = SharingOverride.objects.active().filter(organisation=org)
    return (involvements.order_by().values("household")
            .union(emergencies.order_by().values("household"),
                   overrides.order_by().values("household")))


def redact_for_lists(actor: Actor, households: list[Household]) -> None:
    """Empty the prefetched ``clients`` of households whose people the actor may not see.

    A list that also serves partners (the API list; the caseload holds only households
    with full access) shows the client's name; a partner who has consent for signals only
    sees the reference instead. One query for the whole list, plus one
    per household the actor sees only partly (partners' lists are short).
    """
    if not households or actor.organisation is None:
        return
    complete = set(Household.objects.filter(pk__in=[h.pk for h in households])
                   .filter(_full_ground(actor)).values_list("pk", flat=True))
    for household in households:
        if household.pk not in complete and not access_for(actor, household).allows(
                Category.PERSONS):
            household.clients = []


def household_for(actor: Actor, household_uuid: UUID | str, *,
                  partial: bool = False) -> Household:
    """The household, or 404 (see ``visible_households`` for ``partial``)."""
    return household_and_access(actor, household_uuid, partial=partial)[0]


def household_and_access(actor: Actor, household_uuid: UUID | str, *, partial: bool = False,
                         category: str | None = None) -> tuple[Household, Access]:
    """The household and what the actor may see of it, or 404 for one the actor may not
    open (without ``partial``: carers and break the glass only, as ``visible_households``)
    or, with ``category``, whose category the actor may not see (``require``).

    The row is found by its key and ``access_for`` decides on it, with the same grounds
    ``visible_households`` writes as one SQL condition: for one household a few index
    lookups cost less than building and compiling that condition (6 of the 9 ms the
    household page spent on it, in process on ``bench/bench_load.py``'s 50,000
    households), and the page needs the answer per category anyway.
    """
    if not may_open_records(actor):
        raise Http404
    try:
        household = Household.objects.get(uuid=household_uuid)
    except (Household.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    access = access_for(actor, household)
    if (not access.categories or (not partial and access.is_partner_view)
            or (category is not None and not access.allows(category))):
        raise Http404
    return household, access


def access_for(actor: Actor, household: Household | UUID | str) -> Access:
    """Every category the actor may see of the household, with the ground for each."""
    org = actor.organisation
    if not may_open_records(actor):
        return NO_ACCESS
    if not isinstance(household, Household):
        household = Household.objects.filter(uuid=household).first()
        if household is None:
            return NO_ACCESS
    grounds: dict[str, str] = {}

    reasons = set(Involvement.objects.current()
                  .filter(household=household, organisation=org, reason__in=CARER_REASONS)
                  .values_list("reason", flat=True))
    if InvolvementReason.SUPPORTER in reasons and not _follow_up_consents().filter(
            household=household).exists():
        reasons.discard(InvolvementReason.SUPPORTER)
    carer = next((r for r in CARER_REASONS if r in reasons), None)
    if carer:
        return Access(categories=ALL_CATEGORIES, ground=f"involvement:{carer}",
                      grounds=dict.fromkeys(ALL_CATEGORIES, f"involvement:{carer}"))
    emergency = (EmergencyAccess.objects.active()
                 .filter(household=household, user=actor.user, organisation=org).first())
    if emergency:
        ground = f"emergency:{emergency.uuid}"
        return Access(categories=ALL_CATEGORIES, ground=ground,
                      grounds=dict.fromkeys(ALL_CATEGORIES, ground))
    for override in SharingOverride.objects.active().filter(household=household,
                                                             organisation=org):
        for category in override.categories or ALL_CATEGORIES:
            grounds.setdefault(category, f"override:{override.uuid}")
    partner = Involvement.objects.current().filter(
        household=household, organisation=org, reason=InvolvementReason.PARTNER).exists()
    if partner:
        for consent in _consents_for(actor).filter(household=household):
            for category in consent.categories or ALL_CATEGORIES:
                grounds.setdefault(category, f"consent:{consent.uuid}")
    if not grounds:
        return NO_ACCESS
    # The ground of the household as a whole: the first one granted, consent preferred.
    ground = next((g for g in grounds.values() if g.startswith("consent:")),
                  next(iter(grounds.values())))
    return Access(categories=frozenset(grounds), ground=ground, grounds=grounds)


def require(actor: Actor, household: Household, category: str) -> Access:
    """The access, or 404 when this category is not the actor's to see."""
    access = access_for(actor, household)
    if not access.allows(category):
        raise Http404
    return access


def is_involved(actor: Actor, household: Household, *reasons: str) -> bool:
    """Whether the actor's organisation is currently involved, for one of ``reasons``.

    The bare involvement (what the trajectory services check before acting); what the
    actor may *see* is ``access_for``'s answer, which also weighs consent.
    """
    if not may_open_records(actor):
        return False
    qs = Involvement.objects.current().filter(household=household,
                                              organisation=actor.organisation)
    # Without reasons: involved in the record, which a connected partner is not (it sees
    # only what consent or an override grants, through ``access_for``).
    qs = (qs.filter(reason__in=reasons) if reasons
          else qs.exclude(reason=InvolvementReason.PARTNER))
    return qs.exists()
