"""Each indicator's definition on the hand-built pilot (see conftest.py) with known answers.

Suppression is switched off here (threshold 0) to check the definitions themselves;
test_anonymity.py checks the suppression with the default threshold of 5.
"""

import pytest

from tests.evaluation.conftest import END, START
from zicht.evaluation.indicators import indicators_for
from zicht.evaluation.scope import Scope


@pytest.fixture(autouse=True)
def _no_suppression(settings):
    settings.ZICHT_EVALUATION_MIN_CELL = 0


def figures(scope: Scope) -> dict[str, dict[str, list]]:
    """{indicator: {row label: [cell values]}} for the available indicators."""
    return {r.key: {row.label: [c.value if c else None for c in row.cells]
                    for row in r.table.rows}
            for r in indicators_for(scope) if r.available and r.table}


@pytest.fixture
def alkmaar_scope(alkmaar):
    return Scope(municipality=alkmaar, region=alkmaar.region, start=START, end=END)


@pytest.fixture
def region_scope(alkmaar):
    return Scope(municipality=None, region=alkmaar.region, start=START, end=END)


def test_households_in_a_trajectory_started_and_ended(pilot, alkmaar_scope):
    volume = figures(alkmaar_scope)["volume"]
    # T1 T2 T3 T4 T5 T8 T9: T6 closed before the period, T7 lives in Hoorn.
    assert volume["Huishoudens in een traject"] == [7]
    assert volume["Aangemeld"] == [3]  # T2 T5 T8
    assert volume["Vertrokken uit de opvang"] == [2]  # T1 T2
    assert volume["Afgesloten"] == [3]  # T3 T4 T5


def test_the_region_adds_up_its_municipalities(pilot, region_scope):
    result = figures(region_scope)
    assert result["volume"]["Huishoudens in een traject"] == [8]
    assert result["municipalities"] == {"Alkmaar": [7, 2, 3], "Hoorn": [1, 1, 0]}


def test_the_per_municipality_table_is_only_in_the_region_view(pilot, alkmaar_scope):
    assert "municipalities" not in figures(alkmaar_scope)


def test_trend_per_month(pilot, alkmaar_scope):
    trend = figures(alkmaar_scope)["trend"]
    assert list(trend.values()) == [
        [0, 1, 0],  # January: T1 left
        [1, 1, 1],  # February: T2 registered and left, T4 closed
        [1, 0, 1],  # March: T5 registered, T3 closed
        [0, 0, 1],  # April: T5 closed
        [1, 0, 0],  # May: T8 registered
        [0, 0, 0],
    ]


def test_phase_on_the_last_day_of_the_period_comes_from_the_history(pilot, alkmaar_scope):
    phases = figures(alkmaar_scope)["phases"]
    assert phases == {"Aangemeld": [1], "Ondersteuner uitgenodigd": [0],
                      "Kennismaking gehad": [0], "Na vertrek": [3]}


def test_closing_when_and_why(pilot, alkmaar_scope):
    result = figures(alkmaar_scope)
    closing = result["closing"]
    assert closing["Na het volledige jaar"][0] == 1  # T3, closed on its planned end
    assert closing["Eerder, na het vertrek"][0] == 1  # T4
    assert closing["Vóór het vertrek"][0] == 1  # T5
    assert closing["Totaal afgesloten"] == [3, None]
    reasons = result["closing_reasons"]
    # Lower-cased and trimmed; T6's "Verhuisd" is outside the period.
    assert reasons["verhuisd"] == [1]
    assert reasons["jaar afgerond"] == [1]
    assert reasons["cliënt ziet af"] == [1]


def test_duration_after_departure(pilot, alkmaar_scope):
    duration = figures(alkmaar_scope)["duration"]
    assert duration["3 tot 6 maanden"] == [1, 0.5]  # T4: 137 days
    assert duration["Het volledige jaar"] == [1, 0.5]  # T3: 365 days
    assert duration["Korter dan 3 maanden"][0] == 0
    assert duration["Gemiddelde duur na vertrek (dagen)"][0] == pytest.approx(251)


def test_days_to_the_first_reached_contact_after_departure(pilot, alkmaar_scope):
    first = figures(alkmaar_scope)["first_contact"]
    assert first["Vertrokken in de periode"] == [2]
    # T1 after 5 days; T2's attempt on day 2 did not reach the client, day 14 did.
    assert first["Dagen tot het eerste bereikte contact (gemiddeld)"] == [pytest.approx(9.5)]
    assert first["Eerste bereikte contact binnen 7 dagen"] == [0.5]
    assert first["Nog geen bereikt contact"] == [0.0]


def test_introduction_during_the_stay(pilot, alkmaar_scope):
    intro = figures(alkmaar_scope)["introduction"]
    # T1 met the supporter in the shelter; T2's introduction did not reach the client.
    assert intro["Met kennismaking tijdens het verblijf"] == [1, 0.5]


def test_one_coordinator(pilot, alkmaar_scope):
    coordination = figures(alkmaar_scope)["coordination"]
    assert coordination["Regisseur bij vertrek: de opvang"] == [0.5]  # T1
    assert coordination["Regisseur bij vertrek: het team van de ondersteuner"] == [0.5]  # T2
    assert coordination["Overdrachten van regie per traject (gemiddeld)"] == [0.5]
    # T9 is in follow-up, its coordinator stopped and nobody took over.
    assert coordination["Nu in nazorg zonder regisseur"] == [1]


def test_indicators_of_apps_not_yet_in_zicht_say_why(pilot, alkmaar_scope):
    results = {r.key: r for r in indicators_for(alkmaar_scope)}
    for key in ("sight", "signals", "renewed_violence", "stagnations", "self_reliance"):
        if not results[key].available:
            assert "nog niet in Zicht" in results[key].reason


def test_the_dashboard_needs_a_fixed_number_of_queries(pilot, region_scope,
                                                        django_assert_max_num_queries):
    # The households' indicators, one query each for the network's two (zicht.network),
    # and the savepoint and its release of the transaction they share: a fixed number,
    # whatever the data.
    with django_assert_max_num_queries(32):
        indicators_for(region_scope)
