"""Moving (verhuizing) to another municipality: the warm handover (warme overdracht).

Seed 002, "Rol van de ondersteuner": when the client moves, the supporter contacts the
supporter of the new municipality and the information is handed over. Seed 001 (2.1, 3.3):
households that move region are the ones that most often drop out of sight.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicht.core.crypto import EncryptedJSONField, EncryptedTextField
from zicht.directory.models import Municipality, Organisation
from zicht.trajectories.models import Trajectory


class MoveState(models.TextChoices):
    REQUESTED = "requested", _("In overdracht")
    ACCEPTED = "accepted", _("Overgedragen")
    DECLINED = "declined", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


MOVE_TRANSITIONS: dict[str, set[str]] = {
    MoveState.REQUESTED: {MoveState.ACCEPTED, MoveState.DECLINED, MoveState.WITHDRAWN},
    MoveState.ACCEPTED: set(),
    MoveState.DECLINED: set(),
    MoveState.WITHDRAWN: set(),
}


class Move(models.Model):
    """A household moving to another municipality, handed from one supporter to the next.

    ``summary`` is what the receiving supporter sees before acceptance: a snapshot taken
    at the request, limited to the categories the client consented to hand over.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="moves")
    state = models.CharField(_("status"), max_length=20, choices=MoveState.choices,
                             default=MoveState.REQUESTED)
    from_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                          related_name="+")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                          related_name="+")
    to_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("nieuwe gemeente"))
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("team van de nieuwe ondersteuner"))
    to_supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("nieuwe ondersteuner"))
    moving_date = models.DateField(_("verhuisdatum"), null=True)
    # The new address when it is known at the request: kept encrypted until acceptance,
    # when it becomes the household's address through ``address_change``; never in the
    # summary, a list or an e-mail, and cleared when the move is declined or withdrawn.
    new_street = EncryptedTextField(_("straat en huisnummer"), blank=True)
    new_postcode = EncryptedTextField(_("postcode"), blank=True)
    new_city = EncryptedTextField(_("plaats"), blank=True)
    new_address_secret = models.BooleanField(_("geheim adres"), default=False)
    meeting_at = models.DateTimeField(_("overdrachtsgesprek op"))
    meeting_place = models.CharField(_("waar (of hoe)"), max_length=200, blank=True)
    # Encrypted at rest: it quotes the contact moments' notes and names the people.
    summary = EncryptedJSONField(default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("verhuizing")
        constraints = [models.UniqueConstraint(fields=["trajectory"],
                                               condition=Q(state="requested"),
                                               name="one_open_move_per_trajectory")]

    def can_move_to(self, state: str) -> bool:
        return state in MOVE_TRANSITIONS[self.state]

    @property
    def has_new_address(self) -> bool:
        """Whether the new address was given at the request (without decrypting it)."""
        return bool(self.new_street)


class MoveChange(models.Model):
    """Append-only history of a move's states."""

    move = models.ForeignKey(Move, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=20, choices=MoveState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=MoveState.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
