"""The directory (sociale kaart) is kept by each organisation's own administrator.

Seed 002, "Verdere details over de praktische uitwerking": an overview of all supporters
and shelter contact persons. Each organisation keeps its own entry current.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation, OrganisationKind, Role


def _require_admin_of(actor: Actor, organisation: Organisation) -> None:
    if not (actor.has_role(Role.ADMIN) and actor.organisation == organisation):
        raise PermissionDenied


def organisation_update(*, actor: Actor, organisation: Organisation, email: str,
                        phone: str) -> Organisation:
    _require_admin_of(actor, organisation)
    with transaction.atomic():
        organisation.email = email
        organisation.phone = phone
        organisation.save(update_fields=["email", "phone"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="organisation",
                   record_uuid=organisation.uuid)
    return organisation


def may_hold_doorzettingsmacht(membership: Membership) -> bool:
    """Policy staff and team leads of a municipal team (the constraint on the model)."""
    return (membership.organisation.kind == OrganisationKind.MUNICIPALITY_TEAM
            and membership.role in (Role.POLICY, Role.TEAM_LEAD))


def membership_update(*, actor: Actor, membership: Membership, active: bool,
                      in_directory: bool, doorzettingsmacht: bool = False) -> Membership:
    """The organisation's administrator keeps a membership; naming who holds the
    municipality's doorzettingsmacht is part of it."""
    _require_admin_of(actor, membership.organisation)
    if doorzettingsmacht and not may_hold_doorzettingsmacht(membership):
        raise ValidationError({"doorzettingsmacht": _(
            "Doorzettingsmacht hoort bij een beleidsmedewerker of teamleider van een "
            "gemeentelijk team.")})
    with transaction.atomic():
        membership.active = active
        membership.in_directory = in_directory
        membership.doorzettingsmacht = doorzettingsmacht
        membership.save(update_fields=["active", "in_directory", "doorzettingsmacht"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="membership",
                   record_uuid=membership.uuid)
    return membership
