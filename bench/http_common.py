"""What the HTTP benchmarks share: the archive under gunicorn, Datasette, the searches, a client.

bench/http_speed.py and bench/load_run.py start the archive the production way (`make serve`,
see README "Running in production") on a free port of 127.0.0.1 with a benchmark secret key,
plain HTTP, `DATABASE_CONN_MAX_AGE=60` and `ARCHIVE_SERVER_TIMING=1`, and stop its whole process
group when they end, on an error or Ctrl-C too. The searches are chosen from what the database
holds (its biggest source, most mentioned parties, commonest dateline, busiest year and month,
words picked by their match counts), so no id or slug is written here.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"
SECRET_KEY = "http-benchmark-only-" + "x" * 40
START_TIMEOUT = 600  # make serve migrates and collects static files first
STOP_TIMEOUT = 40  # gunicorn's graceful_timeout is 30 s
SERVER_TIMING = re.compile(
    r'db;dur=(?P<db>[\d.]+);desc="(?P<queries>\d+) queries".*app;dur=(?P<app>[\d.]+)'
)

# Candidates for each kind of search text, picked by how many articles match (see pick_texts).
SELECTIVE_WORDS = ["sorghum", "cocoa", "rubber", "zinc", "coffee", "volcano", "referendum"]
COMMON_WORDS = ["said", "the", "and"]
PHRASES = ['"interest rates"', '"central bank"', '"prime minister"', '"last year"']
OR_SEARCHES = ["grain OR wheat", "oil OR gas", "election OR vote", "police OR court"]
EXCLUSIONS = ["oil -crude", "bank -central", "government -minister", "said -year"]
PREFIXES = ["export*", "bank*", "elect*", "gov*"]
TITLE_WORDS = ["title:profit", "title:minister", "title:oil", "title:says"]
SELECTIVE_AT_LEAST = 20
COUNT_CAP = 10_001
NEWEST_SAMPLE = 20_000  # newest articles read for the busiest year, month and dateline


# The server processes ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def archive_environment(database_url: str) -> dict[str, str]:
    """Return the environment the archive is served with (README, "Running in production")."""
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)  # make serve sets it to 0 anyway
    env.update(
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=HOST,
        ARCHIVE_HTTPS="0",  # plain HTTP on the loopback
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        ARCHIVE_SERVER_TIMING="1",
    )
    return env


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_until_ready(self, path: str, timeout: float = START_TIMEOUT) -> float:
        """Return the seconds until GET path answers 200; raise if the server dies or never does."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with status {self.process.returncode} before answering; "
                    f"its log ({self.log}) ends:\n{self.log_tail()}"
                )
            try:
                reply = Client(self.port, timeout=30).get(path)
                if reply.status == 200:
                    return time.monotonic() - started
            except (OSError, http.client.HTTPException):
                pass  # not listening yet
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer {path} within {timeout:.0f} s ({self.log})")

    def stop(self) -> None:
        """TERM the server's whole process group (make, gunicorn and its workers), wait until
        every process of it has gone, and KILL what is left after STOP_TIMEOUT."""
        group = self.process.pid  # the server was started in a session of its own
        signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while group_alive(group) and time.monotonic() < deadline:
            self.process.poll()  # reap make, so that it does not linger as a zombie
            time.sleep(0.2)
        if group_alive(group):
            signal_group(group, signal.SIGKILL)
        self.process.wait()


def signal_group(group: int, signal_number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal_number)


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@contextmanager
def serving(name: str, command: list[str], env: dict, log: Path, ready_path: str, port: int):
    """Run a server in a process group of its own while the block runs; stop it however it ends."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, process, log)
    try:
        seconds = server.wait_until_ready(ready_path)
        print(f"{name} answers on http://{HOST}:{port}/ after {seconds:.1f} s (log: {log})")
        yield server
    finally:
        server.stop()


@contextmanager
def archive_server(database_url: str, log_dir: Path) -> Iterator[Server]:
    """Serve the archive as README says for production: `make serve HOST=127.0.0.1:PORT`."""
    port = free_port()
    command = ["make", "--no-print-directory", "serve", f"HOST={HOST}:{port}"]
    env = archive_environment(database_url)
    with serving(
        "archive (make serve)", command, env, log_dir / "archive.log", "/api/v1/openapi.json", port
    ) as server:
        yield server


def stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so that the servers are stopped on the way out."""

    def interrupt(signal_number, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


# The HTTP client --------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: bytes
    milliseconds: float
    server_timing: str | None

    def timing(self) -> Timing | None:
        return parse_server_timing(self.server_timing)


@dataclass(frozen=True)
class Timing:
    """What the archive's Server-Timing header says: database time and queries, view time."""

    db_ms: float
    queries: int
    app_ms: float


def parse_server_timing(value: str | None) -> Timing | None:
    match = SERVER_TIMING.search(value or "")
    if not match:
        return None
    return Timing(float(match["db"]), int(match["queries"]), float(match["app"]))


STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Client:
    """GET requests over one keep-alive connection to 127.0.0.1, timed from send to last byte.

    A kept-alive connection the server has closed meanwhile (gunicorn recycles its workers) is
    reopened and the request sent again once, as browsers do; `reconnects` counts those.
    """

    def __init__(self, port: int, timeout: float = 120) -> None:
        self.port = port
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def get(self, path: str) -> Reply:
        started = time.perf_counter()
        for attempt in (1, 2):
            reused = self.connection is not None and self.connection.sock is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                self.connection.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = self.connection.getresponse()
                body = response.read()
            except STALE_CONNECTION:
                self.close()
                if not reused or attempt == 2:
                    raise
                self.reconnects += 1
                continue
            except BaseException:
                self.close()
                raise
            milliseconds = (time.perf_counter() - started) * 1000
            if response.will_close:
                self.close()
            return Reply(response.status, body, milliseconds, response.getheader("Server-Timing"))
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def percentile(values: list[float], percent: float) -> float:
    """Return the nearest-rank percentile: the smallest value with `percent`% at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


# Django in this process: picking the searches, machine facts, EXPLAIN ----------------------------


def setup_django(database_url: str) -> None:
    """Set Django up in this process on the benchmarked database, as the server has it."""
    os.environ.update(archive_environment(database_url))
    os.environ["DJANGO_ALLOWED_HOSTS"] = f"{HOST},testserver"  # the test client's host too
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass(frozen=True)
class Pick:
    """A source or party the searches filter on: its slug for the archive, id for Datasette."""

    slug: str
    id: int
    name: str


@dataclass(frozen=True)
class Search:
    """One search, with its class (what the targets are judged by) and a short name."""

    kind: str
    name: str
    q: str = ""
    fts: str = ""  # q in FTS5 syntax, as the archive compiles it on SQLite (for Datasette)
    sources: tuple[Pick, ...] = ()
    parties: tuple[Pick, ...] = ()
    start: date | None = None
    end: date | None = None
    place: str = ""
    sort: str = ""
    page: int = 1

    @property
    def relevance(self) -> bool:
        """Return whether the archive ranks this search (the default order with words)."""
        return bool(self.q) and self.sort not in ("newest", "oldest")

    def params(self) -> list[tuple[str, str]]:
        params = [("q", self.q)] if self.q else []
        params += [("source", source.slug) for source in self.sources]
        params += [("party", party.slug) for party in self.parties]
        if self.start:
            params.append(("from", self.start.isoformat()))
        if self.end:
            params.append(("to", self.end.isoformat()))
        if self.place:
            params.append(("place", self.place))
        if self.sort:
            params.append(("sort", self.sort))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params

    def page_path(self) -> str:
        return with_query("/search/", self.params())

    def api_path(self) -> str:
        return with_query("/api/v1/articles", self.params())


def with_query(path: str, params: list[tuple[str, str]]) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


@dataclass
class Holdings:
    """What the archive holds that the searches are built from."""

    articles: int
    source: Pick
    countries: list[Pick]
    person: Pick | None
    place: str
    year: tuple[date, date]
    month: tuple[date, date]
    texts: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def read_holdings() -> Holdings:
    """Return the biggest source, top parties, commonest dateline, busiest year and month."""
    from django.db.models import Count

    from archive.models import Article, Party, Source

    top = Article.objects.values("source").annotate(n=Count("id")).order_by("-n")
    source_id = next(row["source"] for row in top if row["source"] is not None)
    source = Source.objects.get(pk=source_id)
    newest = list(
        Article.objects.exclude(published_at=None)
        .order_by("-published_at")
        .values_list("published_at", "dateline")[:NEWEST_SAMPLE]
    )
    years = Counter(moment.year for moment, _ in newest)
    months = Counter((moment.year, moment.month) for moment, _ in newest)
    year = years.most_common(1)[0][0]
    month_year, month = months.most_common(1)[0][0]
    month_end = (date(month_year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    places = Counter(place for _, place in newest if place)
    holdings = Holdings(
        articles=Article.objects.count(),
        source=Pick(source.slug, source.pk, source.name),
        countries=top_parties(Party.Kind.COUNTRY, 2),
        person=next(iter(top_parties(Party.Kind.PERSON, 1)), None),
        place=places.most_common(1)[0][0] if places else "",
        year=(date(year, 1, 1), date(year, 12, 31)),
        month=(date(month_year, month, 1), month_end),
    )
    pick_texts(holdings)
    return holdings


def top_parties(kind: str, count: int) -> list[Pick]:
    """Return the parties of a kind that the most articles mention."""
    from django.db.models import Count

    from archive.models import Mention

    rows = (
        Mention.objects.filter(party__kind=kind)
        .values("party", "party__slug", "party__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:count]
    )
    return [Pick(row["party__slug"], row["party"], row["party__name"]) for row in rows]


def match_count(text: str) -> int:
    """Return how many articles match a search text, counting no further than COUNT_CAP."""
    from archive.models import Article
    from archive.search import matching, parse_query

    return matching(Article.objects.all(), parse_query(text)).order_by()[:COUNT_CAP].count()


def pick_texts(holdings: Holdings) -> None:
    """Choose each kind of search text among its candidates by match count.

    The selective word is the rarest candidate that matches SELECTIVE_AT_LEAST articles, the
    common word the most frequent; the others are the first candidate that matches.
    """
    choices = {
        "selective word": (SELECTIVE_WORDS, "rarest"),
        "common word": (COMMON_WORDS, "commonest"),
        "phrase": (PHRASES, "first"),
        "OR": (OR_SEARCHES, "first"),
        "exclusion": (EXCLUSIONS, "first"),
        "prefix": (PREFIXES, "first"),
        "title word": (TITLE_WORDS, "first"),
    }
    for kind, (candidates, rule) in choices.items():
        counts = {}
        for text in candidates:
            counts[text] = match_count(text)
            if rule == "first" and counts[text]:
                break
        found = [text for text in counts if counts[text]] or list(counts)
        if rule == "rarest":
            found = [text for text in found if counts[text] >= SELECTIVE_AT_LEAST] or found
            text = min(found, key=counts.get)
        elif rule == "commonest":
            text = max(found, key=counts.get)
        else:
            text = found[0]
        holdings.texts[kind], holdings.counts[kind] = text, counts[text]


def build_searches(holdings: Holdings) -> list[Search]:
    """Return the fixed list: each text kind alone and with a year, source or party; a party
    alone, two parties, browsing, page 1, page 2 and 400, relevance and date order."""
    from archive.search import parse_query
    from archive.search.sqlite import compile_query

    text = {
        kind: {"q": q, "fts": compile_query(parse_query(q))} for kind, q in holdings.texts.items()
    }
    source, year, month = (holdings.source,), holdings.year, holdings.month
    in_year, in_month = {"start": year[0], "end": year[1]}, {"start": month[0], "end": month[1]}
    country, two = tuple(holdings.countries[:1]), tuple(holdings.countries[:2])
    common = holdings.texts["common word"]
    searches = []
    for kind in ("selective word", "common word", "phrase", "OR", "exclusion", "prefix"):
        q = holdings.texts[kind]
        searches += [
            Search(kind, q, **text[kind]),
            Search(kind, f"{q} + year", **text[kind], **in_year),
            Search(kind, f"{q} + source", **text[kind], sources=source),
            Search(kind, f"{q} + party", **text[kind], parties=country),
        ]
    searches.append(
        Search(
            "title word",
            f"{holdings.texts['title word']} + month",
            **text["title word"],
            **in_month,
        )
    )
    searches.append(Search("party only", "country", parties=country))
    if holdings.person:
        searches.append(Search("party only", "person", parties=(holdings.person,)))
    if len(two) == 2:
        searches.append(Search("two parties", "two countries", parties=two))
        searches.append(Search("two parties", "two countries + month", parties=two, **in_month))
    searches.append(Search("browse", "everything (no parameters)"))
    searches.append(Search("browse", "source + month", sources=source, **in_month))
    if holdings.place:
        searches.append(Search("browse", "place + year", place=holdings.place, **in_year))
    return searches + [
        Search("page 1", "newest, page 1", sort="newest"),
        Search("page 1", f"{common}, page 1 (relevance)", **text["common word"]),
        Search("page 400", "newest, page 400", sort="newest", page=400),
        Search("page 400", "oldest, page 400", sort="oldest", page=400),
        Search(
            "page 400", f"{common} newest, page 400", **text["common word"], sort="newest", page=400
        ),
        Search("page 2", f"{common}, page 2 (relevance)", **text["common word"], page=2),
        Search("date order", f"{common}, newest", **text["common word"], sort="newest"),
        Search(
            "date order", f"{holdings.texts['phrase']}, oldest", **text["phrase"], sort="oldest"
        ),
        Search(
            "date order",
            f"{holdings.texts['selective word']} + source, newest",
            **text["selective word"],
            sources=source,
            sort="newest",
        ),
    ]


def describe_holdings(holdings: Holdings) -> list[str]:
    lines = [
        f"{holdings.articles:,} articles; "
        f"biggest source {holdings.source.slug} (id {holdings.source.id})",
        "parties: countries "
        + ", ".join(f"{p.slug} (id {p.id})" for p in holdings.countries)
        + (f"; person {holdings.person.slug} (id {holdings.person.id})" if holdings.person else ""),
        f"dateline {holdings.place!r}; year {holdings.year[0]} to {holdings.year[1]}; "
        f"month {holdings.month[0]} to {holdings.month[1]}",
        "texts: "
        + "; ".join(
            f"{kind} {text} ({format_count(holdings.counts[kind])})"
            for kind, text in holdings.texts.items()
        ),
    ]
    return lines


def format_count(count: int) -> str:
    return f"{COUNT_CAP - 1:,}+" if count >= COUNT_CAP else f"{count:,}"


def machine_facts(database_url: str) -> list[str]:
    """Return the machine, software and database facts a figure needs beside it."""
    import sqlite3

    import django
    from django.db import connection

    facts = [
        f"machine: {os.cpu_count()} cores, {memory_gib():.1f} GiB RAM, {cpu_model()}",
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {package_version('gunicorn')}, psycopg {package_version('psycopg')}",
    ]
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        sizes = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        facts.append(
            f"SQLite {sqlite3.sqlite_version}, {path} and its WAL: {sizes / 2**30:.2f} GiB"
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        facts.append(
            f"PostgreSQL {version}, "
            f"database {connection.settings_dict['NAME']}: {size / 2**30:.2f} GiB"
        )
    facts.append(
        f"GUNICORN_CMD_ARGS={os.environ.get('GUNICORN_CMD_ARGS', '')!r} over gunicorn.conf.py"
    )
    return facts


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"
