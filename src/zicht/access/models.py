"""Grounds of access beyond involvement, and the professionals' own sessions.

- ``SharingOverride``: sharing without consent (delen zonder toestemming), only where the
  safety of a child or the client requires it (seed 001, 3.7 and 4.2; meldrecht, Wmo
  5.2.6), with a recorded reason, a second professional's approval and a time limit.
- ``EmergencyAccess``: break the glass (noodtoegang) for a professional who is not
  involved but must act now, for a limited time and marked as such in the access log.
- ``SessionRecord``: one row per login session, keyed by a hash of the session key, so a
  professional can see and end their own sessions. It holds no personal data.
- ``Correction``: the trail of corrections of a person's recorded data (AVG art. 16).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.crypto import EncryptedTextField
from zicht.core.models import AppendOnlyModel
from zicht.directory.models import Organisation
from zicht.households.models import Household


class Category(models.TextChoices):
    """The kinds of information the policy decides on, one by one."""

    PERSONS = "persons", _("Gezinsleden")
    PLAN = "plan", _("Plan")
    SAFETY_PLAN = "safety_plan", _("Veiligheidsplan")
    CONTACT_NOTES = "contact_notes", _("Contactmomenten")
    ADDRESS = "address", _("Adres")
    SIGNALS = "signals", _("Signalen")


class SharingOverrideQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(approved_at__isnull=False, valid_until__gt=now,
                           revoked_at__isnull=True)


class SharingOverride(models.Model):
    """Sharing without consent (zonder toestemming), with four eyes and a time limit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="sharing_overrides")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("ontvangende organisatie"))
    categories = models.JSONField(_("soorten gegevens"), default=list)
    reason = models.TextField(_("reden"))
    valid_until = models.DateTimeField(_("geldig tot"))
    hidden_from_client = models.BooleanField(
        _("niet tonen in het overzicht voor de cliënt"), default=False)
    hidden_reason = models.TextField(_("waarom niet tonen"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SharingOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("delen zonder toestemming")
        constraints = [
            # Four eyes, held by the database too: the approver is someone else.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="sharing_override_four_eyes"),
        ]


class EmergencyAccessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(expires_at__gt=timezone.now())


class EmergencyAccess(models.Model):
    """Break the glass: a limited-time opening of one household by one professional."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="emergency_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reden"))
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("noodtoegang")


class SessionRecord(models.Model):
    """A login session of a professional. Only a hash of the key: the key itself would let
    anyone who reads this table take the session over."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="session_records")
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]


class CorrectableField(models.TextChoices):
    """The recorded data of a person that can be corrected (AVG art. 16)."""

    GIVEN_NAME = "given_name", _("voornaam")
    FAMILY_NAME = "family_name", _("achternaam")
    DATE_OF_BIRTH = "date_of_birth", _("geboortedatum")
    GENDER = "gender", _("gender")
    RELATION = "relation", _("relatie tot cliënt")
    BSN = "bsn", _("BSN")


class Correction(AppendOnlyModel):
    """One corrected field of a person (correctie, AVG art. 16), with its trail.

    Append-only: the trail shows what was recorded before, what it became, who changed it,
    when and why. The old and new values are personal data and are stored encrypted; they
    never go into a log line. Only retention removes rows (pseudonymisation, removal).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("households.Person", on_delete=models.CASCADE,
                               related_name="corrections", verbose_name=_("persoon"))
    field = models.CharField(_("gegeven"), max_length=20, choices=CorrectableField.choices)
    old_value = EncryptedTextField(_("oude waarde"), blank=True)
    new_value = EncryptedTextField(_("nieuwe waarde"), blank=True)
    reason = models.TextField(_("reden"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("gecorrigeerd door"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    at = models.DateTimeField(_("wanneer"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")
