"""The client's own access: activate in person, log in with a passkey or an authenticator
app, end it.

Everything she does is logged in the access log with the ground ``client:self``.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import parse_authentication_credential_json
from webauthn.helpers.exceptions import WebAuthnException

from zicht.access.log import access_log
from zicht.access.models import SessionRecord
from zicht.access.policy import Access
from zicht.audit.models import AccessAction
from zicht.client.models import CheckIn, CheckInAnswer, ClientAccess
from zicht.client.passkeys import ACCOUNT_NAME, ClientWebAuthnHelper
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Role
from zicht.households.models import Household, InvolvementReason, Person, PersonRole
from zicht.households.selectors import is_involved
from zicht.notifications.models import Notification, NotificationKind
from zicht.notifications.services import notifications_send
from zicht.plans.models import ACTION_TRANSITIONS, Action, ActionChange, ActionStatus
from zicht.signals.models import Signal
from zicht.signals.services import signal_client_alarm
from zicht.trajectories.models import Phase
from zicht.trajectories.selectors import current_coordinator, current_trajectory

GROUND = "client:self"
# No 0/O, 1/I/L: she may have to type it from her authenticator app.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARERS = (InvolvementReason.SHELTER, InvolvementReason.SUPPORTER,
          InvolvementReason.COORDINATOR)
ACTIVATING_ROLES = (Role.SUPPORTER, Role.SHELTER_WORKER, Role.TEAM_LEAD)
CHECKIN_KINDS = {CheckInAnswer.GOOD: NotificationKind.CLIENT_GOOD,
                 CheckInAnswer.COULD_BE_BETTER: NotificationKind.CLIENT_BETTER,
                 CheckInAnswer.WANT_CONTACT: NotificationKind.CLIENT_CONTACT}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _is_adult(person: Person) -> bool:
    born = person.date_of_birth
    if born is None:
        return True  # the client is registered as the adult of the household
    today = timezone.localdate()
    return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= 18


def may_activate(actor: Actor, household: Household, access: Access | None = None) -> bool:
    """Those who carry the household (shelter, supporter, coordinator) in a care role.
    ``access``: what the page already decided; granted as a carer, it answers without
    asking the involvements again."""
    if not actor.has_role(*ACTIVATING_ROLES):
        return False
    return (access is not None and access.is_carer) or is_involved(actor, household, *CARERS)


def client_access_start(*, actor: Actor, household: Household) -> tuple[ClientAccess, str]:
    """Start access for the household's client: a single-use link for the QR code.

    Only the client (adult) ever gets access: never a child, never the perpetrator.
    An open access for her is replaced (a new phone), ending the old one's sessions.
    """
    if not may_activate(actor, household):
        raise PermissionDenied
    person = household.persons.filter(role=PersonRole.CLIENT).first()
    if person is None or not _is_adult(person):
        raise ValidationError(_("Alleen de volwassen cliënt kan toegang krijgen."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        for old in ClientAccess.objects.select_for_update().filter(person=person,
                                                                  ended_at__isnull=True):
            _end(actor, old)
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
        user = get_user_model().objects.create(username=f"client:{code}", first_name="Cliënt",
                                               last_name=_("(zelf)"))
        user.set_unusable_password()
        user.save(update_fields=["password"])
        access = ClientAccess.objects.create(
            household=household, person=person, user=user, login_code=code,
            activation_hash=token_hash(token),
            activation_expires_at=timezone.now()
            + timedelta(minutes=settings.ZICHT_CLIENT_ACTIVATION_MINUTES),
            started_by=actor.user, organisation=actor.organisation)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="client_access",
                   household_uuid=household.uuid, record_uuid=access.uuid)
    return access, token


def access_for_token(token: str) -> ClientAccess | None:
    """The access a valid, unused, unexpired activation link belongs to."""
    if not token:
        return None
    return (ClientAccess.objects.select_related("user")
            .filter(activation_hash=token_hash(token), ended_at__isnull=True,
                    activation_expires_at__gt=timezone.now()).first())


def activation_device(access: ClientAccess) -> TOTPDevice:
    """The (unconfirmed) authenticator-app device she is setting up."""
    device = TOTPDevice.objects.filter(user=access.user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=access.user, name="Mijn afspraken",
                                               confirmed=False)


def client_activate(*, access: ClientAccess, code: str, ip_address: str | None) -> TOTPDevice:
    """Confirm the authenticator app with its first code; the link is then used up."""
    device = activation_device(access)
    if not (code.isdigit() and device.verify_token(code)):
        raise ValidationError(_("Deze code klopt niet. Kijk in je app en probeer het opnieuw."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _activated(access, ip_address)
    return device


def _activated(access: ClientAccess, ip_address: str | None) -> None:
    """The link is used up; she has activated her access (logged as hers)."""
    access.activation_hash = ""
    access.activation_expires_at = None
    access.activated_at = timezone.now()
    access.save(update_fields=["activation_hash", "activation_expires_at", "activated_at"])
    access_log(actor=client_actor(access, ip_address), action=AccessAction.UPDATE,
               record_type="client_access", household_uuid=access.household.uuid,
               record_uuid=access.uuid, ground=GROUND)


# What goes wrong with a passkey is told to her in one way: no hint of why (ended, another
# account, a copied key), which would only help someone who is not her.
PASSKEY_REFUSED = _("Dat lukte niet. Vraag je ondersteuner om je opnieuw toegang te geven.")
PASSKEY_NOT_MADE = _("Dat lukte niet. Probeer het opnieuw, of gebruik de app hieronder.")
# What py_webauthn or the library raise on a response that does not check out, and what
# a malformed one (not the JSON the browser sends) raises while it is read.
_WEBAUTHN_ERRORS = (WebAuthnException, OTPWebAuthnApiError, KeyError, TypeError, ValueError,
                    AttributeError)


def client_passkey_options(*, access: ClientAccess) -> tuple[dict, dict]:
    """Options for her phone to make a passkey for this access, and the state (with the
    challenge) to check its answer against, kept in her session until then."""
    if access.ended_at is not None or access.activated_at is not None:
        raise PermissionDenied
    options, state = ClientWebAuthnHelper().register_begin(user=access.user)
    return options, {**state, "access": str(access.uuid)}


def client_activate_passkey(*, access: ClientAccess, state: dict | None, data,
                            ip_address: str | None) -> WebAuthnCredential:
    """Activate her access with the passkey her phone just made; the link is then used up.

    py_webauthn checks the answer against the challenge of this access's own options
    (used once: the view takes it out of the session first), the relying party and its
    origins. The passkey belongs to the access's own user; the app's unconfirmed key is
    removed, so the passkey is her one way in.
    """
    if not state or state.get("access") != str(access.uuid) or not isinstance(data, dict):
        raise ValidationError(PASSKEY_NOT_MADE)
    with transaction.atomic():
        locked = ClientAccess.objects.select_for_update().select_related("user", "household") \
            .get(pk=access.pk)
        if locked.ended_at is not None or locked.activated_at is not None:
            raise ValidationError(PASSKEY_NOT_MADE)
        try:
            credential = ClientWebAuthnHelper().register_complete(user=locked.user,
                                                                  state=state, data=data)
        except _WEBAUTHN_ERRORS as exc:
            raise ValidationError(PASSKEY_NOT_MADE) from exc
        credential.name = ACCOUNT_NAME
        credential.save(update_fields=["name"])
        TOTPDevice.objects.filter(user=locked.user, confirmed=False).delete()
        _activated(locked, ip_address)
    return credential


def client_passkey_login_options() -> tuple[dict, dict]:
    """Options to sign in with a passkey: no account named (her phone knows its passkey),
    her fingerprint, face or PIN asked for; and the state to check the answer against."""
    return ClientWebAuthnHelper().authenticate_begin(user=None, require_user_verification=True)


def client_passkey_login(*, state: dict | None, data) -> tuple[ClientAccess, WebAuthnCredential]:
    """The open access whose passkey signed this session's challenge, or refused.

    The passkey is looked up by its id among those of open, activated client accesses
    only: a professional's passkey, one of an ended access (deleted with it) or of an
    access replaced by a new QR code opens nothing. The row is locked while py_webauthn
    checks the signature, the challenge (used once), the origin and that the signature
    counter went up (a copied key is refused), and stores the new count.
    """
    if not state or not isinstance(data, dict):
        raise ValidationError(PASSKEY_REFUSED)
    try:
        raw_id = parse_authentication_credential_json(data).raw_id
    except _WEBAUTHN_ERRORS as exc:
        raise ValidationError(PASSKEY_REFUSED) from exc
    with transaction.atomic():
        credential = (WebAuthnCredential.objects.select_for_update()
                      .filter(credential_id_sha256=WebAuthnCredential
                              .get_credential_id_sha256(raw_id),
                              confirmed=True, user__is_active=True,
                              user__client_access__ended_at__isnull=True,
                              user__client_access__activated_at__isnull=False).first())
        if credential is None:
            raise ValidationError(PASSKEY_REFUSED)
        access = ClientAccess.objects.select_related("user", "household").get(
            user_id=credential.user_id)
        try:
            credential = ClientWebAuthnHelper().authenticate_complete(user=access.user,
                                                                      state=state, data=data)
        except _WEBAUTHN_ERRORS as exc:
            raise ValidationError(PASSKEY_REFUSED) from exc
    return access, credential


def client_login_check(*, login_code: str, code: str) -> tuple[ClientAccess, TOTPDevice] | None:
    """The access and device for a login code and a current code from her app."""
    access = (ClientAccess.objects.select_related("user")
              .filter(login_code=login_code.strip().upper().replace("-", "").replace(" ", ""),
                      ended_at__isnull=True, activated_at__isnull=False,
                      user__is_active=True).first())
    if access is None or not code.strip().isdigit():
        return None
    device = TOTPDevice.objects.filter(user=access.user, confirmed=True).first()
    if device is None or not device.verify_token(code.strip()):
        return None
    return access, device


def _end(actor: Actor, access: ClientAccess) -> None:
    access.ended_at = timezone.now()
    access.ended_by = actor.user
    access.activation_hash = ""
    access.save(update_fields=["ended_at", "ended_by", "activation_hash"])
    # An inactive user is no longer authenticated on her next request: ended at once.
    access.user.is_active = False
    access.user.save(update_fields=["is_active"])
    SessionRecord.objects.filter(user=access.user, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_reason="ended")
    TOTPDevice.objects.filter(user=access.user).delete()
    WebAuthnCredential.objects.filter(user=access.user).delete()  # her passkey ends with it
    access_log(actor=actor, action=AccessAction.DELETE, record_type="client_access",
               household_uuid=access.household.uuid, record_uuid=access.uuid)


def client_access_end(*, actor: Actor, access: ClientAccess) -> ClientAccess:
    """End the client's access at once (the phone is no longer hers, or she asks)."""
    if not may_activate(actor, access.household):
        raise PermissionDenied
    with transaction.atomic():
        if access.ended_at is None:
            _end(actor, access)
    return access


def client_actor(access: ClientAccess, ip_address: str | None = None) -> Actor:
    return Actor(user=access.user, membership=None, ip_address=ip_address)


# What she says in her pages, in a professional's inbox until read (and on Vandaag).
CLIENT_KINDS = (NotificationKind.CLIENT_GOOD, NotificationKind.CLIENT_BETTER,
                NotificationKind.CLIENT_CONTACT, NotificationKind.CLIENT_REVIEW,
                NotificationKind.CLIENT_ACTION)


SAME_TAP = timedelta(seconds=2)


def carers_of(trajectory) -> list[int]:
    """Who carries her now: the current supporter and coordinator (the professionals).

    Read at the moment she taps, never remembered: after a handover or a move her words
    reach the successor. With nobody named (a coordinating team without a professional,
    a team invited without a supporter), the team leads of that team hear it, so that
    nothing she says falls between two chairs.
    """
    if trajectory is None:
        return []
    ids = [trajectory.supporter_id]
    coordinator = current_coordinator(trajectory)
    if coordinator:
        ids.append(coordinator.professional_id)
    ids = sorted({i for i in ids if i})
    if ids:
        return ids
    teams = [o for o in (coordinator.organisation_id if coordinator else None,
                         trajectory.supporter_organisation_id) if o]
    return sorted(set(Membership.objects.filter(organisation_id__in=teams, active=True,
                                                role=Role.TEAM_LEAD)
                      .values_list("user_id", flat=True)))


def _carers(access: ClientAccess) -> list[int]:
    """Her supporter and coordinator (the professionals), to tell in their inbox."""
    return carers_of(current_trajectory(access.household))


def client_messages_follow(*, trajectory) -> int:
    """Her unread check-ins and requests follow a new supporter or coordinator.

    Called when the supporter or coordinator changes (``coordinator_changed``,
    ``trajectory_changed``), inside that transaction. An unread message of hers in the
    inbox of someone who no longer carries her is moved to the current carers (a copy
    for each, with its original time, unless they have it already) and is read for the
    predecessor: no one waits for an answer from someone who is gone. Returns how many
    messages were moved.
    """
    if trajectory.phase == Phase.CLOSED:
        return 0
    carers = set(carers_of(trajectory))
    if not carers:
        return 0  # nobody to give it to: it stays where it is, unread
    stale = list(Notification.objects.select_for_update()
                 .filter(household_id=trajectory.household_id, kind__in=CLIENT_KINDS,
                         read_at__isnull=True).exclude(recipient_id__in=carers))
    if not stale:
        return 0
    # One tap makes one message per carer, a few microseconds apart: the same words.
    held = list(Notification.objects.filter(household_id=trajectory.household_id,
                                            kind__in=CLIENT_KINDS, read_at__isnull=True,
                                            recipient_id__in=carers)
                .values_list("recipient_id", "kind", "created_at"))
    copies = []
    for old in sorted(stale, key=lambda n: n.created_at):
        for recipient in sorted(carers):
            if not any(r == recipient and k == old.kind and abs(at - old.created_at) < SAME_TAP
                       for r, k, at in held):
                held.append((recipient, old.kind, old.created_at))
                copies.append((recipient, old.kind, old.created_at))
    last = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    notifications_send([(r, k, trajectory.household_id) for r, k, _at in copies])
    # Keep the moment she said it: "since when" matters to whoever answers.
    new_rows = Notification.objects.filter(id__gt=last, household_id=trajectory.household_id,
                                           kind__in=CLIENT_KINDS).order_by("id")
    for row, (_r, _k, at) in zip(new_rows, copies, strict=False):
        Notification.objects.filter(pk=row.pk).update(created_at=at)
    Notification.objects.filter(pk__in=[n.pk for n in stale]).update(read_at=timezone.now())
    return len(stale)


def client_welcomed(*, access: ClientAccess) -> None:
    ClientAccess.objects.filter(pk=access.pk, welcomed_at__isnull=True).update(
        welcomed_at=timezone.now())


def client_checkin(*, access: ClientAccess, answer: str,
                   ip_address: str | None = None) -> CheckIn:
    """"Hoe gaat het?": the answer to her supporter's (and coordinator's) inbox."""
    if answer not in CheckInAnswer.values:
        raise ValidationError(_("Kies een van de antwoorden."))
    with transaction.atomic():
        checkin = CheckIn.objects.create(access=access, answer=answer)
        notifications_send([(r, CHECKIN_KINDS[answer], access.household_id)
                            for r in _carers(access)])
        access_log(actor=client_actor(access, ip_address), action=AccessAction.CREATE,
                   record_type="client_checkin", household_uuid=access.household.uuid,
                   record_uuid=checkin.uuid, ground=GROUND)
    return checkin


def client_unsafe(*, access: ClientAccess, ip_address: str | None = None) -> Signal:
    """"Ik voel me niet veilig": an acute signal, her supporter and coordinator told now."""
    with transaction.atomic():
        signal = signal_client_alarm(actor=client_actor(access, ip_address),
                                     household=access.household)
        trajectory = current_trajectory(access.household)
        supporter = trajectory.supporter_id if trajectory else None
        if supporter:
            notifications_send([(supporter, NotificationKind.SIGNAL_NEW,
                                 access.household_id)])
    return signal


def client_review_request(*, access: ClientAccess, ip_address: str | None = None) -> None:
    """"Er is iets veranderd": ask her supporter to review the safety plan."""
    with transaction.atomic():
        notifications_send([(r, NotificationKind.CLIENT_REVIEW, access.household_id)
                            for r in _carers(access)])
        access_log(actor=client_actor(access, ip_address), action=AccessAction.CREATE,
                   record_type="client_review_request",
                   household_uuid=access.household.uuid, ground=GROUND)


def is_own_action(access: ClientAccess, action: Action) -> bool:
    """An action she carries herself: the plan names her (or "cliënt") as responsible."""
    person = access.person
    names = {person.given_name.lower(), str(person).lower(), "cliënt", "client", "ik"}
    return action.responsible_person.strip().lower() in names


def client_action_update(*, access: ClientAccess, action: Action, done: bool, comment: str = "",
                         ip_address: str | None = None) -> Action:
    """She marks her own action done (or adds a comment); her supporter is told."""
    if action.plan.household_id != access.household_id or not is_own_action(access, action):
        raise PermissionDenied
    comment = comment.strip()[:500]
    status = ActionStatus.DONE if done else action.status
    if status != action.status and status not in ACTION_TRANSITIONS[action.status]:
        raise ValidationError(_("Deze actie kan niet meer op gedaan."))
    if status == action.status and not comment:
        raise ValidationError(_("Vink aan dat het gedaan is, of schrijf iets op."))
    with transaction.atomic():
        ActionChange.objects.create(action=action, from_status=action.status, to_status=status,
                                    note=comment, by=access.user,
                                    organisation=action.responsible_organisation)
        if status != action.status:
            action.status = status
            action.save(update_fields=["status"])
        notifications_send([(r, NotificationKind.CLIENT_ACTION, access.household_id)
                            for r in _carers(access)])
        access_log(actor=client_actor(access, ip_address), action=AccessAction.UPDATE,
                   record_type="plan_action", household_uuid=access.household.uuid,
                   record_uuid=action.uuid, ground=GROUND)
    return action
