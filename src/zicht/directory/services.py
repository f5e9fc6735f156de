"""The directory (sociale kaart) is kept by each organisation's own administrator.

Seed 002, "Verdere details over de praktische uitwerking": an overview of all supporters
and shelter contact persons. Each organisation keeps its own entry current.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation, Role


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


def membership_update(*, actor: Actor, membership: Membership, active: bool,
                      in_directory: bool) -> Membership:
    _require_admin_of(actor, membership.organisation)
    with transaction.atomic():
        membership.active = active
        membership.in_directory = in_directory
        membership.save(update_fields=["active", "in_directory"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="membership",
                   record_uuid=membership.uuid)
    return membership
