"""Issue 15: onboarding and leaving, and a lost second factor.

Personas beyond tests/conftest.py: ``admin`` and ``second_admin`` keep the Alkmaar team,
``privacy`` is its privacy officer, ``hoorn_admin`` keeps the Hoorn team (an admin of
another organisation: everything of Alkmaar's answers 404), ``regional`` is the region's
regional admin at the centrumgemeente.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import _member, as_actor, login
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from tests.test_api import signed_in
from tests.test_login import PASSWORD, login_steps
from zicht.access.models import SessionRecord
from zicht.accounts.models import User
from zicht.audit.models import AccessLogEntry
from zicht.directory import services
from zicht.directory.models import Invitation, Membership, Organisation, SecondFactorReset

NEW_PASSWORD = "lantaarnpaal-regenboog-42"
LINK = re.compile(r"http://\S+/directory/invitation/(\S+)/")


@pytest.fixture
def admin(alkmaar_team):
    return _member("anna.beheer", alkmaar_team, "admin")


@pytest.fixture
def second_admin(alkmaar_team):
    return _member("bram.beheer", alkmaar_team, "admin")


@pytest.fixture
def privacy(alkmaar_team):
    return _member("fenna.privacy", alkmaar_team, "privacy_officer")


@pytest.fixture
def hoorn_admin(hoorn_team):
    return _member("harm.beheer", hoorn_team, "admin")


@pytest.fixture
def centrumgemeente(alkmaar):
    return OrganisationFactory(name="Gemeente Alkmaar (centrumgemeente)",
                               kind="municipality_team", region=alkmaar.region,
                               municipality=alkmaar)


@pytest.fixture
def regional(centrumgemeente):
    return _member("rita.regio", centrumgemeente, "regional_admin")


def invite(admin, organisation, email="nina.nieuw@example.org", role="supporter"):
    return services.invitation_create(actor=as_actor(admin), organisation=organisation,
                                      email=email, first_name="Nina", last_name="Nieuw",
                                      role=role)


def sent_link(message) -> str:
    return "/directory/invitation/" + LINK.search(message.body).group(1) + "/"


def accept(client, url, password=NEW_PASSWORD, again=None):
    return client.post(url, {"password1": password, "password2": again or password})


# --- Invitation --------------------------------------------------------------------------


def test_an_invitation_mails_a_link_that_works_once_and_stores_only_its_hash(
        client, admin, alkmaar_team, household, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    login(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:invite"), {
            "first_name": "Nina", "last_name": "Nieuw", "email": "Nina.Nieuw@example.org",
            "role": "supporter"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["nina.nieuw@example.org"]
    url = sent_link(message)
    token = url.split("/")[-2]
    # The mail says only that an account waits: no organisation, no household, no role.
    for word in ("Alkmaar", "Yilmaz", household.reference, "Ondersteuner", "Nina"):
        assert word not in message.body + message.subject
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert invitation.expires_at - timezone.now() > timedelta(days=2, hours=23)

    client.logout()
    assert client.get(url).status_code == 200
    response = accept(client, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup") + "?next=%2F"
    user = User.objects.get(username="nina.nieuw@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert user.memberships.get().role == "supporter"
    # Nothing else works before the second factor.
    assert client.get(reverse("home"))["Location"] == reverse("two_factor:setup")
    client.logout()
    used = client.get(url)
    assert used.status_code == 410 and "al gebruikt" in used.content.decode()
    assert accept(client, url).status_code == 410
    assert User.objects.filter(email="nina.nieuw@example.org").count() == 1
    kinds = set(AccessLogEntry.objects.filter(record_uuid=invitation.uuid)
                .values_list("record_type", flat=True))
    assert kinds == {"staff_invited", "staff_invitation_accepted"}


def test_a_weak_password_is_refused_and_nothing_is_saved(client, admin, alkmaar_team,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, alkmaar_team)
    url = sent_link(mail.outbox[-1])
    for password, again in (("kort", None), ("12345678901234", None),
                            ("nina.nieuw@example", None), (NEW_PASSWORD, NEW_PASSWORD + "x")):
        response = accept(client, url, password, again)
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode() or "errorlist" in \
            response.content.decode()
    assert not User.objects.filter(email="nina.nieuw@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_or_unknown_link_gets_a_clear_page(client, admin, alkmaar_team,
                                                      django_capture_on_commit_callbacks,
                                                      settings):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, alkmaar_team)
    url = sent_link(mail.outbox[-1])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert accept(client, url).status_code == 410
    assert not User.objects.filter(email="nina.nieuw@example.org").exists()
    unknown = client.get("/directory/invitation/not-a-real-token/")
    assert unknown.status_code == 404 and "werkt niet" in unknown.content.decode()


def test_inviting_again_replaces_the_open_link_and_revoking_ends_it(
        client, admin, alkmaar_team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, alkmaar_team)
        invite(admin, alkmaar_team)
    first, second = (sent_link(m) for m in mail.outbox[-2:])
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    login(client, admin)
    open_one = Invitation.objects.get(revoked_at__isnull=True)
    client.post(reverse("directory:invitation_revoke", args=[open_one.uuid]))
    client.logout()
    assert client.get(second).status_code == 410


def test_inviting_an_address_with_an_account_adds_a_membership_instead(
        admin, alkmaar_team, outsider, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = invite(admin, alkmaar_team, email=outsider.email.upper(), role="team_lead")
    assert isinstance(result, Membership) and result.user == outsider
    assert not Invitation.objects.exists()
    assert outsider.memberships.filter(organisation=alkmaar_team, role="team_lead").exists()
    [message] = mail.outbox
    assert message.to == [outsider.email] and "Alkmaar" not in message.body
    with pytest.raises(ValidationError):  # the same role twice
        invite(admin, alkmaar_team, email=outsider.email, role="team_lead")


def test_an_invitation_cannot_give_the_regional_role_nor_come_from_a_non_admin(
        admin, supporter, alkmaar_team, hoorn_team):
    with pytest.raises(ValidationError):
        invite(admin, alkmaar_team, role="regional_admin")
    with pytest.raises(PermissionDenied):
        invite(supporter, alkmaar_team)
    with pytest.raises(PermissionDenied):
        invite(admin, hoorn_team)


# --- Roles, leaving, the 90 days ---------------------------------------------------------


def test_the_admin_changes_a_role_and_it_is_in_the_trail(client, admin, supporter, privacy):
    login(client, admin)
    membership = supporter.memberships.get()
    client.post(reverse("directory:membership", args=[membership.uuid]),
                {"role": "team_lead", "active": "on", "in_directory": "on"})
    membership.refresh_from_db()
    assert membership.role == "team_lead"
    login(client, privacy)
    page = client.get(reverse("directory:trail")).content.decode()
    assert "Rol gewijzigd (Ondersteuner → Teamleider)" in page
    assert supporter.get_full_name() in page


def test_saving_the_regional_admin_s_membership_keeps_its_role(client, admin, alkmaar_team):
    regional_here = _member("rob.regio", alkmaar_team, "regional_admin").memberships.get()
    login(client, admin)
    page = client.get(reverse("directory:membership", args=[regional_here.uuid]))
    assert 'value="regional_admin" selected' in page.content.decode()
    client.post(reverse("directory:membership", args=[regional_here.uuid]),
                {"role": "regional_admin", "active": "on"})
    regional_here.refresh_from_db()
    assert regional_here.role == "regional_admin" and not regional_here.in_directory
    with pytest.raises(ValidationError):
        services.membership_update(actor=as_actor(admin),
                                   membership=supporter_membership(alkmaar_team),
                                   active=True, in_directory=True, role="regional_admin")


def supporter_membership(organisation):
    return _member("sara.steun", organisation, "supporter").memberships.get()


def test_an_admin_does_not_switch_off_their_own_admin_role(client, admin):
    login(client, admin)
    own = admin.memberships.get()
    response = client.post(reverse("directory:membership", args=[own.uuid]),
                           {"role": "supporter", "active": "on"})
    assert response.status_code == 200 and "eigen beheerrol" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin" and own.active


def _signed_in_elsewhere(supporter):
    from django.test import Client

    other = login(Client(), supporter)
    assert other.get(reverse("home")).status_code == 200
    return other


def test_deactivating_a_membership_ends_every_session_at_once(client, admin, supporter):
    phone = _signed_in_elsewhere(supporter)
    assert Session.objects.count() == 1
    login(client, admin)
    membership = supporter.memberships.get()
    client.post(reverse("directory:membership", args=[membership.uuid]),
                {"role": "supporter", "in_directory": "on"})
    assert not SessionRecord.objects.filter(user=supporter, ended_at__isnull=True).exists()
    assert SessionRecord.objects.get(user=supporter).ended_reason == "membership_deactivated"
    assert Session.objects.count() == 1  # only the admin's own
    response = phone.get(reverse("home"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert AccessLogEntry.objects.filter(record_type="staff_deactivated",
                                         record_uuid=membership.uuid).exists()


def test_deactivating_the_account_stops_login_and_sessions(client, admin, supporter):
    phone = _signed_in_elsewhere(supporter)
    login(client, admin)
    membership = supporter.memberships.get()
    client.post(reverse("directory:account_deactivate", args=[membership.uuid]))
    supporter.refresh_from_db()
    assert not supporter.is_active
    assert phone.get(reverse("home")).status_code == 302
    phone.logout()
    login_steps(phone, supporter.username, PASSWORD)
    assert phone.get(reverse("home")).status_code == 302


def test_the_account_of_someone_who_also_works_elsewhere_stays_on(client, admin, supporter,
                                                                   hoorn_team):
    Membership.objects.create(user=supporter, organisation=hoorn_team, role="supporter")
    login(client, admin)
    membership = supporter.memberships.get(organisation=admin.memberships.get().organisation)
    client.post(reverse("directory:account_deactivate", args=[membership.uuid]))
    supporter.refresh_from_db()
    assert supporter.is_active


def test_the_manage_page_shows_who_has_not_logged_in_for_90_days(client, admin, supporter,
                                                                  colleague):
    User.objects.filter(pk=supporter.pk).update(last_login=timezone.now() - timedelta(days=91))
    User.objects.filter(pk=colleague.pk).update(last_login=timezone.now() - timedelta(days=3))
    login(client, admin)
    everyone = client.get(reverse("directory:manage")).content.decode()
    assert supporter.get_full_name() in everyone and colleague.get_full_name() in everyone
    stale = client.get(reverse("directory:manage"), {"filter": "inactief"}).content.decode()
    assert supporter.get_full_name() in stale and colleague.get_full_name() not in stale
    assert "90 dagen niet ingelogd" in stale


def test_the_manage_page_takes_the_same_queries_for_3_and_12_people(client, admin,
                                                                    alkmaar_team):
    login(client, admin)
    client.get(reverse("directory:manage"))

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("directory:manage")).status_code == 200
        return len(queries)

    few = count()
    for n in range(9):
        _member(f"extra{n}", alkmaar_team, "supporter")
    assert count() == few


# --- A new organisation ------------------------------------------------------------------


def test_the_regional_admin_onboards_a_school_and_its_first_admin(
        client, regional, alkmaar, region, django_capture_on_commit_callbacks):
    login(client, regional)
    assert client.get(reverse("home"))["Location"] == reverse("directory:region")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:region"), {
            "name": "Basisschool De Vlinder", "kind": "school", "municipality": "",
            "email": "info@devlinder.example", "phone": "",
            "admin_first_name": "Dirk", "admin_last_name": "Directeur",
            "admin_email": "dirk@devlinder.example"})
    assert response.status_code == 302, response.content.decode()
    school = Organisation.objects.get(name="Basisschool De Vlinder")
    assert school.region == region and school.kind == "school"
    invitation = Invitation.objects.get(organisation=school)
    assert invitation.role == "admin" and invitation.email == "dirk@devlinder.example"
    client.logout()
    accept(client, sent_link(mail.outbox[-1]))
    dirk = User.objects.get(email="dirk@devlinder.example")
    assert dirk.memberships.get().organisation == school
    # The school's own trail shows who connected it.
    TOTPDevice.objects.create(user=dirk, name="default", confirmed=True)
    login(client, dirk)
    page = client.get(reverse("directory:trail")).content.decode()
    assert "Organisatie aangesloten" in page and regional.get_full_name() in page
    assert "Uitnodiging aangenomen" in page


def test_only_a_regional_admin_onboards_and_only_in_its_region(client, admin, regional):
    login(client, admin)
    assert client.get(reverse("directory:region")).status_code == 403
    elsewhere = MunicipalityFactory(name="Almere", cbs_code="GM0034",
                                    region=RegionFactory(name="Flevoland"))
    with pytest.raises(ValidationError):
        services.organisation_onboard(
            actor=as_actor(regional), name="School", kind="school", municipality=elsewhere,
            email="", phone="", admin_email="a@b.example", admin_first_name="A",
            admin_last_name="B")
    assert not Organisation.objects.filter(name="School").exists()


def test_a_regional_admin_invites_only_where_no_admin_is_left(regional, admin, alkmaar_team,
                                                             school):
    with pytest.raises(PermissionDenied):  # Alkmaar has its admin
        invite(regional, alkmaar_team, role="admin")
    with pytest.raises(PermissionDenied):  # only an admin
        invite(regional, school, role="partner")
    assert isinstance(invite(regional, school, role="admin"), Invitation)


def test_the_region_page_invites_an_admin_where_none_is_left(
        client, regional, school, admin, alkmaar_team, django_capture_on_commit_callbacks):
    login(client, regional)
    assert "Beheerder uitnodigen" in client.get(reverse("directory:region")).content.decode()
    data = {"first_name": "Sam", "last_name": "School", "email": "sam@school.example",
            "role": "admin"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:region_invite_admin", args=[school.uuid]),
                               data)
    assert response.status_code == 302
    assert Invitation.objects.get(organisation=school).role == "admin"
    # Alkmaar has its admin: the regional admin does not add one there.
    response = client.post(reverse("directory:region_invite_admin", args=[alkmaar_team.uuid]),
                           {**data, "email": "x@example.org"})
    assert response.status_code == 200 and "al een beheerder" in response.content.decode()
    elsewhere = OrganisationFactory(name="Elders", region=RegionFactory(name="Flevoland"))
    assert client.get(reverse("directory:region_invite_admin",
                              args=[elsewhere.uuid])).status_code == 404


# --- A lost second factor ----------------------------------------------------------------


def test_a_reset_needs_a_second_person_then_ends_devices_sessions_and_tells_them(
        client, admin, second_admin, supporter, django_capture_on_commit_callbacks):
    phone = _signed_in_elsewhere(supporter)
    login(client, admin)
    membership = supporter.memberships.get()
    client.post(reverse("directory:reset_request", args=[membership.uuid]),
                {"reason": "Telefoon kwijt, gebeld op het werknummer."})
    reset = SecondFactorReset.objects.get()
    # The one who asked cannot approve.
    client.post(reverse("directory:reset_decide", args=[reset.uuid]), {"decision": "approve"})
    reset.refresh_from_db()
    assert reset.approved_at is None and TOTPDevice.objects.filter(user=supporter).exists()
    with pytest.raises(ValidationError):
        services.second_factor_reset_approve(actor=as_actor(admin), reset=reset)

    mail.outbox.clear()
    login(client, second_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directory:reset_decide", args=[reset.uuid]),
                    {"decision": "approve"})
    reset.refresh_from_db()
    assert reset.approved_by == second_admin
    assert not TOTPDevice.objects.filter(user=supporter).exists()
    assert phone.get(reverse("home")).status_code == 302
    [message] = mail.outbox
    assert message.to == [supporter.email]
    assert "opnieuw ingesteld" in message.body and "Bel dan uw beheerder" in message.body
    assert "Telefoon" not in message.body and admin.get_full_name() not in message.body
    # At the next login the password leads straight to registering a new second factor.
    phone.logout()
    login_steps(phone, supporter.username, PASSWORD)
    assert phone.get(reverse("home"))["Location"] == reverse("two_factor:setup")
    kinds = list(AccessLogEntry.objects.filter(record_uuid=reset.uuid)
                 .values_list("record_type", flat=True))
    assert sorted(kinds) == ["second_factor_reset_approved", "second_factor_reset_requested"]


def test_the_privacy_officer_approves_but_never_for_themself(client, admin, privacy,
                                                            second_admin):
    reset = services.second_factor_reset_request(
        actor=as_actor(admin), membership=privacy.memberships.get(), reason="Nieuwe telefoon")
    with pytest.raises(ValidationError):
        services.second_factor_reset_approve(actor=as_actor(privacy), reset=reset)
    other = services.second_factor_reset_request(
        actor=as_actor(admin), membership=second_admin.memberships.get(), reason="Kwijt")
    login(client, privacy)
    assert second_admin.get_full_name() in client.get(reverse("directory:resets")).content.decode()
    client.post(reverse("directory:reset_decide", args=[other.uuid]), {"decision": "approve"})
    other.refresh_from_db()
    assert other.approved_by == privacy


def test_the_database_holds_four_eyes_too(admin, supporter, alkmaar_team):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SecondFactorReset.objects.create(organisation=alkmaar_team, professional=supporter,
                                         requested_by=admin, approved_by=admin,
                                         approved_at=timezone.now(), reason="x")


def test_nobody_asks_a_reset_for_themself_and_a_supporter_cannot_ask(admin, supporter,
                                                                    colleague):
    with pytest.raises(ValidationError):
        services.second_factor_reset_request(actor=as_actor(admin),
                                             membership=admin.memberships.get(), reason="x")
    with pytest.raises(PermissionDenied):
        services.second_factor_reset_request(actor=as_actor(supporter),
                                             membership=colleague.memberships.get(),
                                             reason="x")


# --- Who may read what -------------------------------------------------------------------


def test_the_trail_is_for_the_admin_and_the_privacy_officer_of_the_organisation(
        client, admin, privacy, supporter, hoorn_admin, alkmaar_team, hoorn_team):
    invite(admin, alkmaar_team)
    invite(hoorn_admin, hoorn_team, email="hoorn.nieuw@example.org")
    for user, status in ((admin, 200), (privacy, 200), (supporter, 403)):
        login(client, user)
        assert client.get(reverse("directory:trail")).status_code == status
    login(client, admin)
    page = client.get(reverse("directory:trail")).content.decode()
    assert "nina.nieuw@example.org" in page and "hoorn.nieuw@example.org" not in page


def test_an_admin_of_another_organisation_gets_404(client, hoorn_admin, admin, supporter,
                                                   alkmaar_team):
    membership = supporter.memberships.get()
    invitation = invite(admin, alkmaar_team)
    reset = services.second_factor_reset_request(actor=as_actor(admin), membership=membership,
                                                 reason="Kwijt")
    login(client, hoorn_admin)
    for name, args, method in (
            ("directory:membership", [membership.uuid], "get"),
            ("directory:membership", [membership.uuid], "post"),
            ("directory:account_deactivate", [membership.uuid], "post"),
            ("directory:reset_request", [membership.uuid], "get"),
            ("directory:reset_request", [membership.uuid], "post"),
            ("directory:reset_decide", [reset.uuid], "post"),
            ("directory:invitation_revoke", [invitation.uuid], "post")):
        response = getattr(client, method)(reverse(name, args=args), {"reason": "x"})
        assert response.status_code == 404, name
    api = signed_in(hoorn_admin)
    assert api.get("/api/v1/invitations/").json()["results"] == []
    assert api.delete(f"/api/v1/invitations/{invitation.uuid}/").status_code == 404
    supporter.refresh_from_db()
    assert supporter.is_active and membership.active
    assert TOTPDevice.objects.filter(user=supporter).exists()
    invitation.refresh_from_db()
    assert invitation.is_open


def test_the_api_lists_and_creates_invitations_for_the_admin(
        admin, supporter, alkmaar_team, django_capture_on_commit_callbacks):
    api = signed_in(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/invitations/", {
            "email": "nina.nieuw@example.org", "first_name": "Nina", "last_name": "Nieuw",
            "role": "supporter"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "open"
    assert "token" not in response.content.decode()
    assert LINK.search(mail.outbox[-1].body)
    [listed] = api.get("/api/v1/invitations/").json()["results"]
    assert listed["email"] == "nina.nieuw@example.org"
    bad = api.post("/api/v1/invitations/", {"email": "x@example.org", "first_name": "X",
                                            "last_name": "Y", "role": "regional_admin"},
                   format="json")
    assert bad.status_code == 400
    existing = api.post("/api/v1/invitations/", {
        "email": supporter.email, "first_name": "O", "last_name": "O", "role": "team_lead"},
        format="json")
    assert existing.status_code == 201 and existing.json()["state"] == "membership_added"
    assert existing.json()["uuid"] is None
    assert signed_in(supporter).get("/api/v1/invitations/").status_code == 403
    assert api.delete(f"/api/v1/invitations/{listed['uuid']}/").status_code == 204
    assert api.get("/api/v1/invitations/").json()["results"][0]["state"] == "revoked"
