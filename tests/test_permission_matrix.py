"""The permission matrix, generated from the URL patterns and the API router.

Every route is either household-scoped (it has a ``household_uuid``) or listed in
``NOT_HOUSEHOLD_SCOPED`` with the answer an outsider gets. A new page or endpoint that is
neither fails this suite, so nobody can add one without deciding who may reach it.

For household-scoped routes, every persona that may not see the household gets exactly
the answer it would get for a household that does not exist (404, or 405 for a method the
route never takes), and at least one method answers 404. Those who carry the household
never get a 404 on its own pages.
"""

import uuid

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record, consent_withdraw

# Routes without a household, with the outsider's expected status for GET.
NOT_HOUSEHOLD_SCOPED = {
    "": 200,
    "membership/": 405,
    "health/": 200,
    # Probes: no login, no session, no personal data (tests/operations/test_health.py).
    "health/live": 200,
    "health/ready": 503,  # no task worker has run in the test database
    "health/ready/web": 200,  # the same without the worker: the load balancer's probe
    "metrics": 404,  # off unless ZICHT_METRICS, and then only with its bearer token
    "households/new/": 403,  # shelter workers only
    # Zoeken: only among the households the actor may open (tests/test_today_and_search.py).
    "households/search/": 200,
    "api/v1/search/": 200,
    "security/": 200,  # one's own account page
    "security/password/": 200,  # one's own password, after the current one
    "security/reauth/": 200,
    "security/sessions/": 200,
    "security/api-token/": 200,  # only one's own token, after the password (tested apart)
    # POST only: the owner or the owner's organisation admin (tests/test_api_tokens.py).
    "security/api-token/<uuid:token_uuid>/revoke/": 405,
    "security/sessions/<int:record_id>/end/": 405,
    # Passkeys: one's own only, after the password (tests/test_passkeys.py); the library's
    # JSON endpoints take POST only.
    "security/passkeys/": 200,
    "security/passkeys/<int:credential_id>/remove/": 405,
    "security/passkeys/registration/begin/": 405,
    "security/passkeys/registration/complete/": 405,
    "account/passkey/begin/": 403,  # only for the login in progress of this session
    "account/passkey/complete/": 403,
    "account/passkey/jsi18n/": 200,  # the library's translated messages
    # Passwordless sign-in: for nobody signed in (tests/test_passwordless.py).
    "account/passkey/signin/begin/": 403,
    "account/passkey/signin/complete/": 403,
    # A first passkey as the second factor: only without one yet (the outsider has the app).
    "account/passkey/setup/": 302,
    "account/passkey/setup/begin/": 403,
    "account/passkey/setup/complete/": 403,
    # In place of two_factor's "disable": one's own app, only while a passkey remains.
    "account/two_factor/disable/": 200,
    "emergency-access/": 200,  # the form; opening needs a reason and the password
    "i18n/setlang/": 302,
    "api/v1/": 200,
    "api/v1/households/": 200,  # lists only the visible ones (tested in test_api)
    "api/v1/organisations/": 200,
    "api/v1/organisations/<uuid:uuid>/": 404,
    "api/v1/municipalities/": 200,
    "api/v1/municipalities/<uuid:uuid>/": 404,
    "api/schema/": 200,
    "api/v1/emergency-access/": 405,  # POST only, with a reason and the password
    # Lists of the actor's own items (empty for an outsider), and their items: 404 unless
    # the item is the actor's own (each app's tests check that with a real item).
    "coordination/": 200,
    "coordination/<uuid:handover_uuid>/": 404,
    "moves/<uuid:move_uuid>/": 404,
    "notifications/": 200,
    "notifications/<uuid:notification_uuid>/read/": 405,
    "notifications/agenda/": 200,
    "notifications/agenda/<str:token>.ics": 404,  # a private, revocable link
    "safety/signals/": 200,
    "safety/signals/<uuid:signal_uuid>/": 404,
    "safety/signals/<uuid:signal_uuid>/close/": 405,  # POST only, the coordinating team's
    "safety/signals/<uuid:signal_uuid>/reopen/": 405,
    "safety/zorg-melden/": 200,  # open to every professional; the receipt is always neutral
    "safety/reports/": 404,  # Veilig Thuis staff only, as if it did not exist
    "safety/reports/<uuid:report_uuid>/": 404,
    "safety/reports/<uuid:report_uuid>/address/": 405,  # POST only ("toon adres")
    "safety/reports/<uuid:report_uuid>/<str:fmt>/": 404,
    "api/v1/notifications/": 200,
    "api/v1/notifications/<str:uuid>/": 404,
    "api/v1/notifications/<str:uuid>/read/": 405,
    "api/v1/signals/": 200,
    "api/v1/zorg-melden/": 405,
    "api/v1/veilig-thuis/reports/": 200,
    "api/v1/veilig-thuis/reports/<str:report_uuid>/": 400,  # not a uuid
    "api/v1/veilig-thuis/reports/<str:report_uuid>/status/": 405,
    "api/v1/veilig-thuis/reports/<str:report_uuid>/pdf/": 400,
    "api/v1/coordinator-handovers/": 200,
    "api/v1/coordinator-handovers/<uuid:uuid>/": 404,
    "api/v1/coordinator-handovers/<uuid:uuid>/accept/": 405,
    "api/v1/coordinator-handovers/<uuid:uuid>/decline/": 405,
    "api/v1/coordinator-handovers/<uuid:uuid>/withdraw/": 405,
    "api/v1/moves/": 200,
    "api/v1/moves/<uuid:uuid>/": 404,
    "api/v1/moves/<uuid:uuid>/accept/": 405,
    "api/v1/moves/<uuid:uuid>/decline/": 405,
    "api/v1/moves/<uuid:uuid>/withdraw/": 405,
    # A municipality's own overviews: the counts for its policy staff and team leads; the
    # escalated stagnations for its contact with doorzettingsmacht (test_stagnations).
    "stagnations/": 403,
    "stagnations/<uuid:stagnation_uuid>/": 404,
    "api/v1/stagnations/": 403,
    "api/v1/stagnations/counts/": 403,
    "api/v1/stagnations/<uuid:uuid>/": 404,
    "api/v1/stagnations/<uuid:uuid>/escalate/": 405,
    "api/v1/stagnations/<uuid:uuid>/resolve/": 405,
    "households/rhythm/municipality/": 404,
    # The sociale kaart: professionals, no client data; kept by each organisation's admin.
    "directory/": 200,
    "directory/manage/": 403,
    "directory/manage/<uuid:membership_uuid>/": 403,
    # Issue 15: onboarding and leaving; the admin's own organisation only (another
    # organisation's admin gets 404: tests/test_onboarding.py). POST-only routes 405.
    "directory/manage/invite/": 403,
    "directory/manage/invitations/<uuid:invitation_uuid>/revoke/": 405,
    "directory/manage/<uuid:membership_uuid>/account/": 405,
    "directory/manage/<uuid:membership_uuid>/second-factor/": 403,
    "directory/manage/second-factor/": 403,  # admins and the privacy officer
    "directory/manage/second-factor/<uuid:reset_uuid>/": 405,
    "directory/manage/trail/": 403,  # admins and the privacy officer
    "directory/region/": 403,  # the regional admin
    "directory/region/<uuid:organisation_uuid>/admin/": 403,
    "directory/invitation/<str:token>/": 404,  # a private single-use link
    # Issue 15.5: signing in through the organisation's own provider, before login
    # (tests/test_single_sign_on.py). Someone signed in goes home; a callback without
    # this session's state is refused with the neutral page.
    "sso/": 302,
    "sso/callback/": 403,
    # Re-authentication at the organisation: the outsider has no identity there, so the
    # password page (tests/test_single_sign_on.py).
    "sso/bevestigen/": 302,
    "api/v1/invitations/": 403,
    "api/v1/invitations/<uuid:uuid>/": 403,
    "api/v1/directory/contacts/": 200,
    "api/v1/directory/contacts/<uuid:uuid>/": 404,
    # The pilot's evaluation: anonymous aggregates for municipal policy staff only.
    "evaluatie/": 403,
    "evaluatie/export.<str:fmt>": 404,  # only csv, xlsx and pdf exist
    "api/v1/evaluation/indicators/": 403,
    # Satisfaction questionnaires: every professional answers their own; a client's link
    # is a private token.
    "evaluatie/vragenlijst/": 200,
    "vragenlijst/<str:token>/": 404,
    "api/v1/evaluation/questionnaires/": 200,
    "api/v1/evaluation/questionnaires/<str:key>/": 404,
    # The network of a region (issue 16): its meetings and agreements, no household data.
    # The region's network reads, its coordinators write; another region gets 404
    # (tests/network/).
    "netwerk/": 200,
    "netwerk/bijeenkomsten/nieuw/": 403,  # policy staff and team leads of a municipality
    "netwerk/bijeenkomsten/<uuid:meeting_uuid>/": 404,
    "netwerk/afspraken/": 200,
    "netwerk/afspraken/nieuw/": 403,
    "netwerk/afspraken/<uuid:agreement_uuid>/": 404,
    "netwerk/afspraken/<uuid:agreement_uuid>/document/": 404,
    "api/v1/network/meetings/": 200,
    "api/v1/network/meetings/<uuid:uuid>/": 404,
    "api/v1/network/meetings/<uuid:uuid>/attendance/": 405,
    "api/v1/network/meetings/<uuid:uuid>/notes/": 405,
    "api/v1/network/meetings/<uuid:uuid>/actions/": 405,
    "api/v1/network/meetings/<uuid:uuid>/actions-done/": 405,
    "api/v1/network/agreements/": 200,
    "api/v1/network/agreements/<uuid:uuid>/": 404,
    "api/v1/network/agreements/<uuid:uuid>/promises/": 405,
    "api/v1/network/agreements/<uuid:uuid>/evaluations/": 405,
    "api/v1/network/agreements/<uuid:uuid>/document/": 404,
    # The self-scan (issue 16, point 4): no household data. The municipality's policy staff
    # fill it in, the region's policy staff see the aggregate and the shared scans, the
    # partners that took part their scan; anyone else 404 (tests/network/test_selfscan.py).
    "netwerk/zelfscan/": 404,
    "netwerk/zelfscan/nieuw/": 404,
    "netwerk/zelfscan/<uuid:scan_uuid>/": 404,
    "api/v1/network/selfscans/": 200,  # lists only the visible ones (none for the outsider)
    "api/v1/network/selfscans/results/": 403,  # policy staff only (no object named: 403)
    "api/v1/network/selfscans/<uuid:uuid>/": 404,
    "api/v1/network/selfscans/<uuid:uuid>/answers/": 405,  # POST only
    "api/v1/network/selfscans/<uuid:uuid>/partners/": 405,
    "api/v1/network/selfscans/<uuid:uuid>/complete/": 405,
    "api/v1/network/selfscans/<uuid:uuid>/share/": 405,
    "api/v1/network/selfscans/<uuid:uuid>/actions/": 405,
    "api/v1/network/selfscans/<uuid:uuid>/actions-done/": 405,
    # Mijn afspraken, the client's own pages (issue 17): a professional never uses them
    # (tests/client); her own answers are in CLIENT_ROUTES below.
    "mijn/": 404,
    "mijn/inloggen/": 404,
    "mijn/activeren/<str:token>/": 404,
    "mijn/welkom/": 404,
    "mijn/hoe-gaat-het/": 404,
    "mijn/niet-veilig/": 404,
    "mijn/veiligheidsplan/iets-veranderd/": 404,
    "mijn/acties/<uuid:action_uuid>/": 404,
    "mijn/wie-zag-wat/": 404,
    "mijn/mijn-gegevens.pdf": 404,
    "mijn/vragenlijst/": 404,
    # Her passkey's endpoints (tests/client/test_client_passkey.py).
    "mijn/inloggen/passkey/": 404,
    "mijn/inloggen/passkey/klaar/": 404,
    "mijn/activeren/<str:token>/passkey/": 404,
    "mijn/activeren/<str:token>/passkey/klaar/": 404,
    "mijn/passkey/teksten.js": 404,
    # Last: the quick exit logs out whoever presses it, also a professional.
    "mijn/weg/": 302,
}
# What the client persona (``fatima``) gets on her own pages; every other route answers
# her 404, as if it did not exist.
CLIENT_ROUTES = {
    "mijn/": 200,
    "mijn/inloggen/": 200,
    "mijn/activeren/<str:token>/": 404,  # a used or unknown link
    "mijn/welkom/": 200,
    "mijn/hoe-gaat-het/": 405,  # POST only
    "mijn/niet-veilig/": 200,
    "mijn/veiligheidsplan/iets-veranderd/": 405,
    "mijn/acties/<uuid:action_uuid>/": 405,  # POST only, and only her own actions
    "mijn/wie-zag-wat/": 200,
    "mijn/mijn-gegevens.pdf": 200,
    "mijn/vragenlijst/": 200,  # "geen vragenlijst" until her supporter asks for one
    "mijn/inloggen/passkey/": 405,  # POST only (JSON for django-otp-webauthn's script)
    "mijn/inloggen/passkey/klaar/": 405,
    "mijn/activeren/<str:token>/passkey/": 405,  # POST only, and only with a valid link
    "mijn/activeren/<str:token>/passkey/klaar/": 405,
    "mijn/passkey/teksten.js": 200,  # the texts of the passkey script
    "mijn/weg/": 302,
}
# Household routes for connected partners only (report a worry): a carer uses its own pages.
PARTNER_ONLY = {"safety/households/<uuid:household_uuid>/worry/"}
# The login and two-factor pages of django-two-factor-auth (tested in test_login).
EXTERNAL_PREFIXES = ("account/",)
# Django's admin (issue 19): staff with two-factor only, for configuration; it opens no
# household data and shows or makes no credential. What the administrator gets on GET of
# each page of each registered model (with a real row), and on the site's own routes.
ADMIN_MODEL_PAGES = {
    # The lock-out's records: an attempt is removed to unlock an account; the logs are a
    # trail, read-only. Their form data never holds a password (AXES_SENSITIVE_PARAMETERS).
    "axes.accessattempt": {"changelist": 200, "add": 403, "change": 200, "delete": 200,
                           "history": 200},
    "axes.accesslog": {"changelist": 200, "add": 403, "change": 200, "delete": 403,
                       "history": 200},
    "axes.accessfailurelog": {"changelist": 200, "add": 403, "change": 200, "delete": 403,
                              "history": 200},
    # Credentials: that they exist and when they were used, nothing to open or copy.
    "otp_totp.totpdevice": {"changelist": 200, "add": 403, "change": 403, "delete": 403,
                            "history": 403},
    "otp_static.staticdevice": {"changelist": 200, "add": 403, "change": 403, "delete": 403,
                                "history": 403},
    "accounts.apitoken": {"changelist": 200, "add": 403, "change": 403, "delete": 403,
                          "history": 403},
    # Issue 15.5: an organisation's provider; the client secret is written, never shown.
    "directory.singlesignon": {"changelist": 200, "add": 200, "change": 200, "delete": 200,
                               "history": 200},
    # Which accounts its subjects are linked to: read and unlink, nothing to add or change.
    "directory.singlesignonidentity": {"changelist": 200, "add": 403, "change": 200,
                                       "delete": 200, "history": 200},
}
ADMIN_SITE_ROUTES = {
    "admin/": 200, "admin/login/": 302, "admin/logout/": 405,
    "admin/password_change/": 200,  # one's own password only
    "admin/password_change/done/": 200, "admin/autocomplete/": 403, "admin/jsi18n/": 200,
    "admin/r/<path:content_type_id>/<path:object_id>/": 404,
    "admin/(?P<url>.*)$": 404,
}

VALUES = {"uuid": lambda: str(uuid.uuid4()), "int": lambda: "1", "str": lambda: "json",
          "slug": lambda: "x", "path": lambda: "x"}


def all_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def fill(route: str, household_uuid) -> str:
    """The route as a URL, with the household's uuid and made-up values for the rest."""
    import re

    def value(match):
        converter, name = match.group(1), match.group(2)
        if name == "household_uuid":
            return str(household_uuid)
        return VALUES.get(converter, VALUES["str"])()

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: value(m), route)


def household_routes():
    return [r for r in all_routes() if "<uuid:household_uuid>" in r]


def test_every_route_has_a_rule():
    unruled = [r for r in all_routes()
               if "<uuid:household_uuid>" not in r and r not in NOT_HOUSEHOLD_SCOPED
               and not r.startswith((*EXTERNAL_PREFIXES, "admin/"))]  # admin: below
    assert not unruled, (
        f"Routes without an access rule: {unruled}. Scope them to a household "
        "(household_uuid through the policy) or add them to NOT_HOUSEHOLD_SCOPED.")


def _admin_model_routes():
    from django.contrib import admin

    return {model._meta.label_lower: model for model in admin.site._registry}


def test_every_admin_route_has_a_rule():
    models = _admin_model_routes()
    assert set(models) == set(ADMIN_MODEL_PAGES), "register in the admin only what is ruled"
    prefixes = tuple(f"admin/{label.replace('.', '/')}/" for label in models)
    unruled = [r for r in all_routes() if r.startswith("admin/")
               and r not in ADMIN_SITE_ROUTES and not r.startswith(prefixes)
               and not r.startswith("admin/^(?P<app_label>")]
    assert not unruled


def test_the_administrator_gets_the_expected_answer_on_every_admin_page(
        client, administrator, supporter, household):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.urls import reverse
    from django_otp.plugins.otp_static.models import StaticDevice

    from tests.conftest import SECRET_STREET, api_key_for
    from zicht.directory.models import SingleSignOn, SingleSignOnIdentity

    api_key_for(supporter)
    StaticDevice.objects.create(user=supporter, name="herstelcodes")
    sso = SingleSignOn.objects.create(
        organisation=supporter.memberships.get().organisation,
        issuer="https://login.example.test", email_domains="example.org", client_id="zicht",
        client_secret="canary-client-secret",
        authorization_endpoint="https://login.example.test/authorize",
        token_endpoint="https://login.example.test/token",
        jwks_uri="https://login.example.test/jwks")
    SingleSignOnIdentity.objects.create(single_sign_on=sso, issuer=sso.issuer,
                                        subject="omar", user=supporter)
    for log, extra in ((AccessAttempt, {"failures_since_start": 1}), (AccessLog, {}),
                       (AccessFailureLog, {})):
        log.objects.create(username=supporter.username, ip_address="127.0.0.1",
                           user_agent="test", **extra)
    login(client, administrator)
    wrong, leaks = {}, []
    answers = {route: client.get(fill(route, None)) for route in ADMIN_SITE_ROUTES}
    for label, model in _admin_model_routes().items():
        pk = model._default_manager.values_list("pk", flat=True).first()
        for page, expected in ADMIN_MODEL_PAGES[label].items():
            url = reverse(f"admin:{label.replace('.', '_')}_{page}",
                          args=[] if page in ("changelist", "add") else [pk])
            answers[url] = answer = client.get(url)
            if answer.status_code != expected:
                wrong[url] = answer.status_code
    for route, expected in ADMIN_SITE_ROUTES.items():
        if answers[route].status_code != expected:
            wrong[route] = answers[route].status_code
    for url, answer in answers.items():
        body = answer.content.decode()
        if any(canary in body for canary in (SECRET_STREET, "Yilmaz", household.reference,
                                             "canary-client-secret")):
            leaks.append(url)
    assert not wrong and not leaks


def test_nobody_but_staff_reaches_the_admin(client, outsider, supporter):
    for person in (outsider, supporter):
        login(client, person)
        for route in ("admin/", "admin/accounts/apitoken/", "admin/otp_totp/totpdevice/"):
            answer = client.get(fill(route, None))
            assert answer.status_code == 302 and "/admin/login/" in answer["Location"]


def test_the_outsider_gets_the_expected_answer_on_every_other_route(client, outsider):
    login(client, outsider)
    wrong = {}
    for route, expected in NOT_HOUSEHOLD_SCOPED.items():
        response = client.get(fill(route, None))
        if response.status_code != expected:
            wrong[route] = response.status_code
    assert not wrong


def test_the_client_reaches_her_own_pages_and_nothing_else(client, household, fatima):
    from tests.conftest import login_client

    login_client(client, fatima)
    wrong = {}
    routes = [r for r in all_routes() if not r.startswith(("health/", "metrics"))]
    # The quick exit logs her out: last.
    for route in sorted(routes, key=lambda r: r == "mijn/weg/"):
        expected = CLIENT_ROUTES.get(route, 302 if route == "i18n/setlang/" else 404)
        for method in ("get", "post") if route not in CLIENT_ROUTES else ("get",):
            status = getattr(client, method)(fill(route, household.uuid)).status_code
            if status != expected and not (method == "post" and status == 405
                                           and expected == 404):
                wrong[f"{method.upper()} {route}"] = status
    assert not wrong, f"the client reaches: {wrong}"


def assert_cannot_tell_it_exists(client, household):
    leaks = {}
    for route in household_routes():
        statuses = set()
        for method in ("get", "post"):
            real = getattr(client, method)(fill(route, household.uuid)).status_code
            unknown = getattr(client, method)(fill(route, uuid.uuid4())).status_code
            statuses.add(real)
            if real != unknown or real not in (404, 405):
                leaks[f"{method.upper()} {route}"] = (real, unknown)
        if 404 not in statuses:
            leaks[route] = statuses
    assert not leaks, f"answers that differ from a non-existent household: {leaks}"


@pytest.fixture
def partner_consent(household, supporter, school):
    return consent_record(
        actor=as_actor(supporter), household=household, person=household.client,
        purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(), organisation=school, categories=["signals"])


def test_an_outsider_cannot_tell_the_household_exists_anywhere(client, household, outsider):
    login(client, outsider)
    assert_cannot_tell_it_exists(client, household)


def test_a_partner_without_consent_cannot_either(client, household, school_partner):
    login(client, school_partner)
    assert_cannot_tell_it_exists(client, household)


def test_a_partner_whose_consent_was_withdrawn_cannot_either(client, household, supporter,
                                                              school_partner,
                                                              partner_consent):
    login(client, school_partner)
    assert client.get(fill("households/<uuid:household_uuid>/",
                           household.uuid)).status_code == 200
    consent_withdraw(actor=as_actor(supporter), consent=partner_consent)
    assert_cannot_tell_it_exists(client, household)


def test_who_carries_the_household_never_gets_404_on_its_own_pages(client, household,
                                                                  supporter):
    login(client, supporter)
    session = client.session
    session["zicht_reauth_at"] = timezone.now().timestamp()
    session.save()
    own = [r for r in household_routes() if r.count("<") == 1 and r not in PARTNER_ONLY]
    missing = {r: s for r in own
               if (s := client.get(fill(r, household.uuid)).status_code) in (404, 500)}
    assert not missing
