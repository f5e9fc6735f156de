from collections.abc import Iterable
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


def access_log_many(*, actor: Actor, action: AccessAction, record_type: str,
                    household_uuids: Iterable[UUID], ground: str = "") -> None:
    """One entry per household shown, written in a single query (for lists and searches)."""
    AccessLogEntry.objects.bulk_create(
        _entry(actor, action=action, record_type=record_type, household_uuid=h,
               record_uuid=h, ground=ground)
        for h in household_uuids
    )
