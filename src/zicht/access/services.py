"""Writes about access: break the glass, sharing without consent, corrections, sessions."""

import hashlib
import re
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.access.log import access_log
from zicht.access.models import (
    Category,
    CorrectableField,
    Correction,
    EmergencyAccess,
    SessionRecord,
    SharingOverride,
)
from zicht.accounts.models import ApiToken
from zicht.audit.models import AccessAction
from zicht.core.notify import notify_by_email
from zicht.core.ratelimit import attempts_count
from zicht.directory.actor import Actor
from zicht.directory.models import Membership, Organisation, OrganisationKind, Role
from zicht.households.models import Household, Person, PersonRole
from zicht.households.services import birth_date_check

# Who may break the glass: Veilig Thuis, the round-the-clock point for acute danger that
# must act on families it does not carry, and the police. Supporters and team leads reach
# a household through their involvement; in acute danger elsewhere they call Veilig Thuis.
EMERGENCY_ROLES = (Role.VEILIG_THUIS,)
EMERGENCY_KINDS = (OrganisationKind.VEILIG_THUIS, OrganisationKind.POLICE)
# Who may record sharing without consent: professionals bound by the meldcode who carry
# the household (the policy checks they are involved as carer).
SHARING_ROLES = (Role.SHELTER_WORKER, Role.SUPPORTER, Role.TEAM_LEAD, Role.VEILIG_THUIS)


def _require_password(actor: Actor, password: str) -> None:
    if not actor.user.check_password(password):
        raise ValidationError({"password": _("Het wachtwoord klopt niet.")})


def _privacy_officer_emails(*organisations: Organisation) -> list[str]:
    return list(Membership.objects.filter(
        organisation__in=[o for o in organisations if o], role=Role.PRIVACY_OFFICER,
        active=True, user__is_active=True).values_list("user__email", flat=True))


def _coordinator_emails(household: Household) -> list[str]:
    from zicht.trajectories.models import CoordinatorAssignment

    assignment = (CoordinatorAssignment.objects
                  .filter(trajectory__household=household, ended_at__isnull=True)
                  .select_related("professional", "organisation").first())
    if assignment is None:
        return []
    emails = [assignment.organisation.email]
    if assignment.professional:
        emails.append(assignment.professional.email)
    emails += _privacy_officer_emails(assignment.organisation)
    return emails


def emergency_access_open(*, actor: Actor, reference: str, date_of_birth: date | None,
                          reason: str, password: str) -> EmergencyAccess:
    """Break the glass (noodtoegang): open a household one is not involved with.

    Only for ``EMERGENCY_ROLES`` and ``EMERGENCY_KINDS``; with the household's reference
    and the date of birth of the client or a child, so that a reference alone opens
    nothing; with a stated reason and the password entered again; at most
    ``ZICHT_EMERGENCY_ACCESS_ATTEMPTS`` attempts an hour. An unknown reference and a wrong
    date of birth get the same answer. The grant lasts ``ZICHT_EMERGENCY_ACCESS_HOURS``
    hours; the coordinator and the privacy officers of both organisations are told
    (without any detail), and the access log marks it.
    """
    org = actor.organisation
    if org is None or not (actor.has_role(*EMERGENCY_ROLES) or org.kind in EMERGENCY_KINDS):
        raise PermissionDenied
    if attempts_count(f"emergency-access:user:{actor.user.pk}", window_seconds=3600) > (
            settings.ZICHT_EMERGENCY_ACCESS_ATTEMPTS):
        raise ValidationError(_("Te veel pogingen in het afgelopen uur. Bel in acuut gevaar "
                                "de regisseur of 112."))
    _require_password(actor, password)
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Beschrijf waarom u nu toegang nodig hebt.")})
    household = (Household.objects.filter(
        reference=reference.strip().upper(), persons__date_of_birth=date_of_birth,
        persons__role__in=(PersonRole.CLIENT, PersonRole.CHILD)).first()
        if date_of_birth else None)
    if household is None:
        # Logged without a household, so the privacy officer sees the probing too.
        access_log(actor=actor, action=AccessAction.EMERGENCY, record_type="emergency_refused")
        raise ValidationError({"reference": _(
            "Met dit kenmerk en deze geboortedatum is geen noodtoegang mogelijk. Controleer "
            "beide, of bel de regisseur.")})
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            household=household, user=actor.user, organisation=org, reason=reason,
            expires_at=timezone.now() + timedelta(hours=settings.ZICHT_EMERGENCY_ACCESS_HOURS))
        access_log(actor=actor, action=AccessAction.EMERGENCY, record_type="household",
                   household_uuid=household.uuid, record_uuid=grant.uuid,
                   ground=f"emergency:{grant.uuid}")
        notify_by_email(_coordinator_emails(household) + _privacy_officer_emails(org))
    return grant


def sharing_request(*, actor: Actor, household: Household, organisation: Organisation,
                    categories: list[str], reason: str, valid_until: datetime,
                    hidden_from_client: bool = False,
                    hidden_reason: str = "") -> SharingOverride:
    """Propose sharing without consent. It holds only once a second professional approves."""
    from zicht.access.policy import CARER_REASONS, is_involved

    if not (actor.has_role(*SHARING_ROLES) and is_involved(actor, household, *CARER_REASONS)):
        raise PermissionDenied
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Leg vast waarom de veiligheid delen zonder toestemming vraagt.")
    if valid_until <= timezone.now():
        errors["valid_until"] = _("Kies een einde in de toekomst.")
    elif valid_until > timezone.now() + timedelta(days=settings.ZICHT_SHARING_MAX_DAYS):
        errors["valid_until"] = _("Delen zonder toestemming duurt hooguit %(d)s dagen.") % {
            "d": settings.ZICHT_SHARING_MAX_DAYS}
    if not categories or set(categories) - set(Category.values):
        errors["categories"] = _("Kies welke gegevens gedeeld worden.")
    if hidden_from_client and not hidden_reason.strip():
        errors["hidden_reason"] = _("Leg vast waarom de cliënt dit niet mag zien.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        override = SharingOverride.objects.create(
            household=household, organisation=organisation, categories=sorted(categories),
            reason=reason.strip(), valid_until=valid_until,
            hidden_from_client=hidden_from_client, hidden_reason=hidden_reason.strip(),
            requested_by=actor.user)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="sharing_override",
                   household_uuid=household.uuid, record_uuid=override.uuid)
    return override


def sharing_approve(*, actor: Actor, override: SharingOverride) -> SharingOverride:
    """The second pair of eyes: a different professional, also carrying the household."""
    from zicht.access.policy import CARER_REASONS, is_involved

    if not (actor.has_role(*SHARING_ROLES)
            and is_involved(actor, override.household, *CARER_REASONS)):
        raise PermissionDenied
    if override.requested_by_id == actor.user.pk:
        raise ValidationError(_("Een tweede professional moet dit goedkeuren, niet de "
                                "aanvrager zelf."))
    if override.approved_at is not None:
        raise ValidationError(_("Dit is al goedgekeurd."))
    with transaction.atomic():
        override.approved_by = actor.user
        override.approved_at = timezone.now()
        override.save(update_fields=["approved_by", "approved_at"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="sharing_override",
                   household_uuid=override.household.uuid, record_uuid=override.uuid)
    return override


def sharing_revoke(*, actor: Actor, override: SharingOverride) -> SharingOverride:
    from zicht.access.policy import CARER_REASONS, is_involved

    if not is_involved(actor, override.household, *CARER_REASONS):
        raise PermissionDenied
    with transaction.atomic():
        override.revoked_at = timezone.now()
        override.save(update_fields=["revoked_at"])
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="sharing_override",
                   household_uuid=override.household.uuid, record_uuid=override.uuid)
    return override


# --- Correction (AVG art. 16) -----------------------------------------------------------


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def person_correct(*, actor: Actor, person: Person, changes: dict[str, Any],
                   reason: str) -> list[Correction]:
    """Correct a person's recorded data (correctie, AVG art. 16), with its trail.

    Only those who carry the household (shelter, supporter, coordinator) correct; the
    reason is required ("op verzoek van cliënt"). One ``Correction`` per field that really
    changes, holding the old and the new value (encrypted), and one access-log entry, all
    in one transaction. Nothing of the values goes into a log line or an error message.
    """
    from zicht.access.policy import CARER_REASONS, is_involved

    household = person.household
    if not is_involved(actor, household, *CARER_REASONS):
        raise PermissionDenied
    errors: dict[str, str] = {}
    unknown = set(changes) - set(CorrectableField.values)
    if unknown:
        errors["changes"] = _("Deze gegevens kunnen niet gecorrigeerd worden.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Leg vast waarom dit gecorrigeerd wordt, bijvoorbeeld: op verzoek "
                             "van de cliënt.")
    if errors:
        raise ValidationError(errors)
    changed = {name: value for name, value in changes.items()
               if _as_text(value) != _as_text(getattr(person, name))}
    if not changed:
        raise ValidationError(_("Er is niets gewijzigd."))
    if changed.get("date_of_birth"):
        try:
            birth_date_check(changed["date_of_birth"])
        except ValidationError as error:
            errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
    if changed.get("bsn") and not re.fullmatch(r"\d{8,9}", changed["bsn"]):
        errors["bsn"] = _("Een BSN heeft 8 of 9 cijfers.")
    old = {name: getattr(person, name) for name in changed}
    for name, value in changed.items():
        setattr(person, name, "" if value is None and name != "date_of_birth" else value)
    try:
        person.clean_fields(exclude=[f.name for f in Person._meta.fields
                                     if f.name not in changed])
    except ValidationError as error:
        errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
    if errors:
        for name, value in old.items():
            setattr(person, name, value)
        raise ValidationError(errors)
    with transaction.atomic():
        person.save(update_fields=list(changed))
        corrections = [Correction.objects.create(
            person=person, field=name, old_value=_as_text(old[name]),
            new_value=_as_text(getattr(person, name)), reason=reason,
            corrected_by=actor.user, organisation=actor.organisation)
            for name in changed]
        access_log(actor=actor, action=AccessAction.UPDATE, record_type="person",
                   household_uuid=household.uuid, record_uuid=person.uuid)
    return corrections


# --- Sessions ---------------------------------------------------------------------------


def session_key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def sessions_end_for_user(*, user, reason: str, except_hash: str | None = None) -> int:
    """End every open session of a professional (the middleware logs them out)."""
    qs = SessionRecord.objects.filter(user=user, ended_at__isnull=True)
    if except_hash:
        qs = qs.exclude(key_hash=except_hash)
    return qs.update(ended_at=timezone.now(), ended_reason=reason)


@transaction.atomic
def password_change(*, actor: Actor, new_password: str, session_key: str) -> int:
    """The professional sets a new password (the form has checked the old one and the
    password rules); every other session ends, as someone may have used the old one.
    Returns how many sessions ended."""
    actor.user.set_password(new_password)
    actor.user.save(update_fields=["password"])
    access_log(actor=actor, action=AccessAction.UPDATE, record_type="password")
    return sessions_end_for_user(user=actor.user, reason="password_changed",
                                 except_hash=session_key_hash(session_key))


def sessions_end_everywhere(*, user, reason: str) -> int:
    """End every session of a professional at once (issue 15: deactivated, or the second
    factor reset): the records end and Django's own sessions are deleted, so not even a
    request that skips the session middleware gets through."""
    from importlib import import_module

    hashes = set(SessionRecord.objects.filter(user=user, ended_at__isnull=True)
                 .values_list("key_hash", flat=True))
    ended = sessions_end_for_user(user=user, reason=reason)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hashes and hasattr(store, "get_model_class"):
        # Only hashes of the keys are kept (``SessionRecord``): match them on the live ones.
        model = store.get_model_class()
        live = model.objects.filter(expire_date__gt=timezone.now()).values_list(
            "session_key", flat=True)
        keys = [k for k in live.iterator() if session_key_hash(k) in hashes]
        model.objects.filter(session_key__in=keys).delete()
    return ended


def session_end(*, user, record_id: int) -> None:
    """A professional ends one of their own sessions; someone else's is not found."""
    SessionRecord.objects.filter(user=user, pk=record_id, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_reason="ended_by_user")


# --- API tokens (issue 15.6 and 19) ---------------------------------------------------


def _token_expiry(days: int):
    if not 1 <= days <= settings.ZICHT_API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": _("Een API-sleutel geldt 1 tot %(max)s dagen.")
                               % {"max": settings.ZICHT_API_TOKEN_MAX_DAYS}})
    return timedelta(days=days)


def api_token_create(*, actor: Actor, name: str, days: int) -> tuple[ApiToken, str]:
    """The professional makes an API token for themself: it acts with their rights but
    never reveals an address. The key is returned once, to be shown once, and only its
    digest is kept. Nobody makes a token for someone else (issue 19); the caller requires
    re-authentication first."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Geef de sleutel een naam, bv. het systeem dat hem "
                                         "gebruikt.")})
    expiry = _token_expiry(days)
    with transaction.atomic():
        if ApiToken.objects.filter(user=actor.user, expiry__gt=timezone.now()).count() >= (
                settings.ZICHT_API_TOKEN_LIMIT):
            raise ValidationError(_("U heeft al %(n)s API-sleutels; trek er eerst een in.")
                                  % {"n": settings.ZICHT_API_TOKEN_LIMIT})
        token, key = ApiToken.objects.create(user=actor.user, expiry=expiry, name=name)
        access_log(actor=actor, action=AccessAction.CREATE, record_type="api_token",
                   record_uuid=token.uuid)
    return token, key


def may_revoke_api_token(actor: Actor, token: ApiToken) -> bool:
    """The owner; the administrator of an organisation the owner belongs to; the operator
    in Django's admin (a superuser). Revoking gives nobody any access."""
    if token.user_id == actor.user.pk or actor.user.is_superuser:
        return True
    return actor.has_role(Role.ADMIN) and Membership.objects.filter(
        user_id=token.user_id, organisation=actor.organisation).exists()


def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    if not may_revoke_api_token(actor, token):
        raise PermissionDenied
    with transaction.atomic():
        token.delete()
        access_log(actor=actor, action=AccessAction.DELETE, record_type="api_token",
                   record_uuid=token.uuid)


def api_tokens_end_for_user(*, user) -> int:
    """End every token of an account (deactivated, or its last membership ended)."""
    return ApiToken.objects.filter(user=user).delete()[0]


def system_token_create(*, system: str, organisation: Organisation, role: str,
                        scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A token for an organisation's system, made by the operator (``zicht token_create``),
    never through a page: only such a token may carry a scope, such as ``address``
    (issue 19), so no administrator can make a credential that reveals what a carer reads.

    The token belongs to a service account of its own (``systeem-<name>``, without a
    password, so it cannot sign in), a member of the organisation in the given role; the
    access policy treats it as any member in that role, and the access log names the system.
    The creation is logged under the service account; the key is returned once.
    """
    from django.utils.text import slugify

    from zicht.accounts.models import ApiTokenScope, User

    system = system.strip()
    unknown = set(scopes) - set(ApiTokenScope.values)
    if not system or unknown or role not in Role.values:
        raise ValidationError(_("Geef een naam, een bestaande rol en bekende rechten op."))
    expiry = _token_expiry(days)
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=f"systeem-{slugify(system)}"[:150],
            defaults={"first_name": _("Systeem"), "last_name": system})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role,
            defaults={"in_directory": False})
        if not membership.active:
            raise ValidationError(_("Het systeemaccount is in deze organisatie niet actief."))
        token, key = ApiToken.objects.create(user=user, expiry=expiry, name=system,
                                             is_system=True, scopes=" ".join(sorted(scopes)))
        access_log(actor=Actor(user=user, membership=membership), action=AccessAction.CREATE,
                   record_type="system_api_token", record_uuid=token.uuid,
                   ground="zicht token_create")
    return token, key


def passkeys_of(user):
    """The professional's own passkeys, most recently used first."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user).order_by(
        F("last_used_at").desc(nulls_last=True), "-created_at")


def passkey_registered(*, actor: Actor) -> None:
    """Written after django-otp-webauthn saved a new passkey (its view does the saving)."""
    access_log(actor=actor, action=AccessAction.CREATE, record_type="passkey")


def _only_second_factor() -> ValidationError:
    return ValidationError(_("Dit is uw enige tweede factor: zonder kunt u niet inloggen. "
                             "Voeg eerst een andere passkey of de authenticator-app toe."))


def _lock_own_second_factors(user) -> None:
    """One removal at a time per professional: two at once must not both find the other
    factor still there (issue 15: every professional keeps a second factor)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def passkey_remove(*, actor: Actor, credential_id: int) -> bool:
    """Remove one of the actor's own passkeys; another's passkey does not exist for her.
    Her only second factor stays: a professional always signs in with two factors."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        _lock_own_second_factors(actor.user)
        own = passkeys_of(actor.user).filter(pk=credential_id).first()
        if own is None:
            return False
        others = (passkeys_of(actor.user).filter(confirmed=True).exclude(pk=own.pk).exists()
                  or TOTPDevice.objects.filter(user=actor.user, confirmed=True).exists())
        if not others:
            raise _only_second_factor()
        own.delete()
        access_log(actor=actor, action=AccessAction.DELETE, record_type="passkey")
    return True


def authenticator_app_remove(*, actor: Actor) -> None:
    """Remove the authenticator app (and the backup codes that stand in for it) when a
    passkey remains: instead of django-two-factor-auth's "disable", which removes every
    second factor at once."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        _lock_own_second_factors(actor.user)
        if not passkeys_of(actor.user).filter(confirmed=True).exists():
            raise _only_second_factor()
        removed = TOTPDevice.objects.filter(user=actor.user).delete()[0]
        StaticDevice.objects.filter(user=actor.user).delete()
        if removed:
            access_log(actor=actor, action=AccessAction.DELETE, record_type="authenticator_app")
