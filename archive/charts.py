"""Charts drawn on the server as SVG geometry: no chart library, no JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archive.search.facets import Bucket

WIDTH, HEIGHT, AXIS = 640, 120, 18
MAX_TICKS = 12


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    url: str


@dataclass
class Chart:
    width: int
    height: int
    plot_height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    peak: int
    unit: str  # "month" or "year"


def timeline_chart(buckets: list[Bucket], link: Callable[[Bucket], str]) -> Chart | None:
    """Lay out one bar per bucket, scaled to the busiest; link(bucket) is where a bar goes."""
    if not buckets:
        return None
    peak = max(bucket.count for bucket in buckets) or 1
    plot = HEIGHT - AXIS
    step = WIDTH / len(buckets)
    gap = step * 0.15 if step > 4 else 0
    bars = []
    for index, bucket in enumerate(buckets):
        height = round(plot * bucket.count / peak, 2)
        if bucket.count and height < 1:
            height = 1  # a month with one article is still visible
        bars.append(
            Bar(
                x=round(index * step + gap / 2, 2),
                y=round(plot - height, 2),
                width=round(step - gap, 2),
                height=height,
                label=bucket.label,
                count=bucket.count,
                url=link(bucket),
            )
        )
    unit = "year" if buckets[0].start.month == buckets[0].end.month - 11 else "month"
    ticks = _ticks(buckets, step, unit)
    return Chart(WIDTH, HEIGHT, plot, bars, ticks, peak, unit)


def _ticks(buckets: list[Bucket], step: float, unit: str) -> list[tuple[float, str]]:
    """Label years (or months, for a short span) at evenly spaced bars."""
    if unit == "month" and len(buckets) <= MAX_TICKS:
        marks = [(i, b.start.strftime("%b %y")) for i, b in enumerate(buckets)]
    elif unit == "month":
        marks = [(i, str(b.start.year)) for i, b in enumerate(buckets) if b.start.month == 1]
        if not marks or marks[0][0] > 0:
            marks.insert(0, (0, buckets[0].start.strftime("%b %Y")))
    else:
        marks = [(i, b.label) for i, b in enumerate(buckets)]
    every = max(1, -(-len(marks) // MAX_TICKS))
    return [(round(i * step + step / 2, 2), text) for i, text in marks[::every]]
