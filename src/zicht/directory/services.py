"""The directory (sociale kaart) is kept by each organisation's own administrator.

Seed 002, "Verdere details over de praktische uitwerking": an overview of all supporters
and shelter contact persons. Each organisation keeps its own entry current.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core import events
from zicht.core.notify import notify_by_email
from zicht.directory.actor import Actor
from zicht.directory.models import (
    INVITABLE_ROLES,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
    SecondFactorReset,
)

logger = logging.getLogger(__name__)


def _require_admin_of(actor: Actor, organisation: Organisation) -> None:
    if not (actor.has_role(Role.ADMIN) and actor.organisation == organisation):
        raise PermissionDenied


def organisation_update(*, actor: Actor, organisation: Organisation, email: str,
                        phone: str) -> Organisation:
    _require_admin_of(actor, organisation)
    with transaction.atomic():
        organisation.email = email
        organisation.phone = phone
        organisation.save(update_fields=["email", "phone"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="organisation",
                   record_uuid=organisation.uuid)
    return organisation


def may_hold_doorzettingsmacht(membership: Membership, role: str | None = None) -> bool:
    """Policy staff and team leads of a municipal team (the constraint on the model);
    ``role`` is the role the membership is about to get, if it changes."""
    return (membership.organisation.kind == OrganisationKind.MUNICIPALITY_TEAM
            and (role or membership.role) in (Role.POLICY, Role.TEAM_LEAD))


def membership_update(*, actor: Actor, membership: Membership, active: bool,
                      in_directory: bool, role: str | None = None,
                      doorzettingsmacht: bool = False) -> Membership:
    """The admin switches a membership on or off, lists it, changes its role, or names
    it holder of the municipality's doorzettingsmacht. Switching it off ends the
    professional's sessions at once (issue 15)."""
    _require_admin_of(actor, membership.organisation)
    role = role or membership.role
    if role != membership.role and role not in INVITABLE_ROLES:
        raise ValidationError({"role": _("Deze rol kunt u niet geven.")})
    if membership.user_id == actor.user.pk and (not active or role != Role.ADMIN):
        raise ValidationError(_("Uw eigen beheerrol zet u niet uit: vraag een andere "
                                "beheerder van uw organisatie."))
    if role != membership.role and Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id,
            role=role).exists():
        raise ValidationError({"role": _("Deze medewerker heeft deze rol al in uw "
                                         "organisatie.")})
    if doorzettingsmacht and not may_hold_doorzettingsmacht(membership, role):
        raise ValidationError({"doorzettingsmacht": _(
            "Doorzettingsmacht hoort bij een beleidsmedewerker of teamleider van een "
            "gemeentelijk team.")})
    with transaction.atomic():
        old_role, was_active = membership.role, membership.active
        membership.active = active
        membership.in_directory = in_directory
        membership.role = role
        membership.doorzettingsmacht = doorzettingsmacht
        membership.save(update_fields=["active", "in_directory", "role", "doorzettingsmacht"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="membership",
                   record_uuid=membership.uuid)
        if role != old_role:
            access_log(actor=actor, action=AccessAction.UPDATE, record_type="staff_role_changed",
                       record_uuid=membership.uuid, ground=f"{old_role}>{role}")
        if was_active != active:
            access_log(actor=actor, action=AccessAction.UPDATE,
                       record_type="staff_deactivated" if not active else "staff_reactivated",
                       record_uuid=membership.uuid)
        if was_active and not active:
            events.professional_deactivated.send(sender=Membership, user=membership.user,
                                                 reason="membership_deactivated")
    return membership


def account_deactivate(*, actor: Actor, membership: Membership) -> User:
    """The admin turns the whole account off: the professional can no longer log in, and
    every session ends at once. Only for someone who works for no other organisation: an
    admin decides over their own organisation, not over another's staff."""
    _require_admin_of(actor, membership.organisation)
    user = membership.user
    if user.pk == actor.user.pk:
        raise ValidationError(_("Uw eigen account zet u niet uit: vraag een andere "
                                "beheerder van uw organisatie."))
    if user.memberships.filter(active=True).exclude(
            organisation_id=membership.organisation_id).exists():
        raise ValidationError(_("Deze medewerker werkt ook voor een andere organisatie. "
                                "Zet alleen het lidmaatschap bij uw organisatie uit."))
    with transaction.atomic():
        user.memberships.filter(organisation_id=membership.organisation_id).update(active=False)
        user.is_active = False
        user.save(update_fields=["is_active"])
        access_log(actor=actor, action=AccessAction.UPDATE,
                   record_type="staff_account_deactivated", record_uuid=membership.uuid)
        events.professional_deactivated.send(sender=User, user=user,
                                             reason="account_disabled")
    return user


def sign_in_refusal_log(*, user: User, way: str, ip_address: str | None = None) -> None:
    """An account whose last membership ended was refused (its password or passkey was
    right) or its running session was ended: logged under its latest membership, so that
    that organisation's staff trail shows it. ``way``: "password",
    "passkey" or "session"."""
    ended = user.memberships.select_related("organisation").order_by("-id").first()
    with transaction.atomic():
        access_log(actor=Actor(user=user, membership=ended, ip_address=ip_address),
                   action=AccessAction.READ, record_type="sign_in_refused",
                   record_uuid=ended.uuid if ended else None,
                   ground=f"no_membership:{way}")
    logger.info("sign-in refused", extra={"reason": "no_membership", "way": way})


# --- Invitations (issue 15) ----------------------------------------------------------------


def invite_days() -> int:
    return int(getattr(settings, "ZICHT_INVITE_DAYS", 3))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _may_invite(actor: Actor, organisation: Organisation, role: str) -> bool:
    if actor.has_role(Role.ADMIN) and actor.organisation == organisation:
        return True
    # The region's admin invites the first admin of an organisation of its region, or a
    # new one when the organisation has none left (the first invitation expired).
    return (actor.has_role(Role.REGIONAL_ADMIN) and role == Role.ADMIN
            and actor.organisation is not None
            and organisation.region_id == actor.organisation.region_id
            and not organisation.memberships.filter(role=Role.ADMIN, active=True,
                                                    user__is_active=True).exists())


def _existing_account(email: str) -> User | None:
    return (User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
            .order_by("id").first())


def _mail(address: str, subject: str, body: str) -> None:
    """One e-mail after commit, in the deployment's language; it never names a household,
    an organisation or a role (an e-mail may be read on a shared screen)."""

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except OSError:
            # The admin sees the invitation as open and can send it again.
            logger.warning("mail not sent", extra={"kind": "staff"})

    transaction.on_commit(send)


def _invitation_mail(address: str, token: str, expires_at) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.ZICHT_BASE_URL.rstrip("/") + reverse("directory:invitation",
                                                            args=[token])
        until = formats.date_format(timezone.localtime(expires_at), "DATETIME_FORMAT")
        subject = _("Er staat een account voor u klaar in Zicht")
        body = _(
            "Er staat een account voor u klaar in Zicht.\n\n"
            "Open deze link om een wachtwoord te kiezen en uw tweede factor in te stellen:\n"
            "%(link)s\n\n"
            "De link werkt één keer en tot %(until)s.\n\n"
            "Verwachtte u deze e-mail niet? Neem dan contact op met de beheerder van uw "
            "organisatie."
        ) % {"link": link, "until": until}
    _mail(address, subject, body)


def invitation_create(*, actor: Actor, organisation: Organisation, email: str,
                      first_name: str, last_name: str, role: str) -> Invitation | Membership:
    """Invite a professional by e-mail with a role (issue 15).

    An e-mail address that already has an account gets no second account: the account gets
    a membership of the organisation at once (returned instead of an invitation), and the
    professional an e-mail that there is something new. A new address gets a single-use
    link, valid ``ZICHT_INVITE_DAYS`` days; inviting it again replaces the open link.
    """
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": _("Deze rol kunt u niet geven.")})
    if not _may_invite(actor, organisation, role):
        raise PermissionDenied
    email = email.strip().lower()
    existing = _existing_account(email)
    if existing is not None:
        return _membership_add(actor=actor, organisation=organisation, user=existing,
                               role=role)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(organisation=organisation, email=email,
                                  accepted_at__isnull=True, revoked_at__isnull=True
                                  ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation, role=role, email=email, first_name=first_name.strip(),
            last_name=last_name.strip(), token_hash=hash_token(token), invited_by=actor.user,
            expires_at=now + timedelta(days=invite_days()))
        access_log(actor=actor, action=AccessAction.CREATE, record_type="staff_invited",
                   record_uuid=invitation.uuid, ground=role)
        _invitation_mail(email, token, invitation.expires_at)
    return invitation


def _membership_add(*, actor: Actor, organisation: Organisation, user: User,
                    role: str) -> Membership:
    if not user.is_active:
        raise ValidationError({"email": _(
            "Het account met dit e-mailadres is uitgezet. Een uitgezet account gaat niet "
            "weer aan door een uitnodiging: neem contact op met de regiobeheerder.")})
    membership = Membership.objects.filter(user=user, organisation=organisation,
                                           role=role).first()
    if membership is not None:
        raise ValidationError({"email": _(
            "Deze medewerker heeft deze rol al in uw organisatie. Een uitgezet lidmaatschap "
            "zet u weer aan op de pagina van de medewerker.")})
    with transaction.atomic():
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="staff_membership_added",
                   record_uuid=membership.uuid, ground=role)
        notify_by_email([user.email])
    return membership


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link, open or not (the page says which); None if unknown."""
    return (Invitation.objects.select_related("organisation")
            .filter(token_hash=hash_token(token)).first())


def invitation_accept(*, invitation: Invitation, password: str,
                      ip_address: str | None = None) -> User:
    """The invitee chooses a password: the account and its membership are made, and the
    link is used up. The second factor comes next (``RequireTwoFactorMiddleware`` lets the
    account do nothing else before it)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise ValidationError(_("Deze uitnodiging is niet meer geldig."))
        user = User(username=invitation.email, email=invitation.email,
                    first_name=invitation.first_name, last_name=invitation.last_name)
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from error
        if _existing_account(invitation.email) is not None:
            raise ValidationError(_("Er bestaat al een account met dit e-mailadres. Log in "
                                    "of vraag uw beheerder om hulp."))
        user.set_password(password)
        user.save()
        invitation_used(invitation=invitation, user=user, ip_address=ip_address)
    return user


def invitation_used(*, invitation: Invitation, user: User, ip_address: str | None,
                    ground: str = "") -> Membership:
    """The invitee has her account (a password chosen, or a first sign-in through her
    organisation, ``directory.sso``): the membership in the role invited, the link used
    up, logged as hers. Inside the caller's transaction."""
    membership = Membership.objects.create(user=user, organisation=invitation.organisation,
                                           role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    access_log(actor=Actor(user=user, membership=membership, ip_address=ip_address),
               action=AccessAction.UPDATE, record_type="staff_invitation_accepted",
               record_uuid=invitation.uuid, ground=ground)
    return membership


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    _require_admin_of(actor, invitation.organisation)
    with transaction.atomic():
        if invitation.is_open:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            access_log(actor=actor, action=AccessAction.DELETE,
                       record_type="staff_invitation_revoked", record_uuid=invitation.uuid)
    return invitation


# --- A new organisation (issue 15) ----------------------------------------------------------


def organisation_onboard(*, actor: Actor, name: str, kind: str,
                         municipality: Municipality | None, email: str, phone: str,
                         admin_email: str, admin_first_name: str,
                         admin_last_name: str) -> Organisation:
    """The regional admin connects a new organisation of its region (a school joins) and
    invites its first admin, in one step."""
    if not actor.has_role(Role.REGIONAL_ADMIN) or actor.organisation is None:
        raise PermissionDenied
    region = actor.organisation.region
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError({"municipality": _("Deze gemeente hoort niet bij uw regio.")})
    if Organisation.objects.filter(region=region, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Er is al een organisatie met deze naam in uw regio.")})
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name.strip(), kind=kind, region=region, municipality=municipality,
            email=email, phone=phone)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="organisation_onboarded",
                   record_uuid=organisation.uuid, ground=kind)
        try:
            invitation_create(actor=actor, organisation=organisation, email=admin_email,
                              first_name=admin_first_name, last_name=admin_last_name,
                              role=Role.ADMIN)
        except ValidationError as error:
            # The first admin's address belongs to an account that is switched off.
            raise ValidationError({"admin_email": error.messages}) from error
    return organisation


# --- A lost second factor (issue 15.2) ------------------------------------------------------

APPROVER_ROLES = (Role.ADMIN, Role.PRIVACY_OFFICER)


def _approver_emails(organisation: Organisation, *, besides: list[int]) -> list[str]:
    return list(Membership.objects.filter(
        organisation=organisation, role__in=APPROVER_ROLES, active=True, user__is_active=True
    ).exclude(user_id__in=besides).values_list("user__email", flat=True))


def second_factor_reset_request(*, actor: Actor, membership: Membership,
                                reason: str) -> SecondFactorReset:
    """The admin asks to replace a professional's lost second factor; nothing happens until
    a second admin or the privacy officer approves."""
    _require_admin_of(actor, membership.organisation)
    professional = membership.user
    if professional.pk == actor.user.pk:
        raise ValidationError(_("Voor uw eigen tweede factor vraagt een andere beheerder "
                                "het herstel aan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden.")})
    if SecondFactorReset.objects.filter(
            organisation=membership.organisation, professional=professional,
            approved_at__isnull=True, cancelled_at__isnull=True).exists():
        raise ValidationError(_("Voor deze medewerker wacht al een aanvraag op goedkeuring."))
    with transaction.atomic():
        reset = SecondFactorReset.objects.create(
            organisation=membership.organisation, professional=professional,
            reason=reason.strip(), requested_by=actor.user)
        access_log(actor=actor, action=AccessAction.CREATE,
                   record_type="second_factor_reset_requested", record_uuid=reset.uuid)
        notify_by_email(_approver_emails(membership.organisation,
                                         besides=[actor.user.pk, professional.pk]))
    return reset


def second_factor_reset_approve(*, actor: Actor, reset: SecondFactorReset) -> SecondFactorReset:
    """Four eyes: a second admin or the privacy officer of the organisation approves; the
    professional's devices are removed and every session ends, so the next login asks for
    a new second factor. The professional gets an e-mail without details."""
    from django_otp import devices_for_user

    if not (actor.has_role(*APPROVER_ROLES) and actor.organisation == reset.organisation):
        raise PermissionDenied
    if actor.user.pk in (reset.requested_by_id, reset.professional_id):
        raise ValidationError(_("Een tweede persoon keurt goed: niet wie het aanvroeg en "
                                "niet de medewerker zelf."))
    with transaction.atomic():
        reset = SecondFactorReset.objects.select_for_update().get(pk=reset.pk)
        if reset.approved_at is not None or reset.cancelled_at is not None:
            raise ValidationError(_("Deze aanvraag is al afgehandeld."))
        reset.approved_by = actor.user
        reset.approved_at = timezone.now()
        reset.save(update_fields=["approved_by", "approved_at"])
        professional = reset.professional
        for device in list(devices_for_user(professional, confirmed=None)):
            device.delete()
        access_log(actor=actor, action=AccessAction.UPDATE,
                   record_type="second_factor_reset_approved", record_uuid=reset.uuid)
        events.second_factor_reset.send(sender=SecondFactorReset, user=professional)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Uw tweede factor in Zicht is opnieuw ingesteld")
            body = _(
                "Uw tweede factor in Zicht is opnieuw ingesteld. Bij de volgende keer "
                "inloggen stelt u een nieuwe in.\n\n"
                "Was u dit niet? Bel dan uw beheerder."
            )
        if professional.email:
            _mail(professional.email, subject, body)
    return reset


def second_factor_reset_cancel(*, actor: Actor, reset: SecondFactorReset) -> SecondFactorReset:
    if not (actor.has_role(*APPROVER_ROLES) and actor.organisation == reset.organisation):
        raise PermissionDenied
    with transaction.atomic():
        updated = SecondFactorReset.objects.filter(
            pk=reset.pk, approved_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if updated:
            access_log(actor=actor, action=AccessAction.UPDATE,
                       record_type="second_factor_reset_cancelled", record_uuid=reset.uuid)
    return reset
