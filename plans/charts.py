"""Server-side SVG charts for web pages and PDF reports.

Each chart is plain SVG markup built here and returned as a ``SafeString``: no chart
library, no scripts, no ``style`` attributes or elements, so it passes the site's
Content-Security-Policy (``style-src 'self'; script-src 'self'``). A view builds the
chart and a template shows it as it is::

    context["chart"] = status_bar(counts, label="Pledge 1 actions by status")
    context["chart_table"] = status_table(counts, caption="Pledge 1 actions by status")

    {{ chart }} {{ chart_table }}

The same markup renders in browsers and in WeasyPrint, so PDF reports use the very same
calls. Sizes are set by ``viewBox`` with ``width="100%"``: a chart fills its container
and keeps its shape.

Accessibility: every ``<svg>`` has ``role="img"`` and ``aria-labelledby`` naming its own
``<title>`` and ``<desc>``, which say in words what it shows. Pages should also give the
numbers as a real table (``status_table``, ``trend_table``); it is visually hidden by
default, for when a visible legend or the chart's own labels already show the numbers.

All text is escaped, so labels may hold user input. Ids are unique per call unless a
``chart_id`` is given.
"""

import base64
import html
import math
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from plans.models import Status

SVG_NS = "http://www.w3.org/2000/svg"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
TRACK = "#e9ecef"
LINE = "#1f2f5c"
BASELINE = "#6c757d"
TARGET = "#1e7b34"
BAR_WIDTH, BAR_HEIGHT = 600, 24
FULL_SIZE, COMPACT_SIZE = (600, 240), (120, 32)
_ID = re.compile(r"[A-Za-z][\w-]*\Z")


# Shared pieces ---------------------------------------------------------------------------


def _join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def _n(x):
    """A number for an SVG attribute: at most two decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _value_text(value, unit=""):
    """A value as people read it: "1,234.5 people per day", "-31%"."""
    number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    text = f"{number + 0:,f}"  # + 0 turns -0 into 0
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _chart_id(chart_id):
    if chart_id is None:
        return f"chart-{uuid.uuid4().hex[:12]}"
    if not _ID.match(chart_id):
        raise ValueError(f"A chart id must be letters, digits, - or _: {chart_id!r}")
    return chart_id


def _svg(chart_id, size, title, desc, body, kind):
    width, height = size
    return format_html(
        '<svg xmlns="{}" class="chart chart-{}" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        SVG_NS, kind, width, height, chart_id, chart_id, chart_id, title, chart_id, desc, body,
    )  # fmt: skip


def _text(x, y, text, *, size=11, anchor="middle", fill=MUTED):
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}">{}</text>',
        _n(x), _n(y), size, anchor, fill, text,
    )  # fmt: skip


def _line(x1, y1, x2, y2, colour, *, width=1, dash=None):
    dash_attr = format_html(' stroke-dasharray="{}"', dash) if dash else ""
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>',
        _n(x1), _n(y1), _n(x2), _n(y2), colour, width, dash_attr,
    )  # fmt: skip


def _table(caption, head, rows, foot, visually_hidden):
    """A plain HTML table; ``rows`` and ``foot`` are (row header, value, ...) tuples as
    long as ``head``."""
    css = "visually-hidden" if visually_hidden else "table table-sm chart-table"
    row = '<tr><th scope="row">{}</th>' + "<td>{}</td>" * (len(head) - 1) + "</tr>"
    return format_html(
        '<table class="{}"><caption>{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody>'
        "{}</table>",
        css, caption, format_html_join("", '<th scope="col">{}</th>', ((h,) for h in head)),
        format_html_join("", row, rows),
        format_html("<tfoot>{}</tfoot>", format_html_join("", row, foot)) if foot else "",
    )  # fmt: skip


def swatch(colour):
    """A tiny decorative square of ``colour`` for legends (an inline SVG, no style)."""
    return format_html(
        '<svg xmlns="{}" class="chart-swatch" viewBox="0 0 10 10" width="10" height="10" '
        'aria-hidden="true"><rect width="10" height="10" fill="{}"/></svg>',
        SVG_NS, colour,
    )  # fmt: skip


# Actions by status ---------------------------------------------------------------------


class LegendItem(NamedTuple):
    status: Status
    label: str
    colour: str
    swatch: str
    count: int | None


def _status_counts(counts):
    """Counts for every status in Status order; keys may be Status or its values."""
    found = dict.fromkeys(Status, 0)
    for key, count in counts.items():
        if count < 0:
            raise ValueError(f"A count cannot be negative: {key}={count}")
        found[Status(key)] += int(count)
    return found


def _status_desc(counts):
    total = sum(counts.values())
    if not total:
        return "No actions"
    parts = ", ".join(f"{status.label} {count}" for status, count in counts.items() if count)
    return f"{parts}. {total} action{'' if total == 1 else 's'} in total."


def _segments(counts):
    """One rect per non-zero status; edges on whole hundredths so widths sum exactly."""
    total, done, start = sum(counts.values()), 0, 0
    for status, count in counts.items():
        if not count:
            continue
        done += count
        end = round(BAR_WIDTH * 100 * done / total)
        yield format_html(
            '<rect class="chart-segment" data-status="{}" x="{}" width="{}" height="{}" '
            'fill="{}" stroke="#fff" stroke-width="1"><title>{}: {}</title></rect>',
            status.value, _n(start / 100), _n((end - start) / 100), BAR_HEIGHT,
            status.colour, status.label, count,
        )  # fmt: skip
        start = end


def status_bar(counts, *, label, chart_id=None):
    """A horizontal bar of action counts stacked by status, in the status colours."""
    counts = _status_counts(counts)
    track = format_html(
        '<rect class="chart-track" width="{}" height="{}" fill="{}"/>', BAR_WIDTH, BAR_HEIGHT, TRACK
    )
    body = _join([track, *_segments(counts)])
    size = (BAR_WIDTH, BAR_HEIGHT)
    return _svg(_chart_id(chart_id), size, label, _status_desc(counts), body, "status")


def status_legend(counts=None):
    """Every status in order as LegendItem(status, label, colour, swatch, count)."""
    found = _status_counts(counts) if counts is not None else dict.fromkeys(Status)
    return [LegendItem(s, s.label, s.colour, swatch(s.colour), n) for s, n in found.items()]


def status_table(counts, *, caption, visually_hidden=True):
    """The status counts as an HTML table, the text alternative for ``status_bar``."""
    counts = _status_counts(counts)
    rows = [(status.label, count) for status, count in counts.items()]
    foot = [("Total", sum(counts.values()))]
    return _table(caption, ("Status", "Actions"), rows, foot, visually_hidden)


# Indicator trend -----------------------------------------------------------------------


@dataclass
class _Frame:
    """Maps quarter positions and values to SVG coordinates."""

    left: float
    top: float
    right: float
    bottom: float
    lo: float
    hi: float
    count: int
    pad: float

    def x(self, i):
        if self.count == 1:
            return (self.left + self.right) / 2
        return self.left + self.pad + i * (self.right - self.left - 2 * self.pad) / (self.count - 1)

    def y(self, value):
        return self.bottom - (value - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)


def _nice_step(raw):
    power = 10 ** math.floor(math.log10(raw))
    return max(0.01, next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _scale(values):
    """Axis (low, high, tick step) covering ``values`` with a little room either side."""
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1
    low, high = lo - pad, hi + pad
    if lo >= 0 > low:  # no negative axis for values that are never negative
        low = 0
    elif hi <= 0 < high:
        high = 0
    step = _nice_step((high - low) / 4)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _compare(value, than, better):
    if value == than:
        return "the same as"
    return "better than" if (value > than) == (better == "higher") else "worse than"


def _trend_desc(points, unit, baseline, target, better):
    known = [(quarter, value) for quarter, value in points if value is not None]
    missing = [quarter for quarter, value in points if value is None]
    if not known:
        parts = ["No values yet."]
    elif len(known) == 1:
        parts = [f"One value: {_value_text(known[0][1], unit)} in {known[0][0]}."]
    else:
        (first_q, first), (latest_q, latest) = known[0], known[-1]
        parts = [
            f"First value {_value_text(first, unit)} in {first_q}; "
            f"latest {_value_text(latest, unit)} in {latest_q}."
        ]
    if known and missing:
        parts.append(f"No value for {', '.join(missing)}.")
    latest = known[-1][1] if known else None
    if baseline is not None:
        text = f"Baseline {_value_text(baseline, unit)}"
        if latest is not None:
            text += f"; the latest value is {_compare(latest, baseline, better)} the baseline"
        parts.append(f"{text} ({better} is better).")
    if target is not None:
        text = f"Target {_value_text(target, unit)}"
        if latest is not None:
            met = _compare(latest, target, better) != "worse than"
            text += ": met" if met else ": not yet met"
        parts.append(f"{text}.")
    return " ".join(parts)


def _axes(frame, step, points, unit):
    """Grid lines and value labels on the left, quarter labels underneath, unit on top."""
    parts, ticks = [], round((frame.hi - frame.lo) / step)
    for k in range(ticks + 1):
        value = frame.lo + k * step
        y = frame.y(value)
        colour = MUTED if abs(value) < step / 1000 and 0 < k < ticks else GRID
        parts.append(_line(frame.left, y, frame.right, y, colour))
        parts.append(_text(frame.left - 6, y + 4, _value_text(value), anchor="end"))
    for i in _label_positions(len(points)):
        parts.append(_text(frame.x(i), frame.bottom + 18, points[i][0]))
    if unit:
        parts.append(_text(frame.left, 12, unit, anchor="start"))
    return parts


def _label_positions(count, most=5):
    """Evenly spaced quarters to label, never two neighbours (their labels would collide)."""
    step = max(1, math.ceil((count - 1) / (most - 1))) if count > 1 else 1
    positions = list(range(0, count, step))
    last = count - 1
    if positions[-1] != last:
        # Always label the latest quarter: add it, or let it take the place of the label
        # that would sit too close to it.
        if last - positions[-1] >= step or len(positions) == 1:
            positions.append(last)
        else:
            positions[-1] = last
    return positions


def _reference_lines(frame, baseline, target, compact):
    """Dashed baseline and target lines, labelled at the right unless compact."""
    lines = [
        (name, frame.y(float(value)), colour, dash)
        for name, value, colour, dash in (
            ("Baseline", baseline, BASELINE, "6 4"),
            ("Target", target, TARGET, "2 3"),
        )
        if value is not None
    ]
    if len(lines) == 2 and abs(lines[0][1] - lines[1][1]) < 12:  # keep labels apart
        nudge = 6 if lines[0][1] >= lines[1][1] else -6
        label_y = [lines[0][1] + nudge, lines[1][1] - nudge]
    else:
        label_y = [y for _, y, _, _ in lines]
    parts = []
    for (name, y, colour, dash), text_y in zip(lines, label_y, strict=True):
        parts.append(_line(frame.left, y, frame.right, y, colour, width=1.5, dash=dash))
        if not compact:
            parts.append(_text(frame.right + 4, text_y + 4, name, anchor="start", fill=colour))
    return parts


def _plotted(frame, points):
    """(index, quarter, value, x, y) for each quarter with a value."""
    for i, (quarter, value) in enumerate(points):
        if value is not None:
            yield i, quarter, value, frame.x(i), frame.y(value)


def _path(plotted):
    """An SVG path through the plotted points, broken where a quarter has no value."""
    path, previous = [], None
    for i, _quarter, _value, x, y in plotted:
        path.append(f"{'L' if previous == i - 1 else 'M'}{_n(x)} {_n(y)}")
        previous = i
    return path


def _series(frame, points, unit, compact, provisional=()):
    """The line (broken where a quarter has no value) and a dot per value."""
    plotted, parts = list(_plotted(frame, points)), []
    for i, quarter, value, x, y in plotted:
        radius = (2.5 if i == len(points) - 1 else 1.5) if compact else 3.5
        dot = format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}: {}</title></circle>',
            _n(x), _n(y), radius, LINE, quarter,
            _value_text(value, unit) + (" (provisional)" if quarter in provisional else ""),
        )  # fmt: skip
        parts.append(dot)
    path = _path(plotted)
    line = format_html(
        '<path d="{}" fill="none" stroke="{}" stroke-width="{}" stroke-linejoin="round"/>',
        " ".join(path), LINE, 1.5 if compact else 2.5,
    )  # fmt: skip
    return [line, *parts]


def _trajectory_desc(goals, unit):
    known = [(quarter, value) for quarter, value in goals if value is not None]
    if not known:
        return ""
    (first_q, first), (last_q, last) = known[0], known[-1]
    if len(known) == 1:
        return f" Target trajectory (dashed line): {_value_text(first, unit)} in {first_q}."
    return (
        f" Target trajectory (dashed line): from {_value_text(first, unit)} in {first_q} "
        f"to {_value_text(last, unit)} in {last_q}."
    )


def _trajectory(frame, goals, unit, compact):
    """The quarters' targets as a dashed line (broken where a quarter has none), labelled
    at its right end unless compact."""
    plotted = list(_plotted(frame, goals))
    path, last = _path(plotted), plotted[-1][3:]
    if len(path) == 1:  # a single target: a short dash either side of its quarter
        x, y = last
        path = [f"M{_n(x - 8)} {_n(y)}", f"L{_n(x + 8)} {_n(y)}"]
    line = format_html(
        '<path class="chart-trajectory" d="{}" fill="none" stroke="{}" stroke-width="{}" '
        'stroke-dasharray="{}"/>',
        " ".join(path), TARGET, 1 if compact else 2, "3 2" if compact else "8 4",
    )  # fmt: skip
    parts = [line]
    if not compact:
        parts.append(_text(frame.right + 4, last[1] - 6, "Trajectory", anchor="start", fill=TARGET))
    return parts


def trajectory_legend():
    """A legend item for the target trajectory: a dashed line swatch and its words."""
    return format_html(
        '<span class="chart-legend"><svg xmlns="{}" class="chart-swatch" viewBox="0 0 24 10" '
        'width="24" height="10" aria-hidden="true"><line x1="0" y1="5" x2="24" y2="5" '
        'stroke="{}" stroke-width="2" stroke-dasharray="8 4"/></svg> Target trajectory</span>',
        SVG_NS, TARGET,
    )  # fmt: skip


def _placeholder(size, compact):
    width, height = size
    box = format_html(
        '<rect x="1" y="1" width="{}" height="{}" fill="none" stroke="{}" stroke-dasharray="4 3"/>',
        width - 2, height - 2, GRID,
    )  # fmt: skip
    return [box, _text(width / 2, height / 2 + 4, "No values yet", size=9 if compact else 13)]


def trend_chart(
    points,
    *,
    label,
    unit="",
    baseline=None,
    target=None,
    trajectory=None,
    provisional=(),
    better="higher",
    width=None,
    height=None,
    compact=False,
    chart_id=None,
):
    """A line chart of an indicator's values over quarters (a sparkline if ``compact``).

    ``points`` is a list of (quarter label, value or None) in time order; ``trajectory``,
    if given, the quarters' targets as (quarter label, target or None) for the same
    quarters, drawn as a dashed line. The values of the quarters in ``provisional`` are
    marked so in their dots' titles and the description.
    """
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be 'higher' or 'lower', not {better!r}")
    points = [(str(q), None if v is None else float(v)) for q, v in points]
    goals = [(str(q), None if v is None else float(v)) for q, v in trajectory or []]
    if goals and [q for q, _ in goals] != [q for q, _ in points]:
        raise ValueError("The trajectory must be given for the same quarters as the points.")
    goals = goals if any(v is not None for _, v in goals) else []
    default = COMPACT_SIZE if compact else FULL_SIZE
    size = (width or default[0], height or default[1])
    desc = _trend_desc(points, unit, baseline, target, better) + _trajectory_desc(goals, unit)
    marked = [q for q, v in points if v is not None and q in provisional]
    if marked:
        desc += f" Provisional: {', '.join(marked)}."
    values = [v for _, v in points if v is not None]
    if not values and not goals:
        body = _placeholder(size, compact)
    else:
        refs = [float(v) for v in (baseline, target) if v is not None]
        refs += [v for _, v in goals if v is not None]
        lo, hi, step = _scale(values + refs)
        if compact:
            frame = _Frame(3, 3, size[0] - 3, size[1] - 3, lo, hi, len(points), pad=0)
            body = []
        else:
            frame = _Frame(56, 20, size[0] - 64, size[1] - 28, lo, hi, len(points), pad=12)
            body = _axes(frame, step, points, unit)
        body += _reference_lines(frame, baseline, target, compact)
        if goals:
            body += _trajectory(frame, goals, unit, compact)
        body += _series(frame, points, unit, compact, provisional)
    kind = "sparkline" if compact else "trend"
    return _svg(_chart_id(chart_id), size, label, desc, _join(body), kind)


def trend_table(
    points,
    *,
    label,
    unit="",
    baseline=None,
    target=None,
    trajectory=None,
    provisional=(),
    visually_hidden=True,
):
    """The values as an HTML table, the text alternative for ``trend_chart``: with a
    Target column when there is a ``trajectory``, and "(provisional)" after the values of
    the quarters in ``provisional``."""

    def value_text(quarter, value):
        if value is None:
            return "No value"
        text = _value_text(value, unit)
        return f"{text} (provisional)" if quarter in provisional else text

    rows = [(q, value_text(str(q), v)) for q, v in points]
    foot = [
        (name, _value_text(value, unit))
        for name, value in (("Baseline", baseline), ("Target", target))
        if value is not None
    ]
    if not any(v is not None for _, v in trajectory or []):
        return _table(label, ("Quarter", "Value"), rows, foot, visually_hidden)
    goals = ["—" if v is None else _value_text(v, unit) for _, v in trajectory]
    rows = [(q, value, goal) for (q, value), goal in zip(rows, goals, strict=True)]
    foot = [(name, value, "") for name, value in foot]
    return _table(label, ("Quarter", "Value", "Target"), rows, foot, visually_hidden)


# An indicator value's breakdown -----------------------------------------------------------

PART_ROW, PART_GUTTER, PART_LABEL_CHARS = 28, 170, 24


def _short(text, most=PART_LABEL_CHARS):
    return text if len(text) <= most else text[: most - 1] + "…"


def part_bars(parts, *, label, unit="", note="", chart_id=None):
    """
    Horizontal bars, one per part of a whole: ``parts`` is a list of (category, value) in
    the order to draw them, from the top. Each bar is labelled with its category on the
    left (shortened if long: its title and the table give it whole) and its value at its
    end. ``note`` (the sum check in words) ends the description.
    """
    parts = [(str(category), Decimal(str(value))) for category, value in parts]
    width = BAR_WIDTH
    height = max(1, len(parts)) * PART_ROW + 8
    values = [value for _, value in parts]
    lo, hi = min([Decimal(0), *values]), max([Decimal(0), *values])
    span = (hi - lo) or Decimal(1)
    room = width - PART_GUTTER - 90  # the value's text sits after the bar
    zero = PART_GUTTER + float((0 - lo) / span) * room
    body = []
    for i, (category, value) in enumerate(parts):
        y = 4 + i * PART_ROW
        end = PART_GUTTER + float((value - lo) / span) * room
        x, bar = min(zero, end), abs(end - zero)
        body.append(
            format_html(
                '<rect class="chart-part" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {}</title></rect>",
                _n(x),
                y + 4,
                _n(bar),
                PART_ROW - 8,
                LINE,
                category,
                _value_text(value, unit),
            )  # fmt: skip
        )
        body.append(_text(PART_GUTTER - 8, y + PART_ROW / 2 + 4, _short(category), anchor="end"))
        body.append(
            _text(max(zero, end) + 6, y + PART_ROW / 2 + 4, _value_text(value), anchor="start")
        )
    body.append(_line(zero, 0, zero, height, MUTED))
    if parts:
        listed = "; ".join(f"{category} {_value_text(value, unit)}" for category, value in parts)
        desc = f"{listed}."
    else:
        desc = "No parts."
    desc = f"{desc} {note}".strip()
    return _svg(_chart_id(chart_id), (width, height), label, desc, _join(body), "parts")


def part_table(
    parts, *, caption, unit="", total=None, whole=None, visually_hidden=False, caption_id=None
):
    """The parts as a table, the text alternative for ``part_bars``: with the parts' total
    and the whole in its foot when given. ``caption_id``, if given, is its caption's id (a
    scroll region around a visible table is named by it)."""
    rows = [(category, _value_text(value, unit)) for category, value in parts]
    foot = [
        (name, _value_text(value, unit))
        for name, value in (("Sum of the parts", total), ("Whole", whole))
        if value is not None
    ]
    table = _table(caption, ("Category", "Value"), rows, foot, visually_hidden)
    if caption_id is None:
        return table
    # The id is checked (letters, digits, - and _): safe in an attribute as it is.
    caption = format_html('<caption id="{}">', _chart_id(caption_id))
    return mark_safe(str(table).replace("<caption>", caption, 1))  # noqa: S308


# Likelihood × impact (a risk heat map) -----------------------------------------------------

# The grid's side in cells (GRID, above, is the colour of a chart's grid lines).
SIDE = 5
CELL, GUTTER = 64, 48  # a cell's side; room for the axis labels


def _grid_counts(counts):
    """{(row, column): count} for every cell of the 5 × 5 grid, 1-based."""
    found = {(row, column): 0 for row in range(1, SIDE + 1) for column in range(1, SIDE + 1)}
    for key, count in counts.items():
        if key not in found or count < 0:
            raise ValueError(f"Not a cell of the grid, or a negative count: {key}={count}")
        found[key] += int(count)
    return found


def heat_map(counts, *, label, colours, rows="Likelihood", columns="Impact", chart_id=None):
    """
    A 5 × 5 grid of counts: ``counts`` by (row, column), each 1 to 5, the highest row at
    the top; each cell filled with ``colours[(row, column)]`` and showing its count.
    """
    counts = _grid_counts(counts)
    size = (GUTTER + SIDE * CELL, SIDE * CELL + GUTTER)
    body = []
    for (row, column), count in counts.items():
        x, y = GUTTER + (column - 1) * CELL, (SIDE - row) * CELL
        body.append(
            format_html(
                '<rect class="chart-cell" data-cell="{}-{}" x="{}" y="{}" width="{}" '
                'height="{}" fill="{}" stroke="#fff" stroke-width="2"><title>{} {}, {} {}: '
                "{}</title></rect>",
                row,
                column,
                x,
                y,
                CELL,
                CELL,
                colours[(row, column)],
                rows,
                row,
                columns,
                column,
                count,
            )  # fmt: skip
        )
        if count:
            body.append(_text(x + CELL / 2, y + CELL / 2 + 7, count, size=20, fill=TEXT))
    for n in range(1, SIDE + 1):
        body.append(_text(GUTTER - 10, (SIDE - n) * CELL + CELL / 2 + 4, n, anchor="end"))
        body.append(_text(GUTTER + (n - 1) * CELL + CELL / 2, SIDE * CELL + 16, n))
    body.append(_text(GUTTER + SIDE * CELL / 2, SIDE * CELL + 38, columns, size=12, fill=TEXT))
    body.append(_text(10, SIDE * CELL / 2, rows, size=12, fill=TEXT, anchor="start"))
    filled = [f"{rows} {r}, {columns.lower()} {c}: {n}" for (r, c), n in counts.items() if n]
    total = sum(counts.values())
    desc = f"{'; '.join(reversed(filled))}. {total} in total." if total else "None."
    return _svg(_chart_id(chart_id), size, label, desc, _join(body), "heat")


def heat_table(counts, *, caption, rows="Likelihood", columns="Impact"):
    """The grid's counts as a table, its rows from the highest down: the heat map's numbers."""
    counts = _grid_counts(counts)
    head = format_html_join(
        "", '<th scope="col">{} {}</th>', ((columns, n) for n in range(1, SIDE + 1))
    )
    body = format_html_join(
        "",
        '<tr><th scope="row">{} {}</th>{}</tr>',
        (
            (
                rows,
                row,
                format_html_join(
                    "", "<td>{}</td>", ((counts[(row, c)],) for c in range(1, SIDE + 1))
                ),
            )
            for row in range(SIDE, 0, -1)
        ),
    )
    return format_html(
        '<table class="table table-sm chart-table heat-table"><caption id="{}">{}</caption>'
        "<thead><tr><td></td>{}</tr></thead><tbody>{}</tbody></table>",
        "heat-caption", caption, head, body,
    )  # fmt: skip


# For PDFs ---------------------------------------------------------------------------------

_TITLE_DESC = re.compile(r"<title[^>]*>(.*?)</title><desc[^>]*>(.*?)</desc>", re.S)


def as_image(svg, *, css_class="chart"):
    """
    The chart as an <img> with the SVG inside a data: URL and its title and description as
    the alt text: in a tagged PDF (PDF/UA) an image becomes a Figure carrying that text,
    which an inline <svg> would not.
    """
    title, desc = (html.unescape(part) for part in _TITLE_DESC.search(str(svg)).groups())
    data = base64.b64encode(str(svg).encode()).decode()
    return format_html(
        '<img class="{}" src="data:image/svg+xml;base64,{}" alt="{}">',
        css_class,
        data,
        f"{title}: {desc}",
    )
