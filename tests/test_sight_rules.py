"""Each out-of-sight rule of ``zicht.rhythm.rules``, read as the rule it implements."""

from datetime import date, timedelta

import pytest

from zicht.rhythm import rules
from zicht.rhythm.models import SightLevel

TODAY = date(2026, 6, 1)
DEPARTED = TODAY - timedelta(days=40)  # month 2: the weekly rhythm


def facts(**changes) -> rules.Facts:
    base = {"today": TODAY, "departure_date": DEPARTED, "periods": rules.DEFAULT_RHYTHM,
            "last_reached_on": TODAY - timedelta(days=3),
            "planned_end": rules.add_months(DEPARTED, 12)}
    return rules.Facts(**{**base, **changes})


def codes(f: rules.Facts) -> dict[str, int]:
    return {r.code: r.level for r in rules.evaluate(f).reasons}


def test_a_household_with_recent_contact_and_no_worries_is_in_sight():
    verdict = rules.evaluate(facts())
    assert verdict.level == SightLevel.IN_SIGHT and verdict.reasons == []


def test_the_default_rhythm_is_weekly_then_every_two_weeks_then_monthly():
    assert rules.interval_on(rules.DEFAULT_RHYTHM, DEPARTED, DEPARTED) == 7
    assert rules.interval_on(rules.DEFAULT_RHYTHM, DEPARTED, rules.add_months(DEPARTED, 3)) == 14
    assert rules.interval_on(rules.DEFAULT_RHYTHM, DEPARTED, rules.add_months(DEPARTED, 6)) == 30
    assert rules.interval_on(rules.DEFAULT_RHYTHM, DEPARTED, rules.add_months(DEPARTED, 11)) == 30


def test_a_contact_past_its_due_date_needs_attention_and_a_second_missed_one_is_out_of_sight():
    assert codes(facts(last_reached_on=TODAY - timedelta(days=7))) == {}
    assert codes(facts(last_reached_on=TODAY - timedelta(days=8))) == {
        "contact_overdue": SightLevel.ATTENTION}
    assert codes(facts(last_reached_on=TODAY - timedelta(days=15))) == {
        "contact_overdue": SightLevel.OUT_OF_SIGHT}


def test_an_attempt_that_did_not_reach_the_client_is_not_a_contact():
    f = facts(last_reached_on=TODAY - timedelta(days=10), attempts_since_reached=1)
    assert "contact_overdue" in codes(f)


def test_without_any_contact_the_rhythm_counts_from_the_departure():
    assert facts(last_reached_on=None).next_contact_due == DEPARTED + timedelta(days=7)
    # The introduction at the shelter happened before departure: still counted from departure.
    assert facts(last_reached_on=DEPARTED - timedelta(days=20)).next_contact_due == \
        DEPARTED + timedelta(days=7)


@pytest.mark.parametrize(("attempts", "level"), [
    (1, None), (2, SightLevel.ATTENTION), (3, SightLevel.OUT_OF_SIGHT),
    (5, SightLevel.OUT_OF_SIGHT),
])
def test_several_unanswered_attempts_in_a_row_signal_care_avoidance(attempts, level):
    assert codes(facts(attempts_since_reached=attempts)).get("care_avoidance") == level


def test_a_client_who_does_not_feel_safe_needs_attention():
    assert codes(facts(feels_safe="no")) == {"feels_unsafe": SightLevel.ATTENTION}
    assert codes(facts(feels_safe="partly")) == {}


def test_a_safety_plan_that_is_not_up_to_date_needs_attention():
    assert codes(facts(safety_plan_current="no")) == {"safety_plan_outdated": SightLevel.ATTENTION}


def test_no_contact_with_a_counsellor_any_more_means_no_help_is_active():
    assert codes(facts(counsellor_contact="no")) == {"no_help_active": SightLevel.ATTENTION}


def test_a_recent_or_announced_move_needs_attention():
    assert codes(facts(moving=True)) == {"moving": SightLevel.ATTENTION}


def test_an_address_in_another_municipality_without_a_move_needs_attention():
    assert codes(facts(address_elsewhere=True)) == {"address_elsewhere": SightLevel.ATTENTION}
    # While the move is under way the move is the reason, not the address.
    assert codes(facts(address_elsewhere=True, moving=True)) == {"moving": SightLevel.ATTENTION}


def test_the_shelter_still_coordinating_when_its_aftercare_ends_within_two_weeks():
    ending = facts(shelter_is_coordinator=True,
                   shelter_aftercare_until=TODAY + timedelta(days=rules.AFTERCARE_ENDING_DAYS))
    assert codes(ending) == {"aftercare_ending": SightLevel.ATTENTION}
    later = facts(shelter_is_coordinator=True, shelter_aftercare_until=TODAY + timedelta(days=15))
    assert codes(later) == {}
    handed_over = facts(shelter_is_coordinator=False,
                        shelter_aftercare_until=TODAY + timedelta(days=3))
    assert codes(handed_over) == {}


def test_aftercare_ended_and_nobody_took_over_is_out_of_sight():
    ended = facts(shelter_is_coordinator=True, shelter_aftercare_until=TODAY - timedelta(days=1))
    assert codes(ended) == {"aftercare_ended": SightLevel.OUT_OF_SIGHT}


def test_no_coordinator_after_departure_is_out_of_sight():
    assert codes(facts(has_coordinator=False)) == {"no_coordinator": SightLevel.OUT_OF_SIGHT}


def test_the_end_of_the_year_asks_to_close_or_extend():
    assert codes(facts(planned_end=TODAY + timedelta(days=14))) == {
        "end_near": SightLevel.ATTENTION}
    assert codes(facts(planned_end=TODAY + timedelta(days=15))) == {}


def test_the_status_is_the_most_urgent_reason_and_those_come_first():
    verdict = rules.evaluate(facts(feels_safe="no", attempts_since_reached=3))
    assert verdict.level == SightLevel.OUT_OF_SIGHT
    assert [r.code for r in verdict.reasons] == ["care_avoidance", "feels_unsafe"]


def test_every_reason_has_a_text_and_an_action():
    produced = {"contact_overdue", "care_avoidance", "feels_unsafe", "safety_plan_outdated",
                "no_help_active", "safety_plan_review_overdue", "moving", "address_elsewhere",
                "aftercare_ending", "aftercare_ended",
                "no_coordinator", "end_near"}
    assert produced == set(rules.REASONS)


def test_an_adjusted_rhythm_must_make_sense():
    assert rules.validate_periods([[2, 3], [12, 21]]) == [[2, 3], [12, 21]]
    for bad in ([], [[3, 7], [3, 14]], [[3, 0]], [[3, 400]]):
        with pytest.raises(ValueError):
            rules.validate_periods(bad)



def test_a_move_under_way_needs_attention_and_a_stalled_handover_is_out_of_sight():
    assert rules.moving(facts(moving=True)).level == SightLevel.ATTENTION
    assert rules.moving(facts(moving=True, move_stalled=True)).level == SightLevel.OUT_OF_SIGHT
    assert rules.moving(facts()) is None


def test_a_safety_plan_past_its_review_date_needs_attention():
    assert codes(facts(safety_plan_review_overdue=True)) == {
        "safety_plan_review_overdue": SightLevel.ATTENTION}
