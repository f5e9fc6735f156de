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


# --- The self-scan against the quality framework "Werken aan Veiligheid" (issue 16, 4) ----


class FrameworkSource(models.TextChoices):
    SHIPPED = "shipped", _("Eigen verwoording van Zicht")
    OFFICIAL = "official", _("Officiële tekst")


class SelfScanFramework(models.Model):
    """A version of the quality framework as data: themes, questions and one answer scale.

    Zicht ships its own wording (``shipped_texts.py``, migration 0002); a municipality that
    has the official text loads it with ``zicht selfscan_framework_load``. New scans use the
    active one; a scan keeps the version it was filled in with.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=50)
    version = models.CharField(_("versie"), max_length=20)
    name = models.CharField(_("naam"), max_length=200)
    introduction = models.TextField(_("toelichting"), blank=True)
    source = models.CharField(_("bron"), max_length=20, choices=FrameworkSource.choices)
    # The answer scale: [{"value": 1, "label": "Nog niet"}, ...], lowest first.
    scale = models.JSONField()
    active = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_framework_version"),
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True),
                                    name="one_active_framework"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class SelfScanTheme(models.Model):
    framework = models.ForeignKey(SelfScanFramework, on_delete=models.CASCADE,
                                  related_name="themes")
    # Themes of different versions with the same key are compared over time and in the region.
    key = models.SlugField(max_length=50)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("thema"), max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"],
                                               name="one_theme_key_per_framework")]

    def __str__(self) -> str:
        return self.title


class SelfScanQuestion(models.Model):
    theme = models.ForeignKey(SelfScanTheme, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=50)
    order = models.PositiveSmallIntegerField()
    text = models.CharField(_("vraag"), max_length=500)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["theme", "key"],
                                               name="one_question_key_per_theme")]


class SelfScanState(models.TextChoices):
    DRAFT = "draft", _("Wordt ingevuld")
    COMPLETED = "completed", _("Afgerond")


SELFSCAN_TRANSITIONS: dict[str, set[str]] = {
    SelfScanState.DRAFT: {SelfScanState.COMPLETED},
    SelfScanState.COMPLETED: set(),
}


class SelfScan(models.Model):
    """One municipality's self-scan on one date, filled in with its partners."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey("directory.Municipality", on_delete=models.PROTECT,
                                     related_name="selfscans", verbose_name=_("gemeente"))
    framework = models.ForeignKey(SelfScanFramework, on_delete=models.PROTECT,
                                  related_name="scans")
    held_on = models.DateField(_("datum van de zelfscan"))
    state = models.CharField(_("status"), max_length=20, choices=SelfScanState.choices,
                             default=SelfScanState.DRAFT)
    partners = models.ManyToManyField("directory.Organisation", blank=True,
                                      related_name="selfscans",
                                      verbose_name=_("partners die meededen"))
    # Only a shared scan is shown by name to the rest of the region; the region's
    # aggregate counts every completed scan.
    shared_with_region = models.BooleanField(_("gedeeld met de regio"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["municipality", "state", "held_on"])]
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")

    def __str__(self) -> str:
        return f"{self.municipality} {self.held_on}"

    @property
    def completed(self) -> bool:
        return self.state == SelfScanState.COMPLETED

    def can_move_to(self, state: str) -> bool:
        return state in SELFSCAN_TRANSITIONS[self.state]


class SelfScanChange(models.Model):
    """Append-only history of a self-scan's states."""

    scan = models.ForeignKey(SelfScan, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=20, choices=SelfScanState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=SelfScanState.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


class SelfScanAnswer(models.Model):
    scan = models.ForeignKey(SelfScan, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SelfScanQuestion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("antwoord"))
    note = models.CharField(_("toelichting"), max_length=1000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan", "question"],
                                               name="one_selfscan_answer_per_question")]


class ImprovementAction(models.Model):
    """An improvement action (verbeteractie) on a theme of a scan, with its owner."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scan = models.ForeignKey(SelfScan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(SelfScanTheme, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("thema"))
    what = models.CharField(_("verbeteractie"), max_length=500)
    owner_organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("organisatie"))
    owner_name = models.CharField(_("wie"), max_length=200, blank=True)
    due_on = models.DateField(_("uiterlijk"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    @property
    def done(self) -> bool:
        return self.done_at is not None
