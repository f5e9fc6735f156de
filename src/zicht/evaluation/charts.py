"""Charts as plain geometry for inline SVG in the templates (no JavaScript, no styles).

The table beside each chart is the primary representation; the chart is ``aria-hidden``
and only draws what the table says. A suppressed cell draws no bar and no point: the
chart never shows more than the table.
"""

from dataclasses import dataclass

from zicht.evaluation.tables import Result

# Drawn about as wide as a dashboard card is on a desktop, so that 13 units of text are
# about 13 pixels there (at 640 the labels shrank to 8).
WIDTH = 480
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 10
COLOURS = ["#0b3b60", "#b35c00", "#2e7d32", "#6a1b9a"]


def _n(value: float) -> str:
    """A coordinate as text: the templates would format a float the Dutch way (66,5),
    which SVG reads as two coordinates."""
    return f"{value:.1f}"


@dataclass
class Bar:
    y: int
    width: int
    label: str
    display: str
    text_y: int
    value_x: int


def _scale_max(cells) -> float:
    kinds = {c.kind for c in cells if c}
    if kinds == {"share"}:
        return 1.0
    if kinds == {"score"}:
        return 5.0
    return max((c.value for c in cells if c and c.value is not None), default=0) or 1


def bar_chart(result: Result) -> dict | None:
    table = result.table
    if not table or not table.rows:
        return None
    # The first column, or the share column when a table has counts and shares.
    column = 1 if len(table.columns) > 1 and any(
        r.cells[1] and r.cells[1].kind in ("share", "score") for r in table.rows) else 0
    if result.key.startswith("satisfaction"):
        column = 0
    rows = [r for r in table.rows if r.cells[column] is not None]
    if not rows:
        return None
    top = _scale_max([r.cells[column] for r in rows])
    span = WIDTH - LABEL_WIDTH - 70
    bars = []
    for i, row in enumerate(rows):
        cell = row.cells[column]
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = 0 if cell.value is None else max(1, round(span * float(cell.value) / top))
        label = row.label if len(row.label) <= 32 else row.label[:31] + "…"
        bars.append(Bar(y=y, width=width, label=label, display=cell.display,
                        text_y=y + BAR_HEIGHT - 6, value_x=LABEL_WIDTH + width + 6))
    return {"kind": "bar", "width": WIDTH, "height": GAP + len(bars) * (BAR_HEIGHT + GAP),
            "label_x": LABEL_WIDTH - 8, "bar_x": LABEL_WIDTH, "bar_height": BAR_HEIGHT,
            "bars": bars, "colour": COLOURS[0], "caption": table.columns[column]}


def line_chart(result: Result) -> dict | None:
    table = result.table
    if not table or len(table.rows) < 2:
        return None
    # Room on the right for half the latest month's label, centred on its point.
    height, left, right, top_pad, bottom = 260, 50, 34, 20, 40
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    values = [c.value for r in table.rows for c in r.cells if c and c.value is not None]
    top = max(values, default=0) or 1
    step = plot_w / (len(table.rows) - 1)
    legend_step = min(150, (WIDTH - left) // len(table.columns))
    series = []
    for col, name in enumerate(table.columns):
        points, segment = [], []
        segments = []
        for i, row in enumerate(table.rows):
            cell = row.cells[col]
            if cell is None or cell.value is None:
                # A suppressed month breaks the line rather than drawing it as zero.
                if segment:
                    segments.append(" ".join(segment))
                segment = []
                continue
            x, y = _n(left + i * step), _n(top_pad + plot_h - plot_h * cell.value / top)
            segment.append(f"{x},{y}")
            points.append({"x": x, "y": y})
        if segment:
            segments.append(" ".join(segment))
        series.append({"name": name, "colour": COLOURS[col % len(COLOURS)],
                       "segments": segments, "points": points,
                       "legend_x": left + col * legend_step, "legend_y": height - 8})
    # About six labels, counted back from the latest month: it always has its label, and
    # no label runs into the next (the first and the last used to be added both).
    every = max(1, len(table.rows) // 6)
    ticks = [{"x": _n(left + i * step), "label": row.label}
             for i, row in enumerate(table.rows) if (len(table.rows) - 1 - i) % every == 0]
    return {"kind": "line", "width": WIDTH, "height": height, "left": left,
            "right": WIDTH - right, "top": top_pad, "bottom": top_pad + plot_h,
            "max": round(top), "series": series, "ticks": ticks,
            "tick_y": top_pad + plot_h + 16}


def chart_for(result: Result) -> dict | None:
    if not result.available or not result.table:
        return None
    if result.indicator.chart == "bar":
        return bar_chart(result)
    if result.indicator.chart == "line":
        return line_chart(result)
    return None
