"""Facet counts over a set of articles: sources, parties per kind, dateline places, timeline."""

from __future__ import annotations

import calendar
import heapq
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.expressions import RawSQL

from archive.models import Article, Mention, Party
from archive.search import backend

# Parties shown per kind.
PARTY_LIMIT = 8
# Above this many months the timeline counts years instead.
MAX_MONTH_BARS = 120


@dataclass
class FacetValue:
    value: str  # what the filter takes: a slug, a place
    label: str
    count: int
    reviewed: bool = True  # a party no editor has reviewed yet is marked where it is shown


@dataclass
class Bucket:
    """One bar of the timeline: a month or a year."""

    label: str
    start: date
    end: date  # inclusive
    count: int


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


def count_facets(
    ids: list[int], *, with_timeline: bool = True, limit: int = 10, unreviewed: bool = True
) -> Facets:
    """Count the facets of the articles with these ids; parties no editor has reviewed
    count only when `unreviewed` is true."""
    scope = Article.objects.filter(id__in_ids=ids)
    mentions = Mention.objects.filter(article__id__in_ids=ids)
    if not unreviewed:
        mentions = mentions.filter(party__status=Party.Status.ACCEPTED)
    return Facets(
        sources=source_facet(scope, limit),
        parties=party_facet(mentions, PARTY_LIMIT),
        places=place_facet(scope, limit),
        timeline=timeline(month_counts(scope)) if with_timeline else [],
        undated=scope.filter(published_at=None).count(),
    )


def source_facet(scope, limit: int) -> list[FacetValue]:
    rows = (
        scope.exclude(source=None)
        .values("source__slug", "source__name")
        .annotate(n=Count("id"))
        .order_by("-n", "source__name")[:limit]
    )
    return [FacetValue(row["source__slug"], row["source__name"], row["n"]) for row in rows]


def party_facet(mentions, limit: int) -> dict[str, list[FacetValue]]:
    """Return the most mentioned parties of each kind, most mentioned first."""
    # Count by party id (the mention index covers it); read names for the winners only.
    rows = mentions.values_list("party_id", "party__kind").annotate(n=Count("id"))
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for party_id, kind, count in rows:
        by_kind.setdefault(kind, []).append((count, party_id))
    top = {
        kind: heapq.nsmallest(limit, counts, key=lambda row: (-row[0], row[1]))
        for kind, counts in by_kind.items()
    }
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


def place_facet(scope, limit: int) -> list[FacetValue]:
    rows = (
        scope.exclude(dateline="")
        .values("dateline")
        .annotate(n=Count("id"))
        .order_by("-n", "dateline")[:limit]
    )
    return [FacetValue(row["dateline"], row["dateline"], row["n"]) for row in rows]


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


def timeline(months: dict[str, int]) -> list[Bucket]:
    """Return a bar per month from the first to the last (gaps as zero), or per year if long."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    end_year, end_month = int(last[:4]), int(last[5:7])
    if (end_year - year) * 12 + end_month - month >= MAX_MONTH_BARS:
        years: dict[int, int] = {}
        for key, count in months.items():
            years[int(key[:4])] = years.get(int(key[:4]), 0) + count
        return [
            Bucket(str(y), date(y, 1, 1), date(y, 12, 31), years.get(y, 0))
            for y in range(year, end_year + 1)
        ]
    buckets = []
    while (year, month) <= (end_year, end_month):
        last_day = calendar.monthrange(year, month)[1]
        start = date(year, month, 1)
        buckets.append(
            Bucket(
                start.strftime("%b %Y"),
                start,
                date(year, month, last_day),
                months.get(f"{year:04d}-{month:02d}", 0),
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return buckets
