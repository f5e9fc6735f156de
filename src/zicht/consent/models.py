"""Consent (toestemming) to share information, per household member."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.households.models import Household, Person


class ConsentPurpose(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Nazorg door de ondersteuner van de nieuwe gemeente")
    # Seed 002, "Rol van de ondersteuner": at a move the information goes to the supporter
    # of the new municipality (warme overdracht), only as far as the client agreed.
    HANDOVER = "handover", _(
        "Overdracht aan de ondersteuner van een nieuwe gemeente bij verhuizing")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Mondeling")
    WRITTEN = "written", _("Schriftelijk")


class ConsentQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            withdrawn_at__isnull=True,
            given_on__lte=today,
        )


class Consent(models.Model):
    """Consent given by a person for a purpose (seed 001: sharing "met medeweten van de moeder")."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("persoon"))
    purpose = models.CharField(_("doel"), max_length=30, choices=ConsentPurpose.choices,
                               default=ConsentPurpose.FOLLOW_UP)
    method = models.CharField(_("hoe gegeven"), max_length=20, choices=ConsentMethod.choices)
    given_on = models.DateField(_("gegeven op"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("toestemming")
