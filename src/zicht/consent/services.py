from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.consent.models import Consent
from zicht.core.actor import Actor
from zicht.households.models import Household, InvolvementReason, Person
from zicht.households.selectors import is_involved


def consent_record(*, actor: Actor, household: Household, person: Person, purpose: str,
                   method: str, given_on: date, valid_until: date | None = None) -> Consent:
    """Record a person's consent, as the shelter does before inviting the supporter."""
    if person.household_id != household.pk:
        raise ValueError("The person is not part of this household.")
    # The shelter records consent before the invitation; consent to hand over to a new
    # municipality is asked later, by whoever supports or coordinates the household then.
    from zicht.consent.models import ConsentPurpose

    reasons = [InvolvementReason.SHELTER]
    if purpose == ConsentPurpose.HANDOVER:
        reasons += [InvolvementReason.SUPPORTER, InvolvementReason.COORDINATOR]
    if not is_involved(actor, household, *reasons):
        raise PermissionDenied
    with transaction.atomic():
        consent = Consent.objects.create(
            household=household, person=person, purpose=purpose, method=method,
            given_on=given_on, valid_until=valid_until, recorded_by=actor.user,
        )
        access_log(actor=actor, action=AccessAction.CREATE, record_type="consent",
                   household_uuid=household.uuid, record_uuid=consent.uuid)
    return consent


def consent_withdraw(*, actor: Actor, consent: Consent) -> Consent:
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="consent",
                   household_uuid=consent.household.uuid, record_uuid=consent.uuid)
    return consent


def has_follow_up_consent(household: Household) -> bool:
    from zicht.consent.models import ConsentPurpose
    from zicht.households.models import PersonRole

    return Consent.objects.active().filter(
        household=household, purpose=ConsentPurpose.FOLLOW_UP, person__role=PersonRole.CLIENT
    ).exists()
