"""The client's own access ("Mijn afspraken"): activated in person, ended at once.

A client account is a ``User`` without a membership and without a usable password, one
for every access; it logs in with a passkey (django-otp-webauthn's ``WebAuthnCredential``
of that user, see ``zicht.client.passkeys``) or an authenticator app (TOTP) under a login
code. Only a hash of the single-use activation link is kept.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.directory.models import Organisation
from zicht.households.models import Household, Person


class ClientAccess(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="client_access")
    login_code = models.CharField(max_length=12, unique=True)
    activation_hash = models.CharField(max_length=64, blank=True, db_index=True)
    activation_expires_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    welcomed_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("toegang van de cliënt")
        constraints = [models.UniqueConstraint(
            fields=["person"], condition=models.Q(ended_at__isnull=True),
            name="one_open_client_access_per_person")]


class CheckInAnswer(models.TextChoices):
    GOOD = "good", _("Goed")
    COULD_BE_BETTER = "better", _("Kan beter")
    WANT_CONTACT = "contact", _("Ik wil contact")


class CheckIn(models.Model):
    """"Hoe gaat het?" in one tap; the answer only, never free text."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    access = models.ForeignKey(ClientAccess, on_delete=models.CASCADE, related_name="checkins")
    answer = models.CharField(max_length=10, choices=CheckInAnswer.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
