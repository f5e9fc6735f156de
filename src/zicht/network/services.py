"""Writes of the network: meetings, their attendance and actions, and agreements.

Every write is logged in the access log (``zicht.audit``: none of this is about a
household). Invitations go to the inbox with the content-free e-mail of
``notifications_send``, after the rows are written, in the same transaction.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.directory.actor import Actor
from zicht.directory.models import Municipality, Organisation, Region
from zicht.network.figures import PROMISE_FIGURES
from zicht.network.models import (
    Agreement,
    AgreementEvaluation,
    EvaluationOutcome,
    Invitation,
    Meeting,
    MeetingAction,
    Promise,
)
from zicht.network.rules import may_organise
from zicht.network.selectors import invitees_for
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_send

#: How long before its review date an agreement's organisers are reminded.
REVIEW_REMINDER_DAYS = 30
#: The largest agreement document taken, and what it must be.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def _require_organiser(actor: Actor, region: Region | int) -> None:
    if not may_organise(actor, region):
        raise PermissionDenied


def _require_organiser_of(actor: Actor, meeting: Meeting) -> None:
    """Only who planned it, or another organiser of the region, records the meeting."""
    _require_organiser(actor, meeting.region_id)


def meeting_plan(*, actor: Actor, theme: str, starts_at: datetime, ends_at: datetime,
                 place: str = "", link: str = "") -> Meeting:
    """Plan a meeting of the organiser's region and invite its whole network."""
    org = actor.organisation
    if org is None:
        raise PermissionDenied
    _require_organiser(actor, org.region_id)
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("Het einde ligt na het begin.")
    if not (place.strip() or link.strip()):
        errors["place"] = _("Vul een plaats of een link in.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            region_id=org.region_id, theme=theme.strip(), starts_at=starts_at, ends_at=ends_at,
            place=place.strip(), link=link.strip(), organiser=actor.user,
            organiser_organisation=org)
        seen: set[int] = set()
        rows = []
        for membership in invitees_for(org.region_id):
            if membership.user_id not in seen:
                seen.add(membership.user_id)
                rows.append(Invitation(meeting=meeting, user_id=membership.user_id,
                                       organisation_id=membership.organisation_id))
        Invitation.objects.bulk_create(rows)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="network_meeting",
                   record_uuid=meeting.uuid)
        link_to = reverse("network:meeting", args=[meeting.uuid])
        notifications_send([(r.user_id, NotificationKind.NETWORK_MEETING, None) for r in rows
                            if r.user_id != actor.user.pk], link=link_to)
    return meeting


def meeting_attendance_record(*, actor: Actor, meeting: Meeting,
                              present: set[int]) -> Meeting:
    """Who came (invitation ids); everyone else invited did not. The meeting is then held."""
    _require_organiser_of(actor, meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("De aanwezigheid legt u vast als de bijeenkomst begonnen is."))
    with transaction.atomic():
        meeting.invitations.update(attended=False)
        meeting.invitations.filter(pk__in=present).update(attended=True)
        meeting.attendance_recorded_at = timezone.now()
        meeting.save(update_fields=["attendance_recorded_at"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="network_meeting",
                   record_uuid=meeting.uuid, ground="attendance")
    return meeting


def meeting_notes_record(*, actor: Actor, meeting: Meeting, notes: str) -> Meeting:
    _require_organiser_of(actor, meeting)
    with transaction.atomic():
        meeting.notes = notes.strip()
        meeting.save(update_fields=["notes"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="network_meeting",
                   record_uuid=meeting.uuid, ground="notes")
    return meeting


def meeting_action_add(*, actor: Actor, meeting: Meeting, what: str, owner: User,
                       due_on: date) -> MeetingAction:
    """An agreed action; its owner is one of the invited."""
    _require_organiser_of(actor, meeting)
    if not meeting.invitations.filter(user=owner).exists() and owner.pk != meeting.organiser_id:
        raise ValidationError({"owner": _("Kies iemand die voor de bijeenkomst is uitgenodigd.")})
    with transaction.atomic():
        action = MeetingAction.objects.create(meeting=meeting, what=what.strip(), owner=owner,
                                              due_on=due_on)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="network_action",
                   record_uuid=action.uuid)
    return action


def meeting_action_done(*, actor: Actor, action: MeetingAction,
                        at_meeting: Meeting | None = None) -> MeetingAction:
    """The action is done; ``at_meeting`` is the later meeting where it was followed up."""
    _require_organiser(actor, action.meeting.region_id)
    if at_meeting is not None and at_meeting.region_id != action.meeting.region_id:
        raise ValidationError(_("Deze bijeenkomst hoort bij een andere regio."))
    if action.done_at is not None:
        return action
    with transaction.atomic():
        action.done_at = timezone.now()
        action.followed_up_in = at_meeting
        action.save(update_fields=["done_at", "followed_up_in"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="network_action",
                   record_uuid=action.uuid)
    return action


def document_check(document: UploadedFile | None) -> None:
    """A PDF, at most 10 MB: checked by its first bytes, not by the name it came with."""
    if document is None:
        return
    head = document.read(5)
    document.seek(0)
    if document.size > DOCUMENT_MAX_BYTES or head != b"%PDF-":
        raise ValidationError({"document": _("Alleen een PDF, hooguit 10 MB.")})


def agreement_create(*, actor: Actor, title: str, parties: list[Organisation],
                     starts_on: date, review_on: date,
                     municipality: Municipality | None = None,
                     document: UploadedFile | None = None) -> Agreement:
    org = actor.organisation
    if org is None:
        raise PermissionDenied
    _require_organiser(actor, org.region_id)
    errors = {}
    if len(parties) < 2:
        errors["parties"] = _("Een samenwerkingsafspraak heeft minstens twee partijen.")
    if any(p.region_id != org.region_id for p in parties):
        errors["parties"] = _("Alle partijen horen bij uw regio.")
    if municipality is not None and municipality.region_id != org.region_id:
        errors["municipality"] = _("Kies een gemeente van uw regio.")
    if review_on <= starts_on:
        errors["review_on"] = _("De evaluatie ligt na de ingangsdatum.")
    if errors:
        raise ValidationError(errors)
    document_check(document)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            region_id=org.region_id, municipality=municipality, title=title.strip(),
            starts_on=starts_on, review_on=review_on, created_by=actor.user)
        agreement.parties.set(parties)
        if document is not None:
            # A random name: the uploaded file's own name may say anything.
            agreement.document.save(f"{agreement.uuid}.pdf", document, save=True)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="agreement",
                   record_uuid=agreement.uuid)
    return agreement


def agreement_document_replace(*, actor: Actor, agreement: Agreement,
                               document: UploadedFile) -> Agreement:
    _require_organiser(actor, agreement.region_id)
    document_check(document)
    with transaction.atomic():
        old = agreement.document.name
        agreement.document.save(f"{agreement.uuid}.pdf", document, save=True)
        if old and old != agreement.document.name:
            agreement.document.storage.delete(old)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="agreement",
                   record_uuid=agreement.uuid, ground="document")
    return agreement


def promise_add(*, actor: Actor, agreement: Agreement, party: Organisation, text: str,
                figure: str = "") -> Promise:
    _require_organiser(actor, agreement.region_id)
    errors = {}
    if not agreement.parties.filter(pk=party.pk).exists():
        errors["party"] = _("Kies een partij van deze afspraak.")
    if figure and figure not in {f.code for f in PROMISE_FIGURES}:
        errors["figure"] = _("Dit cijfer bestaat niet.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        promise = Promise.objects.create(agreement=agreement, party=party, text=text.strip(),
                                         figure=figure)
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="agreement",
                   record_uuid=agreement.uuid, ground="promise")
    return promise


def agreement_evaluate(*, actor: Actor, agreement: Agreement, held_on: date, outcome: str,
                       notes: str = "", next_review_on: date | None = None
                       ) -> AgreementEvaluation:
    """Record a periodic evaluation; unless the agreement ends, the next review date."""
    _require_organiser(actor, agreement.region_id)
    if outcome != EvaluationOutcome.END:
        if next_review_on is None:
            raise ValidationError({"next_review_on": _("Wanneer evalueert u opnieuw?")})
        if next_review_on <= held_on:
            raise ValidationError({"next_review_on": _("De volgende evaluatie ligt na deze.")})
    with transaction.atomic():
        evaluation = AgreementEvaluation.objects.create(
            agreement=agreement, held_on=held_on, outcome=outcome, notes=notes.strip(),
            next_review_on=next_review_on if outcome != EvaluationOutcome.END else None,
            by=actor.user)
        if evaluation.next_review_on:
            agreement.review_on = evaluation.next_review_on
            agreement.save(update_fields=["review_on"])
        access_log(actor=actor, action=AccessAction.CREATE, record_type="agreement_evaluation",
                   record_uuid=evaluation.uuid)
    return evaluation


def agreement_ended(agreement: Agreement) -> bool:
    return agreement.evaluations.filter(outcome=EvaluationOutcome.END).exists()


def agreements_review_remind(today: date | None = None) -> int:
    """The periodic reminder: once per review date, ``REVIEW_REMINDER_DAYS`` before it, to
    whoever wrote the agreement and the organisers among its parties. Returns how many
    agreements were reminded of."""
    from zicht.directory.models import Membership, OrganisationKind
    from zicht.network.rules import ORGANISER_ROLES

    today = today or timezone.localdate()
    due = (Agreement.objects.filter(review_on__lte=today + timedelta(days=REVIEW_REMINDER_DAYS))
           .exclude(reminded_for=F("review_on"))
           .exclude(evaluations__outcome=EvaluationOutcome.END).distinct())
    count = 0
    with transaction.atomic():
        for agreement in due:
            recipients = {agreement.created_by_id} | set(
                Membership.objects.filter(
                    active=True, role__in=ORGANISER_ROLES,
                    organisation__kind=OrganisationKind.MUNICIPALITY_TEAM,
                    organisation__in=agreement.parties.all())
                .values_list("user_id", flat=True))
            notifications_send([(r, NotificationKind.AGREEMENT_REVIEW, None) for r in recipients],
                               link=reverse("network:agreement", args=[agreement.uuid]))
            Agreement.objects.filter(pk=agreement.pk).update(reminded_for=agreement.review_on)
            count += 1
    return count
