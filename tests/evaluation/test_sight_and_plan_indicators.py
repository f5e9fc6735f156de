"""The indicators over issue 3's out-of-sight status and issue 5's plans and stagnations,
on the pilot (see conftest.py). Skipped until those apps are installed."""

from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone

from tests.evaluation.conftest import END, START
from tests.evaluation.test_indicators import figures
from zicht.evaluation.scope import Scope


@pytest.fixture(autouse=True)
def _no_suppression(settings):
    settings.ZICHT_EVALUATION_MIN_CELL = 0


@pytest.fixture
def scope(alkmaar):
    return Scope(municipality=alkmaar, region=alkmaar.region, start=START, end=END)


@pytest.mark.skipif(not apps.is_installed("zicht.rhythm"), reason="issue 3 not installed")
def test_in_sight_attention_out_of_sight_and_how_long(pilot, scope):
    from zicht.rhythm.models import SightLevel, SightStatus

    for key, level in ((1, SightLevel.IN_SIGHT), (2, SightLevel.ATTENTION),
                       (9, SightLevel.OUT_OF_SIGHT)):
        SightStatus.objects.update_or_create(trajectory=pilot[key], defaults={
            "level": level, "computed_at": timezone.now()})
    sight = figures(scope)["sight"]
    # T1, T2 and T9 are in follow-up in Alkmaar, one in each status.
    assert sight["In zicht"] == [1, pytest.approx(1 / 3, abs=1e-3)]
    assert sight["Uit zicht"] == [1, pytest.approx(1 / 3, abs=1e-3)]
    # T9 was never reached after leaving on 1 December 2025: 212 days until 1 July 2026.
    assert sight["Uit zicht: dagen sinds het laatste bereikte contact (gemiddeld)"][0] == 212


@pytest.mark.skipif(not apps.is_installed("zicht.stagnations"), reason="issue 5 not installed")
def test_stagnations_by_domain_number_age_and_time_to_resolve(pilot, scope, hoorn,
                                                              shelter_worker, alkmaar_team):
    from zicht.stagnations.models import Stagnation

    def stagnation(t, municipality, domain, since, resolved=None):
        Stagnation.objects.create(
            household=t.household, municipality=municipality, domain=domain, what="…",
            since=since, must_act="…", deadline=since, recorded_by=shelter_worker,
            organisation=alkmaar_team, resolved_on=resolved,
            resolution="opgelost" if resolved else "")

    alkmaar = scope.municipality
    stagnation(pilot[1], alkmaar, "housing", date(2026, 1, 1), date(2026, 3, 1))
    stagnation(pilot[2], alkmaar, "housing", date(2025, 11, 1))
    stagnation(pilot[9], alkmaar, "debts", date(2026, 2, 1), date(2026, 8, 1))
    stagnation(pilot[7], hoorn, "housing", date(2026, 1, 1))
    rows = figures(scope)["stagnations"]
    # Reported in the period, open on 30 June, their age then, days to resolve.
    assert rows["Wonen"] == [1, 1, 241, 59]
    assert rows["Schulden"] == [1, 1, 149, None]


@pytest.mark.skipif(not apps.is_installed("zicht.plans"), reason="issue 5 not installed")
def test_self_reliance_at_departure_and_at_the_end(pilot, scope, shelter_worker):
    from zicht.plans.models import Instrument, Plan, SelfRelianceScore

    instrument = Instrument.objects.get(is_default=True)
    domains = {d.code: d for d in instrument.domains.all()}
    levels = {lv.value: lv for lv in instrument.levels.all()}

    def score(t, domain, moment, value):
        plan, _ = Plan.objects.get_or_create(household=t.household)
        SelfRelianceScore.objects.create(plan=plan, domain=domains[domain],
                                         level=levels[value], moment=moment,
                                         scored_on=date(2026, 1, 1), scored_by=shelter_worker)

    # T3 and T4 closed after their departure in the period; T1 is still running.
    score(pilot[3], "finances", "departure", 2)
    score(pilot[3], "finances", "end", 4)
    score(pilot[4], "finances", "departure", 1)
    score(pilot[4], "finances", "end", 3)
    score(pilot[3], "housing", "departure", 3)
    score(pilot[1], "finances", "departure", 5)
    rows = figures(scope)["self_reliance"]
    assert rows["Financiën"] == [1.5, 3.5]
    assert rows["Huisvesting"] == [3.0, None]
