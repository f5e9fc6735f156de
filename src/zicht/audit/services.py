from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.directory.actor import Actor


def _entry(actor: Actor, *, action: str, record_type: str, household_uuid: UUID | None,
           record_uuid: UUID | None, ground: str) -> AccessLogEntry:
    org = actor.organisation
    return AccessLogEntry(
        user=actor.user,
        user_name=actor.user.get_full_name() or actor.user.username,
        organisation_name=org.name if org else "",
        organisation_id_value=org.pk if org else None,
        role=actor.role,
        household_uuid=household_uuid,
        action=action,
        record_type=record_type,
        record_uuid=record_uuid,
        ground=ground,
        ip_address=actor.ip_address,
    )


def access_log(*, actor: Actor, action: AccessAction, record_type: str,
               household_uuid: UUID | None = None, record_uuid: UUID | None = None,
               ground: str = "") -> AccessLogEntry:
    """Write one access-log entry. Call it inside the transaction of the action it records.

    An entry about a household needs its ground (involvement, consent, sharing without
    consent, emergency access), so that the client's overview can say on what ground
    someone saw their data: household records log through ``zicht.access.log.access_log``,
    which asks the access policy for it.
    """
    entry = _entry(actor, action=action, record_type=record_type, household_uuid=household_uuid,
                   record_uuid=record_uuid, ground=ground)
    entry.save()
    return entry


class Shown(Protocol):
    """What a list names of a household (a ``Household``; audit sits below households)."""

    uuid: UUID
    reference: str


def access_log_list(*, actor: Actor, action: AccessAction, record_type: str,
                    households: Iterable[Shown]) -> AccessLogEntry:
    """One entry for a list or a search, naming every household it showed (NEN 7513: the
    client's "wie zag wat" finds it through ``AccessLogEntry.objects.about``), written in
    one query however many households the page shows."""
    entry = _entry(actor, action=action, record_type=record_type, household_uuid=None,
                   record_uuid=None, ground="")
    entry.households = {str(h.uuid): h.reference for h in households}
    entry.save()
    return entry
