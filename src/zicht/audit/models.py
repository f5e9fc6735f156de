"""The append-only access log (NEN 7513: who did what, when, about whom, on what ground)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import AppendOnlyModel, AppendOnlyQuerySet


class AccessAction(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    READ = "read", _("bekeken")
    LIST = "list", _("in lijst getoond")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    SEARCH = "search", _("gezocht")
    EXPORT = "export", _("geëxporteerd")
    REVEAL_ADDRESS = "reveal_address", _("adres getoond")
    TRANSFER = "transfer", _("overgedragen")
    EMERGENCY = "emergency", _("noodtoegang")


# What ``record_type`` (a code the services write) is called on screen: the access log
# showed the codes themselves ("veilig_thuis_report"). A code not listed shows as it is.
RECORD_TYPES = {
    "address": _("adres"), "agreement": _("samenwerkingsafspraak"),
    "agreement_evaluation": _("evaluatie van een samenwerkingsafspraak"),
    "api_token": _("API-sleutel"), "system_api_token": _("API-sleutel van een systeem"),
    "calendar_feed": _("agendakoppeling"),
    "caseload": _("werkvoorraad"), "consent": _("toestemming"), "contact": _("contactmoment"),
    "contact_plan": _("contactplanning"), "coordinator": _("regisseur"),
    "coordinator_handover": _("overdracht van de regie"), "correction": _("correctie"),
    "departure": _("vertrek"), "emergency_refused": _("geweigerde noodtoegang"),
    "evaluation": _("evaluatie"), "extension": _("verlenging"),
    "household": _("huishouden"), "invitation": _("uitnodiging"), "inzage": _("inzage"),
    "membership": _("lidmaatschap"), "move": _("verhuizing"),
    "move_summary": _("samenvatting voor de overdracht"), "moves": _("verhuizingen"),
    "municipality_rhythm": _("contactritme van de gemeente"),
    "network_action": _("actie van een netwerkbijeenkomst"),
    "network_meeting": _("netwerkbijeenkomst"), "organisation": _("organisatie"),
    "partner": _("ketenpartner"), "partner_view": _("gezin voor de ketenpartner"),
    "person": _("persoon"), "plan": _("plan"), "plan_action": _("actie in het plan"),
    "plan_goal": _("doel in het plan"), "plan_scores": _("zelfredzaamheid"),
    "police_alert": _("politiemelding"), "risk_assessment": _("risicotaxatie"),
    "safety": _("veiligheid"), "safety_plan": _("veiligheidsplan"),
    "selfscan": _("zelfscan"), "selfscan_action": _("verbeteractie van een zelfscan"),
    "sharing_override": _("delen zonder toestemming"), "signal": _("signaal"),
    "stagnation": _("stagnatie"), "stagnation_overview": _("overzicht stagnaties"),
    "stagnations": _("stagnaties"), "survey_invitation": _("uitnodiging vragenlijst"),
    "trajectory": _("traject"), "veilig_thuis_report": _("melding aan Veilig Thuis"),
    # Issue 15: onboarding and leaving, and a lost second factor (not household records).
    "staff_invited": _("uitnodiging verstuurd"),
    "staff_invitation_accepted": _("uitnodiging aangenomen"),
    "staff_invitation_revoked": _("uitnodiging ingetrokken"),
    "staff_membership_added": _("lidmaatschap toegevoegd"),
    "staff_role_changed": _("rol gewijzigd"), "staff_deactivated": _("lidmaatschap uitgezet"),
    "staff_reactivated": _("lidmaatschap weer aangezet"),
    "staff_account_deactivated": _("account uitgezet"),
    "organisation_onboarded": _("organisatie aangesloten"),
    "second_factor_reset_requested": _("herstel tweede factor aangevraagd"),
    "second_factor_reset_approved": _("herstel tweede factor goedgekeurd"),
    "second_factor_reset_cancelled": _("herstel tweede factor ingetrokken"),
    # Issue 15.5: signing in through the organisation's own provider.
    "sso_configured": _("inloggen via de organisatie ingesteld"),
    "sso_linked": _("inlog van de organisatie gekoppeld"),
    "sso_unlinked": _("inlog van de organisatie ontkoppeld"),
    "sso_account_created": _("account gemaakt bij inloggen via de organisatie"),
    "sso_signed_in": _("ingelogd via de organisatie"),
    "sso_refused": _("inloggen via de organisatie geweigerd"),
    "sign_in_refused": _("inloggen geweigerd: geen actief lidmaatschap"),
}


class AccessLogQuerySet(AppendOnlyQuerySet):
    def about(self, household_uuid) -> "AccessLogQuerySet":
        """Every entry about this household: its own, and the lists and searches that
        showed it among others (``households``)."""
        return self.filter(models.Q(household_uuid=household_uuid)
                           | models.Q(households__has_key=str(household_uuid)))


class AccessLogEntry(AppendOnlyModel):
    """One read or change of personal data. Never updated, never deleted by the application.

    ``household_uuid`` is kept as a plain value rather than a foreign key so that the
    entry survives the household's removal at the end of its retention period.

    A list or a search is one entry whatever it shows (issue 14: the caseload of 433
    households wrote 433 rows per view): ``households`` names each household shown, its
    uuid as the key (so that ``about`` finds the entry per household, by a GIN index on
    PostgreSQL) and its reference as the value (what the reader of the log knows it by).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("wanneer"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    user_name = models.CharField(_("gebruiker"), max_length=200)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    organisation_id_value = models.BigIntegerField(null=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    household_uuid = models.UUIDField(null=True, db_index=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(_("gegevens"), max_length=50)
    record_uuid = models.UUIDField(null=True)
    ground = models.CharField(_("grond"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    households = models.JSONField(_("getoonde huishoudens"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    @property
    def record_label(self) -> str:
        return str(RECORD_TYPES.get(self.record_type, self.record_type))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("toegangslogregel")
