"""Writes of the evaluation: survey links for clients, and submitted questionnaires."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.audit.models import AccessAction
from zicht.directory.actor import Actor
from zicht.directory.models import Role
from zicht.evaluation.models import (
    CLIENT_MOMENTS,
    Audience,
    Moment,
    ProfessionalSurveyDone,
    Questionnaire,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    hash_token,
)
from zicht.households.selectors import is_involved
from zicht.trajectories.models import Phase, Trajectory

# Roles that ask a client to fill in the questionnaire: those who keep contact.
INVITING_ROLES = (Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER)
# Roles asked for the professionals' questionnaire: everyone who works with households.
ANSWERING_ROLES = (Role.SUPPORTER, Role.TEAM_LEAD, Role.SHELTER_WORKER, Role.PARTNER,
                   Role.VEILIG_THUIS)


def link_days() -> int:
    return int(getattr(settings, "ZICHT_SURVEY_LINK_DAYS", 30))


def month_start(day: date) -> date:
    return day.replace(day=1)


def quarter_start(day: date) -> date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def survey_invitation_create(*, actor: Actor, trajectory: Trajectory,
                             moment: str) -> tuple[SurveyInvitation, str]:
    """A personal link for the client to the satisfaction questionnaire of ``moment``.

    Returns the invitation and the token; only its hash is stored, so the link can be
    shown once. A new link for the same moment replaces an open one; a moment that was
    already answered is not asked again.
    """
    if not (actor.has_role(*INVITING_ROLES) and is_involved(actor, trajectory.household)):
        raise PermissionDenied
    if moment not in CLIENT_MOMENTS:
        raise ValidationError({"moment": _("Kies een moment.")})
    if trajectory.phase != Phase.FOLLOW_UP:
        raise ValidationError(_("Een vragenlijst wordt gestuurd na het vertrek, zolang het "
                                "traject loopt."))
    previous = trajectory.survey_invitations.filter(moment=moment)
    if previous.filter(used_at__isnull=False).exists():
        raise ValidationError({"moment": _("De vragenlijst van dit moment is al ingevuld.")})
    questionnaire = Questionnaire.objects.get(audience=Audience.CLIENT, active=True)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        previous.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        invitation = SurveyInvitation.objects.create(
            token_hash=hash_token(token), trajectory=trajectory, questionnaire=questionnaire,
            moment=moment, created_by=actor.user, expires_at=now + timedelta(days=link_days()))
        access_log(actor=actor, action=AccessAction.CREATE, record_type="survey_invitation",
                   household_uuid=trajectory.household.uuid, record_uuid=invitation.uuid)
    return invitation, token


def open_invitation(token: str) -> SurveyInvitation | None:
    """The invitation behind a link, if it may still be answered."""
    invitation = (SurveyInvitation.objects.select_related("questionnaire")
                  .filter(token_hash=hash_token(token), used_at__isnull=True,
                          revoked_at__isnull=True, expires_at__gt=timezone.now()).first())
    return invitation


def _validate(questionnaire: Questionnaire, answers: dict[str, int]) -> list[tuple]:
    questions = {q.key: q for q in questionnaire.questions.all()}
    if set(answers) != set(questions):
        raise ValidationError(_("Beantwoord alle vragen."))
    if any(value not in questionnaire.scale for value in answers.values()):
        raise ValidationError(_("Kies bij elke vraag een score van %(low)s tot %(high)s.")
                              % {"low": questionnaire.scale_min, "high": questionnaire.scale_max})
    return [(questions[key], value) for key, value in answers.items()]


def _open_invitations():
    return SurveyInvitation.objects.filter(used_at__isnull=True, revoked_at__isnull=True,
                                           expires_at__gt=timezone.now())


def _submit(invitations, answers: dict[str, int],
            closed: str) -> tuple[SurveyInvitation, SurveyResponse]:
    """Use up the one open invitation of ``invitations`` and store its answers anonymously.

    Under a row lock, in one transaction: the link and her own page share the invitation,
    so whichever submits first counts and the other finds it used.
    """
    with transaction.atomic():
        invitation = _open_invitations().select_for_update().filter(
            pk__in=invitations.values("pk")).first()
        if invitation is None:
            raise ValidationError(closed)
        questionnaire = invitation.questionnaire
        pairs = _validate(questionnaire, answers)
        municipality = invitation.trajectory.destination_municipality
        response = SurveyResponse.objects.create(
            questionnaire=questionnaire, audience=Audience.CLIENT, moment=invitation.moment,
            region_id=municipality.region_id, municipality=municipality,
            period=month_start(timezone.localdate()))
        SurveyAnswer.objects.bulk_create(SurveyAnswer(response=response, question=q, value=v)
                                         for q, v in pairs)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return invitation, response


def client_survey_submit(*, token: str, answers: dict[str, int]) -> SurveyResponse:
    """The client submits the questionnaire through the link (no login).

    The response keeps only the municipality, the moment and the month: after this no
    one can tell which household gave which answers. The link is used up in the same
    transaction, under a row lock, so a second submission of the same link fails.
    """
    invitations = SurveyInvitation.objects.filter(token_hash=hash_token(token))
    return _submit(invitations, answers, _("Deze link werkt niet meer."))[1]


def due_invitation(trajectory: Trajectory | None) -> SurveyInvitation | None:
    """The questionnaire the client may fill in now: the open link her supporter made."""
    if trajectory is None:
        return None
    return (_open_invitations().select_related("questionnaire")
            .filter(trajectory=trajectory).order_by("-created_at", "-id").first())


def own_survey_submit(*, trajectory: Trajectory, answers: dict[str, int]) -> SurveyInvitation:
    """The client fills in the due questionnaire in her own pages (Mijn afspraken).

    The same invitation as the link: it is used up, so the link no longer opens and the
    moment counts once. The answers are stored exactly as through the link, without the
    household; returns the (used) invitation, never the response.
    """
    return _submit(SurveyInvitation.objects.filter(trajectory=trajectory), answers,
                   _("Deze vragenlijst is al ingevuld."))[0]


def professional_questionnaire() -> Questionnaire:
    return Questionnaire.objects.get(audience=Audience.PROFESSIONAL, active=True)


def professional_survey_due(actor: Actor) -> bool:
    if not actor.has_role(*ANSWERING_ROLES):
        return False
    return not ProfessionalSurveyDone.objects.filter(
        user=actor.user, questionnaire__audience=Audience.PROFESSIONAL,
        period=quarter_start(timezone.localdate())).exists()


def professional_survey_submit(*, actor: Actor, answers: dict[str, int]) -> SurveyResponse:
    """A professional's answers for this quarter: once per quarter, stored without name."""
    if not actor.has_role(*ANSWERING_ROLES):
        raise PermissionDenied
    questionnaire = professional_questionnaire()
    pairs = _validate(questionnaire, answers)
    period = quarter_start(timezone.localdate())
    organisation = actor.organisation
    with transaction.atomic():
        created = ProfessionalSurveyDone.objects.get_or_create(
            user=actor.user, questionnaire=questionnaire, period=period)[1]
        if not created:
            raise ValidationError(_("U heeft de vragenlijst van dit kwartaal al ingevuld."))
        response = SurveyResponse.objects.create(
            questionnaire=questionnaire, audience=Audience.PROFESSIONAL, moment=Moment.PERIOD,
            region_id=organisation.region_id, municipality_id=organisation.municipality_id,
            role=actor.role, period=period)
        SurveyAnswer.objects.bulk_create(SurveyAnswer(response=response, question=q, value=v)
                                         for q, v in pairs)
    return response
