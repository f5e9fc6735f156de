"""The year after the shelter: a trajectory, its phases and its coordinator (regisseur)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicht.directory.models import Municipality, Organisation
from zicht.households.models import Household


class Phase(models.TextChoices):
    REGISTERED = "registered", _("Aangemeld")
    INVITED = "invited", _("Ondersteuner uitgenodigd")
    INTRODUCED = "introduced", _("Kennismaking gehad")
    FOLLOW_UP = "follow_up", _("Na vertrek")
    CLOSED = "closed", _("Afgesloten")


# Seed 002, "Rol van vrouwenopvang" and "Rol van de ondersteuner": the shelter registers
# and invites the supporter (after consent), they meet at the shelter, the client leaves,
# the supporter keeps contact for at most a year. Closing is possible from every phase
# (the client declines, moves abroad, ...), always with a reason.
TRANSITIONS: dict[str, set[str]] = {
    Phase.REGISTERED: {Phase.INVITED, Phase.CLOSED},
    Phase.INVITED: {Phase.INTRODUCED, Phase.FOLLOW_UP, Phase.CLOSED},
    Phase.INTRODUCED: {Phase.FOLLOW_UP, Phase.CLOSED},
    Phase.FOLLOW_UP: {Phase.CLOSED},
    Phase.CLOSED: set(),
}

ACTIVE_PHASES = [Phase.REGISTERED, Phase.INVITED, Phase.INTRODUCED, Phase.FOLLOW_UP]


class CloseReason(models.TextChoices):
    """Why a trajectory ends. Before the inspectorates' minimum (seed 001, 4.2: a coordinator
    for at least six months after the shelter's aftercare) only the early reasons are allowed."""

    COMPLETED = "completed", _("Traject afgerond")
    CLIENT_DECLINES = "client_declines", _("Cliënt wil geen ondersteuning meer")
    MOVED_ABROAD = "moved_abroad", _("Verhuisd naar het buitenland")
    FAMILY_GUARDIAN = "family_guardian", _("Overgenomen door een gezinsvoogd")
    OTHER = "other", _("Andere reden (toelichten)")


EARLY_CLOSE_REASONS = [CloseReason.CLIENT_DECLINES, CloseReason.MOVED_ABROAD,
                       CloseReason.FAMILY_GUARDIAN, CloseReason.OTHER]


class Trajectory(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="trajectories")
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices,
                             default=Phase.REGISTERED)
    shelter = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    destination_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("gemeente van vestiging"),
    )
    supporter_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("team van de ondersteuner"),
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ondersteuner"),
    )
    departure_date = models.DateField(_("vertrekdatum"), null=True, blank=True)
    shelter_aftercare_until = models.DateField(_("nazorg opvang tot en met"), null=True,
                                               blank=True)
    planned_end = models.DateField(_("geplande einddatum"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_reason = models.CharField(_("reden van afsluiten"), max_length=200, blank=True)
    close_reason_code = models.CharField(_("soort reden van afsluiten"), max_length=20,
                                         choices=CloseReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("traject")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=~Q(phase="closed"),
                name="one_active_trajectory_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_phase_display()})"

    def can_move_to(self, phase: str) -> bool:
        return phase in TRANSITIONS[self.phase]


class PhaseChange(models.Model):
    """Append-only history of the trajectory's phases."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="history")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CoordinatorAssignment(models.Model):
    """Who is the coordinator (regisseur), from when until when.

    Seed 001, 4.2: after the shelter steps back a coordinator keeps a finger on the pulse;
    DOMAIN.md: exactly one coordinator at any time from departure on. The partial unique
    constraint makes a second open assignment impossible, also under concurrency.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="coordinator_assignments"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="coordinator_assignments",
    )
    started_at = models.DateTimeField(_("vanaf"))
    ended_at = models.DateTimeField(_("tot"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("regisseur")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(ended_at__isnull=True),
                name="one_current_coordinator_per_trajectory",
            )
        ]


class HandoverState(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    ACCEPTED = "accepted", _("Aanvaard")
    DECLINED = "declined", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# Changing the coordinator is a handover (overdracht van de regie): the current coordinator
# proposes, the new one accepts. Until acceptance nothing changes.
HANDOVER_TRANSITIONS: dict[str, set[str]] = {
    HandoverState.PROPOSED: {HandoverState.ACCEPTED, HandoverState.DECLINED,
                             HandoverState.WITHDRAWN},
    HandoverState.ACCEPTED: set(),
    HandoverState.DECLINED: set(),
    HandoverState.WITHDRAWN: set(),
}


class CoordinatorHandover(models.Model):
    """A proposed change of coordinator (overdracht van de regie), and its outcome.

    At most one open proposal per trajectory, so that "who will be the next coordinator"
    has one answer too.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="coordinator_handovers")
    state = models.CharField(_("status"), max_length=20, choices=HandoverState.choices,
                             default=HandoverState.PROPOSED)
    from_assignment = models.ForeignKey(CoordinatorAssignment, on_delete=models.PROTECT,
                                        related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="+",
                                        verbose_name=_("organisatie van de nieuwe regisseur"))
    to_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("nieuwe regisseur"),
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    resulting_assignment = models.ForeignKey(CoordinatorAssignment, on_delete=models.PROTECT,
                                             null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("overdracht van de regie")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory"], condition=Q(state="proposed"),
                name="one_open_coordinator_handover_per_trajectory",
            )
        ]

    def can_move_to(self, state: str) -> bool:
        return state in HANDOVER_TRANSITIONS[self.state]


class CoordinatorHandoverChange(models.Model):
    """Append-only history of a handover's states."""

    handover = models.ForeignKey(CoordinatorHandover, on_delete=models.CASCADE,
                                 related_name="history")
    from_state = models.CharField(max_length=20, choices=HandoverState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=HandoverState.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
class TrajectoryExtension(models.Model):
    """An extension of the follow-up year (verlenging), decided with a reason; append-only.

    Seed 002: the trajectory runs "tot maximaal 12 maanden na vertrek uit de opvang"; going
    beyond that is a recorded decision, not a lapse.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="extensions")
    previous_end = models.DateField(_("vorige einddatum"), null=True)
    new_end = models.DateField(_("nieuwe einddatum"))
    reason = models.CharField(_("reden van verlenging"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("verlenging")
