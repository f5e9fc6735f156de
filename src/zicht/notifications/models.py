"""The professional's inbox (berichten) and their personal calendar feed."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    INVITATION = "invitation", _("Nieuwe uitnodiging")
    CONTACT_OVERDUE = "contact_overdue", _("Contactmoment verlopen")
    OUT_OF_SIGHT = "out_of_sight", _("Huishouden is uit zicht")
    COORDINATOR_CHANGE = "coordinator_change", _("Regisseur gewijzigd")
    ADDRESS_CHANGE = "address_change", _("Adres gewijzigd")
    COORDINATOR_OFFER = "coordinator_offer", _("Regie aangeboden")
    MOVE_OFFER = "move_offer", _("Verhuizing aangeboden")
    MOVE_ANSWERED = "move_answered", _("Verhuizing beantwoord")
    MOVE_HANDED_OVER = "move_handed_over", _("Huishouden verhuisd en overgedragen")
    SIGNAL_NEW = "signal_new", _("Nieuw signaal")
    SIGNAL_HANDED_OVER = "signal_handed_over", _("Signaal overgedragen")
    STAGNATION_HANDED_OVER = "stagnation_handed_over", _("Stagnatie overgedragen")
    ACTIONS_TO_TAKE_OVER = "actions_to_take_over", _("Acties om over te nemen")
    COORDINATOR_OFFER_ANSWERED = "coordinator_offer_answered", _("Regie-aanbod beantwoord")
    SIGNAL_DUE_SOON = "signal_due_soon", _("Termijn van een signaal loopt bijna af")
    SIGNAL_OVERDUE = "signal_overdue", _("Signaal niet op tijd opgepakt")
    REPORT_RECEIVED = "report_received", _("Nieuwe melding")
    REPORT_FEEDBACK = "report_feedback", _("Terugkoppeling van Veilig Thuis")
    STAGNATION_ESCALATED = "stagnation_escalated", _("Stagnatie opgeschaald naar de gemeente")
    NETWORK_MEETING = "network_meeting", _("Uitnodiging voor een netwerkbijeenkomst")
    CASE_CONFERENCE = "case_conference", _("Uitnodiging voor een casusoverleg")
    CASE_CONFERENCE_WITHDRAWN = ("case_conference_withdrawn",
                                 _("Uitnodiging voor een casusoverleg ingetrokken"))
    AGREEMENT_REVIEW = "agreement_review", _("Samenwerkingsafspraak: evaluatie nadert")
    CLIENT_GOOD = "client_good", _("Cliënt: het gaat goed")
    CLIENT_BETTER = "client_better", _("Cliënt: het kan beter")
    CLIENT_CONTACT = "client_contact", _("Cliënt wil contact")
    CLIENT_REVIEW = "client_review", _("Cliënt: er is iets veranderd (veiligheidsplan)")
    CLIENT_ACTION = "client_action", _("Cliënt heeft een actie bijgewerkt")


class Notification(models.Model):
    """One entry in a professional's inbox.

    It names the kind and the household only by link; the page shows the pseudonymous
    reference, and only while the professional's organisation is still involved.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("soort"), max_length=30, choices=NotificationKind.choices)
    household = models.ForeignKey("households.Household", on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="+")
    # Where "Bekijken" leads, when not the household page (which the recipient may not
    # open yet, as with a move offer): a path of UUIDs only, never a name.
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # When the content-free e-mail that announced it went out; empty while it waits for
    # the bundled mail (at most one mail per professional per MAIL_INTERVAL).
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"]),
                   models.Index(fields=["recipient", "mailed_at"])]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")


class CalendarFeed(models.Model):
    """A private, revocable link to a professional's planned contacts as iCalendar.

    Only a SHA-256 hash of the secret in the link is stored: the link is shown once, at
    creation. Revoking it makes the link answer 404 for good.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agendakoppeling")
