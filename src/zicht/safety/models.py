"""Safety (veiligheid): the safety plan, risk assessment and police call-outs.

Seed 002, "Rol van de ondersteuner": "De ondersteuner houdt een vinger aan de pols m.b.t. het
veiligheidsplan en schakelt met hulpverlening of meldt bij Veilig Thuis als nodig."
Signals, the meldcode and reports to Veilig Thuis live in ``zicht.signals``, above this app.

Sections: 1. safety plan, 2. risk assessment, 3. police call-outs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.directory.models import Organisation
from zicht.households.models import Household

# --- 1. Safety plan (veiligheidsplan) ---------------------------------------------------


class SafetyPlan(models.Model):
    """The household's one safety plan; its content lives in append-only versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.OneToOneField(Household, on_delete=models.CASCADE,
                                     related_name="safety_plan")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("veiligheidsplan")

    def current(self) -> "SafetyPlanVersion | None":
        return self.versions.order_by("-number").first()


class SafetyPlanVersion(models.Model):
    """One version of the safety plan. Never edited: a change is a new version.

    The sections follow the issue and seed 001 2.2-2.6 (the plan made in the shelter is
    often not handed over): risks from whom to whom, including the children; protective
    factors; agreements; measures; the network and its part; emergency contacts; review.
    """

    TEXT_FIELDS = ("risks", "risks_to_children", "protective_factors", "agreements",
                   "measures_notes", "network", "emergency_contacts")
    MEASURE_FIELDS = ("aware_alarm", "contact_ban", "house_ban", "secret_address",
                      "informed_school", "informed_police")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    risks = models.TextField(_("Risico's: van wie, naar wie"), blank=True)
    risks_to_children = models.TextField(_("Risico's voor de kinderen in het huishouden"),
                                         blank=True)
    protective_factors = models.TextField(_("Beschermende factoren"), blank=True)
    agreements = models.TextField(_("Afspraken"), blank=True)
    aware_alarm = models.BooleanField(_("AWARE-alarm (politie)"), default=False)
    contact_ban = models.BooleanField(_("Contactverbod of straatverbod"), default=False)
    house_ban = models.BooleanField(_("Huisverbod"), default=False)
    secret_address = models.BooleanField(_("Geheim adres"), default=False)
    informed_school = models.BooleanField(_("School is geïnformeerd"), default=False)
    informed_police = models.BooleanField(_("Wijkagent is geïnformeerd"), default=False)
    measures_notes = models.TextField(_("Toelichting op de maatregelen"), blank=True)
    network = models.TextField(_("Netwerk en hun rol in het plan"), blank=True)
    emergency_contacts = models.TextField(_("Noodcontacten"), blank=True)
    next_review_on = models.DateField(_("Volgende evaluatie"), null=True, blank=True)
    change_note = models.CharField(_("Wat is er veranderd?"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="unique_safety_plan_version")]


# --- 2. Risk assessment (risicotaxatie) ---------------------------------------------------


class RiskInstrument(models.Model):
    """A checklist stored as data, so that a region can load its own (``load_risk_instrument``).

    DOMAIN.md: licensed instruments (DASH, Campbell) have official weights that must not be
    altered or invented; load them only with their licence and their own weights.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RiskItem(models.Model):
    instrument = models.ForeignKey(RiskInstrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=30)
    text = models.CharField(_("vraag"), max_length=300)
    weight = models.PositiveSmallIntegerField(default=1)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"],
                                               name="unique_risk_item_code")]


class RiskLevel(models.Model):
    """From ``min_score`` on (until the next level) this level and its advice apply."""

    instrument = models.ForeignKey(RiskInstrument, on_delete=models.CASCADE,
                                   related_name="levels")
    min_score = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    advice = models.TextField(blank=True)

    class Meta:
        ordering = ["min_score"]


class AssessmentMoment(models.TextChoices):
    DEPARTURE = "departure", _("Bij vertrek")
    FOLLOW_UP = "follow_up", _("Tijdens het jaar in zicht")
    SIGNAL = "signal", _("Na een signaal")


class RiskAssessment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="risk_assessments")
    instrument = models.ForeignKey(RiskInstrument, on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(_("moment"), max_length=20, choices=AssessmentMoment.choices)
    assessed_on = models.DateField(_("datum"))
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=100, blank=True)
    advice = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]


class RiskAnswer(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE,
                                   related_name="answers")
    item = models.ForeignKey(RiskItem, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField()


# --- 3. Police call-outs ---------------------------------------------------------------


class PoliceAlert(models.Model):
    """The police called in acute danger: when, and what was done."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="police_alerts")
    # The signal that led to the call-out, if any (``zicht.signals``, by name: safety does
    # not import the app above it).
    signal = models.ForeignKey("signals.Signal", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    called_at = models.DateTimeField(_("tijdstip"))
    what_was_done = models.TextField(_("wat is er gedaan"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-called_at"]
