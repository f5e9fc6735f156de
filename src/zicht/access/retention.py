"""Retention (bewaartermijnen): closed trajectories are pseudonymised, later removed.

- ``ZICHT_PSEUDONYMISE_AFTER_DAYS`` after the last trajectory of a household closed, its
  people lose their names, dates of birth and relations, the address and its history are
  removed, and the free text of contact moments is cleared: what is left serves
  evaluation only.
- ``ZICHT_REMOVE_AFTER_DAYS`` after closing (Wmo and youth records: 15 years), the
  household and everything about it is removed.
- The access log has its own period, ``ZICHT_ACCESS_LOG_KEEP_DAYS`` (NEN 7513: five
  years); its entries outlive the household, which they name only by uuid.

``retention_run`` is a plain function so that the task worker (issue 3) can schedule it;
``zicht retention`` runs it by hand and prints what it removed.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from zicht.access.models import Correction
from zicht.audit.models import AccessLogEntry
from zicht.core.events import household_pseudonymised
from zicht.households.models import Address, AddressChange, Household, Person

PSEUDONYM = "[gepseudonimiseerd]"


@dataclass
class RetentionReport:
    pseudonymised: list[str] = field(default_factory=list)  # household references
    removed: list[str] = field(default_factory=list)
    not_removed: list[str] = field(default_factory=list)  # protected by another record
    access_log_entries_removed: int = 0

    def as_dict(self) -> dict:
        return vars(self).copy()


def _closed_households(before):
    """Households whose trajectories are all closed, the last one on or before ``before``."""
    from zicht.trajectories.models import Phase

    return (Household.objects.exclude(trajectories__phase__in=[
        p for p in Phase.values if p != Phase.CLOSED])
        .annotate(last_closed=Max("trajectories__closed_on"))
        .filter(last_closed__isnull=False, last_closed__lte=before))


def _pseudonymise(household: Household) -> None:
    Person.objects.filter(household=household).update(
        given_name=PSEUDONYM, family_name="", date_of_birth=None, relation="", bsn="",
        bsn_hash="")
    # The correction trail holds old names and dates of birth: it goes with them.
    Correction.objects.filter(person__household=household).remove_for_retention()
    Address.objects.filter(household=household).delete()
    # The address history holds no street, but its reasons are free text about a move.
    AddressChange.objects.filter(household=household).remove_for_retention()
    household_pseudonymised.send(sender=Household, household=household)
    for consent in household.consents.exclude(form_file=""):
        consent.form_file.delete(save=True)


def retention_run(now: datetime | None = None) -> RetentionReport:
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = RetentionReport()

    remove_before = today - timedelta(days=settings.ZICHT_REMOVE_AFTER_DAYS)
    for household in _closed_households(remove_before):
        try:
            with transaction.atomic():
                household.delete()
        except ProtectedError:
            report.not_removed.append(household.reference)
        else:
            report.removed.append(household.reference)

    pseudonymise_before = today - timedelta(days=settings.ZICHT_PSEUDONYMISE_AFTER_DAYS)
    candidates = (_closed_households(pseudonymise_before)
                  .exclude(persons__given_name=PSEUDONYM).distinct())
    for household in candidates:
        with transaction.atomic():
            _pseudonymise(household)
        report.pseudonymised.append(household.reference)

    keep_after = now - timedelta(days=settings.ZICHT_ACCESS_LOG_KEEP_DAYS)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The append-only trigger lets only this transaction delete expired entries.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zicht.retention = 'on'")
        expired = AccessLogEntry.objects.filter(at__lt=keep_after)
        report.access_log_entries_removed = expired.remove_for_retention()
    return report
