"""CSV, Excel and PDF of the indicators: the very cells the dashboard shows.

Exports are built from ``Result`` objects only, whose cells went through
``anonymity.anonymous``: no export can carry more than the page, and none carries a
name, date of birth or address (there are none in a ``Result``).
"""

import csv
import io
from datetime import datetime

from django.conf import settings
from django.template.defaultfilters import date as date_format
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zicht.evaluation.charts import chart_for
from zicht.evaluation.scope import Scope
from zicht.evaluation.tables import Result

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Keep spreadsheet programs from reading a label as a formula (CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def figures_note(computed_at: datetime) -> str:
    """"Cijfers van 14:05; ze worden elke 5 minuten bijgewerkt.": only when the figures are
    kept (``ZICHT_INDICATOR_CACHE_SECONDS``), since only then can they lag the records."""
    seconds = settings.ZICHT_INDICATOR_CACHE_SECONDS
    if not seconds:
        return ""
    local = timezone.localtime(computed_at)
    # Kept longer than a day, the time alone would not say which day.
    moment = (date_format(local, "H:i") if local.date() == timezone.localdate()
              else date_format(local, "j F H:i"))
    minutes = max(1, round(seconds / 60))
    every = ngettext("elke minuut", "elke %(n)d minuten", minutes) % {"n": minutes}
    return _("Cijfers van %(moment)s; ze worden %(every)s bijgewerkt.") % {
        "moment": moment, "every": every}


def rows(scope: Scope, results: list[Result], computed_at: datetime) -> list[list[str]]:
    # The moment of computing comes last: a column added at the end moves no other.
    header = [_("gebied"), _("van"), _("tot en met"), _("groep"), _("indicator"), _("rij"),
              _("kolom"), _("waarde"), _("cijfers van")]
    lines = [header]
    base = [scope.label, scope.start.isoformat(), scope.end.isoformat()]
    at = timezone.localtime(computed_at).strftime("%Y-%m-%d %H:%M")
    for result in results:
        if not result.available:
            lines.append([*base, result.group, result.title, "", "",
                          _("nog niet beschikbaar"), at])
            continue
        for row in result.table.rows if result.table else []:
            for column, cell in zip(result.table.columns, row.cells, strict=True):
                if cell is not None:
                    lines.append([*base, result.group, result.title, _safe(row.label), column,
                                  cell.display, at])
    return lines


def as_csv(scope: Scope, results: list[Result], computed_at: datetime) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(rows(scope, results, computed_at))
    # With a BOM so that Excel reads the accents as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def as_xlsx(scope: Scope, results: list[Result], computed_at: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicatoren")[:31]
    for line in rows(scope, results, computed_at):
        sheet.append(line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    definitions = workbook.create_sheet(_("Definities")[:31])
    definitions.append([_("indicator"), _("definitie"), _("beschikbaar")])
    for result in results:
        definitions.append([result.title, result.definition,
                            _("ja") if result.available else result.reason])
    for cell in definitions[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_pdf(scope: Scope, results: list[Result], computed_at: datetime) -> bytes:
    from weasyprint import HTML

    html = render_to_string("evaluation/report.html", {
        "scope": scope, "results": [(r, chart_for(r)) for r in results],
        "figures_note": figures_note(computed_at)})
    return HTML(string=html).write_pdf()
