"""The safety indicators (issue 4's signals and Veilig Thuis reports) on the pilot.

Renewed violence within 12 months, as defined for issue 7: a signal judged in the
weighing as a suspicion with acute or structural unsafety, or a report sent to Veilig
Thuis, within 12 months after departure; counted over the households whose 12 months
ended in the period (or whose trajectory closed early in it).
"""

from datetime import datetime, time

import pytest
from django.apps import apps
from django.utils import timezone

from tests.evaluation.conftest import END, START
from tests.evaluation.test_indicators import figures
from tests.factories import OrganisationFactory
from zicht.evaluation.scope import Scope

pytestmark = pytest.mark.skipif(not apps.is_installed("zicht.signals"),
                                reason="zicht.signals (issue 4) is not installed")


@pytest.fixture(autouse=True)
def _no_suppression(settings):
    settings.ZICHT_EVALUATION_MIN_CELL = 0


def at(y, m, d, hour=10):
    return timezone.make_aware(datetime.combine(datetime(y, m, d).date(), time(hour)))


@pytest.fixture
def safety(pilot, shelter_worker, alkmaar_team, region):
    from zicht.signals.models import Signal, VeiligThuisReport

    def signal(t, received, source, urgency, about, due=None, picked=None, suspicion=None,
               acute=None):
        return Signal.objects.create(
            household=t.household, trajectory=t, source=source, urgency=urgency, about=about,
            observed="…", observed_on=received.date(), received_at=received, due_at=due,
            picked_up_at=picked, suspicion=suspicion, acute_or_structural=acute)

    t = pilot
    signal(t[1], at(2026, 2, 1), "partner", "acute", "child", due=at(2026, 2, 2),
           picked=at(2026, 2, 1, 16), suspicion=True, acute=True)
    signal(t[1], at(2026, 3, 1), "contact", "not_acute", "client", due=at(2026, 3, 8),
           picked=at(2026, 3, 10))
    signal(t[9], at(2026, 4, 1), "zorg_melden", "not_acute", "household", due=at(2026, 4, 8))
    signal(t[9], at(2025, 12, 15), "partner", "acute", "client")  # before the period
    signal(t[7], at(2026, 2, 1), "partner", "acute", "client")  # Hoorn
    signal(t[4], at(2025, 11, 1), "partner", "not_acute", "client", suspicion=True,
           acute=False)  # a worry, not judged as renewed unsafety

    vt = OrganisationFactory(name="Veilig Thuis", kind="veilig_thuis", region=region)

    def report(t, status, sent):
        VeiligThuisReport.objects.create(
            household=t.household, veilig_thuis=vt, status=status, reference="VT-1",
            drafted_by=shelter_worker, organisation=alkmaar_team, sent_at=sent)

    report(t[2], "report", at(2026, 3, 15))
    report(t[1], "draft", None)
    report(t[3], "investigation", at(2025, 6, 1))  # within T3's year, before the period
    return t


@pytest.fixture
def result(safety, alkmaar):
    return figures(Scope(municipality=alkmaar, region=alkmaar.region, start=START, end=END))


def test_signals_by_source_and_kind(result):
    signals = result["signals"]
    assert signals["Totaal"] == [3]
    assert signals["Bron: Betrokken ketenpartner"] == [1]
    assert signals["Bron: Zorg melden"] == [1]
    assert signals["Acuut"] == [1]
    assert signals["Niet acuut"] == [2]
    assert signals["Over: Een kind"] == [1]


def test_response_times_against_the_deadline(result):
    response = result["signal_response"]
    assert response["Signalen met een termijn"] == [3]
    assert response["Binnen de termijn opgepakt"] == [pytest.approx(1 / 3, abs=1e-3)]
    assert response["Termijn verstreken, nog niet opgepakt"] == [1]
    # 6 hours and 9 days.
    assert response["Tijd tot oppakken (dagen, gemiddeld)"] == [pytest.approx(4.6, abs=0.1)]


def test_escalations_to_veilig_thuis_by_outcome(result):
    escalations = result["escalations"]
    assert escalations["Aangenomen als melding"] == [1]
    assert escalations["Totaal gemeld"] == [1]  # the draft was never sent


def test_renewed_violence_within_twelve_months_after_departure(result):
    renewed = result["renewed_violence"]
    # T3, T6 (12 months ended in the period) and T4 (closed early in it).
    assert renewed["Huishoudens waarvan de 12 maanden in de periode eindigden"] == [3]
    # T3: a report to Veilig Thuis within its year; T4's worry was not judged as unsafety.
    assert renewed["Opnieuw onveiligheid binnen 12 maanden"] == [1]
    share = "Aandeel (projectplan Blijf veilig na de opvang!: ongeveer een kwart)"
    assert renewed[share] == [pytest.approx(1 / 3, abs=1e-3)]
