"""Writes about case conferences. Each in one transaction with its access-log row.

The coordinator (regisseur) convenes and records; what the conference agrees goes into
the household's one plan through ``zicht.plans.services`` (conditions and actions), so
the plan stays the one place where it is followed up.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.conferences.models import (
    CaseConference,
    ConferenceChange,
    ConferenceCondition,
    ConferenceDecision,
    ConferenceState,
)
from zicht.core.dates import PLANNING_YEARS, check_between, years_from
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation
from zicht.households.models import Household, Involvement
from zicht.plans import services as plans
from zicht.plans.models import Action, ReviewMoment, SafetyCondition
from zicht.safety.services import is_coordinator


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
        ConferenceChange.objects.create(conference=conference, to_state=conference.state,
                                        by=actor.user, organisation=actor.organisation)
        _log(actor, conference, AccessAction.CREATE)
    return conference


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
