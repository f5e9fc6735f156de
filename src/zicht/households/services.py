"""Writes about households. Each service runs in one transaction with its access-log entry."""

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.core.dates import check_between, years_from
from zicht.directory.actor import Actor
from zicht.directory.models import Municipality, OrganisationKind, Role
from zicht.households.models import (
    Address,
    AddressChange,
    Household,
    Involvement,
    InvolvementReason,
    Person,
    PersonRole,
)

if TYPE_CHECKING:
    from zicht.access.policy import Access

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A pseudonymous household label that says nothing about the people in it."""
    while True:
        ref = "ZH-" + "".join(secrets.SystemRandom().choices(REFERENCE_ALPHABET, k=6))
        if not Household.objects.filter(reference=ref).exists():
            return ref


@dataclass(frozen=True)
class PersonData:
    role: str
    given_name: str
    family_name: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    relation: str = ""


#: The oldest a person in a household can plausibly be, in years.
MAX_AGE_YEARS = 120


def birth_date_check(value: date | None, *, field: str = "date_of_birth",
                     name: str = "") -> None:
    """A date of birth lies in the past and at most ``MAX_AGE_YEARS`` back: anything else
    is a typing error (9999-12-31) that would also make a child an adult or the reverse."""
    today = timezone.localdate()
    message = _("Een geboortedatum ligt in het verleden, hooguit %(years)d jaar terug.") % {
        "years": MAX_AGE_YEARS}
    if name:
        message = _("Geboortedatum van %(name)s: %(message)s") % {"name": name,
                                                                    "message": message}
    check_between(value, field=field, earliest=years_from(today, -MAX_AGE_YEARS),
                  latest=today, message=message)


def household_register(*, actor: Actor, client: PersonData,
                       others: list[PersonData]) -> Household:
    """A shelter worker registers a household during the stay (aanmelding).

    Creates the household, its people, the trajectory in phase "aangemeld" and the
    shelter's involvement.
    """
    from zicht.trajectories.models import Phase, PhaseChange, Trajectory

    if not (actor.has_role(Role.SHELTER_WORKER)
            and actor.organisation.kind == OrganisationKind.SHELTER):
        raise PermissionDenied("Only shelter workers register households.")
    if client.role != PersonRole.CLIENT or any(p.role == PersonRole.CLIENT for p in others):
        raise ValueError("A household has exactly one client.")
    for person in [client, *others]:
        birth_date_check(person.date_of_birth, name=person.given_name)

    with transaction.atomic():
        household = Household.objects.create(reference=new_reference(), created_by=actor.user)
        Person.objects.bulk_create(
            Person(household=household, **vars(p)) for p in [client, *others]
        )
        trajectory = Trajectory.objects.create(
            household=household, shelter=actor.organisation, phase=Phase.REGISTERED
        )
        PhaseChange.objects.create(trajectory=trajectory, to_phase=Phase.REGISTERED,
                                   by=actor.user)
        Involvement.objects.create(
            household=household, organisation=actor.organisation,
            reason=InvolvementReason.SHELTER, started_on=timezone.localdate(),
        )
        access_log(actor=actor, action=AccessAction.CREATE, record_type="household",
                   household_uuid=household.uuid, record_uuid=household.uuid)
    return household


def person_add(*, actor: Actor, household: Household, data: PersonData) -> Person:
    if data.role == PersonRole.CLIENT:
        raise ValueError("A household has exactly one client.")
    birth_date_check(data.date_of_birth)
    with transaction.atomic():
        person = Person.objects.create(household=household, **vars(data))
        access_log(actor=actor, action=AccessAction.CREATE, record_type="person",
                   household_uuid=household.uuid, record_uuid=person.uuid)
    return person


def address_set(*, actor: Actor, household: Household, street: str, postcode: str, city: str,
                municipality: Municipality, is_secret: bool) -> Address:
    with transaction.atomic():
        address = Address.objects.update_or_create(
            household=household,
            defaults={"street": street, "postcode": postcode, "city": city,
                      "municipality": municipality, "is_secret": is_secret},
        )[0]
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="address",
                   household_uuid=household.uuid)
    return address


# Those who may change the address: the professionals who carry the household (the shelter
# while involved, the supporter's team, the coordinator's team), as for handing over the
# coordination (``trajectories.services.coordinator_assign``).
ADDRESS_CHANGE_ROLES = (Role.SHELTER_WORKER, Role.SUPPORTER, Role.TEAM_LEAD)
POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
STREET_MAX, CITY_MAX, REASON_MAX = 200, 100, 200


def normalise_postcode(value: str) -> str:
    """A Dutch postcode as ``1234 AB``; ``ValidationError`` for anything else.

    The message never repeats what was typed: error pages and API answers stay free of
    the address.
    """
    match = POSTCODE.fullmatch((value or "").strip().upper())
    if match is None:
        raise ValidationError(_("Vul een postcode in als 1234 AB."), code="postcode")
    return f"{match.group(1)} {match.group(2)}"


def may_change_address(actor: Actor, household: Household,
                       access: "Access | None" = None) -> bool:
    """Whether the actor may change the household's address.

    Only those who carry the household, on the ground of their involvement (the policy's
    answer, which also weighs the client's consent for the supporter): not a partner, not
    on consent or sharing without consent, not on break-the-glass access, which is for
    looking in an emergency, not for changing the record. ``access`` is the policy's
    answer when the caller already has it (``access_for``).
    """
    from zicht.access.policy import access_for

    if not actor.has_role(*ADDRESS_CHANGE_ROLES):
        return False
    access = access if access is not None else access_for(actor, household)
    return access.ground.startswith("involvement:")


def address_change(*, actor: Actor, household: Household, street: str, postcode: str,
                   city: str, municipality: Municipality | None, is_secret: bool,
                   reason: str) -> Address:
    """Record a household's new address after departure, with the reason for the change.

    A client moves within the municipality, a temporary address becomes a permanent one,
    a secret address no longer needs to be secret or suddenly must become secret: a
    supporter who cannot record it keeps it somewhere else. Writes the address, an
    append-only ``AddressChange`` (when, by whom, why, the municipality and whether it is
    secret; never the street) and the access-log entry, in one transaction; the current
    coordinator and supporter hear of it in their inbox (the e-mail after commit says only
    that there is something new).

    A new municipality does not move the household: a move to another municipality goes
    through the warm handover (``zicht.moves``), which the caller points to when
    ``address.municipality`` differs from the trajectory's destination.

    Re-authentication for a secret address is the caller's business (a session, not a
    service, knows when the password was last entered).
    """
    from zicht.notifications.models import NotificationKind
    from zicht.notifications.services import notifications_send
    from zicht.trajectories.models import Phase
    from zicht.trajectories.selectors import current_coordinator, current_trajectory

    if not may_change_address(actor, household):
        raise PermissionDenied
    street, city, reason = ((v or "").strip() for v in (street, city, reason))
    errors: dict[str, list] = {}
    if not street:
        errors["street"] = [_("Vul de straat en het huisnummer in.")]
    elif len(street) > STREET_MAX:
        errors["street"] = [_("Gebruik hooguit %(n)s tekens.") % {"n": STREET_MAX}]
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError as error:
        errors["postcode"] = error.messages
    if not city:
        errors["city"] = [_("Vul de plaats in.")]
    elif len(city) > CITY_MAX:
        errors["city"] = [_("Gebruik hooguit %(n)s tekens.") % {"n": CITY_MAX}]
    if municipality is None:
        errors["municipality"] = [_("Kies de gemeente.")]
    if not reason:
        errors["reason"] = [_("Leg kort vast waarom het adres verandert, bijvoorbeeld: "
                              "verhuisd binnen de gemeente.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("Gebruik hooguit %(n)s tekens.") % {"n": REASON_MAX}]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        address = Address.objects.select_for_update().filter(household=household).first()
        if address is None:
            raise ValidationError(_("Er is nog geen adres: dat wordt vastgelegd bij het "
                                    "vertrek."))
        trajectory = current_trajectory(household)
        if trajectory is None or trajectory.phase != Phase.FOLLOW_UP:
            raise ValidationError(_("Het adres kan alleen worden gewijzigd zolang het "
                                    "traject loopt."))
        was_secret = address.is_secret
        address.street, address.postcode, address.city = street, postcode, city
        address.municipality, address.is_secret = municipality, is_secret
        address.save()
        change = AddressChange.objects.create(
            household=household, by=actor.user, organisation=actor.organisation,
            reason=reason, municipality=municipality, is_secret_before=was_secret,
            is_secret_after=is_secret)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="address",
                   household_uuid=household.uuid, record_uuid=change.uuid)
        coordinator = current_coordinator(trajectory)
        recipients = {trajectory.supporter_id,
                      coordinator.professional_id if coordinator else None} - {actor.user.pk}
        notifications_send([(user_id, NotificationKind.ADDRESS_CHANGE, household.pk)
                            for user_id in sorted(r for r in recipients if r)])
    return address


def address_reveal(*, actor: Actor, household: Household) -> Address | None:
    """"Toon adres": the only way to read a household's address, and always logged.

    The caller must already have the household through ``household_for``.
    """
    with transaction.atomic():
        address = Address.objects.filter(household=household).first()
        access_log(actor=actor, action=AccessAction.REVEAL_ADDRESS, record_type="address",
                   household_uuid=household.uuid)
    return address


def household_read(*, actor: Actor, household: Household, record_type: str = "household",
                   ground: str = "") -> None:
    """Log that the actor viewed a household's personal data.

    ``ground``: the access the page already asked the policy for; without it the policy is
    asked again (three queries)."""
    access_log(actor=actor, action=AccessAction.READ, record_type=record_type,
               household_uuid=household.uuid, record_uuid=household.uuid, ground=ground)
