"""One search API over SQLite FTS5 and PostgreSQL full-text search.

`parse_query` reads the search syntax; `matching` narrows an article queryset to a query's
matches; `run_search` (in results.py) ranks, pages, snippets and counts facets. The module of
the current database engine (sqlite.py or postgresql.py) does the engine-specific part.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.db import connection
from django.db.models.expressions import RawSQL

from archive.search.query import Query, QueryError, Term, parse_query

__all__ = ["Query", "QueryError", "Term", "backend", "in_ids", "matching", "parse_query"]


def backend() -> ModuleType:
    """Return the search module for the database in use."""
    return import_module(f"archive.search.{connection.vendor}")


def matching(queryset, query: Query):
    """Return the articles of queryset that match the query (all of them for an empty query)."""
    if not query:
        return queryset
    sql, params = backend().match_subquery(query)
    return queryset.filter(id__in=RawSQL(sql, params))


def in_ids(queryset, ids: list[int]):
    """Return the rows of queryset whose id is in ids, with one query parameter for all ids."""
    sql, params = backend().ids_subquery(ids)
    return queryset.filter(id__in=RawSQL(sql, params))
