"""Reads for signals, scoped to the actor like ``households.selectors``."""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.households.models import Household, Involvement, InvolvementReason
from zicht.households.selectors import household_for
from zicht.signals.models import Signal, VeiligThuisReport
from zicht.signals.reports import reports_for_veilig_thuis
from zicht.signals.services import signals_for_coordinator
from zicht.trajectories.selectors import current_coordinator, current_trajectory


def partner_households(actor: Actor) -> QuerySet[Household]:
    """Households a partner organisation is connected to (to report worries on only)."""
    if actor.organisation is None or not actor.has_role(Role.PARTNER):
        return Household.objects.none()
    connected = Involvement.objects.current().filter(
        household=OuterRef("pk"), organisation=actor.organisation,
        reason=InvolvementReason.PARTNER)
    return (Household.objects.filter(Exists(connected))
            .annotate(partner_label=Subquery(connected.values("label")[:1])))


def partner_household_for(actor: Actor, household_uuid: UUID | str) -> Household:
    try:
        return partner_households(actor).get(uuid=household_uuid)
    except (Household.DoesNotExist, ValidationError):
        raise Http404 from None


def coordinator_signal_for(actor: Actor, signal_uuid: UUID | str) -> Signal:
    try:
        signal = signals_for_coordinator(actor, closed=None).get(uuid=signal_uuid)
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


@dataclass(frozen=True)
class CoordinatorContact:
    """Where a connected partner takes a worry: the coordinator's name, organisation and
    work phone, nothing more (issue 12)."""

    name: str
    organisation: str
    phone: str


def coordinator_contact(household: Household) -> CoordinatorContact | None:
    trajectory = current_trajectory(household)
    assignment = current_coordinator(trajectory) if trajectory else None
    if assignment is None:
        return None
    professional = assignment.professional
    return CoordinatorContact(
        name=professional.get_full_name() if professional else "",
        organisation=assignment.organisation.name,
        phone=(professional.phone if professional else "") or assignment.organisation.phone)


def partner_label(actor: Actor, household: Household) -> str:
    """The partner's own name for the family, else its reference (never the client's name)."""
    label = (Involvement.objects.current().filter(
        household=household, organisation=actor.organisation,
        reason=InvolvementReason.PARTNER).values_list("label", flat=True).first())
    return label or household.reference
