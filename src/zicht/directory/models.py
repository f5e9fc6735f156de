"""Regions, municipalities, organisations and who works where (sociale kaart)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Role(models.TextChoices):
    SHELTER_WORKER = "shelter_worker", _("Medewerker opvang")
    SUPPORTER = "supporter", _("Ondersteuner")
    TEAM_LEAD = "team_lead", _("Teamleider")
    PARTNER = "partner", _("Ketenpartner")
    VEILIG_THUIS = "veilig_thuis", _("Medewerker Veilig Thuis")
    POLICY = "policy", _("Beleidsmedewerker")
    ADMIN = "admin", _("Beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")


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
