import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A professional (or a system account for the API). Always a member of an organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phone = models.CharField("telefoon", max_length=30, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username
