"""Measure how fast party decisions re-apply to a whole archive: articles per second.

Usage (from the project root):
    .venv/bin/python bench/reapply_rate.py                 # a fresh SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/reapply_rate.py
Like bench/ingest_rate.py it works in a throwaway test_<name> database, dropped at the end. It
ingests the Reuters JSON Lines, then re-applies three times: with no decision taken (every
article is read and matched, none is written), after blocking the most mentioned discovered
party's name, and after merging the two most mentioned discovered people and adding an alias
(articles change and their mentions are rewritten).
"""

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    REUTERS,  # noqa: E402
    setup_django,
    throwaway_database,
)

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from archive.curation import merge_parties, reapply_parties  # noqa: E402
from archive.models import Article, BlockedName, Mention, Party, PartyAlias  # noqa: E402


def main() -> None:
    with throwaway_database():
        measure()


def report(label: str, result) -> None:
    rate = result.articles / result.seconds
    print(f"  {label}: {result.seconds:.1f} s = {rate:.0f} articles/s; {result}")


def measure() -> None:
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    try:
        call_command(
            "ingest", str(REUTERS), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO()
        )
    except SystemExit as exit:
        print(f"  (ingest exited with {exit.code})")
    print(
        f"ingested {Article.objects.count()} articles in {time.perf_counter() - started:.1f} s:"
        f" {Party.objects.count()} parties, {Mention.objects.count()} mentions"
    )
    report("nothing decided", reapply_parties())

    queue = Party.objects.awaiting_review().with_mention_counts().order_by("-mention_total")
    top = queue.first()
    BlockedName.objects.create(name=top.name)
    report(f"after blocking {top.name!r} ({top.mention_total} mentions)", reapply_parties())

    people = list(queue.filter(kind=Party.Kind.PERSON)[:2])
    merge_parties(people[0], people[1:])
    PartyAlias.objects.create(party=people[0], name="Reuters")
    report(f"after merging {people[1]} into {people[0]} and an alias", reapply_parties())


if __name__ == "__main__":
    main()
