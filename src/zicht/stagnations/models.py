"""Stagnations (stagnaties): help or a provision that is stuck, and its escalation ladder.

DOMAIN.md: "Stagnations (waiting lists, benefits delayed by moving, no debt administrator, no
housing, GGZ/youth care not starting) are recorded, aged, and escalated to the coordinator
and then the municipality, which must resolve them." Seed 004: the municipality holds the
power to break through (doorzettingsmacht).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicht.directory.models import Municipality, Organisation
from zicht.households.models import Household
from zicht.plans.models import LifeDomain


class Rung(models.TextChoices):
    """The ladder: first the coordinator, then the municipality's contact with
    doorzettingsmacht."""

    COORDINATOR = "coordinator", _("Regisseur")
    MUNICIPALITY = "municipality", _("Gemeente (doorzettingsmacht)")


class Stagnation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="stagnations")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     help_text=_("De gemeente die de stagnatie moet oplossen."))
    domain = models.CharField(_("leefgebied"), max_length=20, choices=LifeDomain.choices)
    what = models.CharField(_("wat stagneert"), max_length=500)
    since = models.DateField(_("sinds"))
    must_act = models.CharField(_("wie moet in actie komen"), max_length=200)
    rung = models.CharField(_("trede"), max_length=20, choices=Rung.choices,
                            default=Rung.COORDINATOR)
    deadline = models.DateField(_("uiterlijk opgelost op"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    resolved_on = models.DateField(_("opgelost op"), null=True, blank=True)
    resolution = models.CharField(_("hoe opgelost"), max_length=500, blank=True)
    # Written by the coordinator at escalation for the municipality's contact with
    # doorzettingsmacht, who reads this and not ``what`` (issue 18: policy staff never
    # read the coordinator's own words).
    for_municipality = models.CharField(_("voor de gemeente"), max_length=500, blank=True)

    class Meta:
        ordering = ["since", "id"]
        verbose_name = _("stagnatie")
        indexes = [models.Index(fields=["municipality", "resolved_on"])]
        constraints = [models.CheckConstraint(
            condition=Q(resolved_on__isnull=True) | ~Q(resolution=""),
            name="resolved_stagnation_has_resolution")]

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class StagnationStep(models.Model):
    """Append-only history: recorded, escalated, resolved."""

    stagnation = models.ForeignKey(Stagnation, on_delete=models.CASCADE, related_name="steps")
    rung = models.CharField(max_length=20, choices=Rung.choices, blank=True)
    deadline = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    resolved = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
