"""Signing in through the organisation's own OpenID Connect provider (issue 15.5).

A real provider runs beside the tests: oidc-provider-mock (authlib's authorization server,
RS256-signed ID tokens, a login form where the subject is typed) on a loopback port. Zicht
talks to it with mozilla-django-oidc as it would to the organisation's own provider:
discovery, the authorization request with state, nonce and PKCE, the token exchange and the
keys. Nothing of the library or the provider is mocked.
"""

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import as_actor, provider_user
from zicht.accounts.models import User
from zicht.audit.models import AccessLogEntry
from zicht.directory.models import SingleSignOnDevice, SingleSignOnIdentity
from zicht.directory.sso import single_sign_on_configure


@pytest.fixture
def alkmaar_sso(provider, alkmaar_team, administrator):
    """The Alkmaar team signs in through its provider; its addresses end in example.org."""
    return single_sign_on_configure(
        actor=as_actor(administrator), organisation=alkmaar_team, issuer=provider,
        client_id="zicht", client_secret="s3cret-of-the-team", email_domains="example.org")


def sign_in_at_provider(client, provider, email: str, sub: str):
    """Type the work address in Zicht, sign in at the provider as ``sub``, come back: the
    callback's answer."""
    started = client.post("/sso/", {"email": email})
    assert started.status_code == 302 and started["Location"].startswith(provider)
    authorized = requests.post(started["Location"], data={"sub": sub}, timeout=5,
                               allow_redirects=False)
    assert authorized.status_code == 302, authorized.text
    back = authorized.headers["Location"]
    assert back.startswith("http://testserver/sso/callback/?")
    return client.get(back.removeprefix("http://testserver"))


def signed_in_as(client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.filter(pk=pk).first() if pk else None


def verified(client) -> bool:
    return bool(client.session.get(DEVICE_ID_SESSION_KEY))


def log_types(*types) -> list[tuple[str, str]]:
    return list(AccessLogEntry.objects.filter(record_type__in=types)
                .order_by("id").values_list("record_type", "ground"))


def test_an_invited_professional_whose_provider_asked_two_factors_lands_on_vandaag(
        client, provider, alkmaar_sso, supporter):
    sub = provider_user(provider, "omar-at-alkmaar", email=supporter.email,
                        email_verified=True, amr=["pwd", "mfa"])
    response = sign_in_at_provider(client, provider, supporter.email, sub)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_as(client) == supporter and verified(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == SingleSignOnDevice.objects.get(
        user=supporter).persistent_id
    page = client.get("/")
    assert page.status_code == 200 and "Vandaag" in page.content.decode()
    identity = SingleSignOnIdentity.objects.get()
    assert (identity.user, identity.subject, identity.issuer) == (supporter, sub, provider)
    assert log_types("sso_linked", "sso_signed_in") == [("sso_linked", "linked"),
                                                        ("sso_signed_in", "mfa:provider")]


def test_the_next_sign_in_finds_the_subject_whatever_the_address_says_now(
        client, provider, alkmaar_sso, supporter):
    sub = provider_user(provider, "omar-2", email=supporter.email, email_verified=True,
                        amr=["mfa"])
    sign_in_at_provider(client, provider, supporter.email, sub)
    client.logout()
    provider_user(provider, sub, email="omar.renamed@example.org", email_verified=True,
                  amr=["mfa"])
    response = sign_in_at_provider(client, provider, "omar.renamed@example.org", sub)
    assert response["Location"] == "/" and signed_in_as(client) == supporter
    assert SingleSignOnIdentity.objects.count() == 1


def test_without_the_providers_two_factors_zicht_asks_its_own_code(
        client, provider, alkmaar_sso, supporter):
    sub = provider_user(provider, "omar-pwd-only", email=supporter.email,
                        email_verified=True, amr=["pwd"])
    response = sign_in_at_provider(client, provider, supporter.email, sub)
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?via=organisatie"
    assert signed_in_as(client) is None  # not signed in before the code
    # Nothing else opens before the code.
    assert client.get("/").status_code == 302
    token_step = client.get(response["Location"])
    assert 'name="token-otp_token"' in token_step.content.decode()
    assert 'name="auth-password"' not in token_step.content.decode()
    device = TOTPDevice.objects.get(user=supporter)
    done = client.post("/account/login/", {"login_view-current_step": "token",
                                            "token-otp_token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302
    assert signed_in_as(client) == supporter and verified(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/").status_code == 200
    assert log_types("sso_signed_in") == [("sso_signed_in", "mfa:zicht")]


def test_an_acr_value_the_organisation_set_counts_as_two_factors(
        client, provider, alkmaar_sso, supporter):
    alkmaar_sso.mfa_acr = "urn:example:loa:high"
    alkmaar_sso.save()
    sub = provider_user(provider, "omar-acr", email=supporter.email, email_verified=True,
                        acr="urn:example:loa:high")
    assert sign_in_at_provider(client, provider, supporter.email, sub)["Location"] == "/"
    assert verified(client)


def test_a_provider_user_without_an_invitation_gets_no_account(
        client, provider, alkmaar_sso, supporter):
    users = User.objects.count()
    sub = provider_user(provider, "stranger", email="stranger@example.org",
                        email_verified=True, amr=["mfa"])
    response = sign_in_at_provider(client, provider, "stranger@example.org", sub)
    assert response.status_code == 403
    assert "niet gelukt" in response.content.decode()
    assert User.objects.count() == users and not SingleSignOnIdentity.objects.exists()
    assert signed_in_as(client) is None
    assert log_types("sso_refused") == [("sso_refused", "unknown")]
    refusal = AccessLogEntry.objects.get(record_type="sso_refused")
    assert refusal.user is None and "stranger" not in str(refusal.__dict__)


def test_a_refusal_reads_the_same_whatever_the_reason(client, provider, alkmaar_sso,
                                                     supporter, outsider):
    pages = set()
    for sub, email, verified_email in (("x1", "nobody@example.org", True),
                                       ("x2", supporter.email, False),
                                       ("x3", outsider.email, True)):  # another team's
        provider_user(provider, sub, email=email, email_verified=verified_email)
        response = sign_in_at_provider(client, provider, email, sub)
        assert response.status_code == 403
        pages.add(response.content.decode().split("<main")[1].split("</main>")[0])
    assert len(pages) == 1
    assert [g for _t, g in log_types("sso_refused")] == ["unknown", "email_unverified",
                                                         "no_membership"]


def test_an_open_invitation_becomes_the_account_at_the_first_sign_in(
        client, provider, alkmaar_sso, administrator, alkmaar_team):
    from zicht.directory.services import invitation_create

    invitation = invitation_create(actor=as_actor(administrator), organisation=alkmaar_team,
                                   email="nieuw@example.org", first_name="Nina",
                                   last_name="Nieuw", role="supporter")
    sub = provider_user(provider, "nina", email="nieuw@example.org", email_verified=True,
                        amr=["mfa"])
    assert sign_in_at_provider(client, provider, "nieuw@example.org", sub)["Location"] == "/"
    user = signed_in_as(client)
    assert (user.username, user.first_name, user.has_usable_password()) == (
        "nieuw@example.org", "Nina", False)
    assert user.memberships.get().role == "supporter"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.user == user


def test_accounts_on_first_sign_in_only_where_the_admin_allowed_it(
        client, provider, alkmaar_sso, alkmaar_team):
    alkmaar_sso.allow_account_creation = True
    alkmaar_sso.save()
    sub = provider_user(provider, "new-colleague", email="nieuwe.collega@example.org",
                        email_verified=True, given_name="Nadia", family_name="Collega",
                        amr=["mfa"])
    assert sign_in_at_provider(client, provider, "nieuwe.collega@example.org",
                               sub)["Location"] == "/"
    user = signed_in_as(client)
    membership = user.memberships.get()
    assert (membership.organisation, membership.role) == (alkmaar_team, "partner")
    assert log_types("sso_account_created") == [("sso_account_created", "partner")]


def test_even_then_not_for_an_address_outside_the_organisations_domains(
        client, provider, alkmaar_sso):
    alkmaar_sso.allow_account_creation = True
    alkmaar_sso.save()
    users = User.objects.count()
    sub = provider_user(provider, "guest", email="guest@elsewhere.test", email_verified=True)
    assert sign_in_at_provider(client, provider, "someone@example.org", sub).status_code == 403
    assert User.objects.count() == users


def test_a_new_account_without_the_providers_two_factors_sets_up_zichts_first(
        client, provider, alkmaar_sso):
    alkmaar_sso.allow_account_creation = True
    alkmaar_sso.save()
    sub = provider_user(provider, "new-pwd", email="nog.een@example.org", email_verified=True)
    response = sign_in_at_provider(client, provider, "nog.een@example.org", sub)
    assert response["Location"].startswith("/account/two_factor/setup/")
    assert client.get("/").url.startswith("/account/two_factor/setup/")


@pytest.mark.parametrize("how", ["account", "membership"])
def test_a_switched_off_account_or_ended_membership_is_refused(
        client, provider, alkmaar_sso, supporter, administrator, how):
    from zicht.directory.services import account_deactivate, membership_update

    sub = provider_user(provider, f"leaver-{how}", email=supporter.email,
                        email_verified=True, amr=["mfa"])
    sign_in_at_provider(client, provider, supporter.email, sub)
    client.logout()
    membership = supporter.memberships.get()
    if how == "account":
        account_deactivate(actor=as_actor(administrator), membership=membership)
    else:
        membership_update(actor=as_actor(administrator), membership=membership,
                          active=False, in_directory=False)
    response = sign_in_at_provider(client, provider, supporter.email, sub)
    assert response.status_code == 403 and signed_in_as(client) is None
    assert log_types("sso_refused")[-1] == (
        "sso_refused", "inactive" if how == "account" else "no_membership")


def test_a_callback_with_a_state_this_browser_never_sent_is_refused(
        client, provider, alkmaar_sso, supporter):
    sub = provider_user(provider, "omar-state", email=supporter.email, email_verified=True,
                        amr=["mfa"])
    started = client.post("/sso/", {"email": supporter.email})
    authorized = requests.post(started["Location"], data={"sub": sub}, timeout=5,
                               allow_redirects=False)
    back = authorized.headers["Location"].removeprefix("http://testserver")
    # Another browser (an attacker's link) carries the code without this session's state.
    from django.test import Client

    other = Client()
    assert other.get(back).status_code == 403
    # A forged state in this browser, too.
    forged = back.replace("state=", "state=forged")
    assert client.get(forged).status_code == 403
    assert signed_in_as(client) is None and signed_in_as(other) is None
    assert [g for _t, g in log_types("sso_refused")] == ["state", "state"]
    # The real one still works once, and its code not a second time.
    assert client.get(back)["Location"] == "/"
    client.logout()
    assert client.get(back).status_code == 403


def test_the_start_page_does_not_tell_whether_an_account_exists(
        client, provider, alkmaar_sso, supporter):
    known = client.post("/sso/", {"email": supporter.email})
    unknown = client.post("/sso/", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"].split("?")[0] == unknown["Location"].split("?")[0]
    # A domain without a provider: the same message for a known and an unknown address.
    outside = [client.post("/sso/", {"email": e}).content.decode()
               for e in ("olaf.buitenstaander@elders.test", "niemand@elders.test")]
    assert all("niet ingesteld" in page for page in outside)


def test_the_login_page_offers_the_organisations_sign_in_once_one_exists(client, provider,
                                                                         alkmaar_team,
                                                                         administrator):
    assert "Inloggen via uw organisatie" not in client.get("/account/login/").content.decode()
    single_sign_on_configure(actor=as_actor(administrator), organisation=alkmaar_team,
                             issuer=provider, client_id="zicht", client_secret="x",
                             email_domains="example.org")
    page = client.get("/account/login/").content.decode()
    assert "Inloggen via uw organisatie" in page and 'href="/sso/"' in page


def test_the_form_may_go_to_the_provider_and_nowhere_else(client, provider, alkmaar_sso):
    policy = client.get("/sso/")["Content-Security-Policy"]
    assert f"form-action 'self' {provider}" in policy


def test_the_client_secret_is_encrypted_at_rest(alkmaar_sso):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM directory_singlesignon")
        (raw,) = cursor.fetchone()
    assert "s3cret" not in raw
    alkmaar_sso.refresh_from_db()
    assert alkmaar_sso.client_secret == "s3cret-of-the-team"


def test_only_the_operator_configures_and_only_a_provider_that_answers_as_one(
        provider, alkmaar_team, supporter, administrator):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        single_sign_on_configure(actor=as_actor(supporter), organisation=alkmaar_team,
                                 issuer=provider, client_id="z", client_secret="x",
                                 email_domains="example.org")
    with pytest.raises(ValidationError):  # no provider's metadata under this issuer
        single_sign_on_configure(actor=as_actor(administrator), organisation=alkmaar_team,
                                 issuer=f"{provider}/elsewhere",
                                 client_id="z", client_secret="x",
                                 email_domains="example.org")


def test_a_domain_belongs_to_one_organisation(provider, alkmaar_sso, hoorn_team,
                                              administrator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        single_sign_on_configure(actor=as_actor(administrator), organisation=hoorn_team,
                                 issuer=provider, client_id="z", client_secret="x",
                                 email_domains="hoorn.test, example.org")



def test_a_wrong_code_after_the_providers_sign_in_counts_and_cancel_starts_anew(
        client, provider, alkmaar_sso, supporter):
    sub = provider_user(provider, "omar-cancel", email=supporter.email, email_verified=True)
    after = sign_in_at_provider(client, provider, supporter.email, sub)["Location"]
    wrong = client.post(after, {"login_view-current_step": "token",
                                "token-otp_token": "000000"})
    assert wrong.status_code == 200 and signed_in_as(client) is None
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username=supporter.username).exists()
    # "Annuleren" leads to the plain login page: the password step again.
    page = client.get("/account/login/").content.decode()
    assert 'name="auth-password"' in page


def test_the_operator_sets_it_up_in_the_admin_and_never_sees_the_secret_again(
        client, provider, alkmaar_team, administrator):
    from tests.conftest import login
    from zicht.directory.models import SingleSignOn

    login(client, administrator)
    form = {"organisation": alkmaar_team.pk, "active": "on", "issuer": provider,
            "email_domains": "Example.org", "client_id": "zicht",
            "client_secret": "typed-once-secret", "new_account_role": "partner",
            "mfa_amr": "mfa", "mfa_acr": "", "_save": "Opslaan"}
    added = client.post("/admin/directory/singlesignon/add/", form)
    assert added.status_code == 302, added.content.decode()[:3000]
    sso = SingleSignOn.objects.get()
    # The endpoints came from the provider's discovery document.
    assert sso.token_endpoint == f"{provider}/oauth2/token"
    assert (sso.email_domains, sso.client_secret) == ("example.org", "typed-once-secret")
    page = client.get(f"/admin/directory/singlesignon/{sso.pk}/change/").content.decode()
    assert "typed-once-secret" not in page
    # Saving again without typing the secret keeps it.
    form.update(organisation="", email_domains="example.org, alkmaar.test")
    changed = client.post(f"/admin/directory/singlesignon/{sso.pk}/change/", form | {
        "client_secret": ""})
    assert changed.status_code == 302
    sso.refresh_from_db()
    assert sso.client_secret == "typed-once-secret" and "alkmaar.test" in sso.domains
    assert [e.action for e in AccessLogEntry.objects.filter(record_type="sso_configured")
            .order_by("id")] == ["create", "update"]
    # A domain of another organisation is a form error, not a 500.
    from tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Wijkteam Elders", kind="municipality_team")
    taken = client.post("/admin/directory/singlesignon/add/", form | {
        "organisation": elsewhere.pk, "email_domains": "example.org"})
    assert taken.status_code == 200 and "andere organisatie" in taken.content.decode()


def test_refusals_count_toward_the_lock_out_of_that_address(client, provider, alkmaar_sso,
                                                           settings):
    settings.AXES_FAILURE_LIMIT = 2
    sub = provider_user(provider, "prober", email="probe@example.org", email_verified=True)
    assert sign_in_at_provider(client, provider, "probe@example.org", sub).status_code == 403
    locked = sign_in_at_provider(client, provider, "probe@example.org", sub)
    assert locked.status_code in (403, 429)
    assert "Inloggen via uw organisatie is niet gelukt" not in locked.content.decode()


def test_the_organisations_admin_sees_it_is_on_and_the_trail_shows_links_and_refusals(
        client, provider, alkmaar_sso, supporter, administrator):
    from tests.conftest import login

    provider_user(provider, "omar-trail", email=supporter.email, email_verified=True,
                  amr=["mfa"])
    provider_user(provider, "nobody-trail", email="nobody@example.org", email_verified=True)
    sign_in_at_provider(client, provider, supporter.email, "omar-trail")
    client.logout()
    sign_in_at_provider(client, provider, "nobody@example.org", "nobody-trail")
    login(client, administrator)
    manage = client.get("/directory/manage/").content.decode()
    assert "Inloggen via uw organisatie staat aan voor example.org" in manage
    assert "Alleen wie u uitnodigde" in manage
    trail = client.get("/directory/manage/trail/").content.decode().lower()
    assert "inlog van de organisatie gekoppeld" in trail
    assert "inloggen via de organisatie geweigerd" in trail
    assert "nobody" not in trail


def test_a_subject_of_another_issuer_is_refused_before_anything_else(alkmaar_sso, supporter):
    from zicht.directory.sso import ProviderClaims, SignInRefused, single_sign_on_sign_in

    claims = ProviderClaims(issuer="https://impostor.example.test", subject="omar",
                            email=supporter.email, email_verified=True, amr=["mfa"])
    with pytest.raises(SignInRefused) as refusal:
        single_sign_on_sign_in(single_sign_on=alkmaar_sso, claims=claims)
    assert refusal.value.reason == "provider" and not SingleSignOnIdentity.objects.exists()


@pytest.mark.parametrize(("amr", "acr", "expected"), [
    (["pwd"], "", False), (["pwd", "mfa"], "", True), (["otp"], "", False),
    ([], "urn:example:loa:high", True), ([], "urn:example:loa:low", False)])
def test_what_counts_as_the_providers_two_factors(alkmaar_sso, amr, acr, expected):
    from zicht.directory.sso import ProviderClaims, mfa_by_provider

    alkmaar_sso.mfa_acr = "urn:example:loa:high"
    claims = ProviderClaims(issuer=alkmaar_sso.issuer, subject="s", amr=amr, acr=acr)
    assert mfa_by_provider(alkmaar_sso, claims) is expected


def test_a_session_from_one_organisations_provider_acts_only_in_that_organisation(
        client, provider, alkmaar_sso, supporter, hoorn_team):
    from tests.factories import MembershipFactory

    elsewhere = MembershipFactory(user=supporter, organisation=hoorn_team, role="admin")
    sub = provider_user(provider, "omar-two-orgs", email=supporter.email,
                        email_verified=True, amr=["mfa"])
    sign_in_at_provider(client, provider, supporter.email, sub)
    client.post("/membership/", {"membership": str(elsewhere.uuid)})
    assert client.session["membership"] != str(elsewhere.uuid)
    session = client.session
    session["membership"] = str(elsewhere.uuid)  # even if the session named it
    session.save()
    assert client.get("/directory/manage/").status_code == 403  # Hoorn's admin pages


def test_declining_at_the_provider_comes_back_to_the_neutral_page(client, provider,
                                                                  alkmaar_sso, supporter):
    started = client.post("/sso/", {"email": supporter.email})
    declined = requests.post(started["Location"], data={"action": "deny"}, timeout=5,
                             allow_redirects=False)
    back = declined.headers["Location"].removeprefix("http://testserver")
    assert "error=access_denied" in back
    assert client.get(back).status_code == 403 and signed_in_as(client) is None
    assert log_types("sso_refused") == [("sso_refused", "provider")]


# --- Re-authentication for an account without a password of Zicht's -------------------


def _without_password_signed_in_long_ago(client, provider, supporter, sub):
    """Omar signs in through his organisation only (no password of Zicht's), and his
    sign-in is older than ZICHT_REAUTH_MINUTES."""
    import time

    from zicht.core.reauth import REAUTH

    supporter.set_unusable_password()
    supporter.save()
    provider_user(provider, sub, email=supporter.email, email_verified=True, amr=["mfa"])
    assert sign_in_at_provider(client, provider, supporter.email, sub)["Location"] == "/"
    session = client.session
    session[REAUTH] = time.time() - 3600
    session.save()


def reconfirm_at_provider(client, provider, sub: str, next_page: str):
    started = client.get("/sso/bevestigen/", {"next": next_page})
    assert started.status_code == 302 and started["Location"].startswith(provider)
    assert "prompt=login" in started["Location"]  # the provider must ask again
    authorized = requests.post(started["Location"], data={"sub": sub}, timeout=5,
                               allow_redirects=False)
    return client.get(authorized.headers["Location"].removeprefix("http://testserver"))


def test_without_a_password_she_confirms_who_she_is_at_her_organisation(
        client, provider, alkmaar_sso, supporter, household):
    from tests.conftest import SECRET_STREET
    from zicht.core.reauth import recently_authenticated

    _without_password_signed_in_long_ago(client, provider, supporter, "omar-no-password")
    # The secret address asks her to confirm, at her organisation, not for a password.
    asked = client.post(f"/households/{household.uuid}/address/").content.decode()
    assert SECRET_STREET not in asked and 'type="password"' not in asked
    assert "Bevestigen via uw organisatie" in asked
    page = client.get("/security/reauth/", {"next": f"/households/{household.uuid}/"})
    assert 'type="password"' not in page.content.decode()

    back = reconfirm_at_provider(client, provider, "omar-no-password",
                                 f"/households/{household.uuid}/")
    assert back.status_code == 302 and back["Location"] == f"/households/{household.uuid}/"
    assert signed_in_as(client) == supporter and verified(client)
    request = type("R", (), {"session": client.session})()
    assert recently_authenticated(request)
    shown = client.post(f"/households/{household.uuid}/address/").content.decode()
    assert SECRET_STREET in shown
    assert SingleSignOnIdentity.objects.count() == 1  # nothing linked on the way


def test_another_subject_at_the_provider_confirms_nothing(client, provider, alkmaar_sso,
                                                         supporter, colleague, household):
    from tests.conftest import SECRET_STREET

    _without_password_signed_in_long_ago(client, provider, supporter, "omar-no-pw-2")
    provider_user(provider, "carla-at-alkmaar", email=colleague.email, email_verified=True,
                  amr=["mfa"])
    refused = reconfirm_at_provider(client, provider, "carla-at-alkmaar", "/")
    assert refused.status_code == 403
    assert not SingleSignOnIdentity.objects.filter(user=colleague).exists()
    assert log_types("sso_refused")[-1] == ("sso_refused", "reconfirm")
    assert SECRET_STREET not in client.post(
        f"/households/{household.uuid}/address/").content.decode()


def test_reconfirming_needs_a_session_and_stays_on_this_site(client, provider, alkmaar_sso,
                                                            supporter):
    assert client.get("/sso/bevestigen/")["Location"].startswith("/account/login/")
    _without_password_signed_in_long_ago(client, provider, supporter, "omar-no-pw-3")
    back = reconfirm_at_provider(client, provider, "omar-no-pw-3", "https://elders.example/")
    assert back["Location"] == "/"



def test_an_old_sign_in_at_the_provider_confirms_nothing(client, provider, alkmaar_sso,
                                                        supporter, household):
    # The provider let its sign-in of an hour ago stand for prompt=login: nobody was asked
    # at the screen now.
    import time
    from unittest import mock

    from oidc_provider_mock._storage import AuthorizationCode

    from tests.conftest import SECRET_STREET
    from zicht.core.reauth import recently_authenticated

    _without_password_signed_in_long_ago(client, provider, supporter, "omar-stale")
    with mock.patch.object(AuthorizationCode, "get_auth_time",
                           return_value=int(time.time()) - 3600):
        refused = reconfirm_at_provider(client, provider, "omar-stale", "/")
    assert refused.status_code == 403
    assert "ging uit van een eerdere inlog" in refused.content.decode()
    assert 'href="/sso/bevestigen/?next=%2F"' in refused.content.decode()  # try again
    assert log_types("sso_refused")[-1] == ("sso_refused", "reconfirm_stale")
    assert signed_in_as(client) == supporter  # still signed in, not confirmed
    assert not recently_authenticated(type("R", (), {"session": client.session})())
    assert SECRET_STREET not in client.post(
        f"/households/{household.uuid}/address/").content.decode()


def test_a_fresh_sign_in_at_the_provider_carries_its_auth_time(client, provider,
                                                              alkmaar_sso, supporter):
    # The mock dates each sign-in now (authlib's default): the ordinary reconfirmation.
    _without_password_signed_in_long_ago(client, provider, supporter, "omar-fresh")
    back = reconfirm_at_provider(client, provider, "omar-fresh", "/")
    assert back.status_code == 302 and back["Location"] == "/"


@pytest.mark.parametrize("auth_time, recent", [
    (None, False), ("yesterday", False), (True, False), (-3600, False), (-60, True),
    (-5 * 60 - 60, True), (-5 * 60 - 180, False)])
def test_auth_time_within_the_reauth_window_only(settings, auth_time, recent):
    # ZICHT_REAUTH_MINUTES, with the clock leeway of the other times of the ID token.
    import time

    from zicht.directory.oidc import _recently_signed_in

    settings.ZICHT_REAUTH_MINUTES = 5
    value = time.time() + auth_time if isinstance(auth_time, int) and not isinstance(
        auth_time, bool) else auth_time
    payload = {} if auth_time is None else {"auth_time": value}
    assert _recently_signed_in(payload) is recent
