"""Build an archive of a million articles from the real corpora, and keep it for benchmarks.

Usage (from the project root):
    DATABASE_URL=sqlite:////work/million/archive.sqlite3 .venv/bin/python bench/million.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/million .venv/bin/python bench/million.py
    DATABASE_URL=... .venv/bin/python bench/million.py --articles 50000   # a smaller archive
    DATABASE_URL=... .venv/bin/python bench/million.py --seed 2    # other variants, same size
    DATABASE_URL=... .venv/bin/python bench/million.py --force     # replace what it holds

--articles defaults to 1,000,000. Unlike the other benchmarks it builds in the database
DATABASE_URL names and keeps it, for benchmarks over HTTP later; a PostgreSQL database is
created when missing. A database that holds articles is refused (exit status 2) unless --force,
which deletes the SQLite file (with its -wal and -shm) or drops the PostgreSQL database, and
builds it again. The build:

1. migrates;
2. ingests Reuters-21578 and BBC News (20,885 articles) with `manage.py ingest`, as an operator
   would: raw documents, cleaning, sources, parties. ARCHIVE_NER_MODEL is empty, so parties come
   from the dictionary layer alone (spaCy would read about 60 articles a second);
3. adds the rest as variants of those articles, the same from the same --seed: a base article's
   paragraphs, its lead first and the others shuffled, now and then (and whenever the text
   would repeat one the archive has) with a paragraph of another article spliced in; a moment
   drawn uniformly from 1986 to 2025; one of 50 sources, created as ingest creates one
   (`ArchiveWriter.source_for`) and drawn with Zipf weights, so that Reuters has about a fifth
   of the variants and the smallest source under half a percent. Title, summary, authors,
   dateline and language are the base's, and so are its mentions, each span found again in the
   new body (a spliced paragraph brings no mention). A variant has no raw document, no URL and
   no cleaning segments: no bytes were received. Variants go in by bulk_create in date order,
   so their ids rise with their dates, and the database keeps the full-text index as for any
   write: SQLite's FTS5 triggers (merged with 'optimize' at the end), PostgreSQL's generated
   tsvector (its GIN index is dropped for the inserts and built again after);
4. refreshes the planner's statistics (and VACUUMs on PostgreSQL, so that index-only scans
   work), then prints each phase's time, the counts, the database's size, and the articles per
   year and per source.
"""

import argparse
import contextlib
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import CORPORA, REUTERS, setup_django  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    sys.exit("bench/million.py builds in the database DATABASE_URL names: set it (see its usage)")
os.environ["ARCHIVE_NER_MODEL"] = ""  # the dictionary party layer alone
setup_django()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import ExtractYear  # noqa: E402

from archive.lib.fingerprints import fingerprint_text  # noqa: E402
from archive.lib.paragraphs import join_paragraphs, split_paragraphs  # noqa: E402
from archive.lib.vocabulary import DatePrecision  # noqa: E402
from archive.models import Article, Mention, Party, RawDocument, Source  # noqa: E402
from archive.search import schema  # noqa: E402
from archive.store import ArchiveWriter  # noqa: E402

FIRST_MOMENT = datetime(1986, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2026, 1, 1, tzinfo=UTC) - FIRST_MOMENT).total_seconds())
# How often a variant gets a paragraph of another article even when its shuffle is new.
SPLICE_SHARE = 0.1
BATCH_SIZE = 5000
PROGRESS_EVERY = 50_000
# SQLite's page cache for the build (KiB): the random fingerprint and party indexes stay in it.
SQLITE_CACHE_KIB = 1_000_000
# Biggest first: the n-th source gets 1/n of the weight, as a few agencies fill most archives.
SOURCE_NAMES = [
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "BBC News",
    "The New York Times",
    "The Guardian",
    "Bloomberg",
    "The Washington Post",
    "The Wall Street Journal",
    "Financial Times",
    "Dow Jones",
    "United Press International",
    "CNN",
    "Los Angeles Times",
    "The Times",
    "The Daily Telegraph",
    "The Independent",
    "Xinhua",
    "Kyodo",
    "dpa",
    "PA Media",
    "The Canadian Press",
    "Australian Associated Press",
    "Al Jazeera",
    "NPR",
    "Sky News",
    "Chicago Tribune",
    "The Boston Globe",
    "USA Today",
    "The Economist",
    "Le Monde",
    "Der Spiegel",
    "El País",
    "The Irish Times",
    "The Sydney Morning Herald",
    "The Globe and Mail",
    "Toronto Star",
    "The Hindu",
    "The Times of India",
    "South China Morning Post",
    "The Japan Times",
    "The Straits Times",
    "Haaretz",
    "Yonhap",
    "ANSA",
    "EFE",
    "Press Trust of India",
    "Deutsche Welle",
    "The Scotsman",
    "The Harbour Herald",
]


@dataclass
class Base:
    """A stored article variants are made from; mentions as (party, count, length, surface)."""

    title: str
    summary: str
    authors: list[str]
    dateline: str
    language: str
    paragraphs: list[str]
    mentions: list[tuple[int, int, int, str]]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000, help="the archive's size")
    parser.add_argument("--seed", type=int, default=1, help="what the variants are drawn from")
    parser.add_argument("--force", action="store_true", help="replace a database with articles")
    return parser.parse_args()


def prepare_database(force: bool) -> None:
    """Create a missing PostgreSQL database; refuse one that holds articles, unless force."""
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:  # on the `postgres` database, as Django does
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
                return
    if Article._meta.db_table not in connection.introspection.table_names():
        return
    held = Article.objects.count()
    if not held:
        return
    if not force:
        sys.stderr.write(f"{name} holds {held:,} articles already: --force replaces it\n")
        sys.exit(2)
    print(f"--force: deleting {name} ({held:,} articles)", flush=True)
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        quoted = connection.ops.quote_name(name)
        cursor.execute(f"DROP DATABASE {quoted} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quoted}")


@contextlib.contextmanager
def phase(timings: dict[str, float], name: str) -> Iterator[None]:
    """Time what runs inside under this name, and say when it starts and ends."""
    print(f"{name}...", flush=True)
    started = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - started
    print(f"{name}: {timings[name]:.0f} s", flush=True)


def ingest_corpora() -> None:
    """Ingest Reuters-21578 and BBC News through the ingest command, summary and all."""
    # ingest exits with status 1 when a document failed; its summary has said how many.
    with contextlib.suppress(SystemExit):
        call_command("ingest", str(REUTERS), str(CORPORA / "bbc-news"), "--no-progress")


def load_bases() -> list[Base]:
    """Return the stored articles, by id, with their paragraphs and mentions."""
    mentions = defaultdict(list)
    rows = Mention.objects.order_by("article_id", "id").values_list(
        "article_id", "party_id", "count", "first_length", "surface"
    )
    for article_id, *mention in rows.iterator():
        mentions[article_id].append(tuple(mention))
    articles = Article.objects.order_by("id").values_list(
        "id", "title", "summary", "authors", "dateline", "language", "body"
    )
    return [
        Base(
            title=title,
            summary=summary,
            authors=authors,
            dateline=dateline,
            language=language,
            paragraphs=[part for part in split_paragraphs(body) if part.strip()],
            mentions=mentions[article_id],
        )
        for article_id, title, summary, authors, dateline, language, body in articles.iterator()
    ]


def create_sources() -> list[Source]:
    """Return the 50 sources, created as ingest creates one (with the aliases it knows)."""
    writer = ArchiveWriter()
    sources = [writer.source_for(name) for name in SOURCE_NAMES]
    if len({source.pk for source in sources}) != len(SOURCE_NAMES):
        raise ValueError("two of SOURCE_NAMES are names of one source")
    return sources


def plan_variants(count: int, bases: int, rng: random.Random) -> list[tuple[int, int, int]]:
    """Return each variant's (second since 1986, base, source), in date order."""
    order = list(range(bases))
    rng.shuffle(order)
    weights = [1 / rank for rank in range(1, len(SOURCE_NAMES) + 1)]
    sources = rng.choices(range(len(SOURCE_NAMES)), weights=weights, k=count)
    return sorted(
        (rng.randrange(SPAN_SECONDS), order[index % bases], sources[index])
        for index in range(count)
    )


def variant_body(base: Base, bases: list[Base], rng: random.Random, splices: int) -> str:
    """Return the base's paragraphs, lead first and the rest shuffled, with `splices` more
    paragraphs from other articles among them."""
    lead, *rest = base.paragraphs
    rng.shuffle(rest)
    for _ in range(splices):
        paragraph = rng.choice(rng.choice(bases).paragraphs)
        rest.insert(rng.randint(0, len(rest)), paragraph)
    return join_paragraphs([lead, *rest])


def unique_body(
    base: Base, bases: list[Base], rng: random.Random, fingerprints: set[str]
) -> tuple[str, str, int]:
    """Return a variant's body that no article has, its fingerprint and how many paragraphs of
    other articles it holds: one more each time its text is taken."""
    splices = int(rng.random() < SPLICE_SHARE)
    while True:
        body = variant_body(base, bases, rng, splices)
        fingerprint = fingerprint_text(base.title, body)
        if fingerprint not in fingerprints:
            fingerprints.add(fingerprint)
            return body, fingerprint, splices
        splices += 1


def first_occurrence(body: str, surface: str) -> int | None:
    """Return where the body first has surface as a word of its own, else anywhere, else None."""
    anywhere = body.find(surface)
    start = anywhere
    while start >= 0:
        end = start + len(surface)
        before = body[start - 1] if start else " "
        after = body[end] if end < len(body) else " "
        if not before.isalnum() and not after.isalnum():
            return start
        start = body.find(surface, start + 1)
    return anywhere if anywhere >= 0 else None


def copied_mentions(article: Article, base: Base) -> list[Mention]:
    """Return the base's mentions for its variant, each span where the new body first has it."""
    mentions = []
    for party_id, count, length, surface in base.mentions:
        mention = Mention(article_id=article.pk, party_id=party_id, count=count)
        offset = first_occurrence(article.body, surface) if length else None
        if offset is not None:  # else the headline alone names the party: no span
            mention.first_offset, mention.first_length, mention.surface = offset, length, surface
        mentions.append(mention)
    return mentions


def add_variants(count: int, bases: list[Base], seed: int) -> int:
    """Store count variants of the bases in date order; return how many have spliced text."""
    rng = random.Random(seed)
    sources = create_sources()
    plans = plan_variants(count, len(bases), rng)
    fingerprints = set(Article.objects.values_list("fingerprint", flat=True))
    spliced = 0
    started = time.perf_counter()
    for first in range(0, count, BATCH_SIZE):
        batch = []
        for second, base_index, source_index in plans[first : first + BATCH_SIZE]:
            base = bases[base_index]
            body, fingerprint, splices = unique_body(base, bases, rng, fingerprints)
            spliced += splices > 0
            article = Article(
                title=base.title,
                summary=base.summary,
                authors=base.authors,
                source=sources[source_index],
                published_at=FIRST_MOMENT + timedelta(seconds=second),
                published_precision=DatePrecision.SECOND,
                dateline=base.dateline,
                body=body,
                language=base.language,
                fingerprint=fingerprint,
            )
            batch.append((article, base))
        with transaction.atomic():
            Article.objects.bulk_create([article for article, _ in batch])
            Mention.objects.bulk_create(
                [mention for article, base in batch for mention in copied_mentions(article, base)]
            )
        done = first + len(batch)
        if done % PROGRESS_EVERY == 0 or done == count:
            elapsed = time.perf_counter() - started
            print(f"  {done:,} of {count:,}: {elapsed:.0f} s, {done / elapsed:,.0f}/s", flush=True)
    return spliced


def refresh_statistics() -> None:
    """Give the planner its statistics; VACUUM (PostgreSQL) or empty the WAL (SQLite)."""
    schema.refresh_statistics(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Sets the visibility map, without which index-only scans read the table anyway.
            cursor.execute("VACUUM archive_article, archive_mention")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def report(timings: dict[str, float], variants: int, spliced: int) -> None:
    print("\ntimes:")
    for name, seconds in timings.items():
        print(f"  {name:28} {seconds:7.0f} s")
    print(f"  {'total':28} {sum(timings.values()):7.0f} s")
    articles = Article.objects.count()
    print(
        f"articles {articles:,} ({variants:,} variants, {spliced:,} with spliced text), "
        f"mentions {Mention.objects.count():,}, parties {Party.objects.count():,}, "
        f"sources {Source.objects.count():,}, raw documents {RawDocument.objects.count():,}"
    )
    report_size()
    years = list(
        Article.objects.exclude(published_at=None)
        .values(year=ExtractYear("published_at"))
        .annotate(n=Count("id"))
        .order_by("n", "year")
    )
    fewest, most = years[0], years[-1]
    print(
        f"articles a year: fewest {fewest['n']:,} ({fewest['year']}), "
        f"most {most['n']:,} ({most['year']}), over {len(years)} years; "
        f"{Article.objects.filter(published_at=None).count():,} undated"
    )
    sources = list(Source.objects.annotate(n=Count("articles")).order_by("-n", "name"))
    for label, chosen in (("largest", sources[:5]), ("smallest", sources[-5:])):
        shares = ", ".join(f"{source.name} {source.n / articles:.2%}" for source in chosen)
        print(f"{label} sources: {shares}")
    print(f"no source: {Article.objects.filter(source=None).count():,}")


# The largest tables and indexes, name and bytes.
LARGEST = {
    "sqlite": "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12",
    "postgresql": (
        "SELECT relname, pg_table_size(oid) FROM pg_class "
        "WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'i') "
        "ORDER BY 2 DESC LIMIT 12"
    ),
}


def report_size() -> None:
    """Print the database's size on disk and its largest tables and indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            where, size = settings.DATABASES["default"]["NAME"], cursor.fetchone()[0]
        else:
            where = Path(settings.DATABASES["default"]["NAME"])
            wal = where.with_name(f"{where.name}-wal")
            size = where.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        print(f"database {where}: {size / 2**30:.2f} GiB; largest tables and indexes:")
        cursor.execute(LARGEST[connection.vendor])
        for name, bytes_used in cursor.fetchall():
            print(f"  {name:40} {bytes_used / 2**20:9,.0f} MiB")


def main() -> None:
    options = parse_arguments()
    prepare_database(options.force)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    timings: dict[str, float] = {}
    with phase(timings, "migrate"):
        call_command("migrate", verbosity=0)
    with phase(timings, "ingest the corpora"):
        ingest_corpora()
    schema.pause_for_bulk_load(connection)
    with phase(timings, "add the variants"):
        bases = load_bases()
        variants = max(options.articles - len(bases), 0)
        spliced = add_variants(variants, bases, options.seed)
    with phase(timings, "finish the full-text index"):
        schema.finish_bulk_load(connection)
    with phase(timings, "statistics"):
        refresh_statistics()
    report(timings, variants, spliced)


if __name__ == "__main__":
    main()
