"""Signals (signalen): the road of a worry, from "zorg melden" through the meldcode to Veilig Thuis.

Seed 001, 4.2: partners "can report worries about unsafety to that coordinator".
One place for every worry: a connected partner's report, "zorg melden", a contact moment
where the client does not feel safe; the meldcode's five steps on each; and the report
(melding) to Veilig Thuis with its follow-up.

The tables kept their names from when these models lived in ``zicht.safety``
(``Meta.db_table``), so that moving them lost nothing.

Sections: 1. signals and the meldcode, 2. escalation to Veilig Thuis.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.crypto import EncryptedTextField
from zicht.directory.models import Organisation
from zicht.households.models import Household, Person
from zicht.trajectories.models import Trajectory

# --- 1. Signals (signalen) and the meldcode ----------------------------------------------


class SignalSource(models.TextChoices):
    PARTNER = "partner", _("Betrokken ketenpartner")
    ZORG_MELDEN = "zorg_melden", _("Zorg melden")
    CONTACT = "contact", _("Contactmoment: cliënt voelt zich niet veilig")
    CLIENT_ALARM = "client_alarm", _("Alarm van de cliënt")


class Urgency(models.TextChoices):
    ACUTE = "acute", _("Acuut")
    NOT_ACUTE = "not_acute", _("Niet acuut")


class About(models.TextChoices):
    CLIENT = "client", _("De cliënt")
    CHILD = "child", _("Een kind")
    HOUSEHOLD = "household", _("Het hele gezin")


class Step(models.TextChoices):
    """The five steps of the Meldcode huiselijk geweld en kindermishandeling."""

    RECEIVED = "received", _("Ontvangen")
    MAPPED = "mapped", _("1. Signalen in kaart gebracht")
    CONSULTED = "consulted", _("2. Collega (en zo nodig Veilig Thuis) geraadpleegd")
    TALKED = "talked", _("3. Gesprek met de cliënt")
    WEIGHED = "weighed", _("4. Afgewogen")
    DECIDED = "decided", _("5. Besloten")


# Meldcode, in order: map, consult, talk (may be skipped with a reason, see the services),
# weigh with the afwegingskader, decide.
STEP_TRANSITIONS: dict[str, set[str]] = {
    Step.RECEIVED: {Step.MAPPED},
    Step.MAPPED: {Step.CONSULTED},
    Step.CONSULTED: {Step.TALKED},
    Step.TALKED: {Step.WEIGHED},
    Step.WEIGHED: {Step.DECIDED},
    Step.DECIDED: set(),
}


class Decision(models.TextChoices):
    CLOSE = "close", _("Geen vermoeden: afsluiten en vastleggen")
    HELP = "help", _("Hulp organiseren")
    REPORT = "report", _("Melden bij Veilig Thuis")
    HELP_AND_REPORT = "help_and_report", _("Hulp organiseren én melden bij Veilig Thuis")


class Outcome(models.TextChoices):
    """How a signal ends (issue 12): what the meldcode decided, or the coordinator's reason."""

    NO_CONCERNS = "no_concerns", _("Toch geen zorgen")
    HELP_ORGANISED = "help_organised", _("Hulp georganiseerd")
    REPORTED = "reported", _("Gemeld bij Veilig Thuis")
    TAKEN_OVER = "taken_over", _("Overgenomen door Veilig Thuis")
    CLOSED_WITH_REASON = "closed_with_reason", _("Afgesloten door de regisseur")


# Which outcomes follow from the meldcode's decision (step 5); before a decision only the
# coordinator closes a signal, with a reason.
OUTCOMES_FOR_DECISION: dict[str, set[str]] = {
    Decision.CLOSE: {Outcome.NO_CONCERNS},
    Decision.HELP: {Outcome.HELP_ORGANISED},
    Decision.REPORT: {Outcome.REPORTED, Outcome.TAKEN_OVER},
    Decision.HELP_AND_REPORT: {Outcome.HELP_ORGANISED, Outcome.REPORTED, Outcome.TAKEN_OVER},
}

# What the reporting partner reads of the outcome: that it was taken up, and by whom in
# general terms, never the weighing or what the family was offered.
PARTNER_OUTCOME = {
    Outcome.NO_CONCERNS: _("Afgerond"),
    Outcome.HELP_ORGANISED: _("Afgerond: er is hulp georganiseerd"),
    Outcome.REPORTED: _("Afgerond: Veilig Thuis is ingeschakeld"),
    Outcome.TAKEN_OVER: _("Afgerond: Veilig Thuis is ingeschakeld"),
    Outcome.CLOSED_WITH_REASON: _("Afgerond"),
}


class Signal(models.Model):
    """A worry about unsafety (signaal), routed to the household's coordinator.

    ``household`` is empty for a "zorg melden" that matched nobody: it is kept so that
    every report leaves the same trace (audit), and nobody can see it in the interface.
    The identity the reporter typed (name, date of birth, BSN) is never stored.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="signals")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="signals")
    source = models.CharField(_("bron"), max_length=20, choices=SignalSource.choices)
    urgency = models.CharField(_("urgentie"), max_length=20, choices=Urgency.choices)
    about = models.CharField(_("over wie"), max_length=20, choices=About.choices)
    about_person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    observed = models.TextField(_("wat is gezien of gehoord"))
    observed_on = models.DateField(_("wanneer"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    reporter_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                              null=True, blank=True, related_name="+")
    coordinator_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                                 null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(_("ontvangen"))
    due_at = models.DateTimeField(_("reageren voor"), null=True, blank=True)
    step = models.CharField(_("stap"), max_length=20, choices=Step.choices,
                            default=Step.RECEIVED)
    picked_up_at = models.DateTimeField(_("opgepakt"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("opgeschaald naar teamleider"), null=True, blank=True)
    # Step 3: talking may itself endanger safety (Meldcode); then it is skipped, with reason.
    talk_skipped_reason = models.TextField(blank=True)
    # Step 4, the afwegingskader's five questions.
    suspicion = models.BooleanField(null=True)
    acute_or_structural = models.BooleanField(null=True)
    can_organise_help = models.BooleanField(null=True)
    help_accepted = models.BooleanField(null=True)
    lasting_safety = models.BooleanField(null=True)
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices,
                                blank=True)
    # Open while empty; closing and reopening are kept in ``SignalClosure``.
    closed_at = models.DateTimeField(_("afgesloten"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices,
                               blank=True)
    # The reporter's own words for the family ("moeder van Noor, groep 5"), shown only to
    # the reporter: a school cannot know who "ZH-…" is.
    reporter_label = models.CharField(_("uw eigen omschrijving"), max_length=100,
                                      blank=True)

    class Meta:
        db_table = "safety_signal"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["coordinator_organisation", "step"]),
                   models.Index(fields=["reported_by", "received_at"])]

    @property
    def is_picked_up(self) -> bool:
        return self.step != Step.RECEIVED

    def status_for_reporter(self) -> str:
        """What the one who reported it may read of its status.

        A "zorg melden" report reads the same for a known and an unknown person, whatever
        a coordinator does with it: "Ontvangen", and after a fixed number of days
        "Afgehandeld" (anything else would tell the reporter, over time, whether the
        person is known). A connected partner knows the family and reads the outcome in
        general words (``PARTNER_OUTCOME``).
        """
        if self.source == SignalSource.ZORG_MELDEN:
            days = settings.ZICHT_ZORG_MELDEN_RECEIPT_DAYS
            done = timezone.now() >= self.received_at + timedelta(days=days)
            return str(_("Afgehandeld") if done else _("Ontvangen"))
        if self.closed_at is not None:
            return str(PARTNER_OUTCOME[self.outcome])
        return str(_("Opgepakt") if self.is_picked_up else _("Ontvangen"))

    def must_report(self) -> bool:
        """Afwegingskader: report when there is a suspicion and acute or structural
        unsafety, or help cannot be organised, is not accepted or does not bring lasting
        safety."""
        if not self.suspicion:
            return False
        return bool(self.acute_or_structural or self.can_organise_help is False
                    or self.help_accepted is False or self.lasting_safety is False)


class SignalStep(models.Model):
    """Append-only history of the meldcode steps recorded on a signal."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="steps")
    from_step = models.CharField(max_length=20, choices=Step.choices)
    to_step = models.CharField(max_length=20, choices=Step.choices)
    notes = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "safety_signalstep"
        ordering = ["at", "id"]


class ClosureAction(models.TextChoices):
    CLOSED = "closed", _("Afgesloten")
    REOPENED = "reopened", _("Heropend")


class SignalClosure(models.Model):
    """Append-only history of closing and reopening a signal, with the outcome or reason."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="closures")
    action = models.CharField(max_length=20, choices=ClosureAction.choices)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


# --- 2. Escalation (opschaling) to Veilig Thuis -------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SENT = "sent", _("Verstuurd")
    RECEIVED = "received", _("Ontvangen door Veilig Thuis")
    ADVICE = "advice", _("Aangenomen als advies")
    REPORT = "report", _("Aangenomen als melding")
    INVESTIGATION = "investigation", _("In onderzoek")
    HANDED_BACK = "handed_back", _("Terug naar het lokale team")


REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.SENT},
    ReportStatus.SENT: {ReportStatus.RECEIVED},
    ReportStatus.RECEIVED: {ReportStatus.ADVICE, ReportStatus.REPORT},
    ReportStatus.ADVICE: {ReportStatus.HANDED_BACK},
    ReportStatus.REPORT: {ReportStatus.INVESTIGATION, ReportStatus.HANDED_BACK},
    ReportStatus.INVESTIGATION: {ReportStatus.HANDED_BACK},
    ReportStatus.HANDED_BACK: set(),
}
# What Veilig Thuis itself may move to; the coordinator only drafts and sends.
VEILIG_THUIS_STATUSES = {ReportStatus.RECEIVED, ReportStatus.ADVICE, ReportStatus.REPORT,
                         ReportStatus.INVESTIGATION, ReportStatus.HANDED_BACK}


class VeiligThuisReport(models.Model):
    """A report (melding) to Veilig Thuis, drafted from the record and edited by the coordinator.

    ``content`` holds the sections as the coordinator sent them; the secret address is in
    it only when the coordinator chose so (``include_address``, logged).
    """

    SECTIONS = ("reason", "household", "signals", "weighing", "safety_plan", "done")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="veilig_thuis_reports")
    signal = models.ForeignKey(Signal, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="reports")
    veilig_thuis = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    reference = models.CharField(max_length=12)
    content = models.JSONField(default=dict)
    include_address = models.BooleanField(_("adres meesturen"), default=False)
    # The copy of the address sent along, encrypted at rest like the household's own.
    address = EncryptedTextField(blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Veilig Thuis's feedback to the reporter.
    feedback = models.TextField(_("terugkoppeling"), blank=True)
    safety_conditions = models.TextField(_("veiligheidsvoorwaarden"), blank=True)
    monitoring = models.TextField(_("hoe de voorwaarden worden gemonitord"), blank=True)

    class Meta:
        db_table = "safety_veiligthuisreport"
        ordering = ["-created_at", "-id"]


class ReportStatusChange(models.Model):
    report = models.ForeignKey(VeiligThuisReport, on_delete=models.CASCADE,
                               related_name="history")
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "safety_reportstatuschange"
        ordering = ["at", "id"]
