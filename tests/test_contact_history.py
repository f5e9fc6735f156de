"""A year of contact moments: the household page shows the latest five and links to all of
them, a page of their own that pages, is logged, and opens for whoever may read the
contact notes and nobody else (issue 14: the household page's cost no longer grows with
every contact)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.audit.models import AccessAction, AccessLogEntry
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.contacts.services import contact_record

pytestmark = pytest.mark.django_db


def contacts(household, supporter, count):
    trajectory = household.trajectories.get()
    for n in range(count):
        contact_record(actor=as_actor(supporter), trajectory=trajectory, kind="follow_up",
                       held_on=timezone.localdate(), channel="phone", reached=True,
                       notes=f"Gesprek nummer {n + 1}.")


def detail(household):
    return reverse("households:detail", args=[household.uuid])


def history(household):
    return reverse("contacts:list", args=[household.uuid])


def partner_with_consent(household, supporter, school, school_partner, categories):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=categories)
    return school_partner


def test_the_household_page_shows_the_latest_five_and_links_to_all(client, household,
                                                                   supporter):
    contacts(household, supporter, 7)
    page = login(client, supporter).get(detail(household)).content.decode()
    assert "Gesprek nummer 7." in page and "Gesprek nummer 3." in page
    assert "Gesprek nummer 2." not in page
    assert "Alle 7 contactmomenten" in page and f'href="{history(household)}"' in page


def test_five_or_fewer_need_no_link(client, household, supporter):
    contacts(household, supporter, 5)
    page = login(client, supporter).get(detail(household)).content.decode()
    assert "Gesprek nummer 1." in page and f'href="{history(household)}"' not in page


def test_all_contacts_page_newest_first_and_each_page_is_logged(client, household,
                                                                supporter):
    contacts(household, supporter, 27)
    login(client, supporter)
    first = client.get(history(household)).content.decode()
    assert first.index("Gesprek nummer 27.") < first.index("Gesprek nummer 3.")
    assert "Gesprek nummer 2." not in first and "Pagina 1 van 2" in first
    second = client.get(history(household) + "?page=2").content.decode()
    assert "Gesprek nummer 2." in second and "Gesprek nummer 1." in second
    entries = AccessLogEntry.objects.filter(user=supporter, record_type="contact",
                                            action=AccessAction.READ)
    assert entries.count() == 2
    assert {e.household_uuid for e in entries} == {household.uuid}
    assert all(e.ground.startswith("involvement:") for e in entries)


def test_the_household_page_costs_the_same_for_six_and_thirty_contacts(client, household,
                                                                       supporter):
    login(client, supporter)
    contacts(household, supporter, 6)
    with CaptureQueriesContext(connection) as few:
        client.get(detail(household))
    contacts(household, supporter, 24)
    with CaptureQueriesContext(connection) as many:
        page = client.get(detail(household)).content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)
    assert "Gesprek nummer 24." in page and "Gesprek nummer 19." not in page


def test_an_outsider_gets_the_answer_of_a_household_that_does_not_exist(client, household,
                                                                        supporter, outsider):
    contacts(household, supporter, 1)
    login(client, outsider)
    assert client.get(history(household)).status_code == 404
    assert not AccessLogEntry.objects.filter(user=outsider, record_type="contact").exists()


def test_a_partner_reads_them_on_the_clients_consent_for_contact_notes_only(
        client, household, supporter, school, school_partner):
    contacts(household, supporter, 1)
    partner = partner_with_consent(household, supporter, school, school_partner, ["plan"])
    login(client, partner)
    assert client.get(history(household)).status_code == 404
    partner_with_consent(household, supporter, school, school_partner, ["contact_notes"])
    page = client.get(history(household))
    assert page.status_code == 200 and "Gesprek nummer 1." in page.content.decode()
    entry = AccessLogEntry.objects.get(user=partner, record_type="contact")
    assert entry.ground.startswith("consent:")
