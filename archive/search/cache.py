"""Search work kept between requests until the archive changes.

The archive's version (ArchiveVersion, one row) is raised by database triggers on every write to
articles, mentions, parties and sources, whatever path it takes: ingest, the admin, a
`QuerySet.update`, a cascade. Work is cached under the version and the SQL of the search it
belongs to, so a change makes every older entry unreachable, and the next search counts afresh.
Reading the version costs one indexed query per search.

The count is transactional: a reader sees the new number only when the change is committed,
and a writer holds the row until it commits (concurrent writers queue there, briefly: ingest
writes one document per transaction). SQLite triggers run per row, PostgreSQL's per statement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from archive.models import ArchiveVersion

T = TypeVar("T")

TABLES = ["archive_article", "archive_mention", "archive_party", "archive_source"]
VERSION_TABLE = ArchiveVersion._meta.db_table
BUMP = f"UPDATE {VERSION_TABLE} SET number = number + 1"
# Kept for a day at most: an entry no search reads any more leaves the cache by itself.
TIMEOUT = 24 * 3600


def install(connection) -> None:
    """Create the version's row and triggers where missing (SQLite drops a table's triggers
    when a migration copies the table)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {VERSION_TABLE}")
        if not cursor.fetchone()[0]:
            cursor.execute(f"INSERT INTO {VERSION_TABLE} (number) VALUES (0)")
        if connection.vendor == "sqlite":
            for table in TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_version_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {BUMP}; END"
                    )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION archive_version_bump() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {BUMP}; RETURN NULL; END $$"
            )
            for table in TABLES:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_version "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump()"
                )


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_version_{event}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS archive_version_bump()")


def archive_version() -> int | None:
    """Return the archive's version, or None when it has none (nothing is cached then)."""
    return ArchiveVersion.objects.values_list("number", flat=True).first()


def search_key(queryset) -> str | None:
    """Return the cache key of work on queryset (its SQL and parameters), or None
    when the archive's version cannot tell a change."""
    version = archive_version()
    if version is None:
        return None
    sql, params = queryset.query.sql_with_params()
    search = repr((connection.settings_dict["NAME"], sql, params))
    digest = hashlib.sha256(search.encode()).hexdigest()
    return f"search:{version}:{digest}"


def remembered(key: str | None, name: str, compute: Callable[[], T]) -> T:
    """Return what compute() returns, from the cache when key (see search_key) holds it."""
    if key is None:
        return compute()
    value = cache.get(f"{key}:{name}")
    if value is None:
        value = compute()
        cache.set(f"{key}:{name}", value, TIMEOUT)
    return value
