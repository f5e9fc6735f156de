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


class Provision(models.TextChoices):
    """What is stuck, as the municipality's contact with doorzettingsmacht needs to know it
    (DOMAIN.md: waiting lists, benefits delayed by moving, no debt administrator, no
    housing, GGZ/youth care not starting)."""

    BENEFIT = "benefit", _("Uitkering of toeslag")
    DEBT_HELP = "debt_help", _("Schuldhulpverlening of bewindvoering")
    HOUSING = "housing", _("Woning of urgentie")
    MENTAL_HEALTH = "mental_health", _("GGZ of verslavingszorg")
    YOUTH_CARE = "youth_care", _("Jeugdhulp")
    WMO = "wmo", _("Wmo-voorziening")
    SCHOOL = "school", _("School of kinderopvang")
    OTHER = "other", _("Andere voorziening")


class Tried(models.TextChoices):
    """What the coordinator already did before escalating."""

    CONTACTED = "contacted", _("Contact opgenomen met de aanbieder of instantie")
    ESCALATED_THERE = "escalated_there", _("Opgeschaald bij de aanbieder of instantie zelf")
    PRIORITY = "priority", _("Urgentie of voorrang aangevraagd")
    ALTERNATIVE = "alternative", _("Een andere aanbieder of oplossing gezocht")
    CLIENT_HELPED = "client_helped", _("Cliënt geholpen met aanvraag of bezwaar")
    CASE_MEETING = "case_meeting", _("Besproken in een casusoverleg")


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
    # Chosen at escalation, for the same reader: what is stuck, at which organisation of
    # the directory if it is in there, and what was tried.
    provision = models.CharField(_("wat zit vast"), max_length=20, choices=Provision.choices,
                                 blank=True)
    stuck_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("bij welke organisatie"))
    tried = models.JSONField(_("al geprobeerd"), default=list, blank=True)

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

    def tried_labels(self) -> list[str]:
        return [Tried(t).label for t in self.tried if t in Tried.values]


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
