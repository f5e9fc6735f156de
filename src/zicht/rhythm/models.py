"""The contact rhythm and the out-of-sight status (in zicht, aandacht, uit zicht)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.directory.models import Municipality
from zicht.trajectories.models import Trajectory


class MunicipalityRhythm(models.Model):
    """A municipality's own default rhythm, replacing ``rules.DEFAULT_RHYTHM`` there.

    ``periods`` is a list of ``[until_month, every_days]`` pairs, in order, e.g.
    ``[[3, 7], [6, 14], [12, 30]]``.
    """

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE,
                                        related_name="contact_rhythm")
    periods = models.JSONField(_("perioden"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contactritme van de gemeente")


class ContactPlan(models.Model):
    """The rhythm of one trajectory when the supporter adjusted it, with the reason.

    Without a plan the trajectory follows its municipality's (or the default) rhythm.
    """

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE,
                                      related_name="contact_plan")
    periods = models.JSONField(_("perioden"))
    reason = models.CharField(_("reden van aanpassing"), max_length=300)
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    adjusted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contactplan")


class ContactPlanChange(models.Model):
    """Append-only history of the adjustments of a contact plan."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="contact_plan_changes")
    periods = models.JSONField()
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class SightLevel(models.IntegerChoices):
    """Ordered by urgency, so the caseload can sort on it in the database."""

    IN_SIGHT = 0, _("In zicht")
    ATTENTION = 1, _("Aandacht")
    OUT_OF_SIGHT = 2, _("Uit zicht")


class SightStatus(models.Model):
    """The computed out-of-sight status of an active trajectory, with its reasons.

    Written by ``rhythm.services.sight_refresh`` (after a change) and by the periodic scan.
    ``reasons`` is a list of ``{"code": ..., "level": ...}`` (codes in ``rules.REASONS``),
    never free text, so no personal detail can end up in it.
    """

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE,
                                      related_name="sight_status")
    level = models.PositiveSmallIntegerField(_("status"), choices=SightLevel.choices,
                                             default=SightLevel.IN_SIGHT)
    reasons = models.JSONField(_("redenen"), default=list)
    next_contact_due = models.DateField(_("volgend contactmoment uiterlijk"), null=True,
                                        blank=True)
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("zichtstatus")
        indexes = [models.Index(fields=["-level", "next_contact_due"])]


class TaskWorker(models.Model):
    """A running ``zicht worker`` (or the demo's), seen at every tick of its scheduler.

    A worker killed in the middle of a task (kill -9, a lost machine) leaves that task
    "running" for ever; a worker not seen for ``ZICHT_WORKER_LOST_SECONDS`` is taken for
    lost and its tasks are put back in the queue (``rhythm.worker.tasks_reclaim_lost``).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)
