"""Single sign-on per organisation (issue 15.5): who a provider's subject is in Zicht.

The protocol (redirect, state, nonce, PKCE, the token exchange and the ID token's
signature) is mozilla-django-oidc's, in ``directory.oidc``; this module holds the rules:

- **Which provider**: the domain of the e-mail address the professional types
  (``single_sign_on_for_email``). Whatever is typed, the answer is the same kind of page
  or the same redirect: it never tells whether an account exists.
- **Who it is**: a known subject (issuer + subject, ``SingleSignOnIdentity``) is its
  account; an unknown one is linked to the account of the provider's *verified* e-mail
  address when that account has an active membership of the organisation (an invited
  professional), or made from an open invitation of the organisation for that address;
  else refused, unless the organisation allows accounts on first sign-in.
- **Refused**: a switched-off account, an ended membership, an unverified e-mail address,
  another organisation's account. The refusal reads the same for every reason.
- **Second factor**: the ID token's ``amr`` or ``acr`` says whether the provider asked two
  factors (``mfa_by_provider``); if not, Zicht asks its own before anything else.

Every link, account, sign-in and refusal is an entry of the append-only access log.
"""

import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.accounts.models import User
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.audit.services import access_log
from zicht.directory.actor import Actor
from zicht.directory.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    SingleSignOn,
    SingleSignOnDevice,
    SingleSignOnIdentity,
)
from zicht.directory.services import invitation_used

logger = logging.getLogger(__name__)

#: Why a sign-in was refused: in the access log only, never on the page.
REFUSALS = ("unknown", "inactive", "no_membership", "email_unverified", "other_account",
            "state", "provider", "off", "reconfirm", "reconfirm_stale")


class SignInRefused(Exception):  # noqa: N818 (a refusal, not a fault)
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProviderClaims:
    """What Zicht uses of the provider's verified ID token (and its userinfo)."""

    issuer: str
    subject: str
    email: str = ""
    email_verified: bool = False
    given_name: str = ""
    family_name: str = ""
    amr: list[str] = field(default_factory=list)
    acr: str = ""


@dataclass(frozen=True)
class SignIn:
    user: User
    membership: Membership
    outcome: str  # "signed_in", "linked" or "created"
    mfa: bool  # the provider asked two factors


def timeout() -> float:
    return float(getattr(settings, "ZICHT_SSO_TIMEOUT", 5))


def _domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def single_sign_on_for_email(email: str) -> SingleSignOn | None:
    """The active single sign-on whose domains hold the address's domain."""
    domain = _domain(email)
    if not domain:
        return None
    for sso in (SingleSignOn.objects.filter(active=True, email_domains__icontains=domain)
                .select_related("organisation")):
        if domain in sso.domains:
            return sso
    return None


def provider_origins() -> list[str]:
    """The origins of every active provider's authorization endpoint: the login form's
    Content-Security-Policy lets the form's redirect go there (``form-action``)."""
    from urllib.parse import urlsplit

    origins = set()
    for endpoint in SingleSignOn.objects.filter(active=True).values_list(
            "authorization_endpoint", flat=True):
        parts = urlsplit(endpoint)
        if parts.scheme and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def mfa_by_provider(sso: SingleSignOn, claims: ProviderClaims) -> bool:
    """Whether the ID token says the provider asked two factors: one of its ``amr`` values
    (RFC 8176: "mfa", or what the organisation set) or its ``acr`` is listed as such."""
    amr_values = set(sso.mfa_amr.split())
    acr_values = set(sso.mfa_acr.split())
    return bool(amr_values & set(claims.amr)) or (bool(claims.acr)
                                                  and claims.acr in acr_values)


def discover(issuer: str) -> dict:
    """The provider's metadata (OpenID Connect Discovery 1.0); its issuer must be the one
    configured, or an impostor's metadata could send the tokens elsewhere."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=timeout(),
                                verify=getattr(settings, "OIDC_VERIFY_SSL", True))
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ValidationError({"issuer": _(
            "De provider gaf geen OpenID Connect-gegevens op %(url)s.") % {"url": url}
        }) from error
    if str(metadata.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ValidationError({"issuer": _(
            "De provider noemt een andere issuer dan die u opgaf.")})
    return metadata


ACCOUNT_ROLES = (Role.SHELTER_WORKER, Role.SUPPORTER, Role.TEAM_LEAD, Role.PARTNER,
                 Role.VEILIG_THUIS, Role.POLICY)
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


def single_sign_on_check(*, organisation: Organisation, issuer: str, email_domains: str,
                         new_account_role: str = Role.PARTNER,
                         endpoints: dict | None = None) -> tuple[list[str], dict]:
    """The domains and the provider's endpoints of a configuration, or a
    ``ValidationError``. Without an authorization endpoint the endpoints are read from
    the provider's discovery document."""
    domains = [d.strip().lower().lstrip("@") for d in email_domains.split(",") if d.strip()]
    if not domains:
        raise ValidationError({"email_domains": _("Geef ten minste één e-maildomein.")})
    others = SingleSignOn.objects.exclude(organisation=organisation)
    taken = {d for d in domains for other in others.filter(email_domains__icontains=d)
             if d in other.domains}
    if taken:
        raise ValidationError({"email_domains": _(
            "Dit domein hoort al bij een andere organisatie: %(domains)s."
        ) % {"domains": ", ".join(sorted(taken))}})
    if new_account_role not in ACCOUNT_ROLES:
        # An admin or privacy officer is invited by name, never made by a provider.
        raise ValidationError({"new_account_role": _("Deze rol kunt u niet geven.")})
    endpoints = dict(endpoints or {})
    if not endpoints.get("authorization_endpoint"):
        metadata = discover(issuer)
        endpoints = {key: str(metadata.get(key) or "") for key in ENDPOINTS}
    if not all(endpoints.get(key) for key in ("authorization_endpoint", "token_endpoint",
                                              "jwks_uri")):
        raise ValidationError({"issuer": _("De provider noemt niet alle adressen die nodig "
                                           "zijn (authorization, token, jwks).")})
    return domains, {key: endpoints.get(key, "") for key in ENDPOINTS}


def single_sign_on_configure(*, actor: Actor, organisation: Organisation, issuer: str,
                             client_id: str, client_secret: str, email_domains: str,
                             active: bool = True, allow_account_creation: bool = False,
                             new_account_role: str = Role.PARTNER, mfa_amr: str = "mfa",
                             mfa_acr: str = "", endpoints: dict | None = None) -> SingleSignOn:
    """The operator (Django's admin) sets an organisation's provider. An empty
    ``client_secret`` keeps the one stored; the secret is never shown again."""
    if not actor.user.is_staff:
        raise PermissionDenied
    domains, endpoints = single_sign_on_check(
        organisation=organisation, issuer=issuer, email_domains=email_domains,
        new_account_role=new_account_role, endpoints=endpoints)
    with transaction.atomic():
        sso = SingleSignOn.objects.select_for_update().filter(organisation=organisation).first()
        created = sso is None
        sso = sso or SingleSignOn(organisation=organisation)
        if created and not client_secret:
            raise ValidationError({"client_secret": _("Geef het client-secret.")})
        sso.active = active
        sso.issuer = issuer.rstrip("/")
        sso.client_id = client_id.strip()
        if client_secret:
            sso.client_secret = client_secret
        sso.email_domains = ", ".join(domains)
        sso.allow_account_creation = allow_account_creation
        sso.new_account_role = new_account_role
        sso.mfa_amr = " ".join(mfa_amr.split())
        sso.mfa_acr = " ".join(mfa_acr.split())
        for key, value in endpoints.items():
            setattr(sso, key, value)
        sso.full_clean(exclude=["organisation"])
        sso.save()
        access_log(actor=actor, action=AccessAction.CREATE if created else AccessAction.UPDATE,
                   record_type="sso_configured", record_uuid=sso.uuid,
                   ground="accounts" if allow_account_creation else "")
    return sso


def single_sign_on_remove(*, actor: Actor, single_sign_on: SingleSignOn) -> None:
    """The operator removes an organisation's provider, and with it every link of its
    subjects to accounts (the accounts stay)."""
    if not actor.user.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        access_log(actor=actor, action=AccessAction.DELETE, record_type="sso_configured",
                   record_uuid=single_sign_on.uuid)
        SingleSignOnDevice.objects.filter(
            user__single_sign_on_identities__single_sign_on=single_sign_on).delete()
        single_sign_on.delete()


def single_sign_on_unlink(*, actor: Actor, identity: SingleSignOnIdentity) -> None:
    """The operator removes one subject's link (a provider gave the address to someone
    else): the next sign-in links again by the rules."""
    if not actor.user.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        membership = _active_membership(identity.user, identity.single_sign_on.organisation)
        access_log(actor=actor, action=AccessAction.DELETE, record_type="sso_unlinked",
                   record_uuid=membership.uuid if membership else identity.uuid)
        identity.delete()


def _refusal_entry(sso: SingleSignOn | None, reason: str, ip_address: str | None) -> None:
    # Nobody is signed in: the entry names the organisation, never the typed address or
    # the provider's subject (which may be of someone who has no business here).
    org = sso.organisation if sso else None
    AccessLogEntry.objects.create(
        user=None, user_name="onbekend", organisation_name=org.name if org else "",
        organisation_id_value=org.pk if org else None, role="", action=AccessAction.READ,
        record_type="sso_refused", record_uuid=sso.uuid if sso else None, ground=reason,
        ip_address=ip_address)


def single_sign_on_refuse(*, single_sign_on: SingleSignOn | None, reason: str,
                          ip_address: str | None = None) -> None:
    """Record a refused sign-in (the reason is for the log; the page says nothing)."""
    with transaction.atomic():
        _refusal_entry(single_sign_on, reason, ip_address)
    logger.info("sso refused", extra={"reason": reason})


def _active_membership(user: User, organisation: Organisation) -> Membership | None:
    return (user.memberships.filter(organisation=organisation, active=True)
            .order_by("id").first())


def _account_for(email: str) -> User | None:
    return (User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
            .order_by("id").first())


def _open_invitation(sso: SingleSignOn, email: str) -> Invitation | None:
    return (Invitation.objects.select_for_update()
            .filter(organisation=sso.organisation, email__iexact=email,
                    accepted_at__isnull=True, revoked_at__isnull=True,
                    expires_at__gt=timezone.now()).order_by("-created_at").first())


def _new_account(email: str, first_name: str, last_name: str) -> User:
    user = User(username=email, email=email, first_name=first_name[:150],
                last_name=last_name[:150])
    user.set_unusable_password()  # she signs in through her organisation only
    user.save()
    return user


def _who(sso: SingleSignOn, claims: ProviderClaims,
         ip_address: str | None) -> tuple[User, Membership, str]:
    """The account and membership of the subject, linking or making them when the rules
    allow; raises ``SignInRefused``."""
    identity = (SingleSignOnIdentity.objects.select_related("user")
                .filter(issuer=claims.issuer, subject=claims.subject).first())
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise SignInRefused("inactive")
        membership = _active_membership(user, sso.organisation)
        if membership is None:
            raise SignInRefused("no_membership")
        SingleSignOnIdentity.objects.filter(pk=identity.pk).update(last_used_at=timezone.now())
        return user, membership, "signed_in"
    email = claims.email.strip().lower()
    if not email or not claims.email_verified:
        raise SignInRefused("email_unverified")
    user = _account_for(email)
    outcome = "linked"
    if user is not None:
        if not user.is_active:
            raise SignInRefused("inactive")
        membership = _active_membership(user, sso.organisation)
        if membership is None:
            raise SignInRefused("no_membership")
        if SingleSignOnIdentity.objects.filter(single_sign_on=sso, user=user).exists():
            # Linked to another subject already: a provider that reuses an address for a
            # new person must not take over the old one's account.
            raise SignInRefused("other_account")
    elif (invitation := _open_invitation(sso, email)) is not None:
        # The admin invited her: her account is made from the invitation, as accepting the
        # link would have made it (with no password: she signs in through her organisation).
        user = _new_account(email, invitation.first_name, invitation.last_name)
        membership = invitation_used(invitation=invitation, user=user, ip_address=ip_address,
                                     ground="sso")
        outcome = "created"
    elif sso.allow_account_creation and _domain(email) in sso.domains:
        user = _new_account(email, claims.given_name, claims.family_name)
        membership = Membership.objects.create(user=user, organisation=sso.organisation,
                                               role=sso.new_account_role)
        access_log(actor=Actor(user=user, membership=membership, ip_address=ip_address),
                   action=AccessAction.CREATE, record_type="sso_account_created",
                   record_uuid=membership.uuid, ground=sso.new_account_role)
        outcome = "created"
    else:
        raise SignInRefused("unknown")
    SingleSignOnIdentity.objects.create(single_sign_on=sso, issuer=claims.issuer,
                                        subject=claims.subject, user=user,
                                        last_used_at=timezone.now())
    access_log(actor=Actor(user=user, membership=membership, ip_address=ip_address),
               action=AccessAction.CREATE, record_type="sso_linked",
               record_uuid=membership.uuid, ground=outcome)
    return user, membership, outcome


def single_sign_on_sign_in(*, single_sign_on: SingleSignOn, claims: ProviderClaims,
                           ip_address: str | None = None) -> SignIn:
    """Who the provider's verified subject is in Zicht (the rules of the module's
    docstring). A refusal is logged and raised as ``SignInRefused``."""
    sso = single_sign_on
    try:
        if not sso.active:
            raise SignInRefused("off")
        if claims.issuer.rstrip("/") != sso.issuer.rstrip("/"):
            raise SignInRefused("provider")
        with transaction.atomic():
            user, membership, outcome = _who(sso, claims, ip_address)
            mfa = mfa_by_provider(sso, claims)
            if mfa:
                SingleSignOnDevice.objects.get_or_create(
                    user=user, defaults={"name": "sso", "confirmed": True})
            access_log(actor=Actor(user=user, membership=membership, ip_address=ip_address),
                       action=AccessAction.UPDATE, record_type="sso_signed_in",
                       record_uuid=membership.uuid,
                       ground="mfa:provider" if mfa else "mfa:zicht")
    except SignInRefused as refusal:
        single_sign_on_refuse(single_sign_on=sso, reason=refusal.reason,
                              ip_address=ip_address)
        raise
    return SignIn(user=user, membership=membership, outcome=outcome, mfa=mfa)
