"""Cooperation agreements (issue 16, point 2): parties and their promises, the document,
the reminder before review, the evaluations, and the evaluation figures beside promises."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor
from tests.network.conftest import PDF
from zicht.audit.models import AccessLogEntry
from zicht.network.figures import promise_figures
from zicht.network.models import Agreement, EvaluationOutcome
from zicht.network.services import (
    agreement_create,
    agreement_evaluate,
    agreements_review_remind,
    promise_add,
)
from zicht.notifications.models import Notification, NotificationKind


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_document_must_be_a_pdf_of_at_most_10_mb(client, login_as, policy, shelter,
                                                    alkmaar_team):
    login_as(policy)
    data = {"title": "Overdracht", "parties": [shelter.pk, alkmaar_team.pk],
            "starts_on": "2026-01-01", "review_on": "2026-12-01"}
    fake = SimpleUploadedFile("afspraak.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(reverse("network:agreement_new"), {**data, "document": fake})
    assert response.status_code == 400 and "Alleen een PDF" in response.text
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    assert client.post(reverse("network:agreement_new"),
                       {**data, "document": big}).status_code == 400
    assert not Agreement.objects.exists()  # nothing half-saved
    good = SimpleUploadedFile("../../etc/afspraak.pdf", PDF, "application/pdf")
    assert client.post(reverse("network:agreement_new"),
                       {**data, "document": good}).status_code == 302
    agreement = Agreement.objects.get()
    # Stored under a name of its own, not the uploaded one.
    assert agreement.document.name.endswith(f"{agreement.uuid}.pdf")
    assert "etc" not in agreement.document.name


def test_the_document_is_handed_out_to_parties_and_the_network_only(client, login_as,
                                                                     policy, shelter,
                                                                     school, school_partner,
                                                                     alkmaar_team, stranger):
    agreement = agreement_create(
        actor=as_actor(policy), title="School weet wie te bellen", parties=[school, alkmaar_team],
        starts_on=timezone.localdate(), review_on=timezone.localdate() + timedelta(days=90),
        document=SimpleUploadedFile("x.pdf", PDF, "application/pdf"))
    url = reverse("network:agreement_document", args=[agreement.uuid])
    login_as(school_partner)  # a party, not in the network
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(record_type="agreement", action="export",
                                         user=school_partner).exists()
    login_as(stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("network:agreement", args=[agreement.uuid])).status_code == 404
    assert client.get(f"/api/v1/network/agreements/{agreement.uuid}/").status_code == 404
    assert client.get(f"/api/v1/network/agreements/{agreement.uuid}/document/"
                      ).status_code == 404
    assert client.get("/api/v1/network/agreements/").json()["results"] == []


def test_a_partner_sees_only_the_agreements_it_is_party_to(client, login_as, agreement,
                                                           school_partner):
    login_as(school_partner)
    assert client.get(reverse("network:agreement", args=[agreement.uuid])).status_code == 404


def test_parties_come_from_the_region_and_only_organisers_write(policy, supporter, shelter,
                                                                stranger, alkmaar_team):
    foreign = stranger.memberships.get().organisation
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        agreement_create(actor=as_actor(policy), title="x", parties=[shelter, foreign],
                         starts_on=today, review_on=today + timedelta(days=1))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        agreement_create(actor=as_actor(supporter), title="x", parties=[shelter, alkmaar_team],
                         starts_on=today, review_on=today + timedelta(days=1))


def test_a_promise_shows_its_figure_under_the_small_cell_rule(client, login_as, agreement,
                                                              policy, shelter, supporter):
    promise_add(actor=as_actor(policy), agreement=agreement, party=shelter,
                text="De opvang nodigt de ondersteuner uit vóór het vertrek.",
                figure="introduction")
    year = timezone.localdate().year
    assert promise_figures(agreement) == {
        "introduction": f"kennismaking vóór vertrek: < 5 van de vertrekken in {year}"}
    login_as(supporter)
    page = client.get(reverse("network:agreement", args=[agreement.uuid])).text
    assert "De opvang nodigt de ondersteuner uit" in page
    assert f"Kennismaking vóór vertrek: &lt; 5 van de vertrekken in {year}" in page
    api = client.get(f"/api/v1/network/agreements/{agreement.uuid}/").json()
    assert api["promises"][0]["figure_value"].startswith("kennismaking vóór vertrek")


def test_the_figure_is_the_indicators_share_when_enough_households(agreement, monkeypatch):
    from zicht.evaluation.anonymity import anonymous
    from zicht.evaluation.tables import Row, Table
    from zicht.network import figures

    seen = {}

    def fake(scope):
        seen["scope"] = scope
        return Table(["n", "%"], [Row("a", [anonymous(25), None]),
                                  Row("b", [anonymous(18), anonymous(0.72, n=25, kind="share")])])

    monkeypatch.setattr(figures, "indicator", lambda key: type("I", (), {"compute":
                                                                          staticmethod(fake)}))
    agreement.promises.create(party=agreement.parties.first(), text="x", figure="introduction")
    assert "72%" in promise_figures(agreement)["introduction"]
    scope = seen["scope"]
    assert scope.municipality == agreement.municipality
    assert scope.start == timezone.localdate().replace(month=1, day=1)


def test_a_promise_belongs_to_a_party(agreement, policy, school):
    with pytest.raises(ValidationError):
        promise_add(actor=as_actor(policy), agreement=agreement, party=school, text="x")


def test_an_evaluation_sets_the_next_review(agreement, policy):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        agreement_evaluate(actor=as_actor(policy), agreement=agreement, held_on=today,
                           outcome=EvaluationOutcome.ADJUST)
    agreement_evaluate(actor=as_actor(policy), agreement=agreement, held_on=today,
                       outcome=EvaluationOutcome.ADJUST, notes="Termijn naar 3 werkdagen",
                       next_review_on=today + timedelta(days=180))
    agreement.refresh_from_db()
    assert agreement.review_on == today + timedelta(days=180)
    agreement_evaluate(actor=as_actor(policy), agreement=agreement, held_on=today,
                       outcome=EvaluationOutcome.END)
    assert agreement.evaluations.count() == 2


def test_the_reminder_goes_once_before_the_review(agreement, policy, team_lead, supporter):
    assert agreements_review_remind(today=agreement.review_on - timedelta(days=31)) == 0
    assert agreements_review_remind() == 1
    assert agreements_review_remind() == 0
    reminded = set(Notification.objects.filter(kind=NotificationKind.AGREEMENT_REVIEW)
                   .values_list("recipient", flat=True))
    assert reminded == {policy.pk, team_lead.pk}
    assert supporter.pk not in reminded
    # A new review date gets its own reminder.
    agreement_evaluate(actor=as_actor(policy), agreement=agreement,
                       held_on=timezone.localdate(), outcome=EvaluationOutcome.CONTINUE,
                       next_review_on=timezone.localdate() + timedelta(days=10))
    assert agreements_review_remind() == 1


def test_the_api_writes_an_agreement_with_promises_and_an_evaluation(client, login_as, policy,
                                                                     shelter, veilig_thuis,
                                                                     alkmaar):
    login_as(policy)
    response = client.post("/api/v1/network/agreements/", {
        "title": "Terugkoppeling Veilig Thuis", "parties": [str(shelter.uuid),
                                                            str(veilig_thuis.uuid)],
        "municipality": str(alkmaar.uuid), "starts_on": "2026-01-01",
        "review_on": "2026-06-01"}, content_type="application/json")
    assert response.status_code == 201, response.content
    base = f"/api/v1/network/agreements/{response.json()['uuid']}/"
    promise = client.post(f"{base}promises/", {
        "party": str(veilig_thuis.uuid), "text": "Veilig Thuis koppelt binnen 5 werkdagen terug.",
        "figure": "signal_in_time"}, content_type="application/json")
    assert promise.status_code == 201
    evaluation = client.post(f"{base}evaluations/", {
        "held_on": "2026-06-01", "outcome": "continue", "next_review_on": "2027-06-01"},
        content_type="application/json")
    assert evaluation.status_code == 201 and evaluation.json()["review_on"] == "2027-06-01"
    assert client.get("/api/v1/network/agreements/").json()["results"][0]["past_review"] is False
    bad = client.post("/api/v1/network/agreements/", {
        "title": "x", "parties": [str(shelter.uuid)], "starts_on": "2026-01-01",
        "review_on": "2026-06-01"}, content_type="application/json")
    assert bad.status_code == 400


def test_the_dashboard_shows_meetings_held_and_planned_and_agreements_past_review(
        client, login_as, policy, held, planned, agreement):
    from zicht.network.models import Invitation
    from zicht.network.services import meeting_attendance_record

    meeting_attendance_record(actor=as_actor(policy), meeting=held,
                              present=set(Invitation.objects.filter(meeting=held)
                                          .values_list("pk", flat=True)[:2]))
    Agreement.objects.filter(pk=agreement.pk).update(
        review_on=timezone.localdate() - timedelta(days=3))
    login_as(policy)
    end = (timezone.localdate() + timedelta(days=60)).isoformat()
    api = client.get(f"/api/v1/evaluation/indicators/?area=regio&end={end}").json()
    results = api["results"] if isinstance(api, dict) and "results" in api else api
    if isinstance(results, dict):
        results = results.get("indicators", results)
    by_key = {r["key"]: r for r in results}
    meetings = [row["cells"][0]["display"] for row in by_key["network_meetings"]["rows"]]
    assert meetings == ["2", "1"]  # planned, held: counts of meetings are shown as they are
    past = [row["cells"][0]["display"] for row in by_key["agreements_review"]["rows"]]
    assert past == ["1", "1"]
    page = client.get(reverse("evaluation:dashboard")).text
    assert "Netwerkbijeenkomsten: gehouden en gepland" in page
    assert "Samenwerkingsafspraken over hun evaluatiedatum" in page
