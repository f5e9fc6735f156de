"""Households (gezin), the people in them, the (secret) address and who is involved."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.crypto import EncryptedTextField, keyed_hash
from zicht.core.models import AppendOnlyModel
from zicht.directory.models import Municipality, Organisation


class Household(models.Model):
    """A household leaving the shelter: the client and the children who live with them.

    ``reference`` is a pseudonymous label (e.g. ``ZH-4F2K9``) for places where a name
    must not appear: page titles, calendar feeds, notifications.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("kenmerk"), max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return self.reference

    @property
    def client(self) -> "Person | None":
        # Uses the prefetch cache when the caller prefetched persons.
        return next((p for p in self.persons.all() if p.role == PersonRole.CLIENT), None)


class PersonRole(models.TextChoices):
    CLIENT = "client", _("Cliënt")
    CHILD = "child", _("Kind")
    PERPETRATOR = "perpetrator", _("Pleger")
    PARTNER = "partner", _("Nieuwe partner")
    NETWORK = "network", _("Netwerk")


class Gender(models.TextChoices):
    UNKNOWN = "", _("Niet vastgelegd")
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    OTHER = "other", _("Anders")


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("rol"), max_length=20, choices=PersonRole.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=""
    )
    relation = models.CharField(
        _("relatie tot cliënt"), max_length=100, blank=True,
        help_text=_("Bijvoorbeeld: ex-partner, vader van de kinderen, zus, buurvrouw."),
    )
    # Only for matching a "zorg melden" (issue 4); never in a list, export or log.
    # Encrypted at rest (issue 18); matched on ``bsn_hash``, kept by ``save``.
    bsn = EncryptedTextField(_("BSN"), blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["household", "role", "date_of_birth", "id"]
        # "Zorg melden", search and breaking the glass all match on the date of birth: a
        # "zorg melden" read all 160,000 people of bench/bench_load.py (25 ms each).
        indexes = [models.Index(fields=["date_of_birth"], name="person_date_of_birth")]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def save(self, *args, **kwargs):
        self.bsn_hash = keyed_hash(self.bsn) if self.bsn else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "bsn" in update_fields:
            kwargs["update_fields"] = {*update_fields, "bsn_hash"}
        super().save(*args, **kwargs)

    @property
    def is_perpetrator(self) -> bool:
        return self.role == PersonRole.PERPETRATOR


class Address(models.Model):
    """Where the household lives after departure.

    Kept apart from the household so that no list query can pick it up by accident;
    it is read only through ``households.services.address_reveal``, which logs it.
    """

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="address")
    # Encrypted at rest with a key outside the database (zicht.core.crypto).
    street = EncryptedTextField(_("straat en huisnummer"))
    postcode = EncryptedTextField(_("postcode"))
    city = EncryptedTextField(_("plaats"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    is_secret = models.BooleanField(_("geheim adres"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("adres")

    def __str__(self) -> str:
        return _("adres van %(household)s") % {"household": self.household_id}


class AddressChange(AppendOnlyModel):
    """One change of a household's address: when, by whom, why, never what it was.

    Append-only. It holds no street, postcode or city, old or new: the history says that
    the address changed and why (a move within the municipality, a temporary address
    that became permanent, a secret address that no longer needs to be), so that the
    history cannot become a way to read or reconstruct the (secret) address. The address
    itself is only ever read through "toon adres" (``address_reveal``), which is logged.
    Only retention removes rows (with the address, at pseudonymisation).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="address_changes")
    at = models.DateTimeField(_("wanneer"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("gewijzigd door"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    reason = models.CharField(_("reden"), max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    is_secret_before = models.BooleanField(_("geheim adres (was)"))
    is_secret_after = models.BooleanField(_("geheim adres (wordt)"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("adreswijziging")
        verbose_name_plural = _("adreswijzigingen")


class InvolvementReason(models.TextChoices):
    SHELTER = "shelter", _("Opvang (verblijf en nazorg)")
    SUPPORTER = "supporter", _("Ondersteuner")
    COORDINATOR = "coordinator", _("Regisseur")
    PARTNER = "partner", _("Ketenpartner")


class InvolvementQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)


class Involvement(models.Model):
    """An organisation's involvement (betrokkenheid) with a household: the ground of need to know.

    A professional sees a household only while one of their organisations has a
    current involvement with it; for everyone else it does not exist (404).
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="involvements"
    )
    reason = models.CharField(_("reden"), max_length=20, choices=InvolvementReason.choices)
    started_on = models.DateField(_("vanaf"))
    # The first day the involvement no longer holds: ending it "today" cuts access at once.
    ended_on = models.DateField(_("tot"), null=True, blank=True)
    # A connected partner's own name for the family ("moeder van Noor, groep 5"): a school
    # cannot know who "ZH-…" is, and must not be shown the client's name for it.
    label = models.CharField(_("eigen omschrijving van het gezin"), max_length=100,
                             blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "household"])]
        verbose_name = _("betrokkenheid")
