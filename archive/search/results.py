"""Run a search: match, count (capped), rank (a capped candidate set), page, snippet, facet.

Built for a million articles: one query fetches the ids of the newest `ARCHIVE_SEARCH_LIMIT`
matches in index order, which gives the count (or "10,000+"), the candidates that relevance
ranks, the pages of a date-sorted list and the set the facets count over. Only the rows on
screen are loaded and get snippets; pages past the limit use keyset pagination.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, models
from django.db.models.functions import Substr
from django.utils.safestring import SafeString

from archive.models import Article
from archive.search import backend, in_ids
from archive.search.facets import Facets, count_facets, day_counts, timeline
from archive.search.query import Query
from archive.search.text import marked_html, plain

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORTS = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
DATE_ORDER = {
    NEWEST: [models.F("published_at").desc(nulls_last=True), "-id"],
    OLDEST: [models.F("published_at").asc(nulls_last=True), "id"],
}
SNIPPET_CHARS = 240


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
    ids, capped = first_match_ids(ordered)
    results = SearchResults(query, sort, max(page, 1), count=len(ids), count_capped=capped)

    if sort == RELEVANCE:
        candidates = ids[: settings.ARCHIVE_RANK_LIMIT]
        if len(candidates) < len(ids) or capped:
            results.ranked = len(candidates)
        results.page_count = max(1, math.ceil(len(candidates) / per_page))
        results.page = min(results.page, results.page_count)
        offset = (results.page - 1) * per_page
        page_ids = backend().rank(candidates, query, offset, per_page) if candidates else []
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
    results.facets = facets_for(queryset, ids, capped, unreviewed)
    return results


def first_match_ids(ordered) -> tuple[list[int], bool]:
    """Return the ids of the first `ARCHIVE_SEARCH_LIMIT` rows of an ordered queryset, and
    whether there are more: what counts, ranking and facets work over."""
    limit = settings.ARCHIVE_SEARCH_LIMIT
    ids = list(ordered.values_list("id", flat=True)[: limit + 1])
    return ids[:limit], len(ids) > limit


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


def facets_for(queryset, ids: list[int], capped: bool, unreviewed: bool = True) -> Facets:
    """Count facets over every match, or over the newest `ids` when there are more.

    The timeline of a capped set (and its count of undated matches) is still counted over
    every match if that takes less than ARCHIVE_FACET_TIME_LIMIT_MS; it is labelled when it
    could not be.
    """
    if not capped:
        return count_facets(ids, unreviewed=unreviewed)
    facets = count_facets(ids, with_timeline=False, unreviewed=unreviewed)
    facets.approximate, facets.sample = True, len(ids)
    try:
        with backend().time_limit(settings.ARCHIVE_FACET_TIME_LIMIT_MS):
            days, facets.undated = day_counts(queryset)  # the undated of every match too
    except DatabaseError:
        facets.timeline_sampled = True
        days, _ = day_counts(in_ids(Article.objects.all(), ids))
    facets.timeline = timeline(days)
    return facets
