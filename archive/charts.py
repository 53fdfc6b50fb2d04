"""Charts drawn on the server as SVG geometry: no chart library, no JavaScript.

Across, everything is placed in percentages of the chart's width, so the browser stretches the
bars to the screen while the text keeps its size in pixels: a label is as readable on a phone as
on a desktop. What varies with the screen is how much room a label has, so each chart is laid out
twice: for a wide screen (shown from 640 px, at least WIDE_PX across) and for a phone (at least
NARROW_PX across, a 320 px phone less the page's margins); a CSS media query shows one. Each is
checked at its narrowest: every bar at least MIN_BAR_PX wide (coarser bars on a phone when there
are too many), every label no wider than the room to the next tick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from archive.lib.periods import LADDER, Unit, count_between, label
from archive.search.facets import Bucket, regroup

WIDE_PX, NARROW_PX = 600, 296
HEIGHT = 146
PLOT_TOP, PLOT_BOTTOM = 18, 118  # the band above the plot holds the label of the busiest bar
TICK_LENGTH, LABEL_BASELINE = 5, 134
FONT_PX = 12  # .timeline text in style.css: readable on a phone (the SVG is never scaled)
LABEL_INSET, LABEL_GAP = 3, 6  # a label starts just right of its tick and keeps clear of the next
BAR_GAP = 0.2  # of a bar's slot, between bars
MIN_BAR_PX = 3
# Text widths for the label check, in ems: a little over DejaVu Sans, the widest of the usual
# sans-serif fonts (the label must fit whichever font the reader's system-ui turns out to be).
CHARACTER_EMS = {" ": 0.34, "M": 0.9, "W": 1.04, "m": 1.0, "w": 0.85, "–": 0.55}
DIGIT_EMS, UPPER_EMS, OTHER_EMS = 0.66, 0.8, 0.64


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """Return a generous estimate of how wide text is drawn, in pixels."""
    ems = 0.0
    for character in text:
        if character in CHARACTER_EMS:
            ems += CHARACTER_EMS[character]
        elif character.isdigit():
            ems += DIGIT_EMS
        elif character.isupper():
            ems += UPPER_EMS
        else:
            ems += OTHER_EMS
    return ems * font_px


def most_bars(width_px: float) -> int:
    """Return how many bars fit across width_px with each MIN_BAR_PX wide or more."""
    return int(width_px * (1 - BAR_GAP) / MIN_BAR_PX)


@dataclass
class Bar:
    x: float  # percent of the width
    width: float  # percent of the width
    y: float  # pixels
    height: float  # pixels
    slot_x: float  # the whole column (percent), which the link covers
    slot_width: float
    label: str
    count: int
    url: str


@dataclass
class Tick:
    x: float  # percent of the width, at the start of a bar
    label: str  # empty: the tick alone, there was no room for its label


@dataclass(kw_only=True)
class Frame:
    """The geometry every chart shares, in pixels down (across is in percent): the plot, the
    ticks under it and their labels."""

    ticks: list[Tick] = field(default_factory=list)
    height: int = HEIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    plot_height: int = PLOT_BOTTOM - PLOT_TOP
    tick_bottom: int = PLOT_BOTTOM + TICK_LENGTH
    label_y: int = LABEL_BASELINE
    label_inset: int = LABEL_INSET


@dataclass
class Chart(Frame):
    layout: str  # "wide" or "narrow": which screens it is drawn for
    min_width: int  # the narrowest it is drawn, in pixels: everything is checked at this width
    unit: Unit
    peak: int
    first: date  # the first day of the first bar
    last: date  # the last day of the last bar
    bars: list[Bar] = field(default_factory=list)

    def bars_svg(self) -> SafeString:
        """Return the bars as SVG: each a link over its whole column, with its count as a
        tooltip. Built here rather than in a template loop, which took longer than the search
        for a chart of a hundred or more bars."""
        return format_html_join(
            "",
            '<a href="{}"><title>{}: {} article{}</title>'
            '<rect class="slot" x="{}%" y="{}" width="{}%" height="{}"/>{}</a>',
            (
                (
                    bar.url,
                    bar.label,
                    intcomma(bar.count),
                    "" if bar.count == 1 else "s",
                    bar.slot_x,
                    self.plot_top,
                    bar.slot_width,
                    self.plot_height,
                    format_html(
                        '<rect class="bar" x="{}%" y="{}" width="{}%" height="{}"/>',
                        bar.x,
                        bar.y,
                        bar.width,
                        bar.height,
                    )
                    if bar.height
                    else "",
                )
                for bar in self.bars
            ),
        )


def timeline_charts(
    buckets: list[Bucket], link: Callable[[Bucket], str]
) -> tuple[Chart, Chart] | None:
    """Lay out the timeline for wide screens and for phones; link(bucket) is where a bar goes."""
    if not buckets:
        return None
    urls: dict[tuple[date, date], str] = {}

    def shared_link(bucket: Bucket) -> str:
        # The phone chart often draws the same periods as the wide one: build each URL once.
        key = (bucket.start, bucket.end)
        if key not in urls:
            urls[key] = link(bucket)
        return urls[key]

    return (
        bar_chart("wide", WIDE_PX, fit(buckets, WIDE_PX), shared_link),
        bar_chart("narrow", NARROW_PX, fit(buckets, NARROW_PX), shared_link),
    )


def fit(buckets: list[Bucket], width_px: float) -> list[Bucket]:
    """Return the buckets, regrouped into coarser periods if there are too many bars for width."""
    unit = buckets[0].unit
    first, last = buckets[0].start, buckets[-1].end
    if len(buckets) <= most_bars(width_px):
        return buckets
    for coarser in coarser_units(unit):
        if count_between(first, last, coarser) <= most_bars(width_px):
            break
    days = {bucket.start: bucket.count for bucket in buckets}
    return regroup(days, first, last, coarser)


def coarser_units(unit: Unit) -> list[Unit]:
    """Return the units whose periods are whole bars of unit, finest first (weeks split months)."""
    return [
        coarser
        for coarser in LADDER[LADDER.index(unit) + 1 :]
        if coarser is not Unit.WEEK or unit is Unit.DAY
    ]


def bar_chart(
    layout: str, width_px: int, buckets: list[Bucket], link: Callable[[Bucket], str]
) -> Chart:
    """Lay out one bar per bucket, scaled to the busiest, with ticks that fit width_px."""
    peak = max(bucket.count for bucket in buckets)
    chart = Chart(layout, width_px, buckets[0].unit, peak, buckets[0].start, buckets[-1].end)
    plot = PLOT_BOTTOM - PLOT_TOP
    step = 100 / len(buckets)
    for index, bucket in enumerate(buckets):
        height = round(plot * bucket.count / peak, 2) if peak else 0
        if bucket.count and height < 1:
            height = 1  # a period with one article is still visible
        chart.bars.append(
            Bar(
                x=round(index * step + step * BAR_GAP / 2, 4),
                width=round(step * (1 - BAR_GAP), 4),
                y=round(PLOT_BOTTOM - height, 2),
                height=height,
                slot_x=round(index * step, 4),
                slot_width=round(step, 4),
                label=bucket.label,
                count=bucket.count,
                url=link(bucket),
            )
        )
    chart.ticks = axis_ticks([bucket.start for bucket in buckets], chart.unit, width_px)
    return chart


# How ticks may be spaced over bars of each unit, densest first; each is (marks this bar's
# start a tick, the family its labels come from). The first whose labels all fit is used.
def _every_year(years: int) -> tuple[Callable[[date], bool], str]:
    return (lambda day: day.month == 1 and day.day == 1 and day.year % years == 0), "year"


YEAR_STEPS = [_every_year(n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)]
TICK_SCHEMES: dict[Unit, list[tuple[Callable[[date], bool], str]]] = {
    Unit.DAY: [
        ((lambda day: True), "day"),
        ((lambda day: day.weekday() == 0), "day"),
        ((lambda day: day.day == 1), "month"),
        ((lambda day: day.day == 1 and day.month % 3 == 1), "month"),
        *YEAR_STEPS,
    ],
    Unit.WEEK: [
        ((lambda day: True), "day"),
        ((lambda day: day.isocalendar().week % 2 == 1), "day"),
        ((lambda day: day.day <= 7), "day"),  # the first Monday of each month
        ((lambda day: day.day <= 7 and day.month % 3 == 1), "day"),
        ((lambda day: day.day <= 7 and day.month == 1), "day"),
    ],
    Unit.MONTH: [
        ((lambda day: True), "month"),
        ((lambda day: day.month % 3 == 1), "month"),
        *YEAR_STEPS,
    ],
    Unit.QUARTER: [((lambda day: True), "quarter"), *YEAR_STEPS],
    Unit.YEAR: YEAR_STEPS,
    Unit.DECADE: YEAR_STEPS[3:],
    Unit.CENTURY: YEAR_STEPS[6:],
}


def tick_label(day: date, family: str, previous: date | None) -> str:
    """Return a tick's label; the year is added where it starts or changes.

    Days need no year on their first tick (the caption says when the span starts): a phone has
    room for "2 Sep" a week apart but not for "2 Sep 2019".
    """
    with_year = previous is None or previous.year != day.year
    if family == "day":
        return f"{day.day} {day:%b}" + (f" {day.year}" if previous and with_year else "")
    if family == "month":
        return f"{day:%b}" + (f" {day.year}" if with_year else "")
    if family == "quarter":
        return f"Q{(day.month - 1) // 3 + 1}" + (f" {day.year}" if with_year else "")
    return str(day.year)


def start_label(day: date, unit: Unit) -> str:
    """Return the label of the first bar when no tick marks it: its own period, in full."""
    if unit in (Unit.DAY, Unit.WEEK):
        return f"{day.day} {day:%b} {day.year}"
    return label(day, unit) if unit in (Unit.MONTH, Unit.QUARTER) else str(day.year)


def axis_ticks(starts: list[date], unit: Unit, width_px: float) -> list[Tick]:
    """Return ticks at bar boundaries whose labels never overlap at width_px (nor pass the end).

    The densest spacing whose labels all fit is chosen; the label of the first bar (when no
    tick falls there) and of the last tick are left out if they alone do not fit.
    """
    chosen: list[Tick] = []
    for marks, family in TICK_SCHEMES[unit]:
        ticks, fits = scheme_ticks(starts, unit, width_px, marks, family)
        chosen = ticks
        if fits:
            break
    return chosen


def scheme_ticks(
    starts: list[date],
    unit: Unit,
    width_px: float,
    marks: Callable[[date], bool],
    family: str,
) -> tuple[list[Tick], bool]:
    """Return the ticks of one spacing and whether every label that must show fits."""
    step = width_px / len(starts)
    positions: list[tuple[int, str]] = []
    previous = None
    for index, day in enumerate(starts):
        if marks(day):
            positions.append((index, tick_label(day, family, previous)))
            previous = day
    leading = not positions or positions[0][0] != 0
    if leading:
        positions.insert(0, (0, start_label(starts[0], unit)))
    fits, ticks = True, []
    for number, (index, text) in enumerate(positions):
        end = positions[number + 1][0] if number + 1 < len(positions) else len(starts)
        room = (end - index) * step
        needed = LABEL_INSET + text_width(text) + LABEL_GAP
        optional = (number == 0 and leading) or number == len(positions) - 1
        if needed > room:
            if not optional:
                fits = False
            text = ""
        if text or not (number == 0 and leading):
            ticks.append(Tick(round(index * 100 / len(starts), 4), text))
    return ticks, fits


@dataclass
class Line:
    number: int  # 1, 2 or 3: its colour, dashes and marks in style.css
    # Runs of points in the plot's own coordinates (one unit across per period, pixels down):
    # a period with no value (a share of no articles) breaks the line rather than dropping to 0.
    segments: list[str]
    marks: list[tuple[float, float]]  # (percent across, pixels down) of each point, when few


@dataclass
class LineChart(Frame):
    layout: str
    min_width: int
    unit: Unit
    periods: int
    peak: float
    peak_label: str = ""  # the busiest value as the page words it (a count or a share)
    lines: list[Line] = field(default_factory=list)


# Points are marked (a circle, a square, a triangle: not colour alone) up to this many periods.
MOST_MARKED = 40


def line_charts(
    starts: list[date], unit: Unit, series: list[list[float | None]]
) -> tuple[LineChart, LineChart] | None:
    """Lay out one line per series over the same periods, for wide screens and for phones."""
    if not starts or not series:
        return None
    return tuple(line_chart(layout, width, starts, unit, series) for layout, width in LAYOUTS)


LAYOUTS = (("wide", WIDE_PX), ("narrow", NARROW_PX))


def line_chart(
    layout: str, width_px: int, starts: list[date], unit: Unit, series: list[list[float | None]]
) -> LineChart:
    """Lay out the series as lines through the middle of each period, scaled to the highest."""
    peak = max((value for values in series for value in values if value is not None), default=0)
    chart = LineChart(layout, width_px, unit, len(starts), peak)
    plot = chart.plot_height
    for number, values in enumerate(series, start=1):
        heights = [
            None if value is None else plot * value / peak if peak else 0 for value in values
        ]
        runs: list[list[str]] = [[]]
        for i, height in enumerate(heights):
            if height is None:
                runs.append([])
            else:
                runs[-1].append(f"{i + 0.5:g},{plot - height:.2f}")
        chart.lines.append(
            Line(
                number,
                [" ".join(run) for run in runs if run],
                [
                    (round((i + 0.5) * 100 / len(starts), 4), round(PLOT_BOTTOM - h, 2))
                    for i, h in enumerate(heights)
                    if h is not None
                ]
                if len(starts) <= MOST_MARKED
                else [],
            )
        )
    chart.ticks = axis_ticks(starts, unit, width_px)
    return chart
