"""Need to know: only organisations involved with a household see it; for everyone else
every page about it answers 404, never 403, so that its existence is not confirmed."""

import re

import pytest
from django.urls import reverse

from tests.conftest import login

HOUSEHOLD_PAGES = [
    ("households:detail", "get"),
    ("households:access_log", "get"),
    ("households:address", "post"),
    ("households:address_edit", "get"),
    ("households:address_edit", "post"),
    ("households:consent", "get"),
    ("households:consent", "post"),
    ("households:invite", "get"),
    ("households:invite", "post"),
    ("households:departure", "get"),
    ("households:departure", "post"),
    ("households:coordinator", "get"),
    ("households:coordinator", "post"),
    ("households:close", "get"),
    ("households:close", "post"),
    ("contacts:new", "get"),
    ("contacts:new", "post"),
]


@pytest.mark.parametrize(("name", "method"), HOUSEHOLD_PAGES)
def test_an_outsider_gets_404_on_every_household_page(client, household, outsider, name,
                                                      method):
    login(client, outsider)
    response = getattr(client, method)(reverse(name, args=[household.uuid]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), HOUSEHOLD_PAGES)
def test_a_partner_not_connected_gets_404_too(client, household, school_partner, name, method):
    login(client, school_partner)
    response = getattr(client, method)(reverse(name, args=[household.uuid]))
    assert response.status_code == 404


def test_the_outsider_404_looks_like_a_household_that_does_not_exist(client, household,
                                                                     outsider):
    import uuid

    login(client, outsider)
    other = uuid.uuid4()
    known = client.get(reverse("households:detail", args=[household.uuid]))
    unknown = client.get(reverse("households:detail", args=[other]))
    assert known.status_code == unknown.status_code == 404
    assert comparable(known, household.uuid) == comparable(unknown, other)


def comparable(response, requested_uuid) -> str:
    """The page without what differs per request anyway: CSRF tokens and the requested path."""
    html = response.content.decode().replace(str(requested_uuid), "<uuid>")
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)


def test_the_supporter_and_a_colleague_in_the_same_team_see_the_household(client, household,
                                                                          supporter, colleague):
    for user in (supporter, colleague):
        login(client, user)
        response = client.get(reverse("households:detail", args=[household.uuid]))
        assert response.status_code == 200
        assert "Fatima" in response.content.decode()


def test_the_caseload_lists_only_involved_households(client, household, supporter, outsider):
    login(client, supporter)
    assert "Fatima" in client.get(reverse("home")).content.decode()
    login(client, outsider)
    assert "Fatima" not in client.get(reverse("home")).content.decode()


def test_the_shelter_loses_sight_after_its_aftercare_ends(client, household, shelter_worker,
                                                          time_machine):
    from datetime import timedelta

    from django.utils import timezone

    login(client, shelter_worker)
    url = reverse("households:detail", args=[household.uuid])
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=62))
    login(client, shelter_worker)  # the old session has expired by then
    assert client.get(url).status_code == 404


def test_closing_the_trajectory_ends_access_at_once(client, household, supporter):
    login(client, supporter)
    response = client.post(reverse("households:close", args=[household.uuid]),
                           {"reason_code": "client_declines",
                            "reason": "Cliënt ziet af van ondersteuning"})
    assert response.status_code == 302
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, household):
    response = client.get(reverse("households:detail", args=[household.uuid]))
    assert response.status_code == 302
    assert reverse("two_factor:login") in response["Location"]


def test_policy_staff_in_the_carrying_team_do_not_open_household_records(client, household,
                                                                         alkmaar_team):
    from tests.factories import MembershipFactory, UserFactory

    policy_officer = MembershipFactory(user=UserFactory(username="bea.beleid"),
                                       organisation=alkmaar_team, role="policy").user
    login(client, policy_officer)
    assert client.get(reverse("households:detail", args=[household.uuid])).status_code == 404
    assert "Fatima" not in client.get(reverse("home")).content.decode()
