"""Signals (issue 4): partners, signals, "zorg melden", the meldcode, Veilig Thuis.

Each test reads like the rule it holds; the personas are in ``tests/conftest.py`` and
``tests/signals/conftest.py``.
"""

import json
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SECRET_STREET, as_actor, login
from tests.signals.conftest import a_signal, walk_to_weighing
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.contacts.services import contact_record
from zicht.households.models import PersonRole
from zicht.households.selectors import visible_households
from zicht.notifications.models import NotificationKind
from zicht.notifications.services import notifications_mail_pending
from zicht.signals import escalation, reports, services
from zicht.signals.models import (
    About,
    Decision,
    ReportStatus,
    Signal,
    SignalSource,
    Step,
    Urgency,
)
from zicht.signals.report import report_document, report_json, report_pdf

TODAY = date(2026, 3, 4)  # a Wednesday


# --- Partners and signals ------------------------------------------------------------


def test_a_connected_partner_reports_a_worry_that_goes_to_the_coordinator(
        household, connected_school, supporter, alkmaar_team, time_machine,
        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signal = a_signal(household, connected_school)
    assert signal.coordinator_organisation == alkmaar_team
    assert signal in services.signals_for_coordinator(as_actor(supporter))
    assert supporter.notifications.filter(kind=NotificationKind.SIGNAL_NEW,
                                          household=household).exists()
    # The supporter was mailed about the invitation minutes ago: this one is bundled.
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    with django_capture_on_commit_callbacks(execute=True):
        notifications_mail_pending()
    assert supporter.email in [m.to[0] for m in mail.outbox]
    assert all("Noor" not in m.body and household.reference not in m.body
               for m in mail.outbox)


def test_a_connected_partner_does_not_see_the_household_record(household, connected_school,
                                                                client, login_as):
    assert household not in visible_households(as_actor(connected_school))
    login_as(connected_school)
    assert client.get(f"/households/{household.uuid}/").status_code == 404
    assert client.get(f"/safety/households/{household.uuid}/").status_code == 404
    page = client.get(f"/safety/households/{household.uuid}/worry/")
    assert page.status_code == 200
    assert "Fatima" not in page.content.decode()


def test_a_partner_sees_only_the_status_of_its_own_signals(household, connected_school,
                                                           supporter, client, login_as):
    mine = a_signal(household, connected_school, observed="Mijn eigen zorg")
    a_signal(household, supporter, observed="Zorg van de ondersteuner")
    login_as(connected_school)
    page = client.get("/safety/signals/").content.decode()
    assert "Ontvangen" in page
    assert "Zorg van de ondersteuner" not in page and "Mijn eigen zorg" not in page
    services.signal_step(actor=as_actor(supporter), signal=mine, to_step=Step.MAPPED)
    assert "Opgepakt" in client.get("/safety/signals/").content.decode()


def test_an_unconnected_partner_cannot_report_on_the_household(household, school_partner,
                                                               client, login_as):
    with pytest.raises(PermissionDenied):
        a_signal(household, school_partner)
    login_as(school_partner)
    assert client.get(f"/safety/households/{household.uuid}/worry/").status_code == 404


def test_only_the_coordinator_connects_a_partner(household, shelter_worker, school):
    with pytest.raises(PermissionDenied):
        services.partner_connect(actor=as_actor(shelter_worker), household=household,
                                 organisation=school)


def test_feeling_unsafe_at_a_contact_moment_makes_a_signal(household, supporter):
    contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                   kind="follow_up", held_on=timezone.localdate(), channel="phone",
                   reached=True, answers={"feels_safe": "no"})
    signal = Signal.objects.get(household=household)
    assert signal.source == SignalSource.CONTACT


def test_feeling_safe_makes_no_signal(household, supporter):
    contact_record(actor=as_actor(supporter), trajectory=household.trajectories.get(),
                   kind="follow_up", held_on=timezone.localdate(), channel="phone",
                   reached=True, answers={"feels_safe": "yes"})
    assert not Signal.objects.exists()


@pytest.mark.parametrize(("urgency", "received", "due"), [
    (Urgency.ACUTE, datetime(2026, 3, 4, 10, 0), date(2026, 3, 4)),      # same day
    (Urgency.NOT_ACUTE, datetime(2026, 3, 4, 10, 0), date(2026, 3, 5)),  # next working day
    (Urgency.NOT_ACUTE, datetime(2026, 3, 6, 16, 0), date(2026, 3, 9)),  # Friday -> Monday
])
def test_the_response_deadline(urgency, received, due):
    deadline = services.signal_deadline(timezone.make_aware(received), urgency)
    assert timezone.localtime(deadline).date() == due


def test_the_deadlines_are_configurable(settings):
    settings.ZICHT_SIGNAL_WORKING_DAYS = 2
    received = timezone.make_aware(datetime(2026, 3, 4, 10, 0))
    deadline = services.signal_deadline(received, Urgency.NOT_ACUTE)
    assert timezone.localtime(deadline).date() == date(2026, 3, 6)


def test_overdue_signals_escalate_to_the_team_lead(household, connected_school, team_lead,
                                                   time_machine,
                                                   django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 3, 9, 0)))
    signal = a_signal(household, connected_school, urgency=Urgency.ACUTE)
    picked_up = a_signal(household, connected_school, urgency=Urgency.ACUTE)
    picked_up.step = Step.MAPPED
    picked_up.save()
    assert escalation.signals_escalate_overdue() == 0  # not late yet
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 4, 9, 0)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_overdue_signals")
    signal.refresh_from_db()
    picked_up.refresh_from_db()
    assert signal.escalated_at is not None and picked_up.escalated_at is None
    assert [m.to for m in mail.outbox] == [[team_lead.email]]
    assert household.reference not in mail.outbox[0].body
    assert escalation.signals_escalate_overdue() == 0  # once only


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after a task
def test_the_worker_escalates_an_overdue_signal_without_anyone_asking(
        household, connected_school, team_lead, time_machine,
        django_capture_on_commit_callbacks):
    from zicht.rhythm.worker import enqueue_due, make_worker

    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 3, 9, 0)))
    signal = a_signal(household, connected_school, urgency=Urgency.ACUTE)
    time_machine.move_to(timezone.make_aware(datetime(2027, 3, 4, 9, 0)))
    mail.outbox.clear()
    enqueue_due()
    with django_capture_on_commit_callbacks(execute=True):
        make_worker(interval=0, batch=True).run()
    signal.refresh_from_db()
    assert signal.escalated_at is not None
    assert [team_lead.email] in [m.to for m in mail.outbox]  # the scan may mail others too
    assert all(household.reference not in m.body for m in mail.outbox)


# --- Zorg melden ---------------------------------------------------------------------


def test_zorg_melden_routes_a_known_person_to_the_coordinator(household, school_partner,
                                                              alkmaar_team):
    client_person = household.persons.get(role=PersonRole.CLIENT)
    client_person.date_of_birth = date(1990, 5, 1)
    client_person.save()
    signal = services.zorg_melden(actor=as_actor(school_partner), given_name="fatima",
                                  family_name="YILMAZ", date_of_birth=date(1990, 5, 1), bsn="",
                                  urgency=Urgency.NOT_ACUTE, observed="Blauwe plekken",
                                  observed_on=timezone.localdate())
    assert signal.household == household
    assert signal.coordinator_organisation == alkmaar_team


def test_zorg_melden_matches_a_child_by_bsn(household, school_partner):
    child = household.persons.filter(role=PersonRole.CHILD).first()
    child.bsn = "123456782"
    child.save()
    signal = services.zorg_melden(actor=as_actor(school_partner), given_name="", family_name="",
                                  date_of_birth=None, bsn="123456782", urgency=Urgency.ACUTE,
                                  observed="Kind niet opgehaald",
                                  observed_on=timezone.localdate())
    assert (signal.household, signal.about) == (household, "child")


def test_an_unmatched_zorg_melden_is_stored_for_audit_without_the_identity(db, school_partner):
    signal = services.zorg_melden(actor=as_actor(school_partner), given_name="Onbekend",
                                  family_name="Persoon", date_of_birth=date(1980, 1, 1), bsn="",
                                  urgency=Urgency.NOT_ACUTE, observed="Zorg",
                                  observed_on=timezone.localdate())
    assert signal.household is None and signal.coordinator_organisation is None
    stored = json.dumps(list(Signal.objects.values()), default=str)
    assert "Onbekend" not in stored and "1980-01-01" not in stored
    assert AccessLogEntry.objects.filter(record_uuid=signal.uuid).count() == 1


# --- The meldcode ---------------------------------------------------------------------


def test_the_meldcode_steps_go_in_order_with_history(household, connected_school, supporter):
    signal = a_signal(household, connected_school)
    actor = as_actor(supporter)
    with pytest.raises(ValidationError):
        services.signal_step(actor=actor, signal=signal, to_step=Step.WEIGHED)
    walk_to_weighing(signal, supporter)
    assert [s.to_step for s in signal.steps.all()] == [Step.MAPPED, Step.CONSULTED, Step.TALKED]
    assert signal.picked_up_at is not None
    assert "onveilig" in signal.talk_skipped_reason


def test_talking_needs_notes_or_a_reason_to_skip_it(household, connected_school, supporter):
    signal = a_signal(household, connected_school)
    actor = as_actor(supporter)
    services.signal_step(actor=actor, signal=signal, to_step=Step.MAPPED)
    services.signal_step(actor=actor, signal=signal, to_step=Step.CONSULTED)
    with pytest.raises(ValidationError):
        services.signal_step(actor=actor, signal=signal, to_step=Step.TALKED)


def test_acute_or_structural_unsafety_makes_reporting_required(household, connected_school,
                                                               supporter):
    signal = a_signal(household, connected_school)
    walk_to_weighing(signal, supporter)
    actor = as_actor(supporter)
    services.signal_step(actor=actor, signal=signal, to_step=Step.WEIGHED, suspicion=True,
                         acute_or_structural=True, can_organise_help=True, help_accepted=True,
                         lasting_safety=True)
    assert signal.must_report()
    for decision in (Decision.HELP, Decision.CLOSE):
        with pytest.raises(ValidationError) as error:
            services.signal_step(actor=actor, signal=signal, to_step=Step.DECIDED,
                                 decision=decision)
        assert "verplicht" in str(error.value) or "vermoeden" in str(error.value)
    services.signal_step(actor=actor, signal=signal, to_step=Step.DECIDED,
                         decision=Decision.HELP_AND_REPORT)
    assert signal.step == Step.DECIDED


def test_help_that_works_needs_no_report(household, connected_school, supporter):
    signal = a_signal(household, connected_school)
    walk_to_weighing(signal, supporter)
    actor = as_actor(supporter)
    services.signal_step(actor=actor, signal=signal, to_step=Step.WEIGHED, suspicion=True,
                         acute_or_structural=False, can_organise_help=True, help_accepted=True,
                         lasting_safety=True)
    services.signal_step(actor=actor, signal=signal, to_step=Step.DECIDED, decision=Decision.HELP)
    assert not signal.must_report()


def test_only_the_coordinating_team_records_meldcode_steps(household, connected_school,
                                                           shelter_worker):
    signal = a_signal(household, connected_school)
    for user in (shelter_worker, connected_school):
        with pytest.raises(PermissionDenied):
            services.signal_step(actor=as_actor(user), signal=signal, to_step=Step.MAPPED)


# --- Veilig Thuis -----------------------------------------------------------------------


def report_layout_text(report, address=None) -> str:
    """The text WeasyPrint lays out for the PDF (no pdftotext or pypdf on this machine)."""
    document = report_document(report, address=address)
    texts = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if hasattr(box, "text"):
                texts.append(box.text)
            stack.extend(reversed(getattr(box, "children", [])))
    return " ".join(texts)


def test_the_draft_report_is_limited_and_leaves_out_the_secret_address(
        household, connected_school, supporter, veilig_thuis):
    signal = a_signal(household, connected_school, observed="Noor had blauwe plekken.")
    report = reports.report_draft(actor=as_actor(supporter), household=household,
                                   veilig_thuis=veilig_thuis, signal=signal)
    assert "Noor had blauwe plekken." in report.content["reason"]
    assert "Fatima Yilmaz" in report.content["household"]
    assert SECRET_STREET not in json.dumps(report.content)
    assert SECRET_STREET not in json.dumps(report_json(report))


def test_the_pdf_carries_the_report_and_not_the_address(sent_report):
    pdf = report_pdf(sent_report)
    assert pdf.startswith(b"%PDF")
    text = report_layout_text(sent_report)
    assert "Melding aan Veilig Thuis" in text and sent_report.reference in text
    assert "Gesprek met school." in text
    assert "Geheimelaan" not in text


def test_the_address_is_included_only_when_chosen_and_that_is_logged(
        household, connected_school, supporter, veilig_thuis):
    actor = as_actor(supporter)
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis)
    reports.report_update(actor=actor, report=report, content={}, include_address=True)
    assert AccessLogEntry.objects.filter(record_uuid=report.uuid,
                                         action=AccessAction.REVEAL_ADDRESS).exists()
    # The copy travels with the report, but a document shows it only when revealed.
    assert SECRET_STREET not in report_layout_text(report)
    assert report_json(report)["address"] is None
    address = reports.report_address_reveal(actor=actor, report=report)
    assert SECRET_STREET in report_layout_text(report, address=address)
    assert report_json(report, address=address)["address"].startswith(SECRET_STREET)


def test_the_report_page_shows_the_address_through_toon_adres_only(
        client, household, connected_school, supporter, veilig_thuis, vt_worker):
    from zicht.core.reauth import REAUTH

    actor = as_actor(supporter)
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis)
    reports.report_update(actor=actor, report=report, content={}, include_address=True)
    reports.report_send(actor=actor, report=report)
    for person in (supporter, vt_worker):
        login(client, person)
        session = client.session
        session.pop(REAUTH, None)
        session.save()
        page = client.get(reverse("signals:report", args=[report.uuid])).content.decode()
        assert SECRET_STREET not in page and "toon adres" in page
        for fmt in ("pdf", "json"):
            download = client.get(reverse("signals:report_download", args=[report.uuid, fmt]))
            assert SECRET_STREET.encode() not in download.content
        before = AccessLogEntry.objects.filter(user=person,
                                               action=AccessAction.REVEAL_ADDRESS).count()
        url = reverse("signals:report_address", args=[report.uuid])
        asked = client.post(url).content.decode()
        assert SECRET_STREET not in asked and "wachtwoord" in asked
        shown = client.post(url, {"password": "correct horse battery"}).content.decode()
        assert SECRET_STREET in shown
        assert AccessLogEntry.objects.filter(
            user=person, action=AccessAction.REVEAL_ADDRESS).count() == before + 1
    # After the password, Veilig Thuis's own download carries the address it was sent.
    download = client.get(reverse("signals:report_download", args=[report.uuid, "json"]))
    assert download.json()["address"].startswith(SECRET_STREET)


def test_veilig_thuis_sees_only_what_was_reported_to_it(sent_report, household, vt_worker,
                                                        other_vt_worker, client, login_as):
    assert list(reports.reports_for_veilig_thuis(as_actor(vt_worker))) == [sent_report]
    assert not reports.reports_for_veilig_thuis(as_actor(other_vt_worker)).exists()
    login_as(vt_worker)
    assert client.get(f"/households/{household.uuid}/").status_code == 404
    assert client.get(f"/safety/households/{household.uuid}/").status_code == 404
    assert client.get(f"/safety/reports/{sent_report.uuid}/").status_code == 200
    assert client.get(f"/safety/reports/{sent_report.uuid}/pdf/").status_code == 200


def test_a_draft_is_invisible_to_veilig_thuis(household, supporter, veilig_thuis, vt_worker,
                                              client, login_as):
    report = reports.report_draft(actor=as_actor(supporter), household=household,
                                   veilig_thuis=veilig_thuis)
    login_as(vt_worker)
    assert client.get(f"/safety/reports/{report.uuid}/").status_code == 404


def test_veilig_thuis_follows_up_and_feeds_back(sent_report, vt_worker, supporter):
    actor = as_actor(vt_worker)
    reports.report_status_set(actor=actor, report=sent_report, status=ReportStatus.RECEIVED)
    reports.report_status_set(actor=actor, report=sent_report, status=ReportStatus.REPORT)
    with pytest.raises(ValidationError):  # handing back needs the safety conditions
        reports.report_status_set(actor=actor, report=sent_report,
                                   status=ReportStatus.HANDED_BACK)
    reports.report_status_set(actor=actor, report=sent_report, status=ReportStatus.HANDED_BACK,
                               safety_conditions="Geen contact met de kinderen zonder toezicht.",
                               monitoring="Regisseur checkt maandelijks met school.")
    assert [h.to_status for h in sent_report.history.all()] == [
        "draft", "sent", "received", "report", "handed_back"]
    with pytest.raises(PermissionDenied):
        reports.report_status_set(actor=as_actor(supporter), report=sent_report,
                                   status=ReportStatus.RECEIVED)


def test_a_sent_report_cannot_be_edited(sent_report, supporter):
    with pytest.raises(ValidationError):
        reports.report_update(actor=as_actor(supporter), report=sent_report, content={},
                               include_address=True)


# --- Pages -------------------------------------------------------------------------------


def test_outsiders_get_404_on_signals_and_reports(sent_report, outsider, client, login_as):
    login_as(outsider)
    signal = sent_report.signal
    assert client.get(f"/safety/signals/{signal.uuid}/").status_code == 404
    assert client.get(f"/safety/reports/{sent_report.uuid}/").status_code == 404
    assert client.get(f"/safety/reports/{sent_report.uuid}/json/").status_code == 404
    assert client.post(f"/safety/reports/{sent_report.uuid}/address/",
                       {"password": "correct horse battery"}).status_code == 404
    assert client.post(f"/safety/households/{sent_report.household.uuid}/reports/new/",
                       {"veilig_thuis": sent_report.veilig_thuis.pk}).status_code == 404


def test_the_signals_page_has_a_fixed_number_of_queries(household, connected_school,
                                                        supporter, client, login_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_as(supporter)
    counts = []
    for signals in (2, 20):
        while Signal.objects.count() < signals:
            a_signal(household, connected_school)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/safety/signals/").status_code == 200
        counts.append(len(queries))
    # Fixed, whatever the number of signals; 3 of them are the session security checks.
    assert counts[0] == counts[1] <= 11, counts


def test_the_address_sent_to_veilig_thuis_is_encrypted_at_rest(household, supporter,
                                                               connected_school, veilig_thuis):
    from django.db import connection

    from zicht.households.models import Address

    actor = as_actor(supporter)
    report = reports.report_draft(actor=actor, household=household, veilig_thuis=veilig_thuis,
                                  signal=a_signal(household, connected_school))
    reports.report_update(actor=actor, report=report, content={}, include_address=True)
    street = Address.objects.get(household=household).street
    report.refresh_from_db()
    assert street in report.address  # readable through the field
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM safety_veiligthuisreport WHERE id = %s", [report.pk])
        raw = cursor.fetchone()[0]
    assert street not in raw and raw.startswith("enc1:")


def test_a_worry_with_an_unknown_urgency_or_subject_is_refused_and_nothing_is_saved(
        household, connected_school):
    for bad in ({"urgency": "later", "about": About.CHILD},
                {"urgency": Urgency.ACUTE, "about": "the neighbour's dog"}):
        with pytest.raises(ValidationError):
            services.signal_report(actor=as_actor(connected_school), household=household,
                                   observed="Noor was erg bang.",
                                   observed_on=timezone.localdate(), **bad)
    assert not Signal.objects.filter(household=household).exists()
