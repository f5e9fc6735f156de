"""Regions, municipalities, organisations and who works where (sociale kaart)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from zicht.core.crypto import EncryptedTextField


class Region(models.Model):
    """A Veilig Thuis / centrumgemeente region."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text="GM0363")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    SHELTER = "shelter", _("Vrouwen- of mannenopvang")
    MUNICIPALITY_TEAM = "municipality_team", _("Gemeente / wijkteam")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    SCHOOL = "school", _("School")
    GP = "gp", _("Huisarts")
    HOUSING = "housing", _("Woningcorporatie")
    YOUTH_HEALTH = "youth_health", _("Jeugdgezondheidszorg")
    POLICE = "police", _("Politie")
    OTHER = "other", _("Overig")


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Voor gemeentelijke teams: de gemeente waarvoor zij werken."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    @property
    def single_sign_on_or_none(self):
        """Its own sign-in (``SingleSignOn``, issue 15.5), if it has one."""
        try:
            return self.single_sign_on
        except SingleSignOn.DoesNotExist:
            return None


class Role(models.TextChoices):
    SHELTER_WORKER = "shelter_worker", _("Medewerker opvang")
    SUPPORTER = "supporter", _("Ondersteuner")
    TEAM_LEAD = "team_lead", _("Teamleider")
    PARTNER = "partner", _("Ketenpartner")
    VEILIG_THUIS = "veilig_thuis", _("Medewerker Veilig Thuis")
    POLICY = "policy", _("Beleidsmedewerker")
    ADMIN = "admin", _("Beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
    # Issue 15: the region's functional administrator (at the centrumgemeente) onboards a
    # new organisation of the region and invites its first admin; nothing more.
    REGIONAL_ADMIN = "regional_admin", _("Regiobeheerder")


#: The roles an organisation's admin may give by invitation or change to. A regional admin
#: is appointed from the command line, like the first admins were before issue 15.
INVITABLE_ROLES = [r for r in Role if r != Role.REGIONAL_ADMIN]


class Membership(models.Model):
    """A professional's place in an organisation, with the role they act in there."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    active = models.BooleanField(_("actief"), default=True)
    in_directory = models.BooleanField(
        _("zichtbaar in de sociale kaart"), default=True,
        help_text=_("Naam, rol en werkgegevens staan in de sociale kaart voor andere "
                    "professionals."))

    # The municipality's power to break a stagnation (seed 004): set by the team's
    # administrator on a policy or team-lead membership of a municipal team. Its holder
    # reads an escalated stagnation's chosen fields; other policy staff see counts only.
    doorzettingsmacht = models.BooleanField(
        _("doorzettingsmacht"), default=False,
        help_text=_("Breekt namens de gemeente stagnaties door die de regisseur opschaalt. "
                    "Ziet daarvan wat nodig is om ze los te krijgen, nooit het dossier."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            ),
            models.CheckConstraint(
                condition=models.Q(doorzettingsmacht=False)
                | models.Q(role__in=["policy", "team_lead"]),
                name="doorzettingsmacht_policy_or_team_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class Invitation(models.Model):
    """An invitation of a professional into an organisation with a role (issue 15).

    The link holds a random token; only its SHA-256 is stored, so whoever reads the
    database cannot use an open invitation. Single use, valid ``ZICHT_INVITE_DAYS``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="invitations")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    email = models.EmailField(_("e-mail"), max_length=150)
    first_name = models.CharField(_("voornaam"), max_length=150)
    last_name = models.CharField(_("achternaam"), max_length=150)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("uitnodiging")

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())


class SecondFactorReset(models.Model):
    """A lost second factor replaced with four eyes (issue 15.2): an admin of the
    organisation asks, a second admin or the privacy officer approves; never the same
    person, never the professional themself (also held by the database)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="+")
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    reason = models.TextField(_("reden"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("herstel tweede factor")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("professional")),
                name="second_factor_reset_not_own_request"),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | (~models.Q(approved_by=models.F("requested_by"))
                   & ~models.Q(approved_by=models.F("professional"))),
                name="second_factor_reset_four_eyes"),
        ]


class SingleSignOn(models.Model):
    """Signing in through the organisation's own OpenID Connect provider (issue 15.5).

    One per organisation, optional. The professional types her work e-mail address on
    Zicht's page; its domain (``email_domains``) chooses the provider, so the page never
    tells whether an account exists. The provider's subject is mapped to an invited
    professional (``SingleSignOnIdentity``); an account is created on a first sign-in only
    when ``allow_account_creation`` is on. The ID token's ``amr`` or ``acr`` decides whether
    the provider's sign-in already had two factors (``mfa_amr``, ``mfa_acr``); otherwise
    Zicht asks its own second factor. The client secret is encrypted at rest.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="single_sign_on",
                                        verbose_name=_("organisatie"))
    active = models.BooleanField(_("aan"), default=True)
    issuer = models.URLField(
        _("issuer"), max_length=300,
        help_text=_("De issuer van de OpenID Connect-provider. Zicht leest de adressen van "
                    "de provider uit /.well-known/openid-configuration daaronder."))
    email_domains = models.CharField(
        _("e-maildomeinen"), max_length=500,
        help_text=_("De domeinen van de werkadressen, gescheiden door komma's, bv. "
                    "alkmaar.nl. Elk domein hoort bij één organisatie."))
    client_id = models.CharField(_("client-id"), max_length=255)
    client_secret = EncryptedTextField(_("client-secret"), blank=True)
    authorization_endpoint = models.URLField(max_length=500, blank=True)
    token_endpoint = models.URLField(max_length=500, blank=True)
    userinfo_endpoint = models.URLField(max_length=500, blank=True)
    jwks_uri = models.URLField(max_length=500, blank=True)
    allow_account_creation = models.BooleanField(
        _("account maken bij eerste keer inloggen"), default=False,
        help_text=_("Uit: alleen wie al een account en een lidmaatschap van de organisatie "
                    "heeft (of een open uitnodiging), komt binnen."))
    new_account_role = models.CharField(
        _("rol van een nieuw account"), max_length=30, choices=Role.choices,
        default=Role.PARTNER)
    mfa_amr = models.CharField(
        _("amr-waarden die als twee factoren tellen"), max_length=200, blank=True,
        default="mfa", help_text=_("Gescheiden door spaties (RFC 8176), bv. 'mfa'."))
    mfa_acr = models.CharField(
        _("acr-waarden die als twee factoren tellen"), max_length=300, blank=True,
        help_text=_("Gescheiden door spaties. Leeg: acr telt niet."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inloggen via de organisatie")
        verbose_name_plural = _("inloggen via de organisatie")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",")
                if d.strip()]


class SingleSignOnIdentity(models.Model):
    """The provider's subject of one professional: issuer and subject name one account."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    single_sign_on = models.ForeignKey(SingleSignOn, on_delete=models.CASCADE,
                                       related_name="identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="single_sign_on_identities")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("gekoppelde inlog van de organisatie")
        verbose_name_plural = _("gekoppelde inlogs van de organisatie")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_sso_subject"),
            models.UniqueConstraint(fields=["single_sign_on", "user"],
                                    name="one_sso_identity_per_user"),
        ]


class SingleSignOnDevice(Device):
    """The provider's own two factors, as django-otp sees them: a sign-in whose ID token
    says (by ``amr`` or ``acr``) that the provider asked two factors is marked verified
    with this device. No code can be typed for it (``verify_token`` is always false), and
    ``RequireTwoFactorMiddleware`` does not count it as a second factor set up in Zicht."""

    #: Read by ``RequireTwoFactorMiddleware`` (core cannot import this app).
    external = True

    class Meta:
        verbose_name = _("tweede factor van de organisatie")

    def verify_token(self, token) -> bool:
        return False
