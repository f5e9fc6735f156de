"""Safety (issue 4): the safety plan, risk assessment and the police.

Each test reads like the rule it holds; the personas are in ``tests/conftest.py``. Signals,
the meldcode and Veilig Thuis are in ``tests/signals``.
"""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import as_actor
from zicht.households.models import Person
from zicht.safety import services
from zicht.safety.models import RiskInstrument

# --- Safety plan ------------------------------------------------------------------------


def test_the_safety_plan_is_versioned_with_who_changed_what(household, supporter):
    actor = as_actor(supporter)
    first = services.safety_plan_save(actor=actor, household=household,
                                      data={"risks": "Ex-partner zoekt contact.",
                                            "contact_ban": True})
    second = services.safety_plan_save(actor=actor, household=household,
                                       data={"risks": "Ex-partner stuurt berichten.",
                                             "contact_ban": True, "aware_alarm": True},
                                       change_note="AWARE toegekend")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.risks == "Ex-partner zoekt contact."  # the old version is untouched
    diff = services.plan_difference(first, second)
    assert "- Risico's: van wie, naar wie: Ex-partner zoekt contact." in diff
    assert "+ Risico's: van wie, naar wie: Ex-partner stuurt berichten." in diff
    assert "+ AWARE-alarm (politie): ja" in diff
    assert second.changed_by == supporter


def test_a_plan_past_its_review_date_counts_as_overdue(household, supporter):
    services.safety_plan_save(actor=as_actor(supporter), household=household,
                              data={"next_review_on": timezone.localdate() - timedelta(days=1)})
    assert services.plan_review_overdue(household)


def test_outsiders_and_partners_cannot_change_the_plan(household, outsider, connected_school):
    for user in (outsider, connected_school):
        with pytest.raises(PermissionDenied):
            services.safety_plan_save(actor=as_actor(user), household=household, data={})


# --- Risk assessment ---------------------------------------------------------------------


def test_the_default_list_says_where_each_item_comes_from_and_invents_no_weights(db):
    instrument = RiskInstrument.objects.get(is_default=True)
    items = list(instrument.items.all())
    assert len(items) >= 10
    assert all(re.match(r"(Inspectierapport 2017|Projectplan Blijf veilig na de opvang!), ",
                        item.source) for item in items)
    assert {item.weight for item in items} == {1}
    assert "geen gewichten verzonnen" in instrument.description


def test_a_region_loads_its_own_instrument(db, tmp_path):
    path = tmp_path / "region.json"
    path.write_text(json.dumps({
        "slug": "regio", "name": "Regionale lijst", "items": [
            {"code": "a", "text": "Signaal A", "weight": 2, "source": "regio"},
            {"code": "b", "text": "Signaal B", "weight": 3}],
        "levels": [{"min_score": 0, "label": "laag"}, {"min_score": 4, "label": "hoog",
                                                       "advice": "Overleg"}]}))
    call_command("load_risk_instrument", str(path))
    instrument = RiskInstrument.objects.get(slug="regio")
    assert [i.weight for i in instrument.items.all()] == [2, 3]


def test_the_score_and_advice_follow_the_instrument_and_show_a_trend(household, supporter,
                                                                     client, login_as):
    instrument = RiskInstrument.objects.get(is_default=True)
    actor = as_actor(supporter)
    services.risk_assess(actor=actor, household=household, instrument=instrument,
                         moment="departure", assessed_on=timezone.localdate() - timedelta(30),
                         present={"relapse"})
    later = services.risk_assess(actor=actor, household=household, instrument=instrument,
                                 moment="follow_up", assessed_on=timezone.localdate(),
                                 present={"relapse", "moving", "feels_unsafe"})
    assert (later.score, later.level) == (3, "Zorgelijk")
    login_as(supporter)
    page = client.get(f"/safety/households/{household.uuid}/").content.decode()
    assert page.index(">1 <") < page.index(">3 <")  # oldest first: the trend reads downwards


# --- The police -----------------------------------------------------------------------


def test_the_police_in_acute_danger_is_recorded_with_time(household, supporter):
    alert = services.police_alert_record(actor=as_actor(supporter), household=household,
                                         called_at=timezone.now(),
                                         what_was_done="112 gebeld, politie ter plaatse.")
    assert alert.by == supporter


# --- Pages: outsiders get 404 -----------------------------------------------------------

HOUSEHOLD_PAGES = ["", "plan/", "risk/", "partners/", "police/", "signals/new/", "worry/"]


@pytest.mark.parametrize("path", HOUSEHOLD_PAGES)
def test_outsiders_get_404_on_every_safety_page(household, outsider, client, login_as, path):
    login_as(outsider)
    assert client.get(f"/safety/households/{household.uuid}/{path}").status_code == 404


def test_the_bsn_is_not_in_the_household_api(household, supporter):
    from zicht.households.serializers import PersonSerializer

    assert "bsn" not in PersonSerializer.Meta.fields
    assert Person._meta.get_field("bsn")


def test_the_default_instrument_file_is_valid_json():
    path = (Path(services.__file__).parent / "instruments" / "signs_of_renewed_unsafety.json")
    assert json.loads(path.read_text(encoding="utf-8"))["default"] is True
