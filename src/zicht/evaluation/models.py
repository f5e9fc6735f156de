"""Evaluation of the pilot: satisfaction questionnaires and their anonymous answers.

Seed 002, subgoal 1.6: "In het plan van aanpak worden indicatoren opgenomen waarmee de
tevredenheid met de nieuwe werkwijze in de pilot wordt gemeten"; subgoal 3.2:
"Ervaringen van professionals en cliënten met de nieuwe werkwijze ... worden in kaart
gebracht". The questionnaires are data (``Questionnaire``, ``Question``) so that the
pilot can change them without a release.

Anonymity: a client answers through a personal link (``SurveyInvitation``), but the
answers (``SurveyResponse``) carry no link back to the household: only the municipality,
the moment and the month of submission. A professional's answers likewise carry only
region, municipality (of their team, if any), role and quarter; ``ProfessionalSurveyDone``
remembers *that* someone answered in a period, not *what*.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.directory.models import Municipality, Region
from zicht.trajectories.models import Trajectory


class Audience(models.TextChoices):
    CLIENT = "client", _("Cliënten")
    PROFESSIONAL = "professional", _("Professionals")


class Moment(models.TextChoices):
    """When a client is asked (seed 002's year; the issue: at 3, 6 and 12 months and at the end)."""

    MONTH_3 = "month_3", _("Na 3 maanden")
    MONTH_6 = "month_6", _("Na 6 maanden")
    MONTH_12 = "month_12", _("Na 12 maanden")
    END = "end", _("Bij afsluiten")
    PERIOD = "period", _("Per kwartaal")  # professionals


CLIENT_MOMENTS = [Moment.MONTH_3, Moment.MONTH_6, Moment.MONTH_12, Moment.END]


class Questionnaire(models.Model):
    """A satisfaction questionnaire (tevredenheidsvragenlijst), defined as data."""

    key = models.SlugField(unique=True)
    audience = models.CharField(_("voor wie"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("inleiding"), blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_min_label = models.CharField(max_length=60, default="helemaal niet tevreden")
    scale_max_label = models.CharField(max_length=60, default="heel tevreden")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["audience", "key"]
        verbose_name = _("vragenlijst")

    def __str__(self) -> str:
        return self.title

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="questions")
    key = models.SlugField()
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("vraag"), max_length=300)
    short_label = models.CharField(_("korte naam"), max_length=60,
                                   help_text=_("Voor grafieken en exports."))

    class Meta:
        ordering = ["questionnaire", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"],
                                               name="unique_question_key")]

    def __str__(self) -> str:
        return self.short_label


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyInvitation(models.Model):
    """A client's personal link to a questionnaire (enquêtelink).

    Only the SHA-256 of the random token is stored: whoever reads the database cannot
    open or answer the survey. The link works until it is used or expires.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="survey_invitations")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    expires_at = models.DateTimeField(_("geldig tot"))
    # Set when the client submits (or the link is replaced): the link no longer opens.
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("enquêtelink")

    @property
    def status(self) -> str:
        if self.used_at:
            return "submitted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    def get_status_display(self) -> str:
        return {"submitted": _("ingevuld"), "revoked": _("vervangen"),
                "expired": _("verlopen"), "open": _("open")}[self.status]


class SurveyResponse(models.Model):
    """One submitted questionnaire, anonymous: no household, no person, no exact time."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="responses")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    moment = models.CharField(max_length=20, choices=Moment.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    # Professionals: the role they answered in; empty for clients.
    role = models.CharField(max_length=30, blank=True)
    # The first day of the month (clients) or quarter (professionals) it was submitted in.
    period = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["municipality", "period"]),
                   models.Index(fields=["region", "period"])]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="one_answer_per_question")]


class ProfessionalSurveyDone(models.Model):
    """That a professional answered the questionnaire of a period: not what they answered."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "questionnaire", "period"],
                                               name="one_professional_survey_per_period")]
