"""The network around the families: network meetings and cooperation agreements (issue 16).

Seed 002 ("Verdere details over de praktische uitwerking"): "Er worden jaarlijks 4
netwerkbijeenkomsten georganiseerd gericht op een thema waar de ondersteuners en
medewerkers uit de vrouwenopvang komen, Veilig Thuis en wijkteammedewerkers aan deel
nemen." Seed 001 (4.2): make cooperation agreements and evaluate them periodically.

Nothing here is about a household, and nothing may be: a meeting that discusses a case
refers to a case conference (casusoverleg) instead, so no model links a household.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    """A network meeting (netwerkbijeenkomst) of one region, on a theme."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey("directory.Region", on_delete=models.PROTECT,
                               related_name="meetings")
    theme = models.CharField(_("thema"), max_length=200)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    link = models.URLField(_("link voor online deelnemen"), blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    organiser_organisation = models.ForeignKey("directory.Organisation",
                                               on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("verslag"), blank=True)
    # When the organiser recorded who came: from then on the meeting counts as held.
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["region", "starts_at"])]
        verbose_name = _("netwerkbijeenkomst")
        verbose_name_plural = _("netwerkbijeenkomsten")

    def __str__(self) -> str:
        return self.theme

    @property
    def held(self) -> bool:
        return self.attendance_recorded_at is not None


class Invitation(models.Model):
    """One professional invited to a meeting, and whether they came (set by the organiser)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="meeting_invitations")
    # The organisation they were invited for: attendance is counted per organisation.
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "user__first_name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="one_invitation_per_person")]


class MeetingAction(models.Model):
    """An action agreed at a meeting, with its owner and due date; followed up at a later
    meeting of the region (``done_at``, ``followed_up_in``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("actie"), max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("wie"))
    due_on = models.DateField(_("uiterlijk"))
    done_at = models.DateTimeField(null=True, blank=True)
    followed_up_in = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="followed_up_actions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]


class Agreement(models.Model):
    """A cooperation agreement (samenwerkingsafspraak) between organisations of a region,
    or of one municipality in it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey("directory.Region", on_delete=models.PROTECT,
                               related_name="agreements")
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, null=True, blank=True,
        related_name="agreements", verbose_name=_("gemeente"),
        help_text=_("Leeg laten voor een afspraak van de hele regio."))
    title = models.CharField(_("naam van de afspraak"), max_length=200)
    parties = models.ManyToManyField("directory.Organisation", related_name="agreements",
                                     verbose_name=_("partijen"))
    starts_on = models.DateField(_("ingangsdatum"))
    review_on = models.DateField(_("evalueren op"))
    document = models.FileField(_("document"), upload_to="agreements/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The review date the reminder went out for: one reminder per review date.
    reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name = _("samenwerkingsafspraak")
        verbose_name_plural = _("samenwerkingsafspraken")

    def __str__(self) -> str:
        return self.title


class Promise(models.Model):
    """What one party promises, optionally measured by a figure of the evaluation module."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="promises")
    party = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("partij"))
    text = models.CharField(_("toezegging"), max_length=500)
    figure = models.CharField(_("gemeten met"), max_length=40, blank=True)

    class Meta:
        ordering = ["party__name", "id"]


class EvaluationOutcome(models.TextChoices):
    CONTINUE = "continue", _("Afspraak loopt door zoals hij is")
    ADJUST = "adjust", _("Afspraak aangepast")
    END = "end", _("Afspraak beëindigd")


class AgreementEvaluation(models.Model):
    """A periodic evaluation of an agreement, with its outcome and the next review date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="evaluations")
    held_on = models.DateField(_("geëvalueerd op"))
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=EvaluationOutcome.choices)
    notes = models.TextField(_("toelichting"), blank=True)
    next_review_on = models.DateField(_("volgende evaluatie"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
