"""Time searches over HTTP: the archive under gunicorn, beside Datasette on the same SQLite file.

Usage (from the project root):
    .venv/bin/python bench/http_speed.py sqlite:////work/million/archive.sqlite3
    .venv/bin/python bench/http_speed.py postgres://postgres@127.0.0.1:5432/million
    .venv/bin/python bench/http_speed.py --rounds 3 --explain sqlite:////path/to/archive.sqlite3
    .venv/bin/python bench/http_speed.py --no-datasette --datasette-venv DIR DATABASE_URL
    .venv/bin/python bench/http_speed.py --cache warm DATABASE_URL   # repeated searches, cached

The archive is started as README's "Running in production" says (`make serve` on a free port of
127.0.0.1, plain HTTP, DATABASE_CONN_MAX_AGE=60, ARCHIVE_SERVER_TIMING=1; gunicorn.conf.py's 3
workers x 4 threads, or GUNICORN_CMD_ARGS). On SQLite, Datasette serves the same file from a
venv of its own (created on first use under ~/.cache/news-archive-bench/datasette, or
--datasette-venv) with the archive's FTS5 table as its `fts_table`.

About 40 searches are picked from what the database holds (bench/http_common.py says how): each
kind of search text alone and with a year, the biggest source or the most mentioned country;
parties alone, two parties, browsing, page 1 and page 400, relevance and date order. Each is a
GET of /search/ and of /api/v1/articles with the same parameters and, where Datasette can ask the
same question (its table JSON with _search in raw FTS5 mode, the same filters, _where for
parties, facets on source, dateline and day), a GET of Datasette, interleaved: one warm-up round,
then --rounds rounds (7 by default). Percentiles are nearest-rank (p95 of 7 runs is the slowest).
Datasette's count (filtered_table_rows_count) and its source and dateline facets are checked
against the archive's wherever the archive's count is exact (not past ARCHIVE_SEARCH_LIMIT).
Queries per request come from the Server-Timing header ("?" when the archive does not send it).

The archive keeps search work in a cache until its next write (archive/search/cache.py). By
default (--cache cold) this script raises the archive's version before every archive request,
outside the timing, as any write would: each answer is computed, which is what the targets and
the comparison with Datasette (which caches no answers) are about. --cache warm leaves the cache
alone, so that after the warm-up every answer is a repeated search's. The version is the only
thing this script writes; on SQLite that write also empties each connection's page cache, the
archive's and Datasette's alike, as any write does.

--explain then prints the plan of the slowest SQL statement of four requests, captured in this
process: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.http_common import (  # noqa: E402
    HOST,
    Client,
    Search,
    Server,
    Timing,
    archive_server,
    build_searches,
    describe_holdings,
    free_port,
    machine_facts,
    percentile,
    read_holdings,
    serving,
    setup_django,
    stop_on_sigterm,
    with_query,
)

ROUNDS = 7
TARGET_P50_MS = 50
TARGET_P95_MS = 150
TARGET_RATIO = 10
EXPLAINED = ["common word", "party only", "two parties", "page 400"]
TIMED_LABELS = [("page", "/search/"), ("api", "/api/v1/articles")]
DATASETTE_VENV = Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "news-archive-bench", "datasette"
)
# A request runs its query, count and three facets, each with up to sql_time_limit_ms.
DATASETTE_TIMEOUT = 300
DATASETTE_REQUIREMENT = "datasette>=0.64,<1.0"  # 1.0 reshapes the table JSON
# Enough time for Datasette to answer at all on a large table (its defaults: 1 s and 200 ms).
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": "30000",
    "facet_time_limit_ms": "30000",
    "suggest_facets": "off",  # the archive suggests nothing either; this only spares Datasette
    "default_page_size": "25",
}
# What a Datasette row holds: the columns an archive result shows (no body, no segments).
DATASETTE_COLUMNS = ["title", "summary", "source_id", "published_at", "dateline"]


@dataclass
class Endpoint:
    """One URL of one search: its times, what Server-Timing said, and its first answer."""

    path: str | None
    times: list[float] = field(default_factory=list)
    timings: list[Timing | None] = field(default_factory=list)
    size: int | None = None
    answer: dict | None = None
    errors: list[str] = field(default_factory=list)

    def p50(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def p95(self) -> float | None:
        return percentile(self.times, 95) if self.times else None

    def query_count(self) -> str:
        """Return the queries per request ("?" without Server-Timing, "a-b" when it varied)."""
        counts = {timing.queries if timing else None for timing in self.timings}
        if not counts or None in counts:
            return "?"
        return str(min(counts)) if len(counts) == 1 else f"{min(counts)}-{max(counts)}"

    def server_ms(self, part: str) -> float | None:
        """Return the median database ("db_ms") or view ("app_ms") time the server reported."""
        values = [getattr(timing, part) for timing in self.timings if timing]
        return statistics.median(values) if values else None


@dataclass
class Measured:
    search: Search
    page: Endpoint
    api: Endpoint
    datasette: Endpoint
    check: str = ""
    check_ok: bool | None = None  # None when the counts could not be compared

    def endpoints(self) -> list[tuple[str, Endpoint]]:
        named = [("page", self.page), ("api", self.api), ("datasette", self.datasette)]
        return [(name, endpoint) for name, endpoint in named if endpoint.path]


def main() -> None:
    options = parse_arguments()
    stop_on_sigterm()
    sqlite = options.database_url.startswith("sqlite:")
    if sqlite and not sqlite_path(options.database_url).is_file():
        sys.exit(f"No SQLite archive at {sqlite_path(options.database_url)}")
    log_dir = Path(tempfile.mkdtemp(prefix="http-speed-"))
    with ExitStack() as servers:
        archive = servers.enter_context(archive_server(options.database_url, log_dir))
        setup_django(options.database_url)
        for line in machine_facts(options.database_url):
            print(line)
        started = time.monotonic()
        holdings = read_holdings()
        print(f"searches picked in {time.monotonic() - started:.1f} s from what the archive holds:")
        for line in describe_holdings(holdings):
            print(f"  {line}")
        searches = build_searches(holdings)
        datasette = None
        if sqlite and not options.no_datasette:
            datasette = servers.enter_context(
                datasette_server(sqlite_path(options.database_url), options.datasette_venv, log_dir)
            )
            print(f"  Datasette rows hold {', '.join(DATASETTE_COLUMNS)}; 25 a page")
        database = sqlite_path(options.database_url).stem if datasette else ""
        measured = [
            Measured(
                search,
                Endpoint(search.page_path()),
                Endpoint(search.api_path()),
                Endpoint(datasette_path(search, database) if datasette else None),
            )
            for search in searches
        ]
        measure(measured, archive.port, datasette.port if datasette else None, options)
    for each in measured:
        check_datasette(each)
    report(measured, options, datasette is not None)
    if options.explain:
        explain(searches)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database_url", help="sqlite:////path/archive.sqlite3 or postgres://...")
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="timed rounds after a warm-up (0: none)"
    )
    parser.add_argument("--no-datasette", action="store_true", help="time the archive alone")
    parser.add_argument(
        "--datasette-venv", type=Path, default=DATASETTE_VENV, help="where Datasette is installed"
    )
    parser.add_argument(
        "--cache",
        choices=["cold", "warm"],
        default="cold",
        help="cold: the archive computes every answer (its version is raised before each "
        "request); warm: repeated searches are answered from its cache",
    )
    parser.add_argument("--explain", action="store_true", help="print the slowest SQL's plan")
    return parser.parse_args()


def sqlite_path(database_url: str) -> Path:
    import dj_database_url

    return Path(dj_database_url.parse(database_url)["NAME"])


def ensure_datasette(venv: Path) -> Path:
    """Return the datasette command of its own venv, creating the venv on first use."""
    command = venv / "bin" / "datasette"
    if not command.exists():
        print(f"installing {DATASETTE_REQUIREMENT} into {venv} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, DATASETTE_REQUIREMENT], check=True)
    return command


def datasette_version(command: Path) -> str:
    result = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    return result.stdout.strip().rsplit(" ", 1)[-1]


def datasette_metadata(database: str) -> dict:
    """Return Datasette's metadata: the archive's FTS5 table and the sources' label column."""
    return {
        "databases": {
            database: {
                "tables": {
                    "archive_article": {"fts_table": "archive_article_fts", "fts_pk": "id"},
                    "archive_source": {"label_column": "name"},
                }
            }
        }
    }


@contextmanager
def datasette_server(sqlite_path: Path, venv: Path, log_dir: Path) -> Iterator[Server]:
    """Serve the same SQLite file with Datasette (not immutable: it may be written meanwhile)."""
    command = ensure_datasette(venv)
    metadata = log_dir / "datasette_metadata.json"
    metadata.parent.mkdir(parents=True, exist_ok=True)
    metadata.write_text(json.dumps(datasette_metadata(sqlite_path.stem), indent=2))
    port = free_port()
    arguments = [str(command), "serve", str(sqlite_path), "--host", HOST, "--port", str(port)]
    arguments += ["--metadata", str(metadata)]
    for name, value in DATASETTE_SETTINGS.items():
        arguments += ["--setting", name, value]
    print(f"datasette {datasette_version(command)}: {' '.join(arguments[1:])}")
    with serving(
        "datasette",
        arguments,
        dict(os.environ),
        log_dir / "datasette.log",
        "/-/versions.json",
        port,
    ) as server:
        yield server


def datasette_path(search: Search, database: str) -> str | None:
    """Return Datasette's table JSON for the same question, or None if it cannot ask it.

    Its table view pages by keyset only (no page 400) and cannot rank; a relevance search
    is asked in date order there (the same matches, counts and facets).
    """
    if search.page != 1:
        return None
    params = []
    if search.fts:
        params += [("_search", search.fts), ("_searchmode", "raw")]
    if search.sources:  # any of them, as the archive's source filter
        params.append(("source_id__in", ",".join(str(source.id) for source in search.sources)))
    for party in search.parties:
        where = f"id in (select article_id from archive_mention where party_id = {party.id})"
        params.append(("_where", where))
    if search.start:
        params.append(("published_at__gte", search.start.isoformat()))
    if search.end:  # the archive's `to` day is included: before the next day starts
        params.append(("published_at__lt", (search.end + timedelta(days=1)).isoformat()))
    if search.place:  # the archive's place is case-insensitive, as Django's iexact on SQLite
        params.append(
            ("_where", f"dateline LIKE {sql_string(like_pattern(search.place))} ESCAPE '\\'")
        )
    params += [("_facet", "source_id"), ("_facet", "dateline"), ("_facet_date", "published_at")]
    params += [("_col", column) for column in DATASETTE_COLUMNS]
    params += [
        ("_size", "25"),
        ("_sort" if search.sort == "oldest" else "_sort_desc", "published_at"),
    ]
    return with_query(f"/{database}/archive_article.json", params)


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def like_pattern(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def measure(measured: list[Measured], archive_port: int, datasette_port: int | None, options):
    """Request every search's page, API answer and Datasette answer in turn, round after round.

    With a cold cache the archive's version is raised before each archive request, outside
    its timing, so that the archive computes every answer (see search_cache_bump).
    """
    clients = {"page": Client(archive_port), "api": Client(archive_port)}
    if datasette_port:
        clients["datasette"] = Client(datasette_port, timeout=DATASETTE_TIMEOUT)
    bump = search_cache_bump() if options.cache == "cold" else None
    requests = sum(len(each.endpoints()) for each in measured)
    print(
        f"\n{len(measured)} searches, {requests} requests a round: "
        f"1 warm-up round, {options.rounds} timed; {describe_cache(options.cache, bump)}"
    )
    for round_number in range(options.rounds + 1):
        started = time.monotonic()
        for each in measured:
            for name, endpoint in each.endpoints():
                if bump and name != "datasette":
                    bump()
                request(
                    clients[name], endpoint, warm_up=round_number == 0, json_answer=name != "page"
                )
        label = "warm-up" if round_number == 0 else f"round {round_number} of {options.rounds}"
        print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)
    for client in clients.values():
        client.close()


def search_cache_bump() -> Callable[[], None] | None:
    """Return what makes the archive's cached search work stale (raising its version, as any
    write does), or None when this archive caches none."""
    try:
        from archive.search.cache import BUMP
    except ImportError:
        return None
    from django.db import connection

    def bump() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BUMP)

    return bump


def describe_cache(mode: str, bump) -> str:
    if mode == "warm":
        return "cache warm: after the warm-up, the archive answers from its search cache"
    if bump is None:
        return "the archive caches no search work"
    return "cache cold: the archive's version is raised before each archive request"


def request(client: Client, endpoint: Endpoint, warm_up: bool, json_answer: bool) -> None:
    try:
        reply = client.get(endpoint.path)
    except (OSError, http.client.HTTPException) as error:
        endpoint.errors.append(f"{type(error).__name__}: {error}")
        return
    if reply.status != 200:
        endpoint.errors.append(f"HTTP {reply.status}")
        return
    if warm_up:
        endpoint.size = len(reply.body)
        if json_answer:
            endpoint.answer = json.loads(reply.body)
        return
    endpoint.times.append(reply.milliseconds)
    endpoint.timings.append(reply.timing())


def check_datasette(each: Measured) -> None:
    """Compare Datasette's count and facets with the archive's, where the archive's are exact."""
    archive, datasette = each.api.answer, each.datasette.answer
    if not each.datasette.path:
        each.check = ""
        return
    if not archive or not datasette:
        each.check, each.check_ok = "no answer", False
        return
    their_count = datasette.get("filtered_table_rows_count")
    if archive["count_capped"]:
        shown = "?" if their_count is None else f"{their_count:,}"
        each.check = f"capped ({shown})"
        if their_count is not None and their_count <= archive["count"]:
            each.check, each.check_ok = f"COUNT {archive['count']:,}+ vs {shown}", False
        return
    if their_count != archive["count"]:
        each.check, each.check_ok = f"COUNT {archive['count']:,} != {their_count}", False
        return
    facets = datasette.get("facet_results", {})
    differences = facet_differences(
        {value["name"]: value["count"] for value in archive["facets"]["sources"]},
        {
            value["label"]: value["count"]
            for value in facets.get("source_id", {}).get("results", [])
        },
    ) + facet_differences(
        {value["name"]: value["count"] for value in archive["facets"]["places"]},
        {value["value"]: value["count"] for value in facets.get("dateline", {}).get("results", [])},
    )
    if datasette.get("facets_timed_out"):
        differences.append(f"facets timed out: {datasette['facets_timed_out']}")
    each.check, each.check_ok = (
        ("same", True) if not differences else ("FACETS " + "; ".join(differences), False)
    )


def facet_differences(ours: dict, theirs: dict) -> list[str]:
    """Return the values both list whose counts differ (each lists only its top values)."""
    return [
        f"{value}: {count} != {theirs[value]}"
        for value, count in ours.items()
        if value in theirs and theirs[value] != count
    ]


def report(measured: list[Measured], options, with_datasette: bool) -> None:
    print(
        f"\nms over {options.rounds} rounds (cache {options.cache}), from sending the request "
        "to reading its last byte;"
    )
    print("p50 is the median, p95 nearest-rank; q = queries per request, db and app = the")
    print("median database and view ms the archive reported (Server-Timing: db counts execute()")
    print("only, not fetching rows); DS = Datasette; x = Datasette p50 / archive p50")
    print(
        f"{'class':14} {'search':32} {'/search/':>7} {'p95':>5} {'q':>3}  {'API':>6} {'p95':>5}"
        f" {'q':>3} {'db':>5} {'app':>5}  {'DS':>6} {'p95':>6} {'x page':>6} {'x API':>5}"
        f" {'count':>8} {'KB':>9}  check"
    )
    for each in measured:
        print(row(each))
    errors = [
        f"  {each.search.kind}, {each.search.name} [{name}]: "
        + ", ".join(f"{error} x{count}" for error, count in Counter(endpoint.errors).items())
        for each in measured
        for name, endpoint in each.endpoints()
        if endpoint.errors
    ]
    if errors:
        print("\nERRORS (answers that were not 200):")
        print("\n".join(errors))
    summary = class_summary(measured)
    print_targets(measured, summary, with_datasette)


def row(each: Measured) -> str:
    page, api, datasette = each.page, each.api, each.datasette
    count = ""
    if api.answer:
        count = f"{api.answer['count']:,}{'+' if api.answer['count_capped'] else ''}"
    sizes = "/".join(
        f"{endpoint.size / 1024:.0f}" if endpoint.size else "-" for _, endpoint in each.endpoints()
    )
    return (
        f"{each.search.kind:14} {each.search.name[:32]:32} {ms(page.p50()):>7} {ms(page.p95()):>5}"
        f" {page.query_count():>3}  {ms(api.p50()):>6} {ms(api.p95()):>5} {api.query_count():>3}"
        f" {ms(api.server_ms('db_ms')):>5} {ms(api.server_ms('app_ms')):>5}"
        f"  {ms(datasette.p50()):>6} {ms(datasette.p95()):>6} {ratio(datasette, page):>6}"
        f" {ratio(datasette, api):>5} {count:>8} {sizes:>9}  {each.check}"
    )


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def ratio(datasette: Endpoint, archive: Endpoint) -> str:
    if datasette.p50() is None or not archive.p50():
        return "—"
    return f"{datasette.p50() / archive.p50():.1f}"


def class_summary(measured: list[Measured]) -> dict[str, dict[str, tuple[float, float]]]:
    """Print and return p50 and p95 per class over all the runs of its searches."""
    classes: dict[str, list[Measured]] = {}
    for each in measured:
        classes.setdefault(each.search.kind, []).append(each)
    print("\nper class, over every run of its searches: p50 / p95 ms")
    print(f"{'class':15} {'searches':>8} {'/search/':>16} {'API':>16} {'Datasette':>18}")
    summary = {}
    for kind, members in classes.items():
        figures = {}
        for name in ("page", "api", "datasette"):
            times = [t for each in members for t in getattr(each, name).times]
            if times:
                figures[name] = (statistics.median(times), percentile(times, 95))
        summary[kind] = figures
        cells = [
            f"{ms(figures[name][0])} / {ms(figures[name][1])}" if name in figures else "—"
            for name in ("page", "api", "datasette")
        ]
        print(f"{kind:15} {len(members):>8} {cells[0]:>16} {cells[1]:>16} {cells[2]:>18}")
    return summary


def print_targets(measured: list[Measured], summary: dict, with_datasette: bool) -> None:
    print("\ntargets:")
    timed = [
        (name, label) for name, label in TIMED_LABELS if any(name in f for f in summary.values())
    ]
    if not timed:
        print("  none judged: no timed rounds")
    for name, label in timed:
        for index, (limit, word) in enumerate(((TARGET_P50_MS, "p50"), (TARGET_P95_MS, "p95"))):
            missed = [
                f"{kind} {figures[name][index]:.0f}"
                for kind, figures in summary.items()
                if name in figures and figures[name][index] > limit
            ]
            verdict = "met in every class" if not missed else "MISSED: " + ", ".join(missed)
            print(f"  {label} {word} <= {limit} ms: {verdict}")
    if not with_datasette:
        print("  Datasette: not run (PostgreSQL, or --no-datasette)")
        return
    compared = [each for each in measured if each.datasette.p50() and each.api.p50()]
    for name, label in (("page", "/search/"), ("api", "API")):
        ratios = sorted(
            (each.datasette.p50() / getattr(each, name).p50(), each.search.name)
            for each in compared
        )
        slower = [f"{search} {value:.1f}x" for value, search in ratios if value < TARGET_RATIO]
        verdict = "met" if not slower else f"MISSED on {len(slower)} of {len(ratios)}"
        if not ratios:
            print(f"  {label}: no timed runs to compare with Datasette")
            continue
        lowest = ", ".join(slower[:5]) if slower else f"lowest {ratios[0][0]:.1f}x"
        print(
            f"  {label} >= {TARGET_RATIO}x faster than Datasette at the median on the same "
            f"search: {verdict} ({lowest})"
        )
    same = [each for each in measured if each.check_ok]
    wrong = [each for each in measured if each.check_ok is False]
    capped = [each for each in measured if each.check.startswith("capped")]
    print(
        f"  Datasette asked the same question: counts and facets equal on {len(same)} searches, "
        f"{len(capped)} past the archive's counting limit (not compared), "
        f"{len(wrong)} DIFFERENT"
        + (": " + "; ".join(f"{e.search.name}: {e.check}" for e in wrong) if wrong else "")
    )
    unasked = [each.search.name for each in measured if not each.datasette.path]
    print(f"  not asked of Datasette (no offset paging on its tables): {', '.join(unasked)}")
    ranked = [
        each.search.name for each in measured if each.search.relevance and each.datasette.path
    ]
    print(f"  asked of Datasette in date order (it cannot rank): {len(ranked)} relevance searches")


def explain(searches: list[Search]) -> None:
    """Print the plan of the slowest SQL statement of a few representative API requests."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    client = TestClient()
    bump = search_cache_bump()
    print(f"\nEXPLAIN of the slowest statement of {len(EXPLAINED)} API requests (in this process):")
    for kind in EXPLAINED:
        search = next((s for s in searches if s.kind == kind), None)
        if search is None:
            continue
        client.get(search.api_path())  # warm
        if bump:
            bump()  # compute the answer, not read it from the cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(search.api_path())
        queries = captured.captured_queries
        milliseconds, sql = slowest_statement(connection, queries)
        print(
            f"\n== {kind}: {search.name}  GET {search.api_path()}  -> {response.status_code}, "
            f"{len(queries)} queries; the slowest, run again with its rows: {milliseconds:.1f} ms"
        )
        print(f"   {shortened(sql, 600)}")
        for line in plan(connection, sql):
            print(f"   {shortened(line)}")


def slowest_statement(connection, queries: list[dict]) -> tuple[float, str]:
    """Return the time and SQL of the captured SELECT that takes longest when run again with
    all its rows fetched (Django times execute() alone, before SQLite reads most rows)."""
    timed = []
    for query in queries:
        if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(query["sql"])
            cursor.fetchall()
        timed.append(((time.perf_counter() - started) * 1000, query["sql"]))
    return max(timed)


def shortened(text: str, limit: int = 300) -> str:
    """Return text cut to limit characters: a list of 10,000 ids says nothing more at length."""
    return text if len(text) <= limit else text[:limit] + " ..."


def plan(connection, sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return [line for (line,) in cursor.fetchall()]
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    depth = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; the servers it started are stopped")
