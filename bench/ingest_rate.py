"""Measure ingestion speed: articles per second on the BBC folder and the Reuters JSON Lines.

Usage (from the project root):
    .venv/bin/python bench/ingest_rate.py                  # a fresh SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/ingest_rate.py
It works in a throwaway database created beside the one named (test_<name>, as the test suite
does) and dropped at the end, so it never touches real data. Each corpus is ingested into empty
tables, parsed once more without storing (--dry-run) to show how much of the time is parsing,
and ingested again to show the cost of input the archive has already. Ingest runs with
--defer-discovery (the dictionary layer only); the statistical layer's second pass,
`discover_parties`, is timed on a sample, and BBC is also ingested with spaCy inline.
"""

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import CORPORA, REUTERS, setup_django, throwaway_database  # noqa: E402

setup_django()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from archive.models import Article, RawDocument  # noqa: E402

CORPUS_PATHS = {
    "BBC News (2,225 .txt files)": sorted(
        p for p in (CORPORA / "bbc-news").iterdir() if p.is_dir()
    ),
    "Reuters-21578 (19,043 JSON records)": [REUTERS],
}


DISCOVER_SAMPLE = 2000


def timed_ingest(paths: list[Path], *options: str) -> float:
    started = time.perf_counter()
    try:
        call_command(
            "ingest",
            *map(str, paths),
            "--no-progress",
            *options,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    except SystemExit as exit:
        print(f"  (ingest exited with {exit.code})")
    return time.perf_counter() - started


def main() -> None:
    with throwaway_database():
        measure()


def measure() -> None:
    print(f"database: {connection.vendor}, statistical layer: {settings.ARCHIVE_NER_MODEL!r}")
    for name, paths in CORPUS_PATHS.items():
        call_command("flush", interactive=False, verbosity=0)
        seconds = timed_ingest(paths, "--defer-discovery")
        documents = RawDocument.objects.count()
        articles = Article.objects.count()
        failed = RawDocument.objects.failed().count()
        parse_seconds = timed_ingest(paths, "--dry-run")
        print(
            f"{name}: {documents} documents -> {articles} articles, {failed} failed;"
            f" ingest (--defer-discovery) {seconds:.1f} s = {documents / seconds:.0f} documents/s;"
            f" parse only, both layers {parse_seconds:.1f} s"
            f" = {documents / parse_seconds:.0f} documents/s"
        )
        seconds_again = timed_ingest(paths)
        print(f"  the same input again (nothing new): {seconds_again:.1f} s")
        if settings.ARCHIVE_NER_MODEL:
            started = time.perf_counter()
            call_command(
                "discover_parties",
                "--limit",
                str(DISCOVER_SAMPLE),
                "--no-progress",
                stdout=io.StringIO(),
            )
            discover_seconds = time.perf_counter() - started
            read = min(DISCOVER_SAMPLE, articles)
            print(
                f"  discover_parties (second pass, spaCy) on {read} articles:"
                f" {discover_seconds:.1f} s = {read / discover_seconds:.0f} articles/s"
            )
    if settings.ARCHIVE_NER_MODEL:
        call_command("flush", interactive=False, verbosity=0)
        paths = CORPUS_PATHS["BBC News (2,225 .txt files)"]
        seconds = timed_ingest(paths)
        documents = RawDocument.objects.count()
        print(
            f"BBC with the statistical layer inline: {seconds:.1f} s"
            f" = {documents / seconds:.0f} documents/s"
        )


if __name__ == "__main__":
    main()
