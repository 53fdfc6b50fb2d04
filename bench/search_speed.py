"""Measure search speed on the Reuters corpus: full search pages with filters and facets.

Usage (from the project root):
    .venv/bin/python bench/search_speed.py                 # ingest Reuters into a fresh SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search_speed.py
    DATABASE_URL=... .venv/bin/python bench/search_speed.py --reuse   # a database holding Reuters
    .venv/bin/python bench/search_speed.py --copies 53     # Reuters 53 times over: ~1M articles

Without --reuse it works in a throwaway database (test_<name>, as the test suite does), ingests
the 19,043 Reuters records and drops it at the end. Each search is a real GET of /search/
through Django's test client: the FilterSet, the search, ranking, snippets, every facet, the
timeline and the template, as a browser would get it. Then the other pages a reader uses (facet
lists, suggestions, timeline CSV, comparisons) and the JSON API. Each is run once to warm up,
then REPEAT times cold and REPEAT times warm; the figures are the median and the 90th percentile
in milliseconds. Cold: the archive's version is raised before each request, as any write does,
so nothing cached is read (archive/search/cache.py); warm: the same request again.

--copies N clones the ingested articles and their mentions N - 1 times, each copy a whole number
of years later, through the ordinary tables (so the index triggers and generated columns do their
work), to see how the same searches behave on an archive N times the size.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.test import Client  # noqa: E402

from archive.models import ArchiveVersion, Article, Mention, Party, Source  # noqa: E402
from archive.search import schema  # noqa: E402

REPEAT = 15


def searches() -> list[tuple[str, dict]]:
    """Return named searches over what this archive holds: text plus two filters, mostly."""
    source = Source.objects.annotate(n=Count("articles")).order_by("-n").first().slug
    countries = [
        row["party__slug"]
        for row in Mention.objects.filter(party__kind=Party.Kind.COUNTRY)
        .values("party__slug")
        .annotate(n=Count("id"))
        .order_by("-n")[:3]
    ]
    place = (
        Article.objects.exclude(dateline="")
        .values("dateline")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["dateline"]
    )
    return [
        (
            "word + source + dates",
            {"q": "oil", "source": source, "from": "1987-03-01", "to": "1987-04-30"},
        ),
        (
            "word + party + dates",
            {"q": "trade", "party": countries[1], "from": "1987-01-01", "to": "1987-12-31"},
        ),
        (
            "phrase + party + source",
            {"q": '"interest rates"', "party": countries[0], "source": source},
        ),
        (
            "OR, exclusion + party + place",
            {"q": "grain OR wheat -corn", "party": countries[0], "place": place},
        ),
        ("prefix + source, newest first", {"q": "bank*", "source": source, "sort": "newest"}),
        (
            "two parties + dates, no words",
            {"party": countries[:2], "from": "1987-03-01", "to": "1987-03-31"},
        ),
        ("common word + two filters", {"q": "said", "source": source, "party": countries[0]}),
        (
            "title word + dates + place",
            {"q": "title:profit", "from": "1987-01-01", "to": "1987-06-30", "place": place},
        ),
        ("browse everything (no filter)", {}),
        ("deep page, newest first", {"sort": "newest", "page": "300"}),
    ]


def reader_requests() -> list[tuple[str, str, dict]]:
    """Return the other pages and the API a reader uses, each over a real search."""
    common = searches()
    word_party = common[1][1]
    party = Mention.objects.values("party__slug").annotate(n=Count("id")).order_by("-n")[0]
    kind = Party.objects.get(slug=party["party__slug"]).kind
    return [
        ("API: word + party + dates", "/api/v1/articles", word_party),
        ("API: common word + two filters", "/api/v1/articles", common[6][1]),
        ("API: browse, newest", "/api/v1/articles", {"sort": "newest"}),
        ("API: one party", f"/api/v1/parties/{party['party__slug']}", {}),
        ("API: sources", "/api/v1/sources", {}),
        ("API: timeline, word", "/api/v1/timeline", {"q": "trade"}),
        ("all parties of a kind, a word", f"/search/all/parties/{kind}/", {"q": "trade"}),
        ("all sources, no filter", "/search/all/sources/", {}),
        ("suggest parties 'ja'", "/search/suggest/parties", {"q": "ja"}),
        ("timeline CSV, a word", "/search/timeline.csv", {"q": "oil"}),
        ("compare three words", "/timeline/", {"q": ["oil", "grain", "bank"]}),
        ("compare, share", "/timeline/", {"q": ["oil", "grain"], "measure": "share"}),
    ]


class QueryCounter(list):
    """An execute wrapper that remembers the SQL it runs."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def measure() -> None:
    client = Client()
    print(f"database: {connection.vendor}, {Article.objects.count():,} articles")
    all_cold, all_warm = [], []
    print(f"  {'':32} {'':>13}  {'cold':^34}  {'warm':^34}")
    for name, params in searches():
        response, cold, warm, queries = timed(client, "/search/", params)
        results = response.context["results"]
        count = f"{results.count:,}{'+' if results.count_capped else ''}"
        all_cold, all_warm = all_cold + cold, all_warm + warm
        print(
            f"  {name:32} {count:>8} hits  {figures(cold)}  {figures(warm)}  {len(queries)} queries"
        )
    print(
        f"all searches: median cold {statistics.median(all_cold):.1f} ms, "
        f"warm {statistics.median(all_warm):.1f} ms over {len(all_cold)} runs each"
    )
    print("other pages and the API:")
    for name, path, params in reader_requests():
        response, cold, warm, queries = timed(client, path, params)
        print(
            f"  {name:32} {len(response.content):>8,} B  {figures(cold)}  {figures(warm)}  "
            f"{len(queries)} queries"
        )


def timed(client: Client, path: str, params: dict) -> tuple:
    """Return the first response to a GET, the times of REPEAT more cold and REPEAT warm, and the
    first's queries (cold)."""
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    cold, warm = [], []
    for _ in range(REPEAT):
        ArchiveVersion.objects.update(number=F("number") + 1)  # as any write does
        cold.append(get_time(client, path, params))
        warm.append(get_time(client, path, params))
    return response, cold, warm, queries


def get_time(client: Client, path: str, params: dict) -> float:
    started = time.perf_counter()
    client.get(path, params)
    return (time.perf_counter() - started) * 1000


def figures(times: list[float]) -> str:
    median, p90 = statistics.median(times), statistics.quantiles(times, n=10)[-1]
    return f"median {median:6.1f} ms p90 {p90:6.1f} ms"


def clone_articles(copies: int) -> None:
    """Add copies - 1 clones of every article and its mentions, shifted by whole years."""
    articles, mentions = Article._meta.db_table, Mention._meta.db_table
    last = Article.objects.order_by("-id").values_list("id", flat=True).first()
    sqlite = connection.vendor == "sqlite"
    article_columns = [f.column for f in Article._meta.concrete_fields]
    mention_columns = [f.column for f in Mention._meta.concrete_fields if not f.primary_key]
    started = time.perf_counter()
    for copy in range(1, copies):
        offset = copy * last
        shifted = (
            f"datetime(published_at, '+{copy} years')"
            if sqlite
            else f"published_at + interval '{copy} years'"
        )
        unique = (
            f"substr(fingerprint, 1, 56) || printf('%%08d', {copy})"
            if sqlite
            else f"left(fingerprint, 56) || lpad('{copy}', 8, '0')"
        )
        values = {"id": f"id + {offset}", "published_at": shifted, "fingerprint": unique}
        values["raw_document_id"] = "NULL"
        select = ", ".join(values.get(column, column) for column in article_columns)
        mention_select = ", ".join(
            f"article_id + {offset}" if column == "article_id" else column
            for column in mention_columns
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {articles} ({', '.join(article_columns)}) "
                f"SELECT {select} FROM {articles} WHERE id <= %s",
                [last],
            )
            cursor.execute(
                f"INSERT INTO {mentions} ({', '.join(mention_columns)}) "
                f"SELECT {mention_select} FROM {mentions} WHERE article_id <= %s",
                [last],
            )
        print(f"  copy {copy + 1} of {copies}: {time.perf_counter() - started:.0f} s", flush=True)
    if not sqlite:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{articles}', 'id'), max(id)) "
                f"FROM {articles}"
            )
    schema.refresh_statistics(connection)


def main() -> None:
    copies = int(sys.argv[sys.argv.index("--copies") + 1]) if "--copies" in sys.argv else 1
    if "--reuse" in sys.argv:
        clone_articles(copies)
        measure()
        return
    with throwaway_database():
        started = time.perf_counter()
        with contextlib.suppress(SystemExit), open(os.devnull, "w") as quiet:
            call_command("ingest", str(REUTERS), "--no-progress", stdout=quiet)
        print(f"ingested Reuters in {time.perf_counter() - started:.0f} s")
        clone_articles(copies)
        measure()


if __name__ == "__main__":
    main()
