"""Contact moments (contactmomenten) between supporter and client."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.crypto import EncryptedTextField
from zicht.directory.models import Organisation
from zicht.signals.models import Signal
from zicht.trajectories.models import Trajectory


class ContactKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Kennismaking in de opvang")
    FOLLOW_UP = "follow_up", _("Contactmoment")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Persoonlijk")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Beeldbellen")
    MESSAGE = "message", _("Bericht (sms, app, mail)")


class Answer(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Deels")
    NO = "no", _("Nee")
    NOT_DISCUSSED = "not_discussed", _("Niet besproken")


class ContactMoment(models.Model):
    """One contact, reached or only attempted.

    The four central questions come from seed 002, "Een jaar in het zicht":
    is there still contact with the counsellor and is it going well; do you feel safe
    and is your safety plan up to date; are there problems or wishes nobody picks up;
    do you need extra support to get help. They are only answered when the client was
    reached: an attempt is not a contact.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("soort"), max_length=20, choices=ContactKind.choices,
                            default=ContactKind.FOLLOW_UP)
    held_on = models.DateField(_("datum"))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    reached = models.BooleanField(_("cliënt bereikt"))
    with_whom = models.CharField(_("met wie"), max_length=200, blank=True)
    counsellor_contact = models.CharField(
        _("Is er nog contact met de hulpverlener en gaat dat goed?"),
        max_length=20, choices=Answer.choices, blank=True,
    )
    feels_safe = models.CharField(_("Voelt de cliënt zich veilig?"), max_length=20,
                                  choices=Answer.choices, blank=True)
    safety_plan_current = models.CharField(_("Is het veiligheidsplan actueel?"), max_length=20,
                                           choices=Answer.choices, blank=True)
    unaddressed_problems = models.CharField(
        _("Zijn er problemen of wensen die niet worden opgepakt?"),
        max_length=20, choices=Answer.choices, blank=True,
    )
    needs_extra_support = models.CharField(
        _("Is extra ondersteuning nodig om hulp te krijgen?"),
        max_length=20, choices=Answer.choices, blank=True,
    )
    # Encrypted at rest with a key outside the database (zicht.core.crypto).
    notes = EncryptedTextField(_("notities"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # "Does not feel safe" makes a signal; the supporter then chooses the next step
    # (issue 13): acute or not, her observation, the next contact brought forward.
    signal = models.ForeignKey(Signal, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    next_step_at = models.DateTimeField(_("volgende stap gekozen op"), null=True, blank=True)

    QUESTION_FIELDS = (
        "counsellor_contact", "feels_safe", "safety_plan_current",
        "unaddressed_problems", "needs_extra_support",
    )
    #: "Geen bijzonderheden" (no particulars): the answers of a contact in which all is
    #: well: help is going well, she feels safe, the safety plan is current, nothing is
    #: left lying and no extra support is needed. It fills only the questions left blank.
    NO_PARTICULARS = {
        "counsellor_contact": Answer.YES, "feels_safe": Answer.YES,
        "safety_plan_current": Answer.YES, "unaddressed_problems": Answer.NO,
        "needs_extra_support": Answer.NO,
    }

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["trajectory", "held_on"])]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
