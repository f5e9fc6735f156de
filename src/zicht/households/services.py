"""Writes about households. Each service runs in one transaction with its access-log entry."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.actor import Actor
from zicht.directory.models import Municipality, OrganisationKind, Role
from zicht.households.models import (
    Address,
    Household,
    Involvement,
    InvolvementReason,
    Person,
    PersonRole,
)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A pseudonymous household label that says nothing about the people in it."""
    while True:
        ref = "ZH-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
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
    with transaction.atomic():
        person = Person.objects.create(household=household, **vars(data))
        access_log(actor=actor, action=AccessAction.CREATE, record_type="person",
                   household_uuid=household.uuid, record_uuid=person.uuid)
    return person


def address_set(*, actor: Actor, household: Household, street: str, postcode: str, city: str,
                municipality: Municipality, is_secret: bool) -> Address:
    with transaction.atomic():
        address, _ = Address.objects.update_or_create(
            household=household,
            defaults={"street": street, "postcode": postcode, "city": city,
                      "municipality": municipality, "is_secret": is_secret},
        )
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="address",
                   household_uuid=household.uuid)
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


def household_read(*, actor: Actor, household: Household, record_type: str = "household") -> None:
    """Log that the actor viewed a household's personal data."""
    access_log(actor=actor, action=AccessAction.READ, record_type=record_type,
               household_uuid=household.uuid, record_uuid=household.uuid)
