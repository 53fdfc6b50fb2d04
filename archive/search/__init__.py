"""One search API over SQLite FTS5 and PostgreSQL full-text search.

`parse_query` reads the search syntax; `matching` narrows an article queryset to a query's
matches; `run_search` (in results.py) ranks, pages, snippets and counts facets. The module of
the current database engine (sqlite.py or postgresql.py) does the engine-specific part.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.db import connection, models
from django.db.models import F, Lookup
from django.db.models.expressions import RawSQL

from archive.search.query import Query, QueryError, Term, parse_query

__all__ = ["Query", "QueryError", "Term", "backend", "in_ids", "matching", "parse_query"]


def backend() -> ModuleType:
    """Return the search module for the database in use."""
    return import_module(f"archive.search.{connection.vendor}")


def matching(queryset, query: Query, drive: bool = True, walking: bool = False):
    """Return the articles of queryset that match the query (all of them for an empty query).

    With drive=False the match can only filter rows found another way (see plan.py); with
    walking=True too, those rows are the archive's newest (or oldest) first, which the
    backend may use (sqlite.first_rows).
    """
    if not query:
        return queryset
    sql, params = backend().match_subquery(query)
    if drive:
        return queryset.filter(id__in=RawSQL(sql, params))
    probe = backend().walked_match(sql, params) if walking else RawSQL(sql, params)
    return queryset.alias(id_probe=F("id") + 0).filter(id_probe__in=probe)


class InIds(Lookup):
    """`field__in_ids=[...]`: one query parameter for any number of ids (no 10,000 `%s`)."""

    lookup_name = "in_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        sql, ids_params = backend().ids_condition(column, [int(pk) for pk in self.rhs])
        return sql, [*params, *ids_params]


models.BigAutoField.register_lookup(InIds)


def in_ids(queryset, ids: list[int]):
    """Return the rows of queryset whose id is in ids."""
    return queryset.filter(id__in_ids=ids)
