"""Case conferences (casusoverleg): the organisations around one household, together.

Seed 004 ("Maak werk van herstel van veiligheid"): safety gets lost when those involved
do not share one view of the minimum safety required; 1Gezin1Plan1Regisseur. The
coordinator (regisseur) convenes the involved organisations (others only with the
client's consent), the conference agrees checkable safety conditions
(veiligheidsvoorwaarden, each with who monitors it and how) and actions, which go straight
into the household's one plan (``zicht.plans``), and records the client's own view. The
conditions are reviewed at every contact moment and at the next conference.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.crypto import EncryptedTextField
from zicht.directory.models import Organisation
from zicht.households.models import Household
from zicht.plans.models import Action, SafetyCondition


class ConferenceState(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Afgelast")


TRANSITIONS: dict[str, set[str]] = {
    ConferenceState.PLANNED: {ConferenceState.HELD, ConferenceState.CANCELLED},
    ConferenceState.HELD: set(),
    ConferenceState.CANCELLED: set(),
}


class CaseConference(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="conferences")
    planned_at = models.DateTimeField(_("datum en tijd"))
    place = models.CharField(_("plaats of link"), max_length=200, blank=True)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    convener_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                              related_name="+")
    participants = models.ManyToManyField(Organisation, related_name="+",
                                          verbose_name=_("betrokken organisaties"))
    others = models.CharField(_("anderen, met toestemming van de cliënt"), max_length=500,
                              blank=True)
    others_consented = models.BooleanField(_("de cliënt gaf toestemming voor de anderen"),
                                           default=False)
    agenda = models.TextField(_("agenda"))
    state = models.CharField(_("status"), max_length=20, choices=ConferenceState.choices,
                             default=ConferenceState.PLANNED)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    decisions = models.TextField(_("besluiten"), blank=True)
    client_present = models.BooleanField(_("cliënt was erbij"), null=True, blank=True)
    # Her own words, encrypted at rest (zicht.core.crypto) like the contact notes.
    client_view = EncryptedTextField(_("de eigen kijk van de cliënt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_at", "-id"]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def can_move_to(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]


class ConferenceInvitation(models.Model):
    """Who was asked to come (``conference_plan``): in their inbox and their calendar feed.

    Per participating organisation the professionals named for the household (supporter,
    coordinator); for an organisation without one, its team leads; for one without team
    leads (a school, a GP practice), its members who do case work there.
    """

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE,
                                   related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "user"],
                                               name="one_invitation_per_conference_user")]


class ConferenceChange(models.Model):
    """Append-only history of a conference's state."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE,
                                   related_name="history")
    from_state = models.CharField(max_length=20, choices=ConferenceState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ConferenceState.choices)
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


class ConferenceCondition(models.Model):
    """A veiligheidsvoorwaarde agreed at this conference (it lives in the plan)."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE,
                                   related_name="agreed_conditions")
    condition = models.OneToOneField(SafetyCondition, on_delete=models.CASCADE,
                                     related_name="+")


class ConferenceDecision(models.Model):
    """An action decided at this conference (it lives in the plan)."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE,
                                   related_name="decided_actions")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="+")


class InvitationChangeKind(models.TextChoices):
    INVITED = "invited", _("Uitgenodigd")
    WITHDRAWN = "withdrawn", _("Uitnodiging ingetrokken")


class InvitationChange(models.Model):
    """Append-only history of who was invited or lost the invitation after the
    conference was planned: the household's carers changed (a move, a new coordinator)."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE,
                                   related_name="invitation_history")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=20, choices=InvitationChangeKind.choices)
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="+")

    class Meta:
        ordering = ["at", "id"]
