"""A canary household walks the whole flow through the services; afterwards no column of
any table in the raw database holds its address, its BSN or its notes in plain text
(issue 18, point 4: "a test reads the raw database after a full flow").

What is encrypted at rest, and so checked here: the address (the household's, the copy in
a report to Veilig Thuis, the new one on a move), the BSN (and its corrections), and the
contact moments' notes. Names and dates of birth are not: search and "zorg melden" match
them in the database (README, "Zoeken"), so the canary does not look for them.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import as_actor
from zicht.access.services import person_correct
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.services import contact_record
from zicht.households.models import Address, PersonRole
from zicht.households.services import PersonData, address_change, household_register
from zicht.moves.services import HandoverConsent, NewAddress, move_accept, move_request
from zicht.plans.services import action_add
from zicht.safety.services import police_alert_record, safety_plan_save
from zicht.signals.reports import report_draft, report_send, report_update
from zicht.signals.services import partner_connect, signal_report
from zicht.stagnations.services import stagnation_escalate, stagnation_record
from zicht.trajectories.services import departure_record, supporter_invite

pytestmark = pytest.mark.django_db

STREET, POSTCODE, CITY = "Kanarieweg 917", "9917 KZ", "Kanariestad"
NEW_STREET, NEW_POSTCODE, NEW_CITY = "Zwaluwpad 23", "9918 ZW", "Zwaluwdorp"
MOVED_STREET, MOVED_POSTCODE, MOVED_CITY = "Merelhof 5", "9919 MH", "Merelstad"
CLIENT_BSN, CHILD_BSN = "991122334", "992233445"
NOTE = "Kanarienotitie: zij vertelde over de buurman"
INTRODUCTION_NOTE = "Kanariekennismaking in de opvang"

CANARIES = [STREET, "Kanarieweg", POSTCODE, POSTCODE.replace(" ", ""), CITY,
            NEW_STREET, NEW_POSTCODE, NEW_POSTCODE.replace(" ", ""), NEW_CITY,
            MOVED_STREET, MOVED_POSTCODE, MOVED_POSTCODE.replace(" ", ""), MOVED_CITY,
            CLIENT_BSN, CHILD_BSN, NOTE, INTRODUCTION_NOTE]


def walk_the_flow(*, shelter_worker, supporter, outsider, school_partner, alkmaar,
                  alkmaar_team, hoorn_team, school, veilig_thuis):
    today = timezone.localdate()
    shelter, carer = as_actor(shelter_worker), as_actor(supporter)
    household = household_register(
        actor=shelter,
        client=PersonData(role=PersonRole.CLIENT, given_name="Kanarie", family_name="Vogel",
                          date_of_birth=today.replace(year=today.year - 34)),
        others=[PersonData(role=PersonRole.CHILD, given_name="Mees", family_name="Vogel",
                           date_of_birth=today.replace(year=today.year - 6))])
    client, child = household.client, household.persons.get(role=PersonRole.CHILD)
    person_correct(actor=shelter, person=client, changes={"bsn": CLIENT_BSN},
                   reason="Op verzoek van de cliënt.")
    person_correct(actor=shelter, person=child, changes={"bsn": CHILD_BSN},
                   reason="Op verzoek van de cliënt.")
    consent_record(actor=shelter, household=household, person=client,
                   purpose=ConsentPurpose.FOLLOW_UP, method=ConsentMethod.WRITTEN,
                   given_on=today)
    trajectory = household.trajectories.get()
    supporter_invite(actor=shelter, trajectory=trajectory, municipality=alkmaar,
                     supporter_organisation=alkmaar_team, supporter=supporter)
    contact_record(actor=carer, trajectory=trajectory, kind="introduction", held_on=today,
                   channel="in_person", reached=True, notes=INTRODUCTION_NOTE)
    departure_record(actor=shelter, trajectory=trajectory, departure_date=today,
                     shelter_aftercare_until=today + timedelta(days=60), street=STREET,
                     postcode=POSTCODE, city=CITY, address_is_secret=True,
                     coordinator_organisation=alkmaar_team, coordinator=supporter)
    contact_record(actor=carer, trajectory=trajectory, kind="follow_up", held_on=today,
                   channel="phone", reached=True, notes=NOTE,
                   answers={"feels_safe": "yes"})
    safety_plan_save(actor=carer, household=household,
                     data={"risks": "Ex-partner zoekt haar", "house_ban": True,
                           "next_review_on": today + timedelta(days=30)})
    police_alert_record(actor=carer, household=household, called_at=timezone.now(),
                        what_was_done="112 gebeld, politie ter plaatse.")
    partner_connect(actor=carer, household=household, organisation=school,
                    label="de moeder van Mees")
    signal = signal_report(actor=as_actor(school_partner), household=household,
                           urgency="not_acute", about="child",
                           observed="Mees komt vaak te laat en is stil.", observed_on=today)
    report = report_draft(actor=carer, household=household, veilig_thuis=veilig_thuis,
                          signal=signal)
    report_update(actor=carer, report=report, content={"done": "Gesprek gevoerd."},
                  include_address=True)
    report_send(actor=carer, report=report)
    address_change(actor=carer, household=household, street=NEW_STREET,
                   postcode=NEW_POSTCODE, city=NEW_CITY, municipality=alkmaar, is_secret=True,
                   reason="Van tijdelijk naar vast adres.")
    action_add(actor=carer, household=household, domain="housing",
               description="Urgentieverklaring aanvragen", responsible_organisation=alkmaar_team,
               due_on=today + timedelta(days=14))
    stagnation = stagnation_record(actor=carer, household=household, domain="finances",
                                   what="Uitkering vertraagd door de verhuizing",
                                   since=today - timedelta(days=20), must_act="UWV")
    stagnation_escalate(actor=carer, stagnation=stagnation,
                        provision="other", tried=["contacted"],
                        note="Uitkering stokt sinds de verhuizing; gebeld en gemaild.")
    move = move_request(actor=carer, trajectory=trajectory, to_organisation=hoorn_team,
                        to_supporter=None, meeting_at=timezone.now() + timedelta(days=3),
                        moving_date=today + timedelta(days=7),
                        meeting_place="Samen met de cliënt",
                        new_address=NewAddress(MOVED_STREET, MOVED_POSTCODE, MOVED_CITY,
                                               is_secret=True),
                        consent=HandoverConsent(ConsentMethod.VERBAL))
    move_accept(actor=as_actor(outsider), move=move)
    return household


def raw_rows():
    """Every value of every text-like column of every table, as the database stores it."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(
                cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            # Names from the introspection, quoted: no input reaches this query.
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("utf-8", "replace")
                    if isinstance(value, str):
                        yield table, column, value


def test_no_canary_value_is_in_plain_text_anywhere_in_the_database(
        shelter_worker, supporter, outsider, school_partner, alkmaar, alkmaar_team, hoorn_team,
        school, veilig_thuis):
    household = walk_the_flow(
        shelter_worker=shelter_worker, supporter=supporter, outsider=outsider,
        school_partner=school_partner, alkmaar=alkmaar, alkmaar_team=alkmaar_team,
        hoorn_team=hoorn_team, school=school, veilig_thuis=veilig_thuis)
    # The flow really stored the canaries (decrypted through the models), so the scan
    # below finds nothing because they are encrypted, not because they were never written.
    address = Address.objects.get(household=household)
    assert (address.street, address.city) == (MOVED_STREET, MOVED_CITY)
    assert household.client.bsn == CLIENT_BSN
    assert household.veilig_thuis_reports.get().address.startswith(STREET)

    rows = list(raw_rows())
    assert any(table == "households_person" for table, _, _ in rows)
    found = sorted({(table, column, canary) for table, column, value in rows
                    for canary in CANARIES if canary.lower() in value.lower()})
    assert not found, f"in plain text at rest: {found}"


def test_a_summary_written_before_encryption_is_read_and_encrypted_when_saved_again(
        shelter_worker, supporter, outsider, school_partner, alkmaar, alkmaar_team, hoorn_team,
        school, veilig_thuis):
    from zicht.moves.models import Move

    walk_the_flow(shelter_worker=shelter_worker, supporter=supporter, outsider=outsider,
                  school_partner=school_partner, alkmaar=alkmaar, alkmaar_team=alkmaar_team,
                  hoorn_team=hoorn_team, school=school, veilig_thuis=veilig_thuis)
    move = Move.objects.get()
    with connection.cursor() as cursor:  # as the column held it before migration 0003
        cursor.execute("UPDATE moves_move SET summary = %s", ['{"reference": "ZH-OUD"}'])
    assert Move.objects.get().summary == {"reference": "ZH-OUD"}
    Move.objects.filter(pk=move.pk).update(summary=Move.objects.get().summary)
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM moves_move")
        assert "ZH-OUD" not in cursor.fetchone()[0]
    assert Move.objects.get().summary == {"reference": "ZH-OUD"}
