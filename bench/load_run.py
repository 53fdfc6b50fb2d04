"""Load run: concurrent readers search the archive over HTTP while an ingest adds articles.

Usage (from the project root):
    .venv/bin/python bench/load_run.py sqlite:////work/million/archive.sqlite3
    .venv/bin/python bench/load_run.py postgres://postgres@127.0.0.1:5432/million
    .venv/bin/python bench/load_run.py --seconds 30 --readers 8 --ingest-count 1000 DATABASE_URL

The archive is served as bench/http_speed.py serves it (`make serve` on 127.0.0.1, see
bench/http_common.py). READERS threads, each with a keep-alive connection, request the searches
of bench/http_speed.py in turn, /search/ pages and /api/v1/articles answers mixed, for SECONDS
after one warm-up pass. Meanwhile `manage.py ingest --no-progress` (ARCHIVE_NER_MODEL empty, as
the million-article build ingests) stores INGEST_COUNT new articles written to a temporary JSON
Lines file: each the title of a Reuters-21578 story over its paragraphs and another story's,
shuffled, with a random date in the archive's span and one of its sources, so that none is a
duplicate. The readers stop at SECONDS even if the ingest goes on; the run then waits for the
ingest and says it ran past them.

It prints the requests, throughput, p50/p95/p99 latency (nearest-rank) overall, per endpoint and
while or after ingesting, every error (any answer but 200, any exception; the target is none),
the ingest's time, rate and summary, and the article count before and after: the database keeps
the new articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import REUTERS  # noqa: E402
from bench.http_common import (  # noqa: E402
    PYTHON,
    ROOT,
    Client,
    archive_environment,
    archive_server,
    build_searches,
    describe_holdings,
    machine_facts,
    percentile,
    read_holdings,
    setup_django,
    stop_on_sigterm,
)

SECONDS = 120
READERS = 32
INGEST_COUNT = 10_000
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n\s{2,}")
SIGN_OFF = re.compile(r"\s*\bReuter\s*(&#3;)?\s*$")


@dataclass(frozen=True)
class Outcome:
    started: float  # seconds after the readers started
    kind: str  # "/search/" or "API"
    milliseconds: float
    result: str  # "200", "HTTP 500", or an exception's name
    app_milliseconds: float | None = None  # the view's own time, from Server-Timing


@dataclass
class Ingest:
    process: subprocess.Popen
    output: Path
    started: float
    finished: float | None = None
    lines: list[str] = field(default_factory=list)


def main() -> None:
    options = parse_arguments()
    stop_on_sigterm()
    work = Path(tempfile.mkdtemp(prefix="load-run-"))
    with archive_server(options.database_url, work) as server:
        setup_django(options.database_url)
        for line in machine_facts(options.database_url):
            print(line)
        holdings = read_holdings()
        for line in describe_holdings(holdings):
            print(f"  {line}")
        targets = [
            (kind, path)
            for search in build_searches(holdings)
            for kind, path in (("/search/", search.page_path()), ("API", search.api_path()))
        ]
        records = work / "ingest.jsonl"
        write_records(records, options.ingest_count, options.seed)
        print(f"{options.ingest_count:,} records to ingest written to {records}")
        warm_up(server.port, targets)
        before = article_count()
        outcomes, reconnects, ingest, elapsed = run(server.port, targets, records, options)
        after = article_count()
    report(outcomes, reconnects, ingest, elapsed, before, after, options)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database_url", help="sqlite:////path/archive.sqlite3 or postgres://...")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="how long readers read")
    parser.add_argument("--readers", type=int, default=READERS, help="concurrent readers")
    parser.add_argument("--ingest-count", type=int, default=INGEST_COUNT, help="articles added")
    parser.add_argument("--seed", type=int, default=None, help="for the ingested records")
    return parser.parse_args()


def article_count() -> int:
    from archive.models import Article

    return Article.objects.count()


def write_records(path: Path, count: int, seed: int | None) -> None:
    """Write `count` new JSON records made from Reuters stories, in the archive's span."""
    from django.db.models import Exists, OuterRef

    from archive.models import Article, Source

    rng = random.Random(seed)
    stories = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            paragraphs = story_paragraphs(record.get("body") or "")
            if record.get("title") and len(paragraphs) >= 2:
                stories.append((record, paragraphs))
    holding = Exists(Article.objects.filter(source=OuterRef("pk")))
    sources = list(Source.objects.filter(holding).values_list("name", flat=True))
    first, last = Article.objects.publication_span()
    first = first or datetime(2000, 1, 1, tzinfo=UTC)
    last = last or datetime.now(UTC)
    with open(path, "w", encoding="utf-8") as output:
        for _ in range(count):
            (record, paragraphs), (_, others) = rng.sample(stories, 2)
            body = paragraphs + others
            rng.shuffle(body)
            moment = first + (last - first) * rng.random()
            new = {
                "title": record["title"],
                "body": "\n\n".join(body),
                "date": moment.replace(microsecond=0).isoformat(),
                "source": rng.choice(sources) if sources else "Reuters",
                "dateline": record.get("dateline") or "",
                "author": record.get("author") or "",
            }
            output.write(json.dumps(new) + "\n")


def story_paragraphs(body: str) -> list[str]:
    """Return a wire story's paragraphs without its sign-off."""
    paragraphs = [part.strip() for part in PARAGRAPH_BREAK.split(SIGN_OFF.sub("", body))]
    return [part for part in paragraphs if part]


def warm_up(port: int, targets: list[tuple[str, str]]) -> None:
    """Request every target once, so that no reader pays for a cold first request."""
    client = Client(port)
    started = time.monotonic()
    failures = Counter()
    for _, path in targets:
        reply = client.get(path)
        if reply.status != 200:
            failures[f"HTTP {reply.status} {path}"] += 1
    client.close()
    print(f"warm-up: {len(targets)} requests in {time.monotonic() - started:.1f} s")
    for failure, count in failures.items():
        print(f"  WARM-UP ERROR {failure} x{count}")


def run(port: int, targets: list[tuple[str, str]], records: Path, options) -> tuple:
    """Start the ingest and the readers together; return the readers' outcomes and the ingest."""
    print(
        f"{options.readers} readers for {options.seconds:.0f} s, ingesting alongside ...",
        flush=True,
    )
    started = time.monotonic()
    ingest = start_ingest(options.database_url, records, started)
    deadline = started + options.seconds
    readers = [
        Reader(port, targets, index * len(targets) // options.readers)
        for index in range(options.readers)
    ]
    threads = [
        threading.Thread(target=reader.read, args=(started, deadline), daemon=True)
        for reader in readers
    ]
    for thread in threads:
        thread.start()
    try:
        while any(thread.is_alive() for thread in threads):
            poll_ingest(ingest)
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        if ingest.process.poll() is None:
            print(f"the readers stopped at {elapsed:.0f} s; the ingest runs on: waiting for it")
        ingest.process.wait()
        poll_ingest(ingest)
    except BaseException:
        ingest.process.terminate()  # an interrupted ingest is marked so by the next one
        ingest.process.wait()
        raise
    outcomes = [outcome for reader in readers for outcome in reader.outcomes]
    return outcomes, sum(reader.reconnects for reader in readers), ingest, elapsed


def start_ingest(database_url: str, records: Path, started: float) -> Ingest:
    env = archive_environment(database_url)
    env["ARCHIVE_NER_MODEL"] = ""  # the dictionary layer alone, as the million build ingests
    output = records.with_suffix(".log")
    with open(output, "wb") as log:
        process = subprocess.Popen(
            [str(PYTHON), "manage.py", "ingest", "--no-progress", str(records)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Ingest(process, output, started)


def poll_ingest(ingest: Ingest) -> None:
    if ingest.finished is None and ingest.process.poll() is not None:
        ingest.finished = time.monotonic()
        ingest.lines = ingest.output.read_text(errors="replace").splitlines()


@dataclass
class Reader:
    """One reader: a keep-alive connection requesting the targets in turn from its own place."""

    port: int
    targets: list[tuple[str, str]]
    position: int
    outcomes: list[Outcome] = field(default_factory=list)
    reconnects: int = 0

    def read(self, started: float, deadline: float) -> None:
        client = Client(self.port)
        while (now := time.monotonic()) < deadline:
            kind, path = self.targets[self.position % len(self.targets)]
            self.position += 1
            try:
                reply = client.get(path)
            except Exception as error:  # every failure is an error to count; none stops reading
                milliseconds = (time.monotonic() - now) * 1000
                self.outcomes.append(
                    Outcome(now - started, kind, milliseconds, type(error).__name__)
                )
                continue
            result = "200" if reply.status == 200 else f"HTTP {reply.status}"
            timing = reply.timing()
            self.outcomes.append(
                Outcome(
                    now - started,
                    kind,
                    reply.milliseconds,
                    result,
                    timing.app_ms if timing else None,
                )
            )
        client.close()
        self.reconnects = client.reconnects


def report(outcomes, reconnects, ingest: Ingest, elapsed: float, before, after, options) -> None:
    errors = Counter(f"{o.kind} {o.result}" for o in outcomes if o.result != "200")
    ingest_seconds = ingest.finished - ingest.started
    print(f"\nload run: {options.readers} readers for {options.seconds:.0f} s on 127.0.0.1")
    print(
        f"requests: {len(outcomes):,} in {elapsed:.1f} s = {len(outcomes) / elapsed:.1f}/s; "
        f"errors: {sum(errors.values())} (target 0); kept-alive connections reopened: {reconnects}"
    )
    for error, count in errors.most_common():
        print(f"  ERROR {error} x{count}")
    print("latency in ms at the client (nearest-rank); `view` is what the archive says its view")
    print("took (Server-Timing app, p50 / p95, '?' without it): the rest is queueing for a thread")
    columns = ["requests", "p50", "p95", "p99", "max"]
    print(
        f"  {'':26} {columns[0]:>9} "
        + " ".join(f"{c:>7}" for c in columns[1:])
        + "    view p50/p95"
    )
    ingesting = [o for o in outcomes if o.started < ingest_seconds]
    groups = [
        ("all", outcomes),
        ("/search/", [o for o in outcomes if o.kind == "/search/"]),
        ("API", [o for o in outcomes if o.kind == "API"]),
        ("while ingesting", ingesting),
        ("after the ingest", [o for o in outcomes if o.started >= ingest_seconds]),
    ]
    for name, group in groups:
        times = [o.milliseconds for o in group]
        if times:
            figures = [percentile(times, p) for p in (50, 95, 99, 100)]
            views = [o.app_milliseconds for o in group if o.app_milliseconds is not None]
            view = f"{percentile(views, 50):.0f} / {percentile(views, 95):.0f}" if views else "?"
            print(
                f"  {name:26} {len(times):>9,} "
                + " ".join(f"{v:7.0f}" for v in figures)
                + f"  {view:>14}"
            )
    rate = options.ingest_count / ingest_seconds
    when = "after" if ingest_seconds > elapsed else "within"
    print(
        f"ingest: {options.ingest_count:,} records in {ingest_seconds:.1f} s ({rate:.0f}/s), "
        f"exit status {ingest.process.returncode}, ended {when} the readers' {elapsed:.0f} s"
    )
    for line in ingest.lines[-3:]:
        print(f"  | {line}")
    print(
        f"articles: {before:,} before, {after:,} after ({after - before:+,}); "
        "the database keeps the new ones"
    )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; the servers it started are stopped")
