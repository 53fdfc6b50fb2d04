"""Measure search speed on the Reuters corpus: full search pages with filters and facets.

Usage (from the project root):
    .venv/bin/python bench/search_speed.py                 # ingest Reuters into a fresh SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search_speed.py
    DATABASE_URL=... .venv/bin/python bench/search_speed.py --reuse   # a database holding Reuters

Without --reuse it works in a throwaway database (test_<name>, as the test suite does), ingests
the 19,043 Reuters records and drops it at the end. Each search is a real GET of /search/
through Django's test client: the FilterSet, the search, ranking, snippets, every facet, the
timeline and the template, as a browser would get it. Each is run once to warm up, then
REPEAT times; the figures are the median and the 90th percentile in milliseconds.
"""

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl.gz"
sys.path.insert(0, str(ROOT))
# The real settings with static files served unhashed (no collectstatic needed).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # lets the test client's host in, as in the test suite

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from archive.models import Article, Mention, Party, Source  # noqa: E402

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


def measure() -> None:
    client = Client()
    print(f"database: {connection.vendor}, {Article.objects.count():,} articles")
    all_times = []
    for name, params in searches():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", params)
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            client.get("/search/", params)
            times.append((time.perf_counter() - started) * 1000)
        results = response.context["results"]
        count = f"{results.count:,}{'+' if results.count_capped else ''}"
        all_times += times
        print(
            f"  {name:32} {count:>8} hits  median {statistics.median(times):6.1f} ms"
            f"  p90 {statistics.quantiles(times, n=10)[-1]:6.1f} ms  {len(queries)} queries"
        )
    print(f"all searches: median {statistics.median(all_times):.1f} ms over {len(all_times)} runs")


def main() -> None:
    if "--reuse" in sys.argv:
        measure()
        return
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        with contextlib.suppress(SystemExit), open(os.devnull, "w") as quiet:
            call_command("ingest", str(REUTERS), "--no-progress", stdout=quiet)
        print(f"ingested Reuters in {time.perf_counter() - started:.0f} s")
        measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
