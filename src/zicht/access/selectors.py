"""The client's view of who saw what (inzage in de toegangslog), in words a client reads.

NEN 7513: the client's view is chronological with organisation, role, data, action and
ground. Sharing without consent is shown with its reason, unless showing it would
endanger someone; that decision and its reason are recorded on the override itself.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.access.models import EmergencyAccess, SharingOverride
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.households.models import Household, InvolvementReason

RECORD_TYPES = {
    "household": gettext_lazy("gezinsgegevens"),
    "person": gettext_lazy("gezinsleden"),
    "address": gettext_lazy("adres"),
    "contact": gettext_lazy("contactmomenten"),
    "consent": gettext_lazy("toestemming"),
    "invitation": gettext_lazy("uitnodiging ondersteuner"),
    "departure": gettext_lazy("vertrek"),
    "coordinator": gettext_lazy("regisseur"),
    "trajectory": gettext_lazy("traject"),
    "sharing_override": gettext_lazy("delen zonder toestemming"),
    "inzage": gettext_lazy("inzage"),
    # Lists and searches that showed the household among others (issue 14).
    "caseload": gettext_lazy("werkvoorraad (lijst van gezinnen)"),
    "signal": gettext_lazy("signalen"),
    "stagnation_overview": gettext_lazy("overzicht van stagnaties"),
    "veilig_thuis_report": gettext_lazy("melding aan Veilig Thuis"),
    "search:name": gettext_lazy("zoekresultaat"),
    "search:reference": gettext_lazy("zoekresultaat"),
    "search:date_of_birth": gettext_lazy("zoekresultaat"),
}


@dataclass(frozen=True)
class DisclosureRow:
    at: datetime
    organisation: str
    professional: str
    action: str
    category: str
    ground: str
    is_emergency: bool


def _ground_text(ground: str, overrides: dict, emergencies: dict) -> str:
    kind, _sep, value = ground.partition(":")
    if kind == "involvement":
        label = dict(InvolvementReason.choices).get(value, value)
        return _("betrokken als %(reason)s") % {"reason": str(label).lower()}
    if kind == "consent":
        return _("met uw toestemming")
    if kind == "override" and value in overrides:
        return _("zonder toestemming, voor de veiligheid: %(reason)s") % {
            "reason": overrides[value].reason}
    if kind == "emergency" and value in emergencies:
        return _("noodtoegang: %(reason)s") % {"reason": emergencies[value].reason}
    return ""


def disclosure_overview(household: Household, limit: int = 1000) -> list[DisclosureRow]:
    """Who viewed or received what of this household, newest first, in four queries.

    A list or a search that showed the household among others is one entry naming it
    (``AccessLogEntry.objects.about``): NEN 7513 counts showing a household in a list."""
    overrides = {str(o.uuid): o for o in SharingOverride.objects.filter(household=household)}
    hidden = {u for u, o in overrides.items() if o.hidden_from_client}
    emergencies = {str(e.uuid): e for e in EmergencyAccess.objects.filter(household=household)}
    rows = []
    entries = AccessLogEntry.objects.about(household.uuid)[:limit]
    for entry in entries:
        if entry.ground.partition(":")[2] in hidden or str(entry.record_uuid) in hidden:
            continue
        rows.append(DisclosureRow(
            at=entry.at, organisation=entry.organisation_name, professional=entry.user_name,
            action=entry.get_action_display(),
            category=str(RECORD_TYPES.get(entry.record_type, entry.record_type)),
            ground=_ground_text(entry.ground, overrides, emergencies),
            is_emergency=entry.action == AccessAction.EMERGENCY
            or entry.ground.startswith("emergency:"),
        ))
    return rows


def household_corrections(household: Household):
    """The correction trail (AVG art. 16) of every person in the household, newest first."""
    from zicht.access.models import Correction

    return (Correction.objects.filter(person__household=household)
            .select_related("person", "corrected_by", "organisation"))
