"""The full-text index's tables, triggers and columns, created per database engine.

Both engines keep the index in step with `archive_article` inside the database itself, so every
write path (ingest, admin edits, re-cleaning, `QuerySet.update`, deletes and cascades) updates it:

- SQLite: an FTS5 table over the article's title, summary and body ("external content", so the
  text is stored once) with triggers on insert, update and delete;
- PostgreSQL: a stored generated `tsvector` column with a GIN index, weighted A (title),
  B (summary) and C (body), in a text search configuration without stop words, so that a
  phrase or a word such as "the" means the same on both engines.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

SQLITE_TABLE = "archive_article_fts"
# Porter stemming over Unicode words, accents folded ("Erdoğan" finds "Erdogan").
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
# bm25 weights of title, summary and body: a match in the title counts ten times one in the body.
SQLITE_RANK = "bm25(10.0, 4.0, 1.0)"

POSTGRES_CONFIG = "archive_english"
POSTGRES_COLUMN = "search_document"
POSTGRES_INDEX = "article_search_document"
POSTGRES_NEWEST_INDEX = "article_newest"
POSTGRES_MATCH_ROWS_INDEX = "article_match_rows"
# Serves every full-text match (`search_document @@ query`).
CREATE_POSTGRES_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON archive_article USING gin ({POSTGRES_COLUMN})"
)
# tsvector holds at most 1 MB; index the first 300,000 characters of a body (a long book
# chapter). Longer bodies are kept whole but searched by their beginning on PostgreSQL.
POSTGRES_BODY_CHARS = 300_000


def install(connection) -> bool:
    """Create whatever part of the index is missing; return True if anything was created."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _install_sqlite(cursor)
        if connection.vendor == "postgresql":
            return _install_postgresql(cursor)
    raise ImproperlyConfigured(
        f"Full-text search supports SQLite and PostgreSQL, not {connection.vendor}."
    )


def uninstall(connection) -> None:
    """Drop the index (for migrating backwards and for rebuilding from scratch)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE archive_article DROP COLUMN IF EXISTS {POSTGRES_COLUMN}")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {POSTGRES_CONFIG}")
            cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {POSTGRES_CONFIG}_stem")


def rebuild(connection) -> None:
    """Rebuild the index from the articles table, from scratch."""
    if connection.vendor == "postgresql":
        uninstall(connection)
        install(connection)
        return
    install(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')")


def pause_for_bulk_load(connection) -> None:
    """Before storing a great many articles at once (bench/million.py): drop PostgreSQL's GIN
    index, which one build after the inserts makes faster than a million updates."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")


def finish_bulk_load(connection) -> None:
    """After a bulk load: build PostgreSQL's GIN index again, or merge SQLite's FTS5 segments
    into one ('optimize': each search then reads one b-tree per word)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(CREATE_POSTGRES_INDEX)
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('optimize')")


def refresh_statistics(connection) -> None:
    """Let the query planner see what a large ingest changed (run after storing new articles)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Until autovacuum gets to it, a freshly filled table looks empty to the planner,
            # which then filters every row's tsvector instead of using the GIN index.
            cursor.execute("ANALYZE archive_article, archive_mention, archive_party")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def _install_sqlite(cursor) -> bool:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE name = %s OR name LIKE %s",
        [SQLITE_TABLE, f"{SQLITE_TABLE}_%"],
    )
    existing = {name for (name,) in cursor.fetchall()}
    created = False
    if SQLITE_TABLE not in existing:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5("
            "title, summary, body, content='archive_article', content_rowid='id', "
            f"tokenize='{SQLITE_TOKENIZER}')"
        )
        cursor.execute(
            f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rank) VALUES ('rank', %s)", [SQLITE_RANK]
        )
        created = True
    insert = (
        f"INSERT INTO {SQLITE_TABLE}(rowid, title, summary, body) "
        "VALUES (new.id, new.title, new.summary, new.body);"
    )
    delete = (
        f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, title, summary, body) "
        "VALUES ('delete', old.id, old.title, old.summary, old.body);"
    )
    triggers = {
        f"{SQLITE_TABLE}_insert": f"AFTER INSERT ON archive_article BEGIN {insert} END",
        f"{SQLITE_TABLE}_delete": f"AFTER DELETE ON archive_article BEGIN {delete} END",
        f"{SQLITE_TABLE}_update": (
            "AFTER UPDATE OF id, title, summary, body ON archive_article "
            f"BEGIN {delete} {insert} END"
        ),
    }
    for name, definition in triggers.items():
        if name not in existing:
            cursor.execute(f"CREATE TRIGGER {name} {definition}")
            created = True
    return created


def _install_postgresql(cursor) -> bool:
    _price_the_match_operator(cursor.db)
    created = False
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [POSTGRES_CONFIG])
    if cursor.fetchone() is None:
        _create_postgres_config(cursor)
        created = True
    cursor.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'archive_article' "
        "AND column_name = %s",
        [POSTGRES_COLUMN],
    )
    if cursor.fetchone() is None:
        config = f"'{POSTGRES_CONFIG}'::regconfig"
        cursor.execute(
            f"ALTER TABLE archive_article ADD COLUMN {POSTGRES_COLUMN} tsvector "
            "GENERATED ALWAYS AS ("
            f"setweight(to_tsvector({config}, coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector({config}, coalesce(summary, '')), 'B') || "
            f"setweight(to_tsvector({config}, left(coalesce(body, ''), {POSTGRES_BODY_CHARS})),"
            " 'C')) STORED"
        )
        cursor.execute(CREATE_POSTGRES_INDEX)
        created = True
    # Serves "newest first" with undated articles last. The model's (published_at DESC, id DESC)
    # puts nulls first here, unlike SQLite, which cannot declare NULLS LAST in an index; read
    # backwards it still serves "oldest first".
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {POSTGRES_NEWEST_INDEX} ON archive_article "
        "(published_at DESC NULLS LAST, id DESC)"
    )
    # Serves the rows a search's facets count (results.first_matches) when a full-text match or
    # a party's mentions list the ids: an index-only scan reads each one's date, source and
    # dateline without visiting the wide row (a party with 67,000 articles: 135 ms, not 435).
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {POSTGRES_MATCH_ROWS_INDEX} ON archive_article "
        "(id) INCLUDE (published_at, source_id, dateline)"
    )
    return created


# PostgreSQL prices `tsvector @@ tsquery` like an integer comparison, so for any word in more than
# a few percent of articles it reads and decompresses every row's vector instead of the GIN index
# (on Reuters, "oil": 100 ms instead of 7 ms). This cost, measured against a sequential scan,
# is nearer the truth. It is a setting of this database's catalog and needs the function's owner
# (a superuser); without that right searches still work, only slower, and we say so.
MATCH_COST = 100


def _price_the_match_operator(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT procost FROM pg_proc "
            "WHERE oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure"
        )
        if cursor.fetchone()[0] >= MATCH_COST:
            return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                f"ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST {MATCH_COST}"
            )
    except DatabaseError as error:
        logger.warning(
            "Could not tell PostgreSQL what a full-text match costs (%s); searches for common "
            "words will be slower. A superuser can run: ALTER FUNCTION "
            "pg_catalog.ts_match_vq(tsvector, tsquery) COST %s",
            error,
            MATCH_COST,
        )


def _create_postgres_config(cursor) -> None:
    # English stemming without a stop-word list, accents folded when `unaccent` is available.
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    has_unaccent = cursor.fetchone() is not None
    if has_unaccent:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    cursor.execute(
        f"CREATE TEXT SEARCH DICTIONARY {POSTGRES_CONFIG}_stem "
        "(TEMPLATE = snowball, Language = english)"
    )
    cursor.execute(
        f"CREATE TEXT SEARCH CONFIGURATION {POSTGRES_CONFIG} (COPY = pg_catalog.english)"
    )
    stem = f"{POSTGRES_CONFIG}_stem"
    cursor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {POSTGRES_CONFIG} "
        f"ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH {stem}"
    )
    folded = f"unaccent, {stem}" if has_unaccent else stem
    cursor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {POSTGRES_CONFIG} "
        f"ALTER MAPPING FOR word, hword, hword_part WITH {folded}"
    )
