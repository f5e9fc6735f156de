"""Reads for signals, scoped to the actor like ``households.selectors``."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.households.models import Household, Involvement, InvolvementReason
from zicht.households.selectors import household_for
from zicht.signals.models import Signal, VeiligThuisReport
from zicht.signals.reports import reports_for_veilig_thuis
from zicht.signals.services import signals_for_coordinator


def partner_households(actor: Actor) -> QuerySet[Household]:
    """Households a partner organisation is connected to (to report worries on only)."""
    if actor.organisation is None or not actor.has_role(Role.PARTNER):
        return Household.objects.none()
    connected = Involvement.objects.current().filter(
        household=OuterRef("pk"), organisation=actor.organisation,
        reason=InvolvementReason.PARTNER)
    return Household.objects.filter(Exists(connected))


def partner_household_for(actor: Actor, household_uuid: UUID | str) -> Household:
    try:
        return partner_households(actor).get(uuid=household_uuid)
    except (Household.DoesNotExist, ValidationError):
        raise Http404 from None


def coordinator_signal_for(actor: Actor, signal_uuid: UUID | str) -> Signal:
    try:
        signal = signals_for_coordinator(actor).get(uuid=signal_uuid)
    except (Signal.DoesNotExist, ValidationError):
        raise Http404 from None
    household_for(actor, signal.household.uuid)  # still involved
    return signal


def report_for(actor: Actor, report_uuid: UUID | str) -> VeiligThuisReport:
    """A report for Veilig Thuis (sent to them) or for the household's involved professionals."""
    try:
        report = VeiligThuisReport.objects.select_related("household", "veilig_thuis").get(
            uuid=report_uuid)
    except (VeiligThuisReport.DoesNotExist, ValidationError):
        raise Http404 from None
    if reports_for_veilig_thuis(actor).filter(pk=report.pk).exists():
        return report
    household_for(actor, report.household.uuid)
    return report
