"""Who sees the evaluation, and that no page or export shows a small number or a person.

Decided: the dashboard is not about one household, so a wrong role gets 403 (not 404).
A policy officer sees their own municipality and the aggregate of its region, never
another single municipality.
"""

import base64
import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.conftest import login
from tests.evaluation.conftest import END, START
from zicht.audit.models import AccessLogEntry

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
PAGES = ["/evaluatie/", "/evaluatie/export.csv", "/evaluatie/export.xlsx",
         "/evaluatie/export.pdf", "/api/v1/evaluation/indicators/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("persona", ["supporter", "school_partner", "shelter_worker"])
def test_only_policy_staff_see_the_evaluation(request, pilot, persona, path):
    client = login(APIClient(), request.getfixturevalue(persona))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_without_login_nothing(client, pilot, path):
    assert client.get(path).status_code in (302, 401, 403)


def test_policy_staff_see_their_municipality_and_its_region(client, pilot, policy):
    login(client, policy)
    page = client.get("/evaluatie/", PERIOD)
    assert page.status_code == 200
    assert "Evaluatie van de nazorg: Alkmaar" in page.content.decode()
    region = client.get("/evaluatie/", {**PERIOD, "area": "regio"})
    assert "Evaluatie van de nazorg: regio" in region.content.decode()


def test_every_indicator_shows_its_definition(client, pilot, policy):
    content = login(client, policy).get("/evaluatie/", PERIOD).content.decode()
    assert content.count("Definitie") >= 15
    assert "nog niet in Zicht" in content or "Nog niet beschikbaar" not in content


# --- Small cells ----------------------------------------------------------------------


def test_small_numbers_are_suppressed_on_the_page(client, pilot, policy):
    content = login(client, policy).get("/evaluatie/", PERIOD).content.decode()
    # Alkmaar has 7 households in a trajectory (shown) and 3 closed (suppressed).
    assert '<td class="utrecht-table__cell zicht-number">7</td>' in content
    assert '<td class="utrecht-table__cell zicht-number">3</td>' not in content
    assert "&lt; 5" in content


def test_the_threshold_is_a_setting(client, pilot, policy, settings):
    settings.ZICHT_EVALUATION_MIN_CELL = 10
    content = login(client, policy).get("/evaluatie/", PERIOD).content.decode()
    assert '<td class="utrecht-table__cell zicht-number">7</td>' not in content
    assert "&lt; 10" in content


def _csv_values(response) -> dict[tuple[str, str], str]:
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return {(r[4], r[5]): r[7] for r in rows[1:] if r[5]}


def test_the_csv_suppresses_the_same_cells(client, pilot, policy):
    response = login(client, policy).get("/evaluatie/export.csv", PERIOD)
    assert response["Content-Disposition"].startswith("attachment;")
    values = _csv_values(response)
    assert values[("Huishoudens in een traject, gestart en beëindigd",
                   "Huishoudens in een traject")] == "7"
    assert values[("Huishoudens in een traject, gestart en beëindigd", "Afgesloten")] == "< 5"
    # The free-text reasons, each given fewer than 5 times, do not appear.
    assert "verhuisd" not in response.content.decode().lower()


def test_the_excel_file_suppresses_the_same_cells(client, pilot, policy):
    response = login(client, policy).get("/evaluatie/export.xlsx", PERIOD)
    sheet = load_workbook(io.BytesIO(response.content))["Indicatoren"]
    values = {(r[4], r[5]): r[7] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[("Huishoudens in een traject, gestart en beëindigd", "Afgesloten")] == "< 5"
    assert "Definities" in load_workbook(io.BytesIO(response.content)).sheetnames


def test_no_export_carries_a_name_birth_date_or_address(client, household, policy):
    from zicht.households.models import Person

    login(client, policy)
    contents = [client.get(f"/evaluatie/export.{fmt}").content for fmt in ("csv", "xlsx")]
    pdf = client.get("/evaluatie/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    for person in Person.objects.all():
        for content in contents:
            assert person.given_name.encode() not in content
    assert b"Geheimelaan" not in b"".join(contents)


def test_exports_are_logged(client, pilot, policy):
    login(client, policy).get("/evaluatie/export.csv", PERIOD)
    entry = AccessLogEntry.objects.get(user=policy, action="export")
    assert entry.record_type == "evaluation" and entry.household_uuid is None


def test_the_api_answers_the_same_anonymous_cells(pilot, policy):
    data = login(APIClient(), policy).get("/api/v1/evaluation/indicators/", PERIOD).json()
    volume = next(i for i in data["indicators"] if i["key"] == "volume")
    cells = {row["label"]: row["cells"][0] for row in volume["rows"]}
    assert cells["Huishoudens in een traject"]["value"] == 7
    assert cells["Afgesloten"] == {"value": None, "display": "< 5", "suppressed": True,
                                   "kind": "count"}
    assert data["min_cell"] == 5


def _charts(client) -> str:
    import re

    content = client.get("/evaluatie/", {**PERIOD, "area": "regio"}).content.decode()
    charts = re.findall(r"<svg[^>]*>.*?</svg>", content, re.S)
    assert charts and all('aria-hidden="true"' in svg for svg in charts)
    return "".join(charts)


def test_the_charts_draw_what_the_tables_say_behind_aria_hidden(client, pilot, policy,
                                                                 settings):
    import re

    login(client, policy)
    # A suppressed cell draws no bar: the chart never shows more than the table.
    assert "&lt; 5" in _charts(client)
    settings.ZICHT_EVALUATION_MIN_CELL = 0
    charts = _charts(client)
    assert "<circle" in charts  # the trend line has its points
    # Coordinates are never written the Dutch way ("66,5"), which SVG reads as two numbers.
    assert not re.search(r'\b(?:x|y|cx|cy|width)="\d+,\d', charts)


def test_a_years_trend_labels_its_latest_month_and_no_label_runs_into_the_next():
    from zicht.evaluation.anonymity import Cell
    from zicht.evaluation.charts import WIDTH, line_chart
    from zicht.evaluation.tables import Indicator, Result, Row, Table

    months = ["Jan", "Feb", "Mrt", "Apr", "Mei", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov",
              "Dec"]
    table = Table(columns=["Aangemeld", "Vertrokken", "Afgesloten", "Verhuisd"],
                  rows=[Row(label=f"{m} 2026", cells=[Cell(10, "10", 10)] * 4)
                        for m in months])
    indicator = Indicator(key="trend", group="", title="", definition="",
                          compute=lambda scope: table, chart="line")
    chart = line_chart(Result(indicator=indicator, table=table))
    labels = [tick["label"] for tick in chart["ticks"]]
    assert labels[-1] == "Dec 2026" and len(labels) == 6
    xs = [float(tick["x"]) for tick in chart["ticks"]]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 60  # "Sep 2026" is ~50
    assert xs[-1] + 30 <= WIDTH  # the latest label is centred on its point: half fits
    # Four series' legends stay inside the drawing.
    assert all(s["legend_x"] + 90 <= WIDTH for s in chart["series"])


# --- Kept a few minutes -----------------------------------------------------------------


def test_the_figures_are_kept_a_while_per_scope_and_hold_no_person(pilot, policy, settings,
                                                                   alkmaar, hoorn):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.evaluation.conftest import END as end
    from zicht.evaluation.indicators import indicators_for
    from zicht.evaluation.scope import Scope
    from zicht.households.models import Person

    settings.ZICHT_INDICATOR_CACHE_SECONDS = 300
    cache.clear()
    alkmaar_scope = Scope(municipality=alkmaar, region=alkmaar.region, start=START, end=end)
    hoorn_scope = Scope(municipality=hoorn, region=hoorn.region, start=START, end=end)

    def volume(scope):
        result = next(r for r in indicators_for(scope) if r.key == "volume")
        return {row.label: row.cells[0].value for row in result.table.rows}

    with CaptureQueriesContext(connection) as first:
        computed = volume(alkmaar_scope)
    with CaptureQueriesContext(connection) as again:
        kept = volume(alkmaar_scope)
    assert kept == computed and kept["Huishoudens in een traject"] == 7
    assert len(again) < len(first) // 5  # a cache read, not the aggregates
    assert volume(hoorn_scope) != computed  # each municipality its own figures
    with connection.cursor() as cursor:  # the database cache: base64 of a pickle
        cursor.execute("SELECT value FROM zicht_cache")
        stored = b" ".join(base64.b64decode(row[0]) for row in cursor.fetchall())
    assert b"Huishoudens in een traject" in stored
    for person in Person.objects.all():
        assert person.family_name.encode() not in stored
