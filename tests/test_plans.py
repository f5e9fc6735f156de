"""One plan per household: goals per person, actions with who and when, self-reliance."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import as_actor, login
from zicht.consent.models import ConsentMethod, ConsentPurpose
from zicht.consent.services import consent_record
from zicht.households.models import PersonRole
from zicht.plans.models import Instrument, Plan, ScoreMoment
from zicht.plans.selectors import default_instrument, plan_view
from zicht.plans.services import action_add, action_update, goal_add, scores_record


@pytest.fixture
def connected_school(household, school, supporter):
    """The school is involved as a partner, with the client's consent for the plan."""
    consent_record(actor=as_actor(supporter), household=household, person=household.client,
                   purpose=ConsentPurpose.PARTNER, method=ConsentMethod.WRITTEN,
                   given_on=timezone.localdate(), organisation=school, categories=["plan"])
    return school


def test_the_default_instrument_is_the_zrm_with_13_domains_and_five_levels(db):
    zrm = default_instrument()
    assert zrm.domains.count() == 13
    assert [lv.name for lv in zrm.levels.all()] == [
        "Acute problematiek", "Niet zelfredzaam", "Beperkt zelfredzaam",
        "Voldoende zelfredzaam", "Volledig zelfredzaam"]
    assert Instrument.objects.filter(is_default=True).count() == 1


def test_one_plan_with_goals_for_the_client_and_each_child(household, supporter):
    child = household.persons.filter(role=PersonRole.CHILD).first()
    goal_add(actor=as_actor(supporter), household=household, person=household.client,
             domain="housing", description="Vaste woning")
    goal_add(actor=as_actor(supporter), household=household, person=child,
             domain="education", description="Naar de nieuwe school")
    assert Plan.objects.filter(household=household).count() == 1
    assert {g.person for g in household.plan.goals.all()} == {household.client, child}


def test_the_perpetrator_gets_no_goal_in_the_plan(household, supporter):
    perpetrator = household.persons.get(role=PersonRole.PERPETRATOR)
    with pytest.raises(ValidationError):
        goal_add(actor=as_actor(supporter), household=household, person=perpetrator,
                 domain="safety", description="x")


def test_a_partner_adds_and_updates_only_their_own_actions(household, supporter,
                                                           school_partner, connected_school,
                                                           alkmaar_team):
    partner = as_actor(school_partner)
    own = action_add(actor=partner, household=household, domain="education",
                     description="Intake intern begeleider",
                     responsible_organisation=connected_school)
    with pytest.raises(ValidationError):
        action_add(actor=partner, household=household, domain="debts", description="x",
                   responsible_organisation=alkmaar_team)
    theirs = action_add(actor=as_actor(supporter), household=household, domain="debts",
                        description="Aanmelden schuldhulp", responsible_organisation=alkmaar_team,
                        responsible_person="Omar", due_on=timezone.localdate())
    action_update(actor=partner, action=own, status="in_progress")
    with pytest.raises(PermissionDenied):
        action_update(actor=partner, action=theirs, status="done")


def test_an_action_keeps_its_history_and_follows_the_status_table(household, supporter,
                                                                  alkmaar_team):
    actor = as_actor(supporter)
    act = action_add(actor=actor, household=household, domain="housing", description="x",
                     responsible_organisation=alkmaar_team)
    action_update(actor=actor, action=act, status="done", note="Geregeld")
    with pytest.raises(ValidationError):
        action_update(actor=actor, action=act, status="cancelled")
    assert [(h.from_status, h.to_status) for h in act.history.all()] == [
        ("", "planned"), ("planned", "done")]


def test_self_reliance_is_a_trend_per_domain(household, supporter):
    zrm = default_instrument()
    finances = zrm.domains.get(code="finances")
    level = {lv.value: lv for lv in zrm.levels.all()}
    actor = as_actor(supporter)
    today = timezone.localdate()
    scores_record(actor=actor, household=household, moment=ScoreMoment.DEPARTURE,
                  scored_on=today, levels={finances: level[2]})
    scores_record(actor=actor, household=household, moment=ScoreMoment.FOLLOW_UP,
                  scored_on=today, levels={finances: level[4]})
    (trend,) = plan_view(household)["trends"]
    assert [s.level.value for s in trend.scores] == [2, 4]
    assert trend.direction == "up"


def test_the_plan_page_in_a_fixed_number_of_queries(client, household, supporter, alkmaar_team,
                                                    django_assert_max_num_queries):
    for i in range(5):
        action_add(actor=as_actor(supporter), household=household, domain="housing",
                   description=f"actie {i}", responsible_organisation=alkmaar_team)
    login(client, supporter)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("plans:detail", args=[household.uuid]))
    assert response.status_code == 200


def test_the_score_page_records_scores(client, household, supporter):
    zrm = default_instrument()
    finances = zrm.domains.get(code="finances")
    login(client, supporter)
    response = client.post(reverse("plans:scores_new", args=[household.uuid]), {
        "moment": "departure", "scored_on": timezone.localdate().isoformat(),
        f"domain_{finances.pk}": zrm.levels.get(value=3).pk})
    assert response.status_code == 302
    assert household.plan.scores.get().level.value == 3
