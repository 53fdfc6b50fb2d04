"""Calendar periods a timeline counts by: days, weeks, months, quarters, years, decades.

Pure date arithmetic (no Django): where a period starts and ends, what it is called, and which
period fits a span. Weeks start on Monday (ISO 8601); every period is whole days, in UTC like
the counts the database gives.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class Unit(StrEnum):
    """One bar of a timeline, from the finest to the coarsest."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


LADDER = list(Unit)
# A bar per day reads well for up to about three months: a reader asks "which day" of a story
# that short, and 92 bars still fit a phone once they are drawn a week wide (see archive/charts.py).
MAX_DAYS = 92
# A bar per month for up to ten years: 120 bars, each 4 px wide or more on a 600 px screen.
MAX_MONTHS = 120
# Beyond, a bar per year while they fit (then decades, then centuries).
MAX_YEARS = 150


def start_of(day: date, unit: Unit) -> date:
    """Return the first day of the period of this unit that holds day."""
    if unit is Unit.DAY:
        return day
    if unit is Unit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is Unit.MONTH:
        return day.replace(day=1)
    if unit is Unit.QUARTER:
        return date(day.year, day.month - (day.month - 1) % 3, 1)
    span = {Unit.YEAR: 1, Unit.DECADE: 10, Unit.CENTURY: 100}[unit]
    return date(max(1, day.year - day.year % span), 1, 1)


def following(start: date, unit: Unit) -> date | None:
    """Return the first day of the next period (None past the last day there is)."""
    try:
        if unit is Unit.DAY:
            return start + timedelta(days=1)
        if unit is Unit.WEEK:
            return start + timedelta(days=7)
        months = {Unit.MONTH: 1, Unit.QUARTER: 3}.get(unit)
        if months:
            index = start.year * 12 + start.month - 1 + months
            return date(index // 12, index % 12 + 1, 1)
        span = {Unit.YEAR: 1, Unit.DECADE: 10, Unit.CENTURY: 100}[unit]
        return date(start.year - start.year % span + span, 1, 1)
    except (OverflowError, ValueError):
        return None


def end_of(start: date, unit: Unit) -> date:
    """Return the last day of the period that starts on start (included)."""
    after = following(start, unit)
    return date.max if after is None else after - timedelta(days=1)


def starts(first: date, last: date, unit: Unit) -> list[date]:
    """Return the first day of every period from the one holding first to the one holding last."""
    found, current = [], start_of(first, unit)
    while current is not None and current <= last:
        found.append(current)
        current = following(current, unit)
    return found


def count_between(first: date, last: date, unit: Unit) -> int:
    """Return how many periods of unit the span from first to last touches."""
    if unit is Unit.DAY:
        return (last - first).days + 1
    if unit is Unit.WEEK:
        return (start_of(last, unit) - start_of(first, unit)).days // 7 + 1
    if unit in (Unit.MONTH, Unit.QUARTER):
        size = 1 if unit is Unit.MONTH else 3
        months = lambda day: (day.year * 12 + day.month - 1) // size  # noqa: E731
        return months(last) - months(first) + 1
    span = {Unit.YEAR: 1, Unit.DECADE: 10, Unit.CENTURY: 100}[unit]
    return last.year // span - first.year // span + 1


def fitting_unit(first: date, last: date) -> Unit:
    """Return the period a timeline from first to last counts by (see the limits above)."""
    if count_between(first, last, Unit.DAY) <= MAX_DAYS:
        return Unit.DAY
    if count_between(first, last, Unit.MONTH) <= MAX_MONTHS:
        return Unit.MONTH
    return coarsest_within(first, last, Unit.YEAR, MAX_YEARS)


def coarsest_within(first: date, last: date, finest: Unit, most: int) -> Unit:
    """Return the finest unit from `finest` up that cuts the span into at most `most` periods."""
    for unit in LADDER[LADDER.index(finest) :]:
        if count_between(first, last, unit) <= most:
            return unit
    return Unit.CENTURY


def label(start: date, unit: Unit) -> str:
    """Return the name of the period that starts on start, as a bar's tooltip reads."""
    if unit is Unit.DAY:
        return f"{start.day} {start:%b} {start.year}"
    if unit is Unit.WEEK:
        return f"Week of {start.day} {start:%b} {start.year}"
    if unit is Unit.MONTH:
        return f"{start:%b} {start.year}"
    if unit is Unit.QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if unit is Unit.YEAR:
        return str(start.year)
    if unit is Unit.DECADE:
        return f"{start.year}s"
    return f"{start.year}–{start.year + 99}"
