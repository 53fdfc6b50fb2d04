"""Run a search: match, count (capped), rank (a capped candidate set), page, snippet, facet.

Built for a million articles: one query fetches the newest `ARCHIVE_SEARCH_LIMIT` matches with
each one's day, source and dateline, which gives the count (or "10,000+"), the candidates that
relevance ranks, the pages of a date-sorted list, and the sources, places and timeline the facets
count. Only the rows on screen are loaded and get snippets; pages past the limit use keyset
pagination. The rows, the relevance order and the facets are cached until the archive changes
(cache.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.safestring import SafeString

from archive.models import Article
from archive.search import backend
from archive.search.cache import remembered, search_key
from archive.search.facets import FacetRow, Facets, count_facets, day_counts, timeline
from archive.search.plan import capped
from archive.search.query import Query
from archive.search.text import marked_html, plain

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORTS = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
DATE_ORDER = {
    NEWEST: [models.F("published_at").desc(nulls_last=True), "-id"],
    OLDEST: [models.F("published_at").asc(nulls_last=True), "id"],
}
SNIPPET_CHARS = 240
# How long counting may take to tell whether a set is small enough to count exactly.
COUNT_TIME_LIMIT_MS = 15


@dataclass(frozen=True)
class Cursor:
    """A position in a date-sorted list: the last row of the previous page (keyset)."""

    published_at: datetime | None
    id: int

    def __str__(self) -> str:
        stamp = "" if self.published_at is None else str(int(self.published_at.timestamp() * 1e6))
        return f"{stamp}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """Read a cursor from a URL; anything malformed reads as no cursor."""
        stamp, _, article_id = (text or "").partition(".")
        try:
            moment = None if not stamp else datetime.fromtimestamp(int(stamp) / 1e6, tz=UTC)
            return cls(moment, int(article_id))
        except (ValueError, OverflowError, OSError):
            return None

    def after(self, sort: str) -> models.Q:
        """Return the condition for rows after this one in the given date order (nulls last)."""
        later = sort == OLDEST
        if self.published_at is None:
            return models.Q(published_at=None) & (
                models.Q(id__gt=self.id) if later else models.Q(id__lt=self.id)
            )
        beyond = "gt" if later else "lt"
        return (
            models.Q(**{f"published_at__{beyond}": self.published_at})
            | models.Q(published_at=self.published_at, **{f"id__{beyond}": self.id})
            | models.Q(published_at=None)
        )


@dataclass
class Hit:
    article: Article
    title: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    query: Query
    sort: str
    page: int
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    count_capped: bool = False  # more matches than `count`: show "count+"
    page_count: int | None = None  # None when the last page is past the counting limit
    ranked: int | None = None  # relevance ranked only the newest `ranked` matches
    next_cursor: Cursor | None = None
    facets: Facets | None = None

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page_count is None or self.page < self.page_count


def effective_sort(sort: str | None, query: Query) -> str:
    """Return the sort to use: relevance needs words to rank by; the default follows."""
    if sort in (NEWEST, OLDEST):
        return sort
    return RELEVANCE if query else NEWEST


def run_search(
    queryset,
    query: Query,
    *,
    sort: str | None = None,
    page: int = 1,
    cursor: Cursor | None = None,
    per_page: int | None = None,
    unreviewed: bool = True,
) -> SearchResults:
    """Page through queryset (already filtered and matched, see ArticleFilter) for query.

    The query ranks and marks the hits; see the module docstring for the plan. The party
    facets hold parties no editor has reviewed only when `unreviewed` is true.
    """
    per_page = per_page or settings.ARTICLES_PER_PAGE
    sort = effective_sort(sort, query)
    ordered = queryset.order_by(*DATE_ORDER[OLDEST if sort == OLDEST else NEWEST])
    key = search_key(ordered)  # what pages, sorts and readers of the same search share
    rows, capped = first_matches(ordered, sort == OLDEST, key)
    ids = [row[0] for row in rows]
    results = SearchResults(query, sort, max(page, 1), count=len(ids), count_capped=capped)

    if sort == RELEVANCE:
        candidates = ids[: settings.ARCHIVE_RANK_LIMIT]
        if len(candidates) < len(ids) or capped:
            results.ranked = len(candidates)
        results.page_count = max(1, math.ceil(len(candidates) / per_page))
        results.page = min(results.page, results.page_count)
        offset = (results.page - 1) * per_page
        ranked = remembered(key, "ranked", lambda: rank_all(candidates, query))
        page_ids = ranked[offset : offset + per_page]
    else:
        if not capped:
            results.page_count = max(1, math.ceil(len(ids) / per_page))
            results.page = min(results.page, results.page_count)
        offset = (results.page - 1) * per_page
        if offset + per_page <= len(ids) or not capped:
            page_ids = ids[offset : offset + per_page]
        elif cursor is not None:
            page_ids = list(
                ordered.filter(cursor.after(sort)).values_list("id", flat=True)[:per_page]
            )
        else:
            page_ids = list(ordered.values_list("id", flat=True)[offset : offset + per_page])

    articles = (
        Article.objects.with_listing()
        .annotate(body_start=Substr("body", 1, SNIPPET_CHARS * 2))
        .in_bulk(page_ids)
    )
    page_articles = [articles[pk] for pk in page_ids if pk in articles]
    if capped and sort != RELEVANCE and len(page_articles) == per_page:
        last = page_articles[-1]
        results.next_cursor = Cursor(last.published_at, last.id)
    elif capped and sort != RELEVANCE:
        results.page_count = results.page  # ran out: this is the last page
    results.hits = make_hits(page_articles, query)
    results.facets = remembered(
        key, f"facets:{unreviewed}", lambda: facets_for(queryset, rows, capped, unreviewed)
    )
    return results


def rank_all(candidates: list[int], query: Query) -> list[int]:
    """Return the candidates by relevance, every page of them."""
    return backend().rank(candidates, query, 0, len(candidates)) if candidates else []


def first_matches(
    ordered, oldest: bool = False, key: str | None = None
) -> tuple[list[FacetRow], bool]:
    """Return the first `ARCHIVE_SEARCH_LIMIT` rows of a queryset in date order (oldest first
    or newest first) as facet rows, and whether there are more: what counts, ranking, pages and
    facets work over (one query, or the backend's quicker way to the same rows). They are
    cached under key (search_key(ordered) when not given), which every page of the search,
    and its facets' pages, share."""
    limit = settings.ARCHIVE_SEARCH_LIMIT
    rows_query = ordered.annotate(day=RawSQL(backend().day_expression(), [])).values_list(
        "id", "day", "source_id", "dateline"
    )

    def fetch() -> tuple[list[FacetRow], bool]:
        rows = backend().first_rows(rows_query, limit, oldest)
        if rows is None:
            rows = list(rows_query[: limit + 1])
        return rows[:limit], len(rows) > limit

    return remembered(key or search_key(ordered), "rows", fetch)


def make_hits(articles: list[Article], query: Query) -> list[Hit]:
    """Return the articles with their titles and snippets, matches marked (one query)."""
    marked = backend().snippets([a.pk for a in articles], query) if query else {}
    hits = []
    for article in articles:
        title, snippet = marked.get(article.pk, (None, None))
        if snippet is None or not plain(snippet).strip():
            snippet = shorten(article.summary or article.body_start)
        hits.append(Hit(article, marked_html(title or article.title), marked_html(snippet)))
    return hits


def shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def facets_for(queryset, rows: list[FacetRow], capped: bool, unreviewed: bool = True) -> Facets:
    """Count facets over every match, or over the newest `rows` when there are more.

    The timeline of a capped set (and its count of undated matches) is still counted over
    every match when there are at most ARCHIVE_EXACT_TIMELINE_LIMIT of them and that takes less
    than ARCHIVE_FACET_TIME_LIMIT_MS; otherwise it is drawn from the rows in hand and labelled.
    A count that stops early tells which, so a large set costs a few milliseconds, not a
    timeline counted in vain.
    """
    facets = count_facets(rows, unreviewed=unreviewed)
    if not capped:
        return facets
    facets.approximate, facets.sample = True, len(rows)
    facets.timeline_sampled = True
    if at_most(queryset, settings.ARCHIVE_EXACT_TIMELINE_LIMIT):
        try:
            with backend().time_limit(settings.ARCHIVE_FACET_TIME_LIMIT_MS):
                days, undated = day_counts(queryset)  # the undated of every match too
        except DatabaseError:
            pass
        else:
            facets.timeline, facets.undated = timeline(days), undated
            facets.timeline_sampled = False
    return facets


def at_most(queryset, limit: int) -> bool:
    """Return whether queryset holds at most limit rows, as far as a quick count can tell."""
    try:
        with backend().time_limit(COUNT_TIME_LIMIT_MS):
            return capped(queryset, limit + 1) <= limit
    except DatabaseError:
        return False  # a count that takes this long has many rows to count
