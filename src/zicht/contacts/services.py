from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.contacts.models import Answer, ContactKind, ContactMoment
from zicht.core.events import trajectory_changed
from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.households.selectors import is_involved
from zicht.plans.models import ReviewMoment, SafetyCondition
from zicht.plans.services import condition_review
from zicht.signals.services import signal_assess, signal_from_contact
from zicht.trajectories.models import Phase, PhaseChange, Trajectory


def contact_record(*, actor: Actor, trajectory: Trajectory, kind: str, held_on: date,
                   channel: str, reached: bool, with_whom: str = "",
                   answers: dict[str, str] | None = None, notes: str = "",
                   no_particulars: bool = False,
                   condition_reviews: Mapping[SafetyCondition, tuple[str, str]] | None = None,
                   ground: str = "") -> ContactMoment:
    """Record a contact moment (contactmoment) or the introduction (kennismaking).

    An attempt that did not reach the client answers none of the central questions.
    ``no_particulars`` ("geen bijzonderheden") answers the questions left blank as in a
    contact where all is well (``ContactMoment.NO_PARTICULARS``); an answer given wins.
    ``condition_reviews``: the veiligheidsvoorwaarden of the plan checked in this contact
    (outcome and note per condition), only when the client was reached.
    ``ground``: the access ground the caller's ``household_and_access`` already decided,
    for the access log; asked of the policy when empty.
    """
    answers = dict(answers or {})
    if no_particulars:
        if not reached:
            raise ValidationError(_("'Geen bijzonderheden' kan alleen als de cliënt bereikt is."))
        for question, answer in ContactMoment.NO_PARTICULARS.items():
            answers[question] = answers.get(question) or answer
    if not (actor.has_role(Role.SUPPORTER, Role.SHELTER_WORKER, Role.TEAM_LEAD)
            and is_involved(actor, trajectory.household)):
        raise PermissionDenied
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Een contactmoment kan niet in de toekomst liggen.")})
    unknown = set(answers) - set(ContactMoment.QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown questions: {sorted(unknown)}")
    if not reached and any(answers.values()):
        raise ValidationError(
            _("De cliënt is niet bereikt: dan zijn de vragen niet beantwoord. "
              "Laat ze leeg of vink 'cliënt bereikt' aan.")
        )
    if condition_reviews and not reached:
        raise ValidationError(_("De cliënt is niet bereikt: toets de "
                                "veiligheidsvoorwaarden bij een contact dat plaatsvond."))
    for condition in condition_reviews or {}:
        if condition.plan.household_id != trajectory.household_id:
            raise ValidationError(_("Deze voorwaarde hoort niet bij dit gezin."))
    if trajectory.phase == Phase.CLOSED:
        raise ValidationError(_("Dit traject is afgesloten."))
    if kind == ContactKind.INTRODUCTION and trajectory.phase not in (Phase.INVITED,
                                                                     Phase.INTRODUCED):
        raise ValidationError(_("De kennismaking vindt plaats tijdens het verblijf in de opvang, "
                                "nadat de ondersteuner is uitgenodigd."))
    if kind == ContactKind.FOLLOW_UP and trajectory.phase != Phase.FOLLOW_UP:
        raise ValidationError(_("Contactmomenten worden vastgelegd na het vertrek."))
    # Not before the trajectory: the introduction is held during the stay, so from the
    # registration on; a follow-up contact from the departure on (seed 002).
    started = (trajectory.departure_date if kind == ContactKind.FOLLOW_UP
               else timezone.localdate(trajectory.created_at))
    if started and held_on < started:
        raise ValidationError({"held_on": (
            _("Een contactmoment ligt niet vóór het vertrek (%(date)s).")
            if kind == ContactKind.FOLLOW_UP else
            _("Een kennismaking ligt niet vóór de aanmelding (%(date)s).")) % {
                "date": date_format(started)}})

    with transaction.atomic():
        contact = ContactMoment.objects.create(
            trajectory=trajectory, kind=kind, held_on=held_on, channel=channel,
            reached=reached, with_whom=with_whom, notes=notes, recorded_by=actor.user,
            organisation=actor.organisation, **answers,
        )
        if kind == ContactKind.INTRODUCTION and reached and trajectory.phase == Phase.INVITED:
            PhaseChange.objects.create(trajectory=trajectory, from_phase=trajectory.phase,
                                       to_phase=Phase.INTRODUCED, by=actor.user)
            trajectory.phase = Phase.INTRODUCED
            trajectory.save(update_fields=["phase"])
        access_log(actor=actor, action=AccessAction.CREATE, record_type="contact",
                   household_uuid=trajectory.household.uuid, record_uuid=contact.uuid,
                   ground=ground)
        for condition, (outcome, note) in (condition_reviews or {}).items():
            condition_review(actor=actor, condition=condition, outcome=outcome, note=note,
                             moment=ReviewMoment.CONTACT, moment_uuid=contact.uuid)
        trajectory_changed.send(sender=ContactMoment, trajectory=trajectory)
        if reached and answers.get("feels_safe") == Answer.NO:
            # Issue 4: "does not feel safe" is a signal for the coordinator.
            contact.signal = signal_from_contact(actor=actor, contact=contact)
            contact.save(update_fields=["signal"])
    return contact


def contact_next_step_record(*, actor: Actor, contact: ContactMoment, acute: bool,
                             observation: str) -> ContactMoment:
    """After "does not feel safe": the supporter judges the signal the contact made
    (``signals.services.signal_assess``), once. The rhythm's part of the next step is
    ``rhythm.services.unsafe_contact_follow_up``, which calls this."""
    if contact.signal is None:
        raise ValidationError(_("Bij dit contactmoment hoort geen signaal."))
    if contact.next_step_at is not None:
        raise ValidationError(_("De volgende stap is al gekozen."))
    with transaction.atomic():
        signal_assess(actor=actor, signal=contact.signal, acute=acute, observation=observation)
        contact.next_step_at = timezone.now()
        contact.save(update_fields=["next_step_at"])
    return contact
