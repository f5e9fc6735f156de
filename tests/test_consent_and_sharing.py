"""Consent per partner and category, its withdrawal, sharing without consent (four eyes),
break the glass, and the client's overview of who saw what.

Seed 001, 3.7: the shelter shares "met medeweten van de moeder"; 4.2: without consent
only when a child's safety requires it, with the reason recorded.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import CLIENT_BORN, SECRET_STREET, _member, as_actor, login
from tests.factories import OrganisationFactory
from zicht.access.models import EmergencyAccess, SharingOverride
from zicht.access.policy import access_for
from zicht.access.services import emergency_access_open, sharing_approve, sharing_request
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record, consent_withdraw

PASSWORD = "correct horse battery"


@pytest.fixture
def school_consent(household, supporter, school):
    """The client agreed that the school sees the family's members and signals."""
    return consent_record(
        actor=as_actor(supporter), household=household, person=household.client,
        purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(), organisation=school, categories=["persons", "signals"])


def api_as(user):
    client = APIClient()
    login(client, user)
    return client


def test_a_partner_sees_only_the_categories_the_client_consented_to(client, household,
                                                                   school_partner,
                                                                   school_consent):
    access = access_for(as_actor(school_partner), household)
    assert access.categories == {"persons", "signals"}
    login(client, school_partner)
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    assert "Noor" in page
    assert "Toon adres" not in page and "Contactmomenten" not in page
    assert client.post(reverse("households:address", args=[household.uuid])).status_code == 404
    api = api_as(school_partner)
    assert api.post(f"/api/v1/households/{household.uuid}/address/").status_code == 404
    assert api.get(f"/api/v1/households/{household.uuid}/contacts/").status_code == 404


def test_the_access_log_records_consent_as_the_ground(client, household, school_partner,
                                                      school_consent):
    login(client, school_partner)
    client.get(reverse("households:detail", args=[household.uuid]))
    entry = AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                          user=school_partner).get()
    assert entry.ground == f"consent:{school_consent.uuid}"
    assert api_as(school_partner).get(f"/api/v1/households/{household.uuid}/").status_code == 200
    through_api = AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                                user=school_partner).exclude(pk=entry.pk).get()
    assert through_api.ground == entry.ground


def test_withdrawing_consent_takes_effect_at_once_on_pages_api_and_lists(
        client, household, supporter, school_partner, school_consent):
    login(client, school_partner)
    api = api_as(school_partner)
    detail = reverse("households:detail", args=[household.uuid])
    assert client.get(detail).status_code == 200
    assert api.get(f"/api/v1/households/{household.uuid}/").status_code == 200
    assert api.get("/api/v1/households/").json()["count"] == 1

    consent_withdraw(actor=as_actor(supporter), consent=school_consent)

    assert client.get(detail).status_code == 404
    assert api.get(f"/api/v1/households/{household.uuid}/").status_code == 404
    assert api.get("/api/v1/households/").json()["count"] == 0
    assert access_for(as_actor(school_partner), household).categories == frozenset()


def test_consent_can_be_withdrawn_on_the_page_and_over_the_api(client, household, supporter,
                                                               school_consent):
    login(client, supporter)
    response = client.post(reverse("households:consent_withdraw",
                                   args=[household.uuid, school_consent.uuid]))
    assert response.status_code == 302
    school_consent.refresh_from_db()
    assert school_consent.withdrawn_at and school_consent.withdrawn_by == supporter
    again = api_as(supporter).post(
        f"/api/v1/households/{household.uuid}/consents/{school_consent.uuid}/withdraw/")
    assert again.status_code == 400


def test_consent_expires_on_its_end_date(household, school_partner, school_consent,
                                         time_machine):
    school_consent.valid_until = timezone.localdate() + timedelta(days=1)
    school_consent.save()
    assert access_for(as_actor(school_partner), household).categories
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert not access_for(as_actor(school_partner), household).categories


def test_follow_up_consent_is_still_required_before_the_invitation(registered_household,
                                                                   shelter_worker, supporter,
                                                                   alkmaar, alkmaar_team):
    from zicht.trajectories.services import supporter_invite

    with pytest.raises(ValidationError):
        supporter_invite(actor=as_actor(shelter_worker),
                         trajectory=registered_household.trajectories.get(),
                         municipality=alkmaar, supporter_organisation=alkmaar_team,
                         supporter=supporter)


# --- Sharing without consent: four eyes and a time limit ----------------------------------


@pytest.fixture
def gp(region):
    return OrganisationFactory(name="Huisartsenpraktijk Zuid", kind="gp", region=region)


def _request(household, user, gp, **extra):
    return sharing_request(
        actor=as_actor(user), household=household, organisation=gp,
        categories=["signals"], reason="Zorg om de veiligheid van Noor (meldrecht).",
        valid_until=timezone.now() + timedelta(days=14), **extra)


def test_sharing_without_consent_needs_a_second_professional(household, supporter, colleague,
                                                             gp):
    override = _request(household, supporter, gp)
    gp_worker = _member("gert.huisarts", gp, "partner")
    assert not access_for(as_actor(gp_worker), household).categories
    with pytest.raises(ValidationError):
        sharing_approve(actor=as_actor(supporter), override=override)
    sharing_approve(actor=as_actor(colleague), override=override)
    assert access_for(as_actor(gp_worker), household).categories == {"signals"}


def test_the_database_refuses_an_approval_by_the_requester_too(household, supporter, gp):
    override = _request(household, supporter, gp)
    SharingOverride.objects.filter(pk=override.pk).update(approved_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingOverride.objects.filter(pk=override.pk).update(approved_by=supporter)


def test_sharing_without_consent_ends_at_its_time_limit(household, supporter, colleague, gp,
                                                        time_machine):
    sharing_approve(actor=as_actor(colleague), override=_request(household, supporter, gp))
    gp_worker = _member("gert.huisarts", gp, "partner")
    time_machine.move_to(timezone.now() + timedelta(days=15))
    assert not access_for(as_actor(gp_worker), household).categories


def test_sharing_without_consent_needs_a_reason_and_a_limit(household, supporter, gp):
    with pytest.raises(ValidationError) as error:
        sharing_request(actor=as_actor(supporter), household=household, organisation=gp,
                        categories=["signals"], reason=" ",
                        valid_until=timezone.now() + timedelta(days=365))
    assert set(error.value.error_dict) == {"reason", "valid_until"}


def test_a_partner_cannot_decide_to_share_without_consent(household, school_partner,
                                                          school_consent, gp):
    with pytest.raises(PermissionDenied):
        _request(household, school_partner, gp)


def test_the_overview_shows_sharing_without_consent_unless_that_endangers_someone(
        client, household, supporter, colleague, gp):
    gp_worker = _member("gert.huisarts", gp, "partner")
    shown = _request(household, supporter, gp)
    sharing_approve(actor=as_actor(colleague), override=shown)
    login(client, gp_worker)
    client.get(reverse("households:detail", args=[household.uuid]))
    login(client, supporter)
    page = client.get(reverse("access:overview", args=[household.uuid])).content.decode()
    assert "Huisartsenpraktijk Zuid" in page and "zonder toestemming" in page

    shown.revoked_at = timezone.now()
    shown.save()
    hidden = _request(household, supporter, gp, hidden_from_client=True,
                      hidden_reason="De pleger leest mee met de cliënt.")
    sharing_approve(actor=as_actor(colleague), override=hidden)
    login(client, gp_worker)
    client.get(reverse("households:detail", args=[household.uuid]))
    login(client, supporter)
    page = client.get(reverse("access:overview", args=[household.uuid])).content.decode()
    assert page.count("Huisartsenpraktijk Zuid") == 1  # only the visible one
    assert SharingOverride.objects.get(pk=hidden.pk).hidden_reason


def test_sharing_pages_approve_with_four_eyes(client, household, supporter, colleague, gp):
    login(client, supporter)
    url = reverse("access:sharing", args=[household.uuid])
    response = client.post(url, {
        "organisation": gp.pk, "categories": ["signals"], "reason": "Zorg om Noor.",
        "valid_until": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    override = SharingOverride.objects.get()
    approve = reverse("access:sharing_approve", args=[household.uuid, override.uuid])
    client.post(approve)
    assert SharingOverride.objects.get().approved_at is None
    login(client, colleague)
    client.post(approve)
    assert SharingOverride.objects.get().approved_by == colleague


# --- Break the glass ----------------------------------------------------------------------


@pytest.fixture
def veilig_thuis_worker(region):
    vt = OrganisationFactory(name="Veilig Thuis NHN", kind="veilig_thuis", region=region)
    _member("fenna.privacy", vt, "privacy_officer")
    return _member("vera.veiligthuis", vt, "veilig_thuis")


def test_break_the_glass_needs_a_reason_and_the_password(household, veilig_thuis_worker):
    actor = as_actor(veilig_thuis_worker)
    with pytest.raises(ValidationError):
        emergency_access_open(actor=actor, reference=household.reference,
                              date_of_birth=CLIENT_BORN,
                              reason="Politie belt: acute dreiging.", password="wrong")
    with pytest.raises(ValidationError):
        emergency_access_open(actor=actor, reference=household.reference, reason="",
                              date_of_birth=CLIENT_BORN,
                              password=PASSWORD)
    assert not EmergencyAccess.objects.exists()


def test_break_the_glass_opens_for_hours_notifies_and_is_marked(
        client, household, veilig_thuis_worker, time_machine,
        django_capture_on_commit_callbacks):
    login(client, veilig_thuis_worker)
    detail = reverse("households:detail", args=[household.uuid])
    assert client.get(detail).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("access:emergency"), {
            "reference": household.reference.lower(),
            "date_of_birth": CLIENT_BORN.isoformat(),
            "reason": "Politie belt: acute dreiging.", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(detail).status_code == 200
    entries = AccessLogEntry.objects.filter(household_uuid=household.uuid,
                                            user=veilig_thuis_worker)
    assert entries.filter(action=AccessAction.EMERGENCY).count() == 1
    assert all(e.ground.startswith("emergency:") for e in entries)
    recipients = {r for m in mail.outbox for r in m.to}
    assert "fenna.privacy@example.org" in recipients  # the organisation's privacy officer
    assert "omar.ondersteuner@example.org" in recipients  # the coordinator
    assert all(household.reference not in m.body and "Yilmaz" not in m.body
               for m in mail.outbox)
    time_machine.move_to(timezone.now() + timedelta(hours=4, minutes=1))
    login(client, veilig_thuis_worker)
    assert client.get(detail).status_code == 404


def test_a_school_cannot_break_the_glass(household, school_partner):
    with pytest.raises(PermissionDenied):
        emergency_access_open(actor=as_actor(school_partner), reference=household.reference,
                              date_of_birth=CLIENT_BORN,
                              reason="Wij maken ons zorgen.", password=PASSWORD)


# --- The client's overview ----------------------------------------------------------------


def test_the_overview_says_who_saw_what_on_which_ground(client, household, supporter,
                                                        school_partner, school_consent,
                                                        outsider):
    login(client, school_partner)
    client.get(reverse("households:detail", args=[household.uuid]))
    login(client, supporter)
    page = client.get(reverse("access:overview", args=[household.uuid])).content.decode()
    assert "OBS De Regenboog" in page and "met uw toestemming" in page
    assert school_partner.get_full_name() in page
    assert SECRET_STREET not in page
    login(client, outsider)
    assert client.get(reverse("access:overview", args=[household.uuid])).status_code == 404


def test_withdrawing_follow_up_consent_ends_the_supporters_sight_unless_coordinating(
        client, invited_household, supporter):
    """Before departure the supporter's team is involved only as supporter, on consent."""
    from zicht.consent.models import Consent

    login(client, supporter)
    url = reverse("households:detail", args=[invited_household.uuid])
    assert client.get(url).status_code == 200
    consent_withdraw(actor=as_actor(supporter),
                     consent=Consent.objects.get(household=invited_household))
    assert client.get(url).status_code == 404


def test_the_api_follows_the_same_rules(household, supporter, colleague, gp,
                                        veilig_thuis_worker, school_partner, school_consent):
    base = f"/api/v1/households/{household.uuid}"
    mine = api_as(supporter)
    created = mine.post(f"{base}/sharing/", {
        "organisation": str(gp.uuid), "categories": ["signals"], "reason": "Zorg om Noor.",
        "valid_until": (timezone.now() + timedelta(days=7)).isoformat()}, format="json")
    assert created.status_code == 201
    approve = f"{base}/sharing/{created.json()['uuid']}/approve/"
    assert mine.post(approve).status_code == 400  # not the requester
    assert api_as(colleague).post(approve).json()["approved"] is True
    rows = mine.get(f"{base}/disclosures/").json()["results"]
    assert any(r["organisation"] == "Sociaal Team Alkmaar" for r in rows)
    # A partner with consent sees the household but not the overview or the decisions.
    school = api_as(school_partner)
    assert school.get(f"{base}/disclosures/").status_code == 404
    assert school.get(f"{base}/sharing/").status_code == 404
    vt = api_as(veilig_thuis_worker)
    assert vt.get(f"{base}/").status_code == 404
    opened = vt.post("/api/v1/emergency-access/", {
        "reference": household.reference, "date_of_birth": CLIENT_BORN.isoformat(),
        "reason": "Politie belt: acute dreiging.", "password": PASSWORD}, format="json")
    assert opened.status_code == 201
    assert vt.get(f"{base}/").status_code == 200


def test_lists_show_a_partner_without_consent_for_persons_only_the_reference(
        client, household, supporter, school_partner, school):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["signals"])
    login(client, school_partner)
    home = client.get(reverse("home")).content.decode()
    assert "Fatima" not in home  # a partner has no caseload: it does not carry the household
    rows = api_as(school_partner).get("/api/v1/households/").json()["results"]
    assert [r["client"] for r in rows] == [None]
    page = client.get(reverse("households:detail", args=[household.uuid])).content.decode()
    # Full names: a persona's random name may contain "Noor" (van Noort) by itself.
    assert "Fatima Yilmaz" not in page and "Noor Yilmaz" not in page


def test_a_scanned_consent_form_is_kept_privately_and_served_only_by_the_policy(
        client, household, supporter, school_partner, school, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zicht.consent.models import Consent

    settings.MEDIA_ROOT = tmp_path
    login(client, supporter)
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 getekend", content_type="application/pdf")
    response = client.post(reverse("households:consent", args=[household.uuid]), {
        "person": household.client.pk, "purpose": "partner", "organisation": school.pk,
        "categories": ["signals"], "method": "written",
        "given_on": timezone.localdate().isoformat(), "form_file": scan})
    assert response.status_code == 302
    consent = Consent.objects.get(purpose="partner")
    assert (tmp_path / consent.form_file.name).exists()
    url = reverse("households:consent_form_file", args=[household.uuid, consent.uuid])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 getekend"
    login(client, school_partner)  # sees the household on this very consent, not the form
    assert client.get(url).status_code == 404


def test_only_a_pdf_or_image_is_taken_as_a_consent_form(client, household, supporter, school):
    login(client, supporter)
    bad = __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
        "scan.html", b"<script>", content_type="text/html")
    response = client.post(reverse("households:consent", args=[household.uuid]), {
        "person": household.client.pk, "purpose": "partner", "organisation": school.pk,
        "categories": ["signals"], "method": "written",
        "given_on": timezone.localdate().isoformat(), "form_file": bad})
    assert response.status_code == 200 and "Alleen PDF" in response.content.decode()


def test_pages_that_do_not_check_categories_stay_closed_to_a_partner_with_consent(
        client, household, school_partner, school_consent):
    """Secure by default: only pages that opt in (partial=True) and check each category
    serve a partner, so a new page cannot show more than the client agreed to."""
    login(client, school_partner)
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 200
    for name in ("households:access_log", "households:consent", "contacts:new",
                 "households:coordinator", "households:close", "access:overview"):
        assert client.get(reverse(name, args=[household.uuid])).status_code == 404, name
    api = api_as(school_partner)
    assert api.get(f"/api/v1/households/{household.uuid}/access-log/").status_code == 404
    assert api.get(f"/api/v1/households/{household.uuid}/consents/").status_code == 404


def test_only_veilig_thuis_and_the_police_break_the_glass(household, outsider):
    """A supporter elsewhere (issue 18: one in Almere opened an Alkmaar household at once)
    calls Veilig Thuis instead."""
    with pytest.raises(PermissionDenied):
        emergency_access_open(actor=as_actor(outsider), reference=household.reference,
                              date_of_birth=CLIENT_BORN, reason="Politie belt: acute dreiging.",
                              password=PASSWORD)


def test_a_reference_alone_opens_nothing_and_a_made_up_one_gets_the_same_answer(
        household, veilig_thuis_worker):
    actor = as_actor(veilig_thuis_worker)
    answers = []
    for reference, born in ((household.reference, date(1985, 1, 1)),
                            ("ZH-XXXXXX", CLIENT_BORN), (household.reference, None)):
        with pytest.raises(ValidationError) as refused:
            emergency_access_open(actor=actor, reference=reference, date_of_birth=born,
                                  reason="Politie belt: acute dreiging.", password=PASSWORD)
        answers.append(refused.value.message_dict)
    assert answers[0] == answers[1] == answers[2]
    assert not EmergencyAccess.objects.exists()
    assert AccessLogEntry.objects.filter(user=veilig_thuis_worker, household_uuid=None,
                                         record_type="emergency_refused").count() == 3


def test_breaking_the_glass_is_rate_limited(household, veilig_thuis_worker, settings):
    settings.ZICHT_EMERGENCY_ACCESS_ATTEMPTS = 2
    actor = as_actor(veilig_thuis_worker)
    for _attempt in range(2):
        with pytest.raises(ValidationError):
            emergency_access_open(actor=actor, reference="ZH-XXXXXX", date_of_birth=CLIENT_BORN,
                                  reason="Politie belt: acute dreiging.", password=PASSWORD)
    with pytest.raises(ValidationError, match="Te veel pogingen"):
        emergency_access_open(actor=actor, reference=household.reference,
                              date_of_birth=CLIENT_BORN, reason="Politie belt: acute dreiging.",
                              password=PASSWORD)
    assert not EmergencyAccess.objects.exists()
