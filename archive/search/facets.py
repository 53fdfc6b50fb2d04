"""Facet counts over a set of articles: sources, parties per kind, dateline places, timeline."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL

from archive.lib.periods import Unit, end_of, fitting_unit, starts
from archive.lib.periods import label as period_label
from archive.models import Article, Mention, Party, Source
from archive.search import backend
from archive.search.cache import remembered, search_key

# Parties shown per kind.
PARTY_LIMIT = 8


@dataclass
class FacetValue:
    value: str  # what the filter takes: a slug, a place
    label: str
    count: int
    reviewed: bool = True  # a party no editor has reviewed yet is marked where it is shown


@dataclass
class Bucket:
    """One bar of the timeline: a day, a month or a year (a week or a quarter on a phone)."""

    label: str
    start: date
    end: date  # inclusive
    count: int
    unit: Unit = Unit.MONTH


@dataclass
class Facets:
    sources: list[FacetValue] = field(default_factory=list)
    parties: dict[str, list[FacetValue]] = field(default_factory=dict)  # by kind label
    places: list[FacetValue] = field(default_factory=list)
    timeline: list[Bucket] = field(default_factory=list)
    undated: int = 0  # matches whose date is unknown: no bar of the timeline holds them
    # Counted over the newest `sample` matches only (the timeline too, if `timeline_sampled`).
    approximate: bool = False
    sample: int = 0
    timeline_sampled: bool = False


# A match as the facets see it: id, UTC day ("YYYY-MM-DD" or None), source id, dateline.
FacetRow = tuple[int, str | None, int | None, str]


def count_facets(rows: list[FacetRow], *, limit: int = 10, unreviewed: bool = True) -> Facets:
    """Count the facets of these matches; parties no editor has reviewed count only when
    `unreviewed` is true.

    Sources, places and the timeline are counted from the rows themselves, which the search
    fetched anyway; only the parties take a query.
    """
    days = Counter(day for _, day, _, _ in rows)
    undated = days.pop(None, 0)
    return Facets(
        sources=source_facet(Counter(source for _, _, source, _ in rows if source), limit),
        parties=party_facet([row[0] for row in rows], PARTY_LIMIT, unreviewed),
        places=place_facet(Counter(place for _, _, _, place in rows if place), limit),
        timeline=timeline(days),
        undated=undated,
    )


def source_facet(counts: Counter, limit: int) -> list[FacetValue]:
    """Return the sources with the most matches, with their counts (ties by name)."""
    sources = Source.objects.filter(id__in=list(counts)).values_list("id", "slug", "name")
    values = [FacetValue(slug, name, counts[pk]) for pk, slug, name in sources]
    return heapq.nsmallest(limit, values, key=lambda value: (-value.count, value.label))


def place_facet(counts: Counter, limit: int) -> list[FacetValue]:
    """Return the dateline places with the most matches (ties by name)."""
    top = heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetValue(place, place, count) for place, count in top]


def party_facet(ids: list[int], limit: int, unreviewed: bool) -> dict[str, list[FacetValue]]:
    """Return the parties of each kind most mentioned by the articles with these ids."""
    # One query returns the winners only: mentions counted by party id over the unique
    # (article, party) index, then ranked within each kind (10,000 articles: 10,000 parties
    # counted, 40 rows returned).
    mentioned, params = backend().ids_condition("article_id", ids)
    shown = "" if unreviewed else "WHERE p.status = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT party_id, kind, n FROM ("
            " SELECT c.party_id, p.kind, c.n, ROW_NUMBER() OVER ("
            "  PARTITION BY p.kind ORDER BY c.n DESC, c.party_id) AS place"
            f" FROM (SELECT party_id, COUNT(*) AS n FROM {Mention._meta.db_table}"
            f"  WHERE {mentioned} GROUP BY party_id) c"
            f" JOIN {Party._meta.db_table} p ON p.id = c.party_id {shown}"
            ") ranked WHERE place <= %s",
            [*params, *([] if unreviewed else [Party.Status.ACCEPTED]), limit],
        )
        rows = cursor.fetchall()
    top: dict[str, list[tuple[int, int]]] = {}
    for party_id, kind, count in sorted(rows, key=lambda row: (-row[2], row[0])):
        top.setdefault(kind, []).append((count, party_id))
    parties = Party.objects.in_bulk([party_id for rows in top.values() for _, party_id in rows])
    facets = {}
    for kind, label in Party.Kind.choices:
        values = [
            FacetValue(
                parties[party_id].slug,
                parties[party_id].name,
                count,
                reviewed=parties[party_id].reviewed,
            )
            for count, party_id in top.get(kind, [])
            if party_id in parties
        ]
        if values:
            facets[label] = values
    return facets


@dataclass
class FacetList:
    """One page of every value of a facet, most frequent first (a facet's "more" page)."""

    values: list[FacetValue]
    total: int  # values in the whole list, or of those starting with the prefix asked for


def all_sources(ids: list[int], prefix: str, offset: int, limit: int) -> FacetList:
    """Return a page of the sources of the articles with these ids, with their counts."""
    rows = Article.objects.filter(id__in_ids=ids).exclude(source=None)
    if prefix:
        rows = rows.filter(source__name__istartswith=prefix)
    rows = rows.values("source__slug", "source__name").annotate(n=Count("id"))
    page = rows.order_by("-n", "source__name")[offset : offset + limit]
    return FacetList(
        [FacetValue(row["source__slug"], row["source__name"], row["n"]) for row in page],
        rows.count(),
    )


def all_parties(
    ids: list[int], kind: str, prefix: str, offset: int, limit: int, *, unreviewed: bool = True
) -> FacetList:
    """Return a page of the parties of one kind the articles with these ids mention."""
    mentions = Mention.objects.shown(unreviewed).filter(article__id__in_ids=ids, party__kind=kind)
    if prefix:
        mentions = mentions.filter(party__name__istartswith=prefix)
    rows = mentions.values("party__slug", "party__name", "party__status").annotate(n=Count("id"))
    page = rows.order_by("-n", "party__name", "party__slug")[offset : offset + limit]
    return FacetList(
        [
            FacetValue(
                row["party__slug"],
                row["party__name"],
                row["n"],
                reviewed=row["party__status"] == Party.Status.ACCEPTED,
            )
            for row in page
        ],
        rows.count(),
    )


def all_places(ids: list[int], prefix: str, offset: int, limit: int) -> FacetList:
    """Return a page of the dateline places of the articles with these ids."""
    rows = Article.objects.filter(id__in_ids=ids).exclude(dateline="")
    if prefix:
        rows = rows.filter(dateline__istartswith=prefix)
    rows = rows.values("dateline").annotate(n=Count("id"))
    page = rows.order_by("-n", "dateline")[offset : offset + limit]
    return FacetList(
        [FacetValue(row["dateline"], row["dateline"], row["n"]) for row in page], rows.count()
    )


def month_counts(scope) -> dict[str, int]:
    """Return {"YYYY-MM": articles} for the dated articles in scope (months in UTC)."""
    rows = (
        scope.exclude(published_at=None)
        .annotate(month=RawSQL(backend().month_expression(), []))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return {row["month"]: row["n"] for row in rows}


def day_counts(scope) -> tuple[dict[str, int], int]:
    """Return ({"YYYY-MM-DD": articles}, articles of unknown date) for scope, in one GROUP BY.

    Days are UTC days, like the search's date filters; the undated are the group with no day.
    The counts are cached until the archive changes (the CSV, a comparison and its share's
    denominator ask for the same ones again).
    """
    rows = (
        scope.annotate(day=RawSQL(backend().day_expression(), []))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    counts = remembered(search_key(rows), "days", lambda: dict(rows.values_list("day", "n")))
    return {day: n for day, n in counts.items() if day is not None}, counts.get(None, 0)


def timeline(counts: dict[str, int]) -> list[Bucket]:
    """Return a bar per period from the first to the last (gaps as zero), periods fit to the span.

    counts is keyed by day ("YYYY-MM-DD", see day_counts) or by month ("YYYY-MM", see
    month_counts: a timeline of months or longer). See archive/lib/periods.py for the choice.
    """
    if not counts:
        return []
    by_day = {
        date.fromisoformat(key if len(key) > 7 else f"{key}-01"): n for key, n in counts.items()
    }
    first, last = min(by_day), max(by_day)
    unit = fitting_unit(first, last)
    if unit is Unit.DAY and any(len(key) <= 7 for key in counts):
        unit = Unit.MONTH  # counted by month: no finer bars to draw
    return regroup(by_day, first, last, unit)


def regroup(by_day: dict[date, int], first: date, last: date, unit: Unit) -> list[Bucket]:
    """Return the periods of unit from first to last, each holding the counts of its days."""
    buckets = [
        Bucket(period_label(start, unit), start, end_of(start, unit), 0, unit)
        for start in starts(first, last, unit)
    ]
    index = 0
    for day in sorted(by_day):
        while buckets[index].end < day:
            index += 1
        buckets[index].count += by_day[day]
    return buckets
