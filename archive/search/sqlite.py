"""Full-text search on SQLite: an FTS5 table (see schema.py) queried in FTS5's own syntax."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Max, Min, Q
from django.db.models.expressions import RawSQL

from archive.search.query import Query, Term
from archive.search.schema import SQLITE_TABLE
from archive.search.text import END, START

SNIPPET_TOKENS = 36
# Ids closer together than this are fetched by walking the matches between them.
WALK_RANGE = 100_000


def compile_query(query: Query) -> str:
    """Return the FTS5 MATCH expression for a query; every term is a quoted string."""
    groups = [" OR ".join(_term(term) for term in group) for group in query.groups]
    expression = " AND ".join(f"({group})" for group in groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {_term(term)}"
    return expression


def _term(term: Term) -> str:
    # Inside an FTS5 string every character is text, split by the index's own tokenizer.
    string = '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")
    return f"title : {string}" if term.title_only else string


def match_subquery(query: Query) -> tuple[str, list]:
    """Return SQL selecting the ids of the articles that match."""
    return f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [compile_query(query)]


@dataclass
class Window:
    """Matches below (newest first) or above (oldest first) `bound` are left out."""

    oldest: bool
    bound: int
    used: bool = False


WINDOW: ContextVar[Window | None] = ContextVar("fts_window", default=None)
# How many of the newest (oldest) rowids a window spans, in searches' counting limits: words in
# a tenth of the articles find their first rows in the first, words in one in fifty the second.
WINDOWS = (10, 50)


class WalkedMatch(RawSQL):
    """The ids that match, read in full by a query that walks the archive in date order, or
    only among the newest (oldest) rowids while first_rows tries a window."""

    def as_sql(self, compiler, connection):
        window = WINDOW.get()
        if window is None:
            return super().as_sql(compiler, connection)
        window.used = True
        side = "<=" if window.oldest else ">="
        return f"({self.sql} AND rowid {side} %s)", [*self.params, window.bound]


def walked_match(sql: str, params: list) -> RawSQL:
    """Return the match as an expression for a query walking in date order (see first_rows)."""
    return WalkedMatch(sql, params)


def first_rows(rows_query, limit: int, oldest: bool) -> list | None:
    """Return the first limit + 1 rows of rows_query when a window of rowids proves them, or None.

    A query that walks the archive newest first and keeps the articles whose words match would
    read every match of a common word first (FTS5 answers `IN` in full: 800,000 rowids of
    "said" at a million articles, 110 ms). Archives mostly grow in date order, so the first
    rows are among the highest rowids: the match is read only from the WINDOWS[0] x limit
    highest rowids (lowest, oldest first), and the walk stops at the date of the window's edge;
    then the same with a wider window. The rows found are the true first rows if no article
    below the window's rowids comes before the last of them in the order (an index range
    check; articles past the edge's date come after it), and if there are fewer than asked,
    if no article lies outside at all; otherwise None, and the caller runs the query in full.
    """
    from archive.models import Article

    if not walks(rows_query):
        return None  # nothing to window: the caller's query is the quickest
    end = Article.objects.aggregate(end=Min("id") if oldest else Max("id"))["end"]  # one seek
    if end is None:
        return None
    for span in WINDOWS:
        bound = end + span * limit if oldest else end - span * limit
        window = Window(oldest, bound)
        # The walk stops at the date of the window's edge, even when it finds too few.
        edge = (
            Article.objects.filter(**{"id__lte" if oldest else "id__gte": bound})
            .exclude(published_at=None)
            .order_by("-id" if oldest else "id")
            .values_list("published_at", flat=True)
            .first()
        )
        scope = Q(**{"id__lte" if oldest else "id__gte": bound})
        walk = rows_query
        if edge is not None:
            walked = Q(**{"published_at__lte" if oldest else "published_at__gte": edge})
            scope &= walked
            walk = walk.filter(walked)
        token = WINDOW.set(window)
        try:
            rows = list(walk[: limit + 1])
        finally:
            WINDOW.reset(token)
        if len(rows) > limit:
            # Before the last row in the order, only articles below the window can be missing.
            last = Article.objects.values_list("published_at", "id").get(id=rows[-1][0])
            outside = Article.objects.filter(**{"id__gt" if oldest else "id__lt": bound})
            outside = outside.filter(ahead_of(*last, oldest))
        else:
            outside = Article.objects.exclude(scope)  # any article the walk could not see
        if not outside.exists():
            return rows
        if len(rows) * max(WINDOWS) <= limit * span:
            break  # too few even for the widest window: walk in full at once
    return None


def walks(queryset) -> bool:
    """Return whether queryset's SQL holds a walked match (compiling it says)."""
    window = Window(oldest=False, bound=0)
    token = WINDOW.set(window)
    try:
        queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return False
    finally:
        WINDOW.reset(token)
    return window.used


def ahead_of(published_at, article_id: int, oldest: bool) -> Q:
    """Return the condition for articles before this one in date order (undated last)."""
    if published_at is None:
        nearer = Q(id__lt=article_id) if oldest else Q(id__gt=article_id)
        return Q(published_at__isnull=False) | (Q(published_at=None) & nearer)
    earlier = "lt" if oldest else "gt"
    return Q(**{f"published_at__{earlier}": published_at}) | Q(
        published_at=published_at, **{f"id__{earlier}": article_id}
    )


def count_matches(query: Query, cap: int) -> int:
    """Return how many articles match, counting no further than cap."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {SQLITE_TABLE} "
            f"WHERE {SQLITE_TABLE} MATCH %s LIMIT %s)",
            [compile_query(query), cap],
        )
        return cursor.fetchone()[0]


def ids_condition(column: str, ids: list[int]) -> tuple[str, list]:
    """Return SQL true when column holds one of ids (one parameter however many)."""
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def rank(ids: list[int], query: Query, offset: int, limit: int) -> list[int]:
    """Return ids[offset:offset+limit] by relevance (bm25, title weighing most)."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        # FTS5 seeks to the candidates' rowid range (archives grow roughly in date order, so
        # the newest matches sit close together) and walks the matches there once: `+rowid`
        # keeps it from re-running the query for each id. Ordered by rank alone, bm25 is
        # computed only for the rows that pass the filter.
        cursor.execute(
            f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s "
            "AND rowid BETWEEN %s AND %s AND +rowid IN (SELECT value FROM json_each(%s)) "
            "ORDER BY rank LIMIT %s OFFSET %s",
            [compile_query(query), min(ids), max(ids), json.dumps(ids), limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def snippets(ids: list[int], query: Query) -> dict[int, tuple[str, str]]:
    """Return {id: (marked title, marked body snippet)} for the given articles."""
    if not ids:
        return {}
    if max(ids) - min(ids) <= WALK_RANGE:
        # A page of neighbours: walk the matches between them once (see rank()).
        rows = "rowid BETWEEN %s AND %s AND +rowid IN (SELECT value FROM json_each(%s))"
        params = [min(ids), max(ids), json.dumps(ids)]
    else:
        # Far apart: look each up (a prefix query is expanded again for every one).
        rows = "rowid IN (SELECT value FROM json_each(%s))"
        params = [json.dumps(ids)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({SQLITE_TABLE}, 0, %s, %s), "
            f"snippet({SQLITE_TABLE}, 2, %s, %s, '…', {SNIPPET_TOKENS}) "
            f"FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s AND {rows}",
            [START, END, START, END, compile_query(query), *params],
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def highlight(article_id: int, query: Query) -> tuple[str, str, str] | None:
    """Return the article's (title, summary, body) with matches marked, or None if no match."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT highlight({SQLITE_TABLE}, 0, %s, %s), highlight({SQLITE_TABLE}, 1, %s, %s), "
            f"highlight({SQLITE_TABLE}, 2, %s, %s) "
            f"FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s AND rowid = %s",
            [START, END] * 3 + [compile_query(query), article_id],
        )
        row = cursor.fetchone()
    return tuple(row) if row else None


@contextmanager
def time_limit(milliseconds: int):
    """Interrupt the queries run inside after about this long (OperationalError)."""
    deadline = time.monotonic() + milliseconds / 1000
    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(lambda: time.monotonic() > deadline, 2000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def month_expression(column: str = '"archive_article"."published_at"') -> str:
    """Return SQL for the UTC month of a datetime column as 'YYYY-MM'."""
    # Django stores aware datetimes on SQLite as UTC text, 'YYYY-MM-DD HH:MM:SS'.
    return f"substr({column}, 1, 7)"


def day_expression(column: str = '"archive_article"."published_at"') -> str:
    """Return SQL for the UTC day of a datetime column as 'YYYY-MM-DD' (NULL for no date)."""
    return f"substr({column}, 1, 10)"
