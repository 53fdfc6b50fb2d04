"""Full-text search on SQLite: an FTS5 table (see schema.py) queried in FTS5's own syntax."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager

from django.db import connection

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
