"""The access log (NEN 7513) for household records, with the ground the policy gives."""

from uuid import UUID

from zicht.access.policy import access_for
from zicht.audit import services as audit
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.directory.actor import Actor


def access_log(*, actor: Actor, action: AccessAction, record_type: str,
               household_uuid: UUID | None = None, record_uuid: UUID | None = None,
               ground: str = "") -> AccessLogEntry:
    """Write one access-log entry. Call it inside the transaction of the action it records.

    Without an explicit ground, the policy's ground for this actor and household is
    recorded (involvement, consent, sharing without consent, or emergency access).
    """
    if not ground and household_uuid is not None:
        ground = access_for(actor, household_uuid).ground
    return audit.access_log(actor=actor, action=action, record_type=record_type,
                            household_uuid=household_uuid, record_uuid=record_uuid,
                            ground=ground)
