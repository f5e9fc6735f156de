"""One integrated plan per household (1 gezin, 1 plan, 1 regisseur).

Seed 004 and DOMAIN.md: "one integrated plan per household across life domains (safety,
housing, work & income, debts, relationships, parenting support, health incl. mental health
and addiction, education, social network, trauma)". Goals are per person, children's own
goals in the same plan; actions name the responsible organisation, person and due date.
Self-reliance is scored per domain with an instrument stored as data (the ZRM by default).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import AppendOnlyModel
from zicht.directory.models import Organisation
from zicht.households.models import Household, Person


class LifeDomain(models.TextChoices):
    SAFETY = "safety", _("Veiligheid")
    HOUSING = "housing", _("Wonen")
    WORK_INCOME = "work_income", _("Werk en inkomen")
    DEBTS = "debts", _("Schulden")
    RELATIONSHIPS = "relationships", _("Relaties")
    PARENTING = "parenting", _("Opvoedingsondersteuning")
    HEALTH = "health", _("Gezondheid (ggz, verslaving)")
    EDUCATION = "education", _("Onderwijs en kinderopvang")
    NETWORK = "network", _("Sociaal netwerk")
    TRAUMA = "trauma", _("Trauma")
    LEGAL = "legal", _("Juridisch (gezag, omgangsregeling)")


class Plan(models.Model):
    """The household's one plan (gezinsplan)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Loopt")
    REACHED = "reached", _("Bereikt")
    DROPPED = "dropped", _("Vervallen")


class Goal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals",
                               verbose_name=_("voor wie"))
    domain = models.CharField(_("leefgebied"), max_length=20, choices=LifeDomain.choices)
    description = models.CharField(_("doel"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices,
                              default=GoalStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain", "created_at", "id"]
        verbose_name = _("doel")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Bezig")
    DONE = "done", _("Gedaan")
    CANCELLED = "cancelled", _("Vervallen")


ACTION_TRANSITIONS: dict[str, set[str]] = {
    ActionStatus.PLANNED: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.IN_PROGRESS: {ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.PLANNED},
    ActionStatus.DONE: {ActionStatus.IN_PROGRESS},
    ActionStatus.CANCELLED: {ActionStatus.PLANNED},
}


class Action(models.Model):
    """An agreed action (afspraak/actie): who does what, by when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="actions", verbose_name=_("bij doel"))
    domain = models.CharField(_("leefgebied"), max_length=20, choices=LifeDomain.choices)
    description = models.CharField(_("actie"), max_length=500)
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("verantwoordelijke organisatie"))
    responsible_person = models.CharField(_("verantwoordelijke persoon"), max_length=200,
                                          blank=True)
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("actie")


class ActionChange(models.Model):
    """Append-only history of an action's status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


class Instrument(models.Model):
    """A self-reliance instrument as data: its domains and its level names.

    The default is the Zelfredzaamheid-Matrix (ZRM 2017): 13 domains and five levels; only
    the names are stored, not the licensed anchor texts.
    """

    code = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=100)
    is_default = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class InstrumentDomain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField()
    name = models.CharField(_("domein"), max_length=100)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"],
                                               name="unique_instrument_domain")]

    def __str__(self) -> str:
        return self.name


class InstrumentLevel(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    name = models.CharField(_("niveau"), max_length=100)

    class Meta:
        ordering = ["instrument", "value"]
        constraints = [models.UniqueConstraint(fields=["instrument", "value"],
                                               name="unique_instrument_level")]

    def __str__(self) -> str:
        return f"{self.value} – {self.name}"


class ScoreMoment(models.TextChoices):
    DEPARTURE = "departure", _("Bij vertrek")
    FOLLOW_UP = "follow_up", _("Tussenmeting")
    END = "end", _("Bij afsluiten")


class SelfRelianceScore(models.Model):
    """One domain scored at one moment: the trend is the series per domain."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(InstrumentLevel, on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(_("moment"), max_length=20, choices=ScoreMoment.choices)
    scored_on = models.DateField(_("datum"))
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["domain__position", "scored_on", "id"]
        verbose_name = _("score zelfredzaamheid")


class ConditionStatus(models.TextChoices):
    ACTIVE = "active", _("Geldt")
    ENDED = "ended", _("Niet meer nodig")


class SafetyCondition(models.Model):
    """A veiligheidsvoorwaarde: the minimum safety required, concrete and checkable.

    DOMAIN.md (Veilig Thuis) and seed 004: those involved share one view of the minimum
    safety required, as conditions that can be checked, each with who monitors it and how.
    They belong to the household's one plan; they are reviewed at each contact moment and
    at the next case conference (``ConditionReview``) until no longer needed.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="conditions")
    description = models.CharField(_("voorwaarde"), max_length=500)
    monitored_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("wie ziet erop toe (organisatie)"))
    monitor_person = models.CharField(_("wie ziet erop toe (persoon)"), max_length=200,
                                      blank=True)
    how = models.CharField(_("hoe wordt het gecontroleerd"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=ConditionStatus.choices,
                              default=ConditionStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("veiligheidsvoorwaarde")
        verbose_name_plural = _("veiligheidsvoorwaarden")

    def __str__(self) -> str:
        return self.description


class ReviewOutcome(models.TextChoices):
    MET = "met", _("Nageleefd")
    NOT_MET = "not_met", _("Niet nageleefd")
    NO_LONGER_NEEDED = "no_longer_needed", _("Niet meer nodig")


class ReviewMoment(models.TextChoices):
    CONTACT = "contact", _("Contactmoment")
    CONFERENCE = "conference", _("Casusoverleg")


class ConditionReview(AppendOnlyModel):
    """One check of a condition, at a contact moment or a case conference (append-only).

    The moment is named by its kind and uuid: the contact moment and the conference live
    in apps above this one.
    """

    condition = models.ForeignKey(SafetyCondition, on_delete=models.CASCADE,
                                  related_name="reviews")
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=ReviewOutcome.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    moment = models.CharField(_("bij"), max_length=20, choices=ReviewMoment.choices)
    moment_uuid = models.UUIDField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("toets van een veiligheidsvoorwaarde")
