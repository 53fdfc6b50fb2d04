"""Choose which condition of a search drives the query on SQLite: the most selective one.

SQLite keeps no statistics on how many articles a full-text match or a party's mentions hold,
and starts from any `id IN (...)` list it is given, even one of 800,000 rows, while a date range
of 20,000 articles sits unused. So each condition is counted first, stopping at ESTIMATE_CAP
(a few milliseconds each, on an index), and only the smallest may drive; the others are written
so that they can only filter (EXISTS for parties, `id + 0 IN` for the text). When every
condition is common, none drives and the query walks the newest articles until it has enough.
PostgreSQL keeps statistics and plans this itself, so there the plan stays inactive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Max

from archive.models import Article, Mention
from archive.search import backend
from archive.search.query import Query

ESTIMATE_CAP = 50_000
TEXT = "text"
DATES = "dates"
SOURCES = "sources"


@dataclass(frozen=True)
class Plan:
    active: bool = False
    driver: str | None = None  # TEXT, DATES, SOURCES, "party:<pk>" or None: walk newest first

    def drives(self, key: str) -> bool:
        """Return whether the condition `key` may drive the query."""
        return not self.active or self.driver == key

    @property
    def walks_newest(self) -> bool:
        """Return whether no condition drives: the query walks the archive in date order."""
        return self.active and self.driver is None


def party_key(party) -> str:
    return f"party:{party.pk}"


def plan_search(
    query: Query | None,
    parties: list,
    sources: list,
    start: datetime | None,
    end: datetime | None,
) -> Plan:
    """Return which condition should drive, from capped counts of each."""
    if connection.vendor != "sqlite":
        return Plan()
    last_id = Article.objects.aggregate(last=Max("id"))["last"] or 0
    if last_id < 2 * ESTIMATE_CAP:
        return Plan()  # a small archive: any plan is fast
    estimates = {}
    if query:
        estimates[TEXT] = backend().count_matches(query, ESTIMATE_CAP)
    for party in parties:
        estimates[party_key(party)] = capped(Mention.objects.filter(party=party))
    if start or end:
        estimates[DATES] = capped(Article.objects.in_period(start, end))
    if sources:
        estimates[SOURCES] = capped(Article.objects.filter(source__in=sources))
    if len(estimates) < 2 and not (estimates and min(estimates.values()) >= ESTIMATE_CAP):
        return Plan()  # one condition or none: nothing to choose
    driver = min(estimates, key=estimates.get)
    if estimates[driver] >= ESTIMATE_CAP:
        driver = None
    return Plan(active=True, driver=driver)


def capped(queryset, cap: int = ESTIMATE_CAP) -> int:
    """Return how many rows queryset holds, counting no further than cap."""
    return queryset.order_by()[:cap].count()
