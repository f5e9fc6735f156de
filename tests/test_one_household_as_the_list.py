"""One household opens exactly when the lists would show it.

The access grounds are written twice in ``zicht.access.policy``: as one SQL condition for
lists (``visible_households``) and as a few lookups on one household (``access_for``,
behind ``household_for`` on every household page). Ground by ground, and without one, both
give the same answer, for the carers' full view and for a partner's part of it.
"""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from tests.conftest import CLIENT_BORN, _member, as_actor
from tests.factories import OrganisationFactory
from zicht.access.services import emergency_access_open, sharing_approve, sharing_request
from zicht.consent.models import Consent, ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record, consent_withdraw
from zicht.households.selectors import household_for, visible_households

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories


def opens(user, household) -> tuple[bool, bool]:
    """(full view, partner's part): what ``household_for`` answers, after checking that the
    lists answer the same."""
    actor = as_actor(user)
    answers = []
    for partial in (False, True):
        listed = visible_households(actor, partial=partial).filter(pk=household.pk).exists()
        try:
            household_for(actor, household.uuid, partial=partial)
        except Http404:
            opened = False
        else:
            opened = True
        assert opened == listed, f"{user.username}, partial={partial}"
        answers.append(opened)
    return tuple(answers)


def test_the_carers_open_it_whole_and_nobody_else_at_all(household, supporter, colleague,
                                                         shelter_worker, outsider, policy,
                                                         school_partner):
    assert opens(supporter, household) == (True, True)
    assert opens(colleague, household) == (True, True)  # the same team carries it
    assert opens(shelter_worker, household) == (True, True)
    assert opens(outsider, household) == (False, False)
    assert opens(policy, household) == (False, False)  # aggregates only, never a record
    assert opens(school_partner, household) == (False, False)  # no consent yet


def test_without_the_clients_consent_to_follow_up_the_invited_supporter_opens_nothing(
        invited_household, supporter, shelter_worker):
    """Before departure the team is invited as supporter only, not yet the coordinator."""
    assert opens(supporter, invited_household) == (True, True)
    consent = Consent.objects.get(household=invited_household,
                                  purpose=ConsentPurpose.FOLLOW_UP)
    consent_withdraw(actor=as_actor(shelter_worker), consent=consent)
    assert opens(supporter, invited_household) == (False, False)
    assert opens(shelter_worker, invited_household) == (True, True)


def test_a_partner_with_the_clients_consent_opens_its_part_only(household, supporter,
                                                                school, school_partner):
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["persons"])
    assert opens(school_partner, household) == (False, True)


def test_sharing_without_consent_opens_a_part_for_its_time(household, supporter, colleague,
                                                           region, time_machine):
    gp = OrganisationFactory(name="Huisartsenpraktijk Zuid", kind="gp", region=region)
    gp_worker = _member("gert.huisarts", gp, "partner")
    override = sharing_request(
        actor=as_actor(supporter), household=household, organisation=gp,
        categories=["signals"], reason="Zorg om de veiligheid van Noor (meldrecht).",
        valid_until=timezone.now() + timedelta(days=14))
    assert opens(gp_worker, household) == (False, False)  # four eyes first
    sharing_approve(actor=as_actor(colleague), override=override)
    assert opens(gp_worker, household) == (False, True)
    time_machine.move_to(timezone.now() + timedelta(days=15))
    assert opens(gp_worker, household) == (False, False)


def test_breaking_the_glass_opens_it_whole(household, vt_worker):
    assert opens(vt_worker, household) == (False, False)
    emergency_access_open(actor=as_actor(vt_worker), reference=household.reference,
                          date_of_birth=CLIENT_BORN, reason="Politie belt: acute dreiging.",
                          password=PASSWORD)
    assert opens(vt_worker, household) == (True, True)
