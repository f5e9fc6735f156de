import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from knox.models import AbstractAuthToken


class User(AbstractUser):
    """A professional (or a system account for the API). Always a member of an organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phone = models.CharField("telefoon", max_length=30, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiTokenScope(models.TextChoices):
    """What a token may do beyond its owner's ordinary API use. Only the operator grants a
    scope, and only to a system (``zicht token_create``): issue 19."""

    ADDRESS = "address", "adres"


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): only a SHA-512 digest of the key is stored, with a
    name, an expiry and the owner; the key itself is shown once, at creation.

    A professional's own token acts with their rights but never reveals an address; a
    system token (``is_system``, made by the operator for a service account) may carry the
    ``address`` scope. Knox's digest is the primary key; here it is a plain unique column,
    so that pages and the admin can name a token by its ``uuid`` without printing a digest.
    """

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    digest = models.CharField(max_length=128, unique=True)
    expiry = models.DateTimeField("verloopt")  # every token expires
    name = models.CharField("naam", max_length=100)
    is_system = models.BooleanField("systeem", default=False)
    scopes = models.CharField("rechten", max_length=100, blank=True,
                              help_text="Spatiegescheiden, bv. 'address'.")
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    def has_scope(self, scope: str) -> bool:
        return self.is_system and scope in self.scopes.split()
