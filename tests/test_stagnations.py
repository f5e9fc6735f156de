"""Stagnations: recorded, aged, escalated coordinator → municipality, and resolved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import as_actor, login
from zicht.stagnations.models import Rung
from zicht.stagnations.selectors import age_in_days, municipality_counts, municipality_overview
from zicht.stagnations.services import (
    stagnation_escalate,
    stagnation_record,
    stagnation_resolve,
)


@pytest.fixture
def stagnation(household, supporter):
    return stagnation_record(actor=as_actor(supporter), household=household, domain="debts",
                             what="Wachtlijst schuldhulpverlening",
                             since=timezone.localdate() - timedelta(days=30),
                             must_act="Schuldhulp Alkmaar")


def escalate(stagnation, supporter, note="Schuldhulp neemt geen nieuwe aanmeldingen; twee "
                                         "keer gebeld.", **chosen):
    chosen = {"provision": "debt_help", "tried": ["contacted", "priority"], **chosen}
    return stagnation_escalate(actor=as_actor(supporter), stagnation=stagnation, note=note,
                               **chosen)


def test_a_stagnation_starts_with_the_coordinator_and_a_deadline(stagnation):
    assert stagnation.rung == Rung.COORDINATOR
    assert stagnation.deadline == timezone.localdate() + timedelta(days=14)
    assert age_in_days(stagnation, timezone.localdate()) == 30
    assert stagnation.municipality.name == "Alkmaar"


def test_escalation_goes_to_the_municipality_with_a_new_deadline(stagnation, supporter):
    escalate(stagnation, supporter)
    assert stagnation.rung == Rung.MUNICIPALITY
    assert stagnation.deadline == timezone.localdate() + timedelta(days=28)
    assert (stagnation.provision, stagnation.tried) == ("debt_help", ["contacted", "priority"])
    with pytest.raises(ValidationError):
        escalate(stagnation, supporter, note="Nogmaals")
    assert [s.rung for s in stagnation.steps.all()] == ["coordinator", "municipality"]


def test_escalating_asks_for_a_text_and_the_chosen_fields(stagnation, supporter):
    with pytest.raises(ValidationError) as refused:
        escalate(stagnation, supporter, note=" ", provision="", tried=[])
    assert set(refused.value.message_dict) == {"note", "provision", "tried"}
    assert "wat er vastzit" in refused.value.message_dict["note"][0]
    stagnation.refresh_from_db()
    assert stagnation.rung == Rung.COORDINATOR and stagnation.for_municipality == ""


def test_the_holder_sees_the_escalated_ones_and_resolves_them(stagnation, supporter, doorzetter,
                                                               policy, hoorn_policy):
    assert not municipality_overview(as_actor(doorzetter)).exists()  # not escalated yet
    escalate(stagnation, supporter)
    assert list(municipality_overview(as_actor(doorzetter))) == [stagnation]
    assert not municipality_overview(as_actor(policy)).exists()  # no doorzettingsmacht
    assert not municipality_overview(as_actor(hoorn_policy)).exists()
    with pytest.raises(ValidationError):
        stagnation_resolve(actor=as_actor(doorzetter), stagnation=stagnation, resolution=" ")
    with pytest.raises(PermissionDenied):
        stagnation_resolve(actor=as_actor(policy), stagnation=stagnation, resolution="x")
    stagnation_resolve(actor=as_actor(doorzetter), stagnation=stagnation,
                       resolution="Voorrang via doorzettingsmacht")
    assert not municipality_overview(as_actor(doorzetter)).exists()


def test_another_municipality_cannot_resolve(stagnation, supporter, hoorn_policy):
    escalate(stagnation, supporter)
    with pytest.raises(PermissionDenied):
        stagnation_resolve(actor=as_actor(hoorn_policy), stagnation=stagnation,
                           resolution="x")


def test_policy_staff_see_counts_per_domain_and_age_and_no_household(
        client, stagnation, supporter, policy, team_lead):
    escalate(stagnation, supporter)
    counts = municipality_counts(as_actor(policy), timezone.localdate())
    assert [(c.domain, c.total, c.escalated, c.by_age) for c in counts] == [
        ("debts", 1, 1, (0, 1, 0, 0))]  # 30 days old: the 14-42 band
    for user in (policy, team_lead):
        login(client, user)
        page = client.get(reverse("stagnations:overview")).content.decode()
        assert "Schulden" in page and "Aantallen per leefgebied" in page
        for hidden in (stagnation.household.reference, str(stagnation.uuid),
                       "Schuldhulp Alkmaar", "twee keer gebeld", "Wachtlijst", "Fatima"):
            assert hidden not in page, hidden
        api = login(APIClient(), user)
        assert api.get("/api/v1/stagnations/").status_code == 403
        counted = api.get("/api/v1/stagnations/counts/")
        assert counted.status_code == 200
        assert counted.json() == [{"domain": "debts", "total": 1, "escalated": 1,
                                   "by_age": [0, 1, 0, 0]}]
    # Policy staff never open the stagnation (the team lead carries the household itself).
    login(client, policy)
    assert client.get(reverse("stagnations:detail", args=[stagnation.uuid])).status_code == 404
    assert login(APIClient(), policy).get(
        f"/api/v1/stagnations/{stagnation.uuid}/").status_code == 404


def test_outsiders_see_neither_counts_nor_stagnations(client, stagnation, supporter, outsider,
                                                      hoorn_policy):
    escalate(stagnation, supporter)
    login(client, supporter)  # a supporter has no doorzettingsmacht and sees no counts
    assert client.get(reverse("stagnations:overview")).status_code == 403
    assert login(APIClient(), supporter).get("/api/v1/stagnations/counts/").status_code == 403
    for user in (outsider, hoorn_policy):
        login(client, user)
        assert client.get(reverse("stagnations:detail",
                                  args=[stagnation.uuid])).status_code == 404
        api = login(APIClient(), user)
        assert api.get(f"/api/v1/stagnations/{stagnation.uuid}/").status_code == 404
    counts = login(APIClient(), hoorn_policy).get("/api/v1/stagnations/counts/").json()
    assert counts == []  # Hoorn's own counts: Alkmaar's stagnation is not among them


def test_the_household_register_page_records_one(client, household, supporter):
    login(client, supporter)
    response = client.post(reverse("stagnations:household", args=[household.uuid]), {
        "domain": "housing", "what": "Geen urgentie", "since": timezone.localdate().isoformat(),
        "must_act": "Woningcorporatie"})
    assert response.status_code == 302
    assert household.stagnations.get().what == "Geen urgentie"


def test_the_escalation_form_records_the_chosen_fields(client, stagnation, supporter,
                                                       alkmaar_team):
    login(client, supporter)
    url = reverse("stagnations:detail", args=[stagnation.uuid])
    refused = client.post(url, {"do": "escalate", "note": "Loopt vast."})
    assert refused.status_code == 200 and "Wat is al geprobeerd?" in refused.content.decode()
    stagnation.refresh_from_db()
    assert stagnation.rung == Rung.COORDINATOR
    done = client.post(url, {"do": "escalate", "note": "Loopt vast.", "provision": "housing",
                             "stuck_organisation": alkmaar_team.pk,
                             "tried": ["contacted", "alternative"]})
    assert done.status_code == 302
    stagnation.refresh_from_db()
    assert (stagnation.rung, stagnation.provision, stagnation.stuck_organisation,
            stagnation.tried) == (Rung.MUNICIPALITY, "housing", alkmaar_team,
                                  ["alternative", "contacted"])


def test_the_holder_reads_the_chosen_fields_and_the_text_for_them_never_the_own_words(
        client, stagnation, supporter, doorzetter):
    """Issue 18, point 11: the holder of doorzettingsmacht never opens household records, so
    the coordinator's own description ("what", "must_act") stays with the carers."""
    escalate(stagnation, supporter)
    own_words = ("Wachtlijst schuldhulpverlening", "Schuldhulp Alkmaar")
    for_them = "Schuldhulp neemt geen nieuwe aanmeldingen"

    login(client, doorzetter)
    overview = client.get(reverse("stagnations:overview")).content.decode()
    detail = client.get(reverse("stagnations:detail", args=[stagnation.uuid])).content.decode()
    api = login(APIClient(), doorzetter)
    listed = api.get("/api/v1/stagnations/")
    one = api.get(f"/api/v1/stagnations/{stagnation.uuid}/")
    for text in (overview, detail, listed.content.decode(), one.content.decode()):
        for words in own_words:
            assert words not in text
        assert "Fatima" not in text
    assert stagnation.household.reference in overview
    assert for_them in detail and "Urgentie of voorrang aangevraagd" in detail
    assert "Schuldhulpverlening of bewindvoering" in detail
    row = listed.json()["results"][0]  # paged, as every list (issue 14)
    assert row == one.json()
    assert (row["provision"], row["tried"], row["for_municipality"][:41]) == (
        "debt_help", ["contacted", "priority"], for_them)
    assert "what" not in row and "must_act" not in row and "household" not in row

    carer = login(APIClient(), supporter).get(f"/api/v1/stagnations/{stagnation.uuid}/")
    assert carer.json()["what"] == own_words[0]
    assert carer.json()["tried"] == ["contacted", "priority"]


def test_the_administrator_names_the_holder_on_a_policy_membership_only(
        client, policy, supporter, alkmaar_team):
    from tests.conftest import _member
    from zicht.directory.models import Membership
    from zicht.directory.services import membership_update

    admin = _member("aad.beheer", alkmaar_team, "admin")
    membership = Membership.objects.get(user=policy)
    membership_update(actor=as_actor(admin), membership=membership, active=True,
                      in_directory=True, doorzettingsmacht=True)
    assert Membership.objects.get(user=policy).doorzettingsmacht
    with pytest.raises(ValidationError):
        membership_update(actor=as_actor(admin), membership=Membership.objects.get(
            user=supporter), active=True, in_directory=True, doorzettingsmacht=True)
    login(client, admin)
    page = client.get(reverse("directory:membership", args=[membership.uuid]))
    assert "Doorzettingsmacht" in page.content.decode()
    other = client.get(reverse("directory:membership",
                               args=[Membership.objects.get(user=supporter).uuid]))
    assert "Doorzettingsmacht" not in other.content.decode()


def test_while_nobody_holds_it_policy_staff_are_told_and_led_to_the_counts(
        stagnation, supporter, policy, team_lead):
    from zicht.notifications.models import Notification, NotificationKind

    escalate(stagnation, supporter)
    told = Notification.objects.filter(kind=NotificationKind.STAGNATION_ESCALATED)
    assert set(told.values_list("recipient", flat=True)) == {policy.pk, team_lead.pk}
    assert set(told.values_list("link", flat=True)) == {reverse("stagnations:overview")}
    assert set(told.values_list("household", flat=True)) == {None}
