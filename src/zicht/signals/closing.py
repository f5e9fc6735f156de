"""A signal ends (issue 12): closed with an outcome, and reopened when the worry returns.

The outcome follows from the meldcode's decision (step 5): no concerns after all, help
organised, reported to Veilig Thuis, taken over by Veilig Thuis. Before a decision the
coordinator may close a signal with a reason (a duplicate, a worry already answered). A
closed signal leaves the to-do lists and stays in the history; reopening needs a reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.directory.actor import Actor
from zicht.safety.services import require_coordinator
from zicht.signals.models import (
    OUTCOMES_FOR_DECISION,
    ClosureAction,
    Outcome,
    Signal,
    SignalClosure,
)

REASON_MAX = 500


def allowed_outcomes(signal: Signal) -> list[str]:
    """The outcomes a signal may be closed with, in the order of ``Outcome``."""
    allowed = OUTCOMES_FOR_DECISION.get(signal.decision, set()) | {Outcome.CLOSED_WITH_REASON}
    return [o for o in Outcome.values if o in allowed]


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Gebruik hooguit %(n)s tekens.") % {"n": REASON_MAX}})
    return reason


def signal_close(*, actor: Actor, signal: Signal, outcome: str, reason: str = "") -> Signal:
    if signal.household is None:
        raise PermissionDenied
    require_coordinator(actor, signal.household)
    if signal.closed_at is not None:
        raise ValidationError(_("Dit signaal is al afgesloten."))
    if outcome not in allowed_outcomes(signal):
        raise ValidationError({"outcome": _(
            "Deze uitkomst volgt niet uit het besluit van de meldcode. Kies een uitkomst die "
            "erbij past, of sluit af met een reden.")})
    if outcome == Outcome.CLOSED_WITH_REASON:
        reason = _reason(reason, _("Leg vast waarom het signaal zonder besluit wordt "
                                   "afgesloten."))
    with transaction.atomic():
        signal.closed_at, signal.outcome = timezone.now(), outcome
        signal.save(update_fields=["closed_at", "outcome"])
        SignalClosure.objects.create(signal=signal, action=ClosureAction.CLOSED,
                                     outcome=outcome, reason=reason.strip(), by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="signal",
                   household_uuid=signal.household.uuid, record_uuid=signal.uuid)
    return signal


def signal_reopen(*, actor: Actor, signal: Signal, reason: str) -> Signal:
    if signal.household is None:
        raise PermissionDenied
    require_coordinator(actor, signal.household)
    if signal.closed_at is None:
        raise ValidationError(_("Dit signaal is niet afgesloten."))
    reason = _reason(reason, _("Leg vast waarom het signaal weer open gaat."))
    with transaction.atomic():
        signal.closed_at, signal.outcome = None, ""
        signal.save(update_fields=["closed_at", "outcome"])
        SignalClosure.objects.create(signal=signal, action=ClosureAction.REOPENED,
                                     reason=reason, by=actor.user)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="signal",
                   household_uuid=signal.household.uuid, record_uuid=signal.uuid)
    return signal
