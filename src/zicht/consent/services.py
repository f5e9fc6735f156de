from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.consent.models import Consent, ConsentPurpose
from zicht.core.dates import PLANNING_YEARS, check_between, years_from
from zicht.directory.actor import Actor
from zicht.directory.models import Organisation
from zicht.households.models import Household, Involvement, InvolvementReason, Person
from zicht.households.selectors import is_involved

CARERS = (InvolvementReason.SHELTER, InvolvementReason.SUPPORTER,
          InvolvementReason.COORDINATOR)


def consent_record(*, actor: Actor, household: Household, person: Person, purpose: str,
                   method: str, given_on: date, valid_until: date | None = None,
                   organisation: Organisation | None = None, organisation_kind: str = "",
                   categories: list[str] | None = None, form_file=None) -> Consent:
    """Record a person's consent (toestemming) in the register.

    Follow-up consent is what the shelter asks before inviting the supporter (seed 002,
    "Rol van vrouwenopvang"), so only the shelter records it. Consent to share with a
    partner (an organisation, or a kind of partner) may be recorded by anyone carrying
    the household; naming an organisation makes it a partner involved with the household,
    which then sees the named categories for as long as the consent holds.
    """
    from zicht.access.models import Category

    if person.household_id != household.pk:
        raise ValueError("The person is not part of this household.")
    reasons = (InvolvementReason.SHELTER,) if purpose == ConsentPurpose.FOLLOW_UP else CARERS
    if not is_involved(actor, household, *reasons):
        raise PermissionDenied
    categories = sorted(set(categories or []))
    if set(categories) - set(Category.values):
        raise ValidationError({"categories": _("Onbekende soort gegevens.")})
    # Follow-up and handover consents name their recipient by role: the supporter of the
    # (new) municipality. Sharing with partners names the organisation or kind of partner.
    shares_with_partner = purpose not in (ConsentPurpose.FOLLOW_UP, ConsentPurpose.HANDOVER)
    if shares_with_partner and not (organisation or organisation_kind):
        raise ValidationError({"organisation": _(
            "Kies de organisatie of de soort ketenpartner die de gegevens mag ontvangen.")})
    if shares_with_partner and not categories:
        raise ValidationError({"categories": _("Kies welke gegevens gedeeld mogen worden.")})
    # Given today or earlier; valid at most PLANNING_YEARS from when it was given: consent
    # is asked for the follow-up year (and its extension), and consent for longer than any
    # trajectory lasts is no longer informed consent for it (AVG art. 7).
    check_between(given_on, field="given_on", latest=timezone.localdate(),
                  message=_("Toestemming wordt niet in de toekomst gegeven."))
    if valid_until and valid_until < given_on:
        raise ValidationError({"valid_until": _(
            "De toestemming kan niet eindigen voordat zij is gegeven.")})
    check_between(valid_until, field="valid_until", latest=years_from(given_on, PLANNING_YEARS),
                  message=_("Toestemming geldt hooguit %(years)d jaar na het geven.") % {
                      "years": PLANNING_YEARS})
    with transaction.atomic():
        consent = Consent.objects.create(
            household=household, person=person, purpose=purpose, method=method,
            given_on=given_on, valid_until=valid_until, recorded_by=actor.user,
            organisation=organisation, organisation_kind="" if organisation else organisation_kind,
            categories=categories,
        )
        if form_file:
            consent.form_file.save(str(consent.uuid), form_file, save=True)
        if organisation and not Involvement.objects.current().filter(
                household=household, organisation=organisation).exists():
            Involvement.objects.create(household=household, organisation=organisation,
                                       reason=InvolvementReason.PARTNER,
                                       started_on=timezone.localdate())
        access_log(actor=actor, action=AccessAction.CREATE, record_type="consent",
                   household_uuid=household.uuid, record_uuid=consent.uuid)
    return consent


def consent_withdraw(*, actor: Actor, consent: Consent) -> Consent:
    """Withdrawal takes effect at once: the policy reads the register on every request."""
    if not is_involved(actor, consent.household, *CARERS):
        raise PermissionDenied
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor.user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        # The partner this consent connected leaves the household at once, unless another
        # consent still names it; reporting a worry stays open to it through "zorg melden".
        if consent.organisation_id and not Consent.objects.active().filter(
                household=consent.household, organisation=consent.organisation_id).exists():
            Involvement.objects.current().filter(
                household=consent.household, organisation=consent.organisation_id,
                reason=InvolvementReason.PARTNER).update(ended_on=timezone.localdate())
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="consent",
                   household_uuid=consent.household.uuid, record_uuid=consent.uuid)
    return consent


def has_follow_up_consent(household: Household) -> bool:
    from zicht.households.models import PersonRole

    return Consent.objects.active().filter(
        household=household, purpose=ConsentPurpose.FOLLOW_UP, person__role=PersonRole.CLIENT
    ).exists()
