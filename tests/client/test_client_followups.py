"""Mijn afspraken (issue 17), what was left: the questionnaire in her own pages, her words
after a handover, and the canary rule for indirect mentions of him or the address."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import SECRET_STREET, as_actor, login_client
from tests.test_moves import _request
from zicht.audit.models import AccessLogEntry
from zicht.evaluation.models import SurveyAnswer, SurveyResponse
from zicht.evaluation.services import survey_invitation_create
from zicht.moves.services import move_accept
from zicht.notifications.models import Notification, NotificationKind
from zicht.plans.models import Goal
from zicht.plans.services import action_add, goal_add, plan_of
from zicht.safety.services import safety_plan_save
from zicht.signals.models import SignalSource
from zicht.trajectories.services import coordinator_assign


@pytest.fixture
def as_fatima(client, fatima):
    return login_client(client, fatima)


@pytest.fixture
def link(household, supporter):
    """The supporter asked for the 3-month questionnaire: an open link for her household."""
    invitation, token = survey_invitation_create(
        actor=as_actor(supporter), trajectory=household.trajectories.get(), moment="month_3")
    return invitation, token


def _answers(page) -> dict[str, str]:
    form = page.context["form"]
    return {name: "4" for name in form.fields}


# --- 1. The satisfaction questionnaire, when due -----------------------------------------


def test_without_a_due_questionnaire_her_home_asks_nothing(as_fatima):
    assert "Vul de vragenlijst in" not in as_fatima.get("/mijn/").content.decode()
    assert "geen vragenlijst" in as_fatima.get("/mijn/vragenlijst/").content.decode()


def test_a_due_questionnaire_shows_on_her_home_and_counts_once(as_fatima, link):
    invitation, token = link
    assert "Vul de vragenlijst in" in as_fatima.get("/mijn/").content.decode()
    page = as_fatima.get("/mijn/vragenlijst/")
    assert page.status_code == 200
    answers = _answers(page)
    done = as_fatima.post("/mijn/vragenlijst/", answers, follow=True)
    assert "Dank je wel" in done.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.audience, response.moment) == ("client", "month_3")
    assert SurveyAnswer.objects.filter(response=response).count() == len(answers)
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    # The link no longer opens, and her page no longer asks: one moment, one answer.
    assert Client().get(f"/vragenlijst/{token}/").status_code == 404
    assert Client().post(f"/vragenlijst/{token}/", answers).status_code == 404
    as_fatima.post("/mijn/vragenlijst/", answers)
    assert SurveyResponse.objects.count() == 1
    assert "Vul de vragenlijst in" not in as_fatima.get("/mijn/").content.decode()


def test_answered_through_the_link_her_page_no_longer_asks(as_fatima, link):
    _invitation, token = link
    page = Client().get(f"/vragenlijst/{token}/")
    Client().post(f"/vragenlijst/{token}/", _answers(page))
    assert SurveyResponse.objects.count() == 1
    assert "Vul de vragenlijst in" not in as_fatima.get("/mijn/").content.decode()
    as_fatima.post("/mijn/vragenlijst/", _answers(page))
    assert SurveyResponse.objects.count() == 1


def test_her_answers_stay_anonymous(as_fatima, link, household):
    page = as_fatima.get("/mijn/vragenlijst/")
    as_fatima.post("/mijn/vragenlijst/", _answers(page))
    response = SurveyResponse.objects.get()
    # No household, person or exact time on the answers; the log names only the link.
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {
        "id", "questionnaire", "audience", "moment", "region", "municipality", "role",
        "period"}
    assert response.period == timezone.localdate().replace(day=1)
    assert not AccessLogEntry.objects.filter(record_type__icontains="response").exists()
    assert AccessLogEntry.objects.filter(household_uuid=household.uuid, ground="client:self",
                                         record_type="survey_invitation",
                                         record_uuid=link[0].uuid).exists()


def test_a_wrong_answer_keeps_the_questionnaire_open(as_fatima, link):
    response = as_fatima.post("/mijn/vragenlijst/", {"contact": "9"})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


# --- 2. Her words reach whoever carries her now ----------------------------------------


def _unread(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind, read_at__isnull=True)


def test_after_a_coordinator_handover_check_ins_reach_the_new_coordinator(
        as_fatima, household, supporter, colleague, team_lead, alkmaar_team):
    trajectory = household.trajectories.get()
    coordinator_assign(actor=as_actor(supporter), trajectory=trajectory,
                       organisation=alkmaar_team, professional=colleague)
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "contact"})
    said_at = _unread(colleague, NotificationKind.CLIENT_CONTACT).get().created_at

    coordinator_assign(actor=as_actor(supporter), trajectory=trajectory,
                       organisation=alkmaar_team, professional=team_lead)
    # The open check-in moved from the old coordinator to the new one, with its time.
    assert not _unread(colleague, NotificationKind.CLIENT_CONTACT).exists()
    assert _unread(team_lead, NotificationKind.CLIENT_CONTACT).get().created_at == said_at
    assert _unread(supporter, NotificationKind.CLIENT_CONTACT).count() == 1  # no double

    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "better"})
    as_fatima.post("/mijn/veiligheidsplan/iets-veranderd/")
    for kind in (NotificationKind.CLIENT_BETTER, NotificationKind.CLIENT_REVIEW):
        assert _unread(team_lead, kind).exists() and _unread(supporter, kind).exists()
        assert not Notification.objects.filter(recipient=colleague, kind=kind).exists()


def test_after_a_move_her_words_and_her_alarm_reach_the_new_team(
        as_fatima, household, supporter, hoorn_team, outsider):
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "contact"})
    as_fatima.post("/mijn/veiligheidsplan/iets-veranderd/")
    move_accept(actor=as_actor(outsider), move=_request(household, supporter, hoorn_team,
                                                        outsider))
    for kind in (NotificationKind.CLIENT_CONTACT, NotificationKind.CLIENT_REVIEW):
        assert not _unread(supporter, kind).exists()
        assert _unread(outsider, kind).count() == 1

    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "good"})
    assert _unread(outsider, NotificationKind.CLIENT_GOOD).exists()
    assert not Notification.objects.filter(recipient=supporter,
                                           kind=NotificationKind.CLIENT_GOOD).exists()
    as_fatima.post("/mijn/niet-veilig/")
    alarm = household.signals.get(source=SignalSource.CLIENT_ALARM)
    assert alarm.coordinator_organisation == hoorn_team
    assert _unread(outsider, NotificationKind.SIGNAL_NEW).exists()
    assert not Notification.objects.filter(recipient=supporter,
                                           kind=NotificationKind.SIGNAL_NEW).exists()
    # On the new supporter's Vandaag, not on the old one's.
    from tests.conftest import login
    assert "Mijn afspraken: Cliënt" in login(Client(), outsider).get(
        "/").content.decode()


def test_with_no_professional_named_the_team_lead_hears_her(
        as_fatima, household, supporter, team_lead, alkmaar_team):
    trajectory = household.trajectories.get()
    coordinator_assign(actor=as_actor(supporter), trajectory=trajectory,
                       organisation=alkmaar_team, professional=None)
    trajectory.supporter = None
    trajectory.save(update_fields=["supporter"])
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "contact"})
    assert _unread(team_lead, NotificationKind.CLIENT_CONTACT).exists()


# --- 3. The canary rule: nothing of him or the address, also indirectly ----------------

CANARIES = ("Kees", "KEES", "Bakker", "Kees Bakker", "Keesje", SECRET_STREET, "Geheimelaan",
            "1811 AB", "1811AB", "1811ab")


def test_canaries_in_every_text_she_sees_are_masked_on_every_page_and_the_pdf(
        as_fatima, household, supporter, alkmaar_team, link):
    actor = as_actor(supporter)
    perpetrator = household.persons.get(role="perpetrator")
    plan = plan_of(household)
    Goal.objects.create(plan=plan, person=perpetrator, domain="housing",
                        description="Doel van de pleger", created_by=supporter,
                        organisation=alkmaar_team)
    goal = goal_add(actor=actor, household=household, person=household.client,
                    domain="safety", description="Geen contact met KEES of de familie Bakker")
    action_add(actor=actor, household=household, domain="safety", goal=goal,
               description="Slot vervangen op de Geheimelaan 13 (1811AB)",
               responsible_organisation=alkmaar_team, responsible_person="Kees Bakker")
    action_add(actor=actor, household=household, domain="safety",
               description="Nieuwe sleutel ophalen, postcode 1811 AB",
               responsible_organisation=alkmaar_team, responsible_person="Fatima")
    safety_plan_save(actor=actor, household=household, data={
        "agreements": "Als Kees voor de deur staat op Geheimelaan 13, bel 112.",
        "risks": "Risico van de ex-partner",
        "emergency_contacts": "Zus Aylin; niet zijn broer Bakker (1811ab)"})
    as_fatima.post("/mijn/hoe-gaat-het/", {"answer": "good"})
    pages = ["/mijn/", "/mijn/wie-zag-wat/", "/mijn/niet-veilig/", "/mijn/welkom/",
             "/mijn/vragenlijst/"]
    for path in pages:
        html = as_fatima.get(path).content.decode()
        for canary in CANARIES:
            if canary == "Keesje":
                continue  # a longer word is not his name
            assert canary.lower() not in html.lower(), (path, canary)
        assert "Doel van de pleger" not in html and "Risico van de ex-partner" not in html
    home = as_fatima.get("/mijn/").content.decode()
    assert "Zus Aylin" in home and "Slot vervangen op de …" in home
    pdf = as_fatima.get("/mijn/mijn-gegevens.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    for canary in CANARIES:
        if canary == "Keesje":
            continue
        assert canary.lower() not in text.lower(), ("pdf", canary)
    assert "Fatima" in text  # her own data is still there


def test_a_longer_word_is_not_masked(fatima):
    from zicht.client.selectors import masker

    mask = masker(fatima)
    assert mask("Keesje en Bakkerij") == "Keesje en Bakkerij"
    assert mask("Kees, Bakker.") == "…, …."
    assert mask(f"{SECRET_STREET} 1811 AB") == "… …"


def test_going_back_after_quick_exit_shows_nothing(as_fatima):
    assert as_fatima.get("/mijn/")["Cache-Control"].startswith("no-store") or \
        "no-store" in as_fatima.get("/mijn/")["Cache-Control"]
    as_fatima.get("/mijn/weg/")
    assert as_fatima.get("/mijn/")["Location"].startswith("/mijn/inloggen/")
    assert timezone.now() - timedelta(seconds=1) < timezone.now()
