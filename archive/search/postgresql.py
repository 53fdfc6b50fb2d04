"""Full-text search on PostgreSQL: a generated tsvector with a GIN index (see schema.py)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from archive.search.query import Query, Term
from archive.search.schema import POSTGRES_COLUMN, POSTGRES_CONFIG
from archive.search.text import END, START

CONFIG = f"'{POSTGRES_CONFIG}'::regconfig"
HEADLINE_MARKS = f'StartSel="{START}", StopSel="{END}"'
SNIPPET_OPTIONS = (
    f'{HEADLINE_MARKS}, MaxWords=30, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
)
HIGHLIGHT_OPTIONS = f"{HEADLINE_MARKS}, HighlightAll=true"


def compile_query(query: Query) -> tuple[str, list]:
    """Return a tsquery-valued SQL expression and its parameters: terms are never spliced in."""
    sql, params = [], []
    for group in query.groups:
        parts = [_term(term, params) for term in group]
        sql.append("(" + " || ".join(parts) + ")")
    for term in query.excluded:
        sql.append(f"!!{_term(term, params)}")
    return "(" + " && ".join(sql) + ")", params


def _term(term: Term, params: list) -> str:
    if term.prefix or term.title_only:
        # to_tsquery reads a quoted string with the index's parser; we add prefix and weight.
        text = term.text.replace("'", " ").replace("\\", " ")
        params.append(f"'{text}':{'*' if term.prefix else ''}{'A' if term.title_only else ''}")
        return f"to_tsquery({CONFIG}, %s)"
    params.append(term.text)
    return f"phraseto_tsquery({CONFIG}, %s)"


def match_subquery(query: Query) -> tuple[str, list]:
    """Return SQL selecting the ids of the articles that match (through the GIN index)."""
    tsquery, params = compile_query(query)
    return f"SELECT id FROM archive_article WHERE {POSTGRES_COLUMN} @@ {tsquery}", params


def walked_match(sql: str, params: list) -> RawSQL:
    """Return the match as an expression for a query walking in date order (nothing special)."""
    return RawSQL(sql, params)


def first_rows(rows_query, limit: int, oldest: bool) -> None:
    """PostgreSQL plans the fetch of a search's first rows itself (see sqlite.first_rows)."""
    return None


def ids_condition(column: str, ids: list[int]) -> tuple[str, list]:
    """Return SQL true when column holds one of ids (one array parameter however many)."""
    return f"{column} = ANY(%s::bigint[])", [list(ids)]


def rank(ids: list[int], query: Query, offset: int, limit: int) -> list[int]:
    """Return ids[offset:offset+limit] by relevance (ts_rank, title weighing most)."""
    tsquery, params = compile_query(query)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM archive_article WHERE id = ANY(%s) "
            f"ORDER BY ts_rank({POSTGRES_COLUMN}, {tsquery}, 1) DESC, id DESC "
            "LIMIT %s OFFSET %s",
            [list(ids), *params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def snippets(ids: list[int], query: Query) -> dict[int, tuple[str, str]]:
    """Return {id: (marked title, marked body snippet)} for the given articles."""
    if not ids:
        return {}
    tsquery, params = compile_query(query)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ts_headline({CONFIG}, title, {tsquery}, %s), "
            f"ts_headline({CONFIG}, body, {tsquery}, %s) "
            "FROM archive_article WHERE id = ANY(%s)",
            [*params, HIGHLIGHT_OPTIONS, *params, SNIPPET_OPTIONS, list(ids)],
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def highlight(article_id: int, query: Query) -> tuple[str, str, str] | None:
    """Return the article's (title, summary, body) with matches marked, or None if no match."""
    tsquery, params = compile_query(query)
    columns = ", ".join(
        f"ts_headline({CONFIG}, {name}, {tsquery}, %s)" for name in ("title", "summary", "body")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM archive_article "
            f"WHERE id = %s AND {POSTGRES_COLUMN} @@ {tsquery}",
            [*params, HIGHLIGHT_OPTIONS] * 3 + [article_id, *params],
        )
        row = cursor.fetchone()
    return tuple(row) if row else None


@contextmanager
def time_limit(milliseconds: int):
    """Cancel the queries run inside after this long (OperationalError); opens a transaction."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
        yield
        # Inside an outer transaction the setting would outlive this block: put it back.
        # (After a cancelled query, rolling back the block puts it back.)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


def month_expression(column: str = '"archive_article"."published_at"') -> str:
    """Return SQL for the UTC month of a datetime column as 'YYYY-MM'."""
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"


def day_expression(column: str = '"archive_article"."published_at"') -> str:
    """Return SQL for the UTC day of a datetime column as 'YYYY-MM-DD' (NULL for no date)."""
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
