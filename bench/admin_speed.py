"""Measure the admin at scale: every changelist, its searches and filters, and a change page each.

Usage (from the project root):
    .venv/bin/python bench/admin_speed.py                  # Reuters in a throwaway SQLite file
    .venv/bin/python bench/admin_speed.py --copies 53      # Reuters 53 times over: ~1M articles
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/admin_speed.py
    DATABASE_URL=... .venv/bin/python bench/admin_speed.py --keep --copies 53   # build, keep it
    DATABASE_URL=... .venv/bin/python bench/admin_speed.py --reuse             # measure it again
    --repeat N (runs per page, default 7), --only a,b (pages whose names contain a or b),
    --reuters PATH (the corpus, if it is not in ../shared)

Without --reuse it ingests the 19,043 Reuters records through the normal ingest (as
bench/search_speed.py does) and clones every raw document, article and mention N - 1 times
through the ordinary tables, each copy a whole number of years later, so the index triggers and
generated columns do their work. Reuters has no failures: one duplicate in ten is marked failed,
so the failure queue has rows. By default all this happens in a throwaway test_<name> database,
dropped at the end; with --keep it happens in the database DATABASE_URL names (migrated first;
it must hold no articles) and stays there for later runs with --reuse. On PostgreSQL the tables
are vacuumed and analysed after cloning, as autovacuum would leave them.

Each page is a full GET through Django's test client as a logged-in superuser: the changelist's
queries, its filters, the template. It runs once to warm up and count its queries, then REPEAT
times (--repeat N); the figures are the median and the 90th percentile in milliseconds.
"""

import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import REUTERS, setup_django, throwaway_database  # noqa: E402

# The real settings with static files served unhashed (no collectstatic needed).
setup_django("tests.settings")

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # lets the test client's host in, as in the test suite

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from archive.models import (  # noqa: E402
    Article,
    IngestRun,
    Mention,
    Party,
    RawDocument,
    Source,
)
from archive.search import schema  # noqa: E402

REPEAT = 7
BENCH_USER = "admin-speed-bench"


def changelist(model: str, **params) -> tuple[str, dict]:
    return reverse(f"admin:archive_{model}_changelist"), params


def change_page(model: str, pk) -> tuple[str, dict]:
    return reverse(f"admin:archive_{model}_change", args=[pk]), {}


def pages() -> list[tuple[str, tuple[str, dict]]]:
    """Return the pages to time, named, with records this archive holds."""
    source = Source.objects.order_by("pk").first()
    article = Article.objects.order_by("-id").first()
    raw = RawDocument.objects.filter(article__isnull=False).order_by("-id").first()
    failed = RawDocument.objects.failed().order_by("-id").first()
    mention = Mention.objects.order_by("-id").first()
    # The most mentioned party: its change page shows where articles mention it.
    big_party = Party.objects.filter(slug="united-states").first() or Party.objects.first()
    run = IngestRun.objects.order_by("-id").first()
    listed = [
        ("articles", changelist("article")),
        ("articles, search a common word", changelist("article", q="said")),
        ("articles, search a rare word", changelist("article", q="sorghum")),
        ("articles, search a phrase", changelist("article", q='"interest rates"')),
        ("articles, search bad syntax", changelist("article", q='"unclosed -only')),
        ("articles, filter source", changelist("article", source__id__exact=source.pk)),
        ("articles, filter language en", changelist("article", language="en")),
        ("articles, filter language none has", changelist("article", language="xx")),
        ("articles, filter any other language", changelist("article", language="other")),
        ("articles, filter a year", changelist("article", published="2000")),
        ("articles, page 50", changelist("article", p=50)),
        ("raw documents", changelist("rawdocument")),
        ("raw documents, filter status", changelist("rawdocument", status__exact="failed")),
        ("raw documents, filter format", changelist("rawdocument", format__exact="html")),
        ("raw documents, search origin", changelist("rawdocument", q=raw.origin)),
        ("raw documents, search a file", changelist("rawdocument", q=raw.origin.split("#")[0])),
        ("failed documents", changelist("faileddocument")),
        ("mentions", changelist("mention")),
        ("mentions, search a party", changelist("mention", q=big_party.name)),
        ("parties", changelist("party")),
        ("parties, search", changelist("party", q="carter")),
        ("parties to review", changelist("partytoreview")),
        ("party aliases", changelist("partyalias")),
        ("blocked names", changelist("blockedname")),
        ("sources", changelist("source")),
        ("source aliases", changelist("sourcealias")),
        ("ingest runs", changelist("ingestrun")),
        ("pending discoveries", changelist("pendingdiscovery")),
        ("article change page", change_page("article", article.pk)),
        ("raw document change page", change_page("rawdocument", raw.pk)),
        ("mention change page", change_page("mention", mention.pk)),
        ("party change page (most mentioned)", change_page("party", big_party.pk)),
        ("source change page", change_page("source", source.pk)),
        ("ingest run change page", change_page("ingestrun", run.pk)),
    ]
    if failed is not None:
        listed.append(("failed document change page", change_page("faileddocument", failed.pk)))
    return listed


class QueryCounter(list):
    """An execute wrapper that remembers the SQL it runs."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def logged_in_client() -> Client:
    user = get_user_model().objects.filter(username=BENCH_USER).first()
    if user is None:
        user = get_user_model().objects.create_superuser(BENCH_USER, "bench@example.org", None)
    client = Client()
    client.force_login(user)
    return client


def measure(repeat: int, only: list[str]) -> None:
    client = logged_in_client()
    print(
        f"database: {connection.vendor}, {Article.objects.count():,} articles, "
        f"{RawDocument.objects.count():,} raw documents, {Mention.objects.count():,} mentions, "
        f"{Party.objects.count():,} parties ({Party.objects.awaiting_review().count():,} to "
        f"review)",
        flush=True,
    )
    all_times = []
    for name, (url, params) in pages():
        if only and not any(part in name for part in only):
            continue
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        all_times += times
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
        print(
            f"  {name:38} median {statistics.median(times):8.1f} ms  p90 {p90:8.1f} ms"
            f"  {len(queries):3} queries",
            flush=True,
        )
    print(f"all pages: median {statistics.median(all_times):.1f} ms over {len(all_times)} runs")
    print(f"slowest page median: {max_median(all_times, repeat):.1f} ms")


def max_median(times: list[float], repeat: int) -> float:
    return max(statistics.median(times[i : i + repeat]) for i in range(0, len(times), repeat))


def ingest_reuters(path: str) -> None:
    if not Path(path).exists():
        sys.exit(f"No Reuters corpus at {path}: name it with --reuters PATH.")
    started = time.perf_counter()
    with contextlib.suppress(SystemExit), open(os.devnull, "w") as quiet:
        call_command("ingest", path, "--no-progress", stdout=quiet)
    print(f"ingested Reuters in {time.perf_counter() - started:.0f} s", flush=True)


def clone_archive(copies: int) -> None:
    """Add copies - 1 clones of every raw document, article and mention, shifted by whole years."""
    raws, articles, mentions = (
        RawDocument._meta.db_table,
        Article._meta.db_table,
        Mention._meta.db_table,
    )
    last_article = Article.objects.order_by("-id").values_list("id", flat=True).first()
    last_raw = RawDocument.objects.order_by("-id").values_list("id", flat=True).first()
    sqlite = connection.vendor == "sqlite"
    raw_columns = [f.column for f in RawDocument._meta.concrete_fields]
    article_columns = [f.column for f in Article._meta.concrete_fields]
    mention_columns = [f.column for f in Mention._meta.concrete_fields if not f.primary_key]
    started = time.perf_counter()
    for copy in range(1, copies):
        article_offset, raw_offset = copy * last_article, copy * last_raw

        def later(column: str, unit: str, copy: int = copy) -> str:
            if sqlite:
                return f"datetime({column}, '+{copy} {unit}')"
            return f"{column} + interval '{copy} {unit}'"

        raw_values = {
            "id": f"id + {raw_offset}",
            "origin": f"origin || ' (copy {copy + 1})'",
            "received_at": later("received_at", "hours"),
            "duplicate_of_id": f"duplicate_of_id + {article_offset}",
        }
        unique = (
            f"substr(fingerprint, 1, 56) || printf('%%08d', {copy})"
            if sqlite
            else f"left(fingerprint, 56) || lpad('{copy}', 8, '0')"
        )
        article_values = {
            "id": f"id + {article_offset}",
            "published_at": later("published_at", "years"),
            "fingerprint": unique,
            "raw_document_id": f"raw_document_id + {raw_offset}",
        }
        mention_values = {"article_id": f"article_id + {article_offset}"}
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns, values, last in [
                (raws, raw_columns, raw_values, last_raw),
                (articles, article_columns, article_values, last_article),
            ]:
                select = ", ".join(values.get(column, column) for column in columns)
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"SELECT {select} FROM {table} WHERE id <= %s",
                    [last],
                )
            select = ", ".join(mention_values.get(column, column) for column in mention_columns)
            cursor.execute(
                f"INSERT INTO {mentions} ({', '.join(mention_columns)}) "
                f"SELECT {select} FROM {mentions} WHERE article_id <= %s",
                [last_article],
            )
        print(f"  copy {copy + 1} of {copies}: {time.perf_counter() - started:.0f} s", flush=True)
    mark_failures()
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            for table in (raws, articles):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                )
        # Autovacuum would get there on its own: measure the archive as it settles.
        connection.ensure_connection()
        autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.set_autocommit(autocommit)
    schema.refresh_statistics(connection)


def mark_failures() -> None:
    """Make one duplicate in ten a failure: Reuters has none, and the failure queue needs rows."""
    RawDocument.objects.filter(status=RawDocument.Status.DUPLICATE).annotate(
        tenth=models.F("id") % 10
    ).filter(tenth=0).update(
        status=RawDocument.Status.FAILED,
        error="(benchmark) marked failed to fill the failure queue",
        duplicate_of=None,
    )


def option(name: str, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main() -> None:
    copies, repeat = option("--copies", 1), option("--repeat", REPEAT)
    reuters = option("--reuters", str(REUTERS))
    only = [part for part in option("--only", "").split(",") if part]
    if "--reuse" in sys.argv:
        measure(repeat, only)
        return
    if "--keep" in sys.argv:
        call_command("migrate", verbosity=0)
        if Article.objects.exists():
            sys.exit("--keep builds into an empty database; use --reuse to measure this one.")
        ingest_reuters(reuters)
        clone_archive(copies)
        measure(repeat, only)
        return
    with throwaway_database():
        ingest_reuters(reuters)
        clone_archive(copies)
        measure(repeat, only)


if __name__ == "__main__":
    main()
