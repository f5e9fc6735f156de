"""Inzage (AVG art. 15): all data about one person, as JSON and as a readable PDF.

Complete by construction: besides the person's own record, every model that points at
the household (and, one level down, at its trajectories) is walked through Django's
model meta, so data added by later apps (plans, signals, stagnations) is included
without changing this module.

Only the client gets the household's data: children's data is part of it. A perpetrator
or other person listed in the household gets their own record and nothing else: the
household's data (the address first of all) must never reach them (DOMAIN.md).
Sharing without consent that is hidden from the client, because showing it would
endanger someone, stays out as well (AVG art. 23 restriction).

The address has one door (issue 19): wherever a record holds one (the household's, the
new one of a move, the copy sent to Veilig Thuis) the walk writes ``ADDRESS_ELSEWHERE``,
and a carer's inzage adds the current address through ``address_reveal``, logged as an
address reveal. The client's own download holds none: she knows it, and the file stays on
a phone that someone else may see.
"""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone

from zicht.access.log import access_log
from zicht.access.models import Correction, SessionRecord, SharingOverride
from zicht.access.selectors import disclosure_overview
from zicht.audit.models import AccessAction
from zicht.core.crypto import EncryptedTextField
from zicht.directory.actor import Actor
from zicht.households.models import Address, Household, Person, PersonRole
from zicht.households.services import address_reveal

MAX_DEPTH = 2
SKIP_MODELS = {SessionRecord, Address}
# The encrypted fields that hold (part of) an address, in whichever app's record.
ADDRESS_FIELDS = {"street", "postcode", "city", "new_street", "new_postcode", "new_city",
                  "address"}
ADDRESS_ELSEWHERE = "[adres: alleen via toon adres]"


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        related = getattr(obj, field.name)
        if related is None:
            return None
        if isinstance(related, Household):
            return related.reference
        return str(related)
    value = getattr(obj, field.attname)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _is_address(field: models.Field) -> bool:
    return field.name in ADDRESS_FIELDS and isinstance(field, EncryptedTextField)


def dump(obj: models.Model) -> dict[str, Any]:
    """A record's own fields, with related records by their readable name."""
    return {
        str(field.verbose_name): (ADDRESS_ELSEWHERE if _is_address(field) and
                                  getattr(obj, field.attname) else _value(obj, field))
        for field in obj._meta.concrete_fields
        if field.name != "id"
    }


def _children(obj: models.Model, depth: int) -> dict[str, list[dict[str, Any]]]:
    """Every record pointing at ``obj``, grouped by its kind, a level deeper each time."""
    out: dict[str, list[dict[str, Any]]] = {}
    if depth > MAX_DEPTH:
        return out
    for rel in obj._meta.related_objects:
        model = rel.related_model
        if model in SKIP_MODELS or model is Person or not rel.field.concrete:
            continue
        qs = model._default_manager.filter(**{rel.field.name: obj})
        if model is SharingOverride:
            qs = qs.filter(hidden_from_client=False)
        rows = []
        for child in qs:
            row = dump(child)
            nested = _children(child, depth + 1)
            if nested:
                row["nested"] = nested
            rows.append(row)
        if rows:
            out[model._meta.label_lower] = rows
    return out


def person_inzage(*, actor: Actor, household: Household, person: Person,
                  with_address: bool = False) -> dict[str, Any]:
    """Everything Zicht holds about ``person``; logged as an export (NEN 7513).

    ``with_address``: the caller is a carer who re-authenticated; the current address is
    added through the reveal service (and logged as revealed)."""
    if person.household_id != household.pk:
        raise ValueError("The person is not part of this household.")
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "household": household.reference,
        "person": dump(person),
        "consents": [dump(c) for c in person.consents.all()],
        # The correction trail (AVG art. 16): what was recorded before, and why it changed.
        "corrections": [dump(c) for c in person.corrections.all()],
    }
    if person.role == PersonRole.CLIENT:
        data["household_members"] = [dump(p) for p in household.persons.exclude(pk=person.pk)
                                     if p.role != PersonRole.PERPETRATOR]
        data["records"] = _children(household, 1)
        data["corrections"] = [dump(c) for c in Correction.objects.filter(
            person__household=household).exclude(person__role=PersonRole.PERPETRATOR)]
        data["disclosures"] = [
            {"at": r.at.isoformat(), "organisation": r.organisation,
             "professional": r.professional, "action": r.action, "category": r.category,
             "ground": r.ground, "emergency": r.is_emergency}
            for r in disclosure_overview(household)]
        if with_address and (address := address_reveal(actor=actor, household=household)):
            data["address"] = {"street": address.street, "postcode": address.postcode,
                               "city": address.city}
    with transaction.atomic():
        access_log(actor=actor, action=AccessAction.EXPORT, record_type="inzage",
                   household_uuid=household.uuid, record_uuid=person.uuid)
    return data


def inzage_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("access/inzage.html", {"data": data})
    # No base URL: the PDF is rendered from the string alone and fetches nothing.
    return HTML(string=html).write_pdf()
