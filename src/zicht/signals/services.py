"""Writes about signals: partners, reporting a worry, "zorg melden" and the meldcode.

Each service runs in one transaction with its access-log entry. Reports to Veilig Thuis are
in ``signals.reports``; who is told, and the escalation of overdue signals, in
``signals.escalation``.

Sections: 1. partners and signals, 2. the meldcode.
"""

from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.core.crypto import keyed_hash
from zicht.core.dates import add_working_days
from zicht.core.ratelimit import attempts_count
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation, OrganisationKind, Role
from zicht.households.models import Household, Involvement, InvolvementReason, Person, PersonRole
from zicht.households.selectors import is_involved
from zicht.notifications.services import notifications_resolve
from zicht.safety.services import CARE_ROLES, require_coordinator
from zicht.signals.escalation import (
    PICK_UP_KINDS,
    signal_acute_notify,
    signal_coordinators_notify,
    signal_link,
)
from zicht.signals.models import (
    STEP_TRANSITIONS,
    About,
    Decision,
    Signal,
    SignalSource,
    SignalStep,
    Step,
    Urgency,
)
from zicht.signals.tasks import signal_notify
from zicht.trajectories.models import ACTIVE_PHASES, CoordinatorAssignment, Trajectory

PARTNER_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.GP, OrganisationKind.HOUSING,
                 OrganisationKind.YOUTH_HEALTH, OrganisationKind.POLICE, OrganisationKind.OTHER)


# --- 1. Partners and signals ----------------------------------------------------------


def partner_connect(*, actor: Actor, household: Household, organisation: Organisation,
                    label: str = "") -> Involvement:
    """The coordinator connects a partner organisation (school, GP, ...) to the household.

    The partner can then report worries about it and follow its own signals; it does not
    see the household's record (see ``households.selectors.visible_households``).
    """
    require_coordinator(actor, household)
    if organisation.kind not in PARTNER_KINDS:
        raise ValidationError({"organisation": _("Kies een ketenpartner.")})
    with transaction.atomic():
        involvement = Involvement.objects.current().filter(
            household=household, organisation=organisation, reason=InvolvementReason.PARTNER
        ).first() or Involvement.objects.create(
            household=household, organisation=organisation,
            reason=InvolvementReason.PARTNER, started_on=timezone.localdate(),
        )
        if label.strip():
            involvement.label = label.strip()[:100]
            involvement.save(update_fields=["label"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="partner",
                   household_uuid=household.uuid)
    return involvement


def partner_label_set(*, actor: Actor, household: Household, label: str) -> Involvement:
    """A connected partner names the family in its own words (shown only to it)."""
    if not is_connected_partner(actor, household):
        raise PermissionDenied
    label = label.strip()
    if not label or len(label) > 100:
        raise ValidationError({"label": _("Gebruik 1 tot 100 tekens.")})
    with transaction.atomic():
        involvement = Involvement.objects.current().filter(
            household=household, organisation=actor.organisation,
            reason=InvolvementReason.PARTNER).first()
        involvement.label = label
        involvement.save(update_fields=["label"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="partner",
                   household_uuid=household.uuid)
    return involvement


def is_connected_partner(actor: Actor, household: Household) -> bool:
    return actor.has_role(Role.PARTNER) and is_involved(actor, household,
                                                        InvolvementReason.PARTNER)


def signal_deadline(received_at: datetime, urgency: str) -> datetime:
    """Acute: the same day; otherwise within one working day (both configurable).

    The deadline is the end of the day it falls on, in local time.
    """
    days = (settings.ZICHT_SIGNAL_ACUTE_WORKING_DAYS if urgency == Urgency.ACUTE
            else settings.ZICHT_SIGNAL_WORKING_DAYS)
    day = add_working_days(timezone.localtime(received_at).date(), days)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _route(signal: Signal, household_id: int | None) -> None:
    """Give the signal to the coordinator of the household's active trajectory, with its
    deadline. One query, also when there is no household: a "zorg melden" that matched
    nobody does the same work as one that did."""
    current_coordinator = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("pk"), ended_at__isnull=True).values("organisation_id")[:1]
    trajectory = (Trajectory.objects.filter(household_id=household_id, phase__in=ACTIVE_PHASES)
                  .annotate(coordinator_org=Subquery(current_coordinator))
                  .values("pk", "coordinator_org", "supporter_organisation_id", "shelter_id")
                  .first())
    signal.trajectory_id = trajectory["pk"] if trajectory else None
    # Before departure there is no coordinator yet: the shelter, which carries the household
    # during the stay whatever the client's consent for the supporter, acts on the worry;
    # at departure it follows to the coordinator (``signals.follow``).
    signal.coordinator_organisation_id = (
        trajectory["coordinator_org"] or trajectory["shelter_id"]
        or trajectory["supporter_organisation_id"]) if trajectory else None
    signal.due_at = signal_deadline(signal.received_at, signal.urgency)


def signal_report(*, actor: Actor, household: Household, urgency: str, about: str,
                  observed: str, observed_on: date, about_person: Person | None = None,
                  reporter_label: str = "") -> Signal:
    """A connected partner (or a professional involved) reports a worry on the household."""
    if not (is_connected_partner(actor, household) or is_involved(actor, household)):
        raise PermissionDenied
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Kies of het acuut is of niet.")})
    if about not in About.values:
        raise ValidationError({"about": _("Kies over wie de zorg gaat.")})
    if observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("Deze datum ligt in de toekomst.")})
    if about_person is not None and about_person.household_id != household.pk:
        raise ValidationError({"about_person": _("Deze persoon hoort niet bij dit gezin.")})
    with transaction.atomic():
        signal = Signal(household=household, source=SignalSource.PARTNER, urgency=urgency,
                        about=about, about_person=about_person, observed=observed,
                        observed_on=observed_on, reported_by=actor.user,
                        reporter_organisation=actor.organisation, received_at=timezone.now(),
                        reporter_label=reporter_label.strip()[:100])
        _route(signal, household.pk)
        signal.save()
        access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
                   household_uuid=household.uuid, record_uuid=signal.uuid)
        signal_coordinators_notify(signal)
    return signal


def zorg_melden_allowed(*, user_id: int, ip_address: str | None) -> bool:
    """A counter per professional and per address, in the shared cache."""
    window = settings.ZICHT_ZORG_MELDEN_WINDOW
    counts = [attempts_count(key, window_seconds=window)
              for key in (f"zorg-melden:user:{user_id}", f"zorg-melden:ip:{ip_address or '-'}")]
    return max(counts) <= settings.ZICHT_ZORG_MELDEN_LIMIT


def _match_person(given_name: str, family_name: str, date_of_birth: date | None,
                  bsn: str) -> Person | None:
    """One query whatever the input, and whether or not anyone matches."""
    if bsn:
        identity = Q(bsn_hash=keyed_hash(bsn))
    else:
        identity = Q(given_name__iexact=given_name.strip(),
                     family_name__iexact=family_name.strip(), date_of_birth=date_of_birth)
    return (Person.objects.filter(identity, role__in=[PersonRole.CLIENT, PersonRole.CHILD],
                                  household__trajectories__phase__in=ACTIVE_PHASES)
            .select_related("household").order_by("id").first())


def zorg_melden(*, actor: Actor, given_name: str, family_name: str,
                date_of_birth: date | None, bsn: str, urgency: str, observed: str,
                observed_on: date) -> Signal:
    """"Zorg melden": a professional not connected to a household reports a worry.

    The rule (issue 4): the form must never tell anyone, a perpetrator posing as a
    professional included, whether a person is known. So a row is always written, the
    same work is done, and the caller always shows the same receipt; the identity typed
    in is not stored. A matched signal goes to the coordinator of the active trajectory.
    """
    if not actor.organisation:
        raise PermissionDenied
    if not bsn and not (given_name and family_name and date_of_birth):
        raise ValidationError(_("Vul naam en geboortedatum in, of het BSN."))
    person = _match_person(given_name, family_name, date_of_birth, bsn)
    household = person.household if person else None
    with transaction.atomic():
        signal = Signal(household=household, source=SignalSource.ZORG_MELDEN, urgency=urgency,
                        about=About.CHILD if person and person.role == PersonRole.CHILD
                        else About.CLIENT, about_person=person, observed=observed,
                        observed_on=min(observed_on, timezone.localdate()),
                        reported_by=actor.user, reporter_organisation=actor.organisation,
                        received_at=timezone.now())
        _route(signal, household.pk if household else None)
        signal.save()
        # One entry either way; for an unmatched report it names no household.
        access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
                   household_uuid=household.uuid if household else None,
                   record_uuid=signal.uuid, ground="zorg melden")
        # Mail leaves in the worker, after the answer, for every report alike.
        transaction.on_commit(lambda: signal_notify.enqueue(signal_id=signal.pk))
    return signal


def signal_from_contact(*, actor: Actor, contact) -> Signal:
    """A contact moment answered "does not feel safe" makes a signal (issue 4).

    The supporter, not the system, judges whether it is acute (``signal_assess``, the
    next-step panel after saving). Until then it counts as acute: its deadline is today,
    the strictest, so a worry nobody judged is still picked up or escalated the same day.
    """
    household = contact.trajectory.household
    signal = Signal(household=household, source=SignalSource.CONTACT,
                    urgency=Urgency.ACUTE, about=About.CLIENT,
                    observed=_("Bij het contactmoment van %(date)s voelde de cliënt zich "
                               "niet veilig.") % {"date": date_format(contact.held_on)},
                    observed_on=contact.held_on, reported_by=actor.user,
                    reporter_organisation=actor.organisation, received_at=timezone.now())
    _route(signal, household.pk)
    signal.save()
    access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
               household_uuid=household.uuid, record_uuid=signal.uuid)
    signal_coordinators_notify(signal)
    return signal


def signal_client_alarm(*, actor: Actor, household: Household) -> Signal:
    """The client pressed "Ik voel me niet veilig" in her own pages (issue 17): an acute
    signal at once, to the coordinator and the team (``signal_acute_notify``). It holds
    no words of hers: she typed nothing, and the screen she sees may be read by others."""
    signal = Signal(household=household, source=SignalSource.CLIENT_ALARM,
                    urgency=Urgency.ACUTE, about=About.CLIENT,
                    observed=_("De cliënt gaf in Mijn afspraken aan dat zij zich niet veilig "
                               "voelt."),
                    observed_on=timezone.localdate(), reported_by=actor.user,
                    received_at=timezone.now())
    _route(signal, household.pk)
    signal.save()
    access_log(actor=actor, action=AccessAction.CREATE, record_type="signal",
               household_uuid=household.uuid, record_uuid=signal.uuid, ground="client:self")
    signal_acute_notify(signal)
    return signal


def signal_assess(*, actor: Actor, signal: Signal, acute: bool, observation: str) -> Signal:
    """The supporter who heard "I do not feel safe" judges the signal (issue 13).

    Acute (DOMAIN.md, afwegingskader: direct physical danger, safety not guaranteed in the
    coming days): the deadline is today, and the coordinator and the coordinating team's
    team lead hear of it in their inbox. Not acute: the deadline the rule gives from its
    arrival (``signal_deadline``). The supporter's observation becomes part of what was
    seen or heard, so the coordinator starts the meldcode from her words.
    """
    household = signal.household
    if signal.source != SignalSource.CONTACT or household is None:
        raise PermissionDenied
    if not (actor.has_role(*CARE_ROLES) and is_involved(actor, household)):
        raise PermissionDenied
    if signal.closed_at is not None or signal.step != Step.RECEIVED:
        raise ValidationError(_("Het signaal is al opgepakt: de regisseur volgt de meldcode."))
    observation = observation.strip()
    if not observation:
        raise ValidationError({"observation": _("Schrijf op wat u zag of hoorde.")})
    with transaction.atomic():
        signal.urgency = Urgency.ACUTE if acute else Urgency.NOT_ACUTE
        signal.due_at = (signal_deadline(timezone.now(), Urgency.ACUTE) if acute
                         else signal_deadline(signal.received_at, Urgency.NOT_ACUTE))
        signal.observed = f"{signal.observed}\n\n{observation}"
        signal.save(update_fields=["urgency", "due_at", "observed"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="signal",
                   household_uuid=household.uuid, record_uuid=signal.uuid)
        if acute:
            signal_acute_notify(signal, actor=actor)
    return signal


def signals_for_coordinator(actor: Actor, *, closed: bool | None = False) -> QuerySet[Signal]:
    """The signals the actor's team has to act on (the "Signalen" page): open ones by
    default, ``closed=True`` for the closed, ``None`` for both."""
    if not (actor.organisation and actor.has_role(*CARE_ROLES)):
        return Signal.objects.none()
    signals = (Signal.objects.filter(coordinator_organisation=actor.organisation,
                                     household__isnull=False)
               .select_related("household", "reporter_organisation"))
    if closed is not None:
        signals = signals.filter(closed_at__isnull=not closed)
    return signals


def own_signals(actor: Actor) -> QuerySet[Signal]:
    """What a reporter may follow: only the status of the signals they reported themselves."""
    return Signal.objects.filter(reported_by=actor.user).order_by("-received_at", "-id")


# --- 2. The meldcode ----------------------------------------------------------------------

STEP_FIELDS = {
    Step.TALKED: {"talk_skipped_reason"},
    Step.WEIGHED: {"suspicion", "acute_or_structural", "can_organise_help", "help_accepted",
                   "lasting_safety"},
    Step.DECIDED: {"decision"},
}


def signal_step(*, actor: Actor, signal: Signal, to_step: str, notes: str = "",
                **fields: Any) -> Signal:
    """Record the next step of the Meldcode huiselijk geweld en kindermishandeling.

    Step 3 may be skipped "when talking itself endangers safety", with the reason.
    Step 4 answers the afwegingskader; if it says reporting is required (acute or
    structural unsafety, or help that cannot be organised, is refused or does not last),
    step 5 cannot decide without a report.
    """
    if signal.household is None:
        raise PermissionDenied
    require_coordinator(actor, signal.household)
    if signal.closed_at is not None:
        raise ValidationError(_("Dit signaal is afgesloten: heropen het eerst."))
    if to_step not in STEP_TRANSITIONS[signal.step]:
        raise ValidationError(_("Deze stap kan nu niet: eerst '%(step)s'.") % {
            "step": Step(next(iter(STEP_TRANSITIONS[signal.step]), signal.step)).label})
    unknown = set(fields) - STEP_FIELDS.get(to_step, set())
    if unknown:
        raise ValidationError({field: _("Hoort niet bij deze stap.") for field in unknown})
    if to_step == Step.TALKED and not notes.strip() and not fields.get("talk_skipped_reason"):
        raise ValidationError({"notes": _("Leg vast wat er besproken is, of waarom het "
                                          "gesprek niet kon (reden).")})
    if to_step == Step.WEIGHED:
        if fields.get("suspicion") is None:
            raise ValidationError({"suspicion": _("Beantwoord deze vraag.")})
        if fields["suspicion"]:
            missing = [f for f in STEP_FIELDS[Step.WEIGHED] if fields.get(f) is None]
            if missing:
                raise ValidationError({f: _("Beantwoord deze vraag.") for f in missing})
    if to_step == Step.DECIDED:
        decision = fields.get("decision", "")
        if decision not in Decision.values:
            raise ValidationError({"decision": _("Kies een besluit.")})
        if signal.must_report() and decision not in (Decision.REPORT, Decision.HELP_AND_REPORT):
            raise ValidationError({"decision": _(
                "Volgens de afweging is melden bij Veilig Thuis verplicht: er is acute of "
                "structurele onveiligheid, of hulp kan niet (duurzaam) veiligheid bieden. "
                "Kies een besluit met melden.")})
        if decision == Decision.CLOSE and signal.suspicion:
            raise ValidationError({"decision": _(
                "Er is een vermoeden van huiselijk geweld of kindermishandeling: "
                "organiseer hulp en/of meld.")})
    with transaction.atomic():
        SignalStep.objects.create(signal=signal, from_step=signal.step, to_step=to_step,
                                  notes=notes, by=actor.user)
        for name, value in fields.items():
            setattr(signal, name, value)
        signal.step = to_step
        if signal.picked_up_at is None:
            signal.picked_up_at = timezone.now()
        signal.save()
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="signal",
                   household_uuid=signal.household.uuid, record_uuid=signal.uuid)
        # Picked up: the messages that asked the team to pick it up are answered.
        notifications_resolve(link=signal_link(signal), kinds=PICK_UP_KINDS)
    return signal
