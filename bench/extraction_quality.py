"""Print how well each path extracts articles: body shingle P/R/F1, field accuracy and speed.

Usage (from the project root):
    .venv/bin/python bench/extraction_quality.py                    # every set
    .venv/bin/python bench/extraction_quality.py --sets seed,damaged --count 1000 --seed 2
    .venv/bin/python bench/extraction_quality.py --sets damaged --show 20 --results /tmp/r.jsonl
    .venv/bin/python bench/extraction_quality.py --sets naeb-html --limit 50

Sets:
  seed       the seed scrape, checked exactly against acceptance/seed.expected.json (parties
             aside: ../shared/tools/check_seed.py checks those through manage.py);
  damaged    damaged scrapes of BBC and Reuters articles (bench/damaged_scrapes.py), by corpus;
  naeb-text  NAEB's pages rendered to visible text by html-text, through the text path;
  naeb-html  NAEB's raw pages through an HTML extractor (trafilatura as the baseline).
Scores are defined in bench/extraction_metrics.py. Speed is documents per CPU second of the
extractor alone (no loading, no rendering, no parties), pinned to one core; CPU time rather
than wall time, so other load on the machine does not skew it. With --folds K,
NAEB is scored K-fold by site: each fold's extractor is built from the other folds' sites.
With --site-half even|odd, NAEB is scored on half its sites (by position among all its site
names, sorted): rules developed on one half are checked on the other.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_metrics import (  # noqa: E402
    FIELDS,
    BodyScore,
    Extraction,
    average_body,
    match_fields,
    score_body,
    seed_differences,
)
from bench.extraction_sets import (  # noqa: E402
    Document,
    as_visible_text,
    damaged_set,
    naeb_pages,
    naeb_sites,
    seed_set,
)
from bench.extractors import (  # noqa: E402
    HTML_EXTRACTORS,
    NAEB_TEXT_EXTRACTORS,
    TEXT_EXTRACTORS,
    Extractor,
    ExtractorFactory,
)

SETS = ("seed", "damaged", "naeb-text", "naeb-html")
MIN_DOCUMENTS_PER_SECOND = 200
TARGETS = {
    "damaged": {"body F1": 0.98, **{name: 0.95 for name in FIELDS}},
    "naeb-text": {"body F1": 0.90},
    "naeb-html": {"body F1": 0.96, "title": 0.95, "published": 0.92},
}
FIELD_LABELS = {"published": "date (same day)", "site": "source ~ site"}


@dataclass
class Row:
    document: Document
    extraction: Extraction
    body: BodyScore
    fields: dict[str, bool]


@dataclass
class Run:
    rows: list[Row]
    seconds: float


def score(documents: list[Document], extractor: Extractor) -> Run:
    """Run the extractor on each document, timing the extractor alone, and score it."""
    rows, seconds = [], 0.0
    for document in documents:
        started = time.process_time()
        extraction = extractor(document)
        seconds += time.process_time() - started
        rows.append(
            Row(
                document,
                extraction,
                score_body(document.truth.body, extraction.body),
                match_fields(document.truth, extraction),
            )
        )
    return Run(rows, seconds)


def score_by_site_folds(
    documents: list[Document], factory: ExtractorFactory, folds: int, seed: int
) -> Run:
    """Score each fold's sites with an extractor built from the other folds' sites only.

    With one fold, one extractor built from no training sites scores every page.
    """
    sites = sorted({document.group for document in documents})
    random.Random(seed).shuffle(sites)
    fold_of = {site: index % folds for index, site in enumerate(sites)}
    rows, seconds = [], 0.0
    for fold in range(folds):
        training = frozenset(site for site in sites if fold_of[site] != fold)
        held_out = [document for document in documents if fold_of[document.group] == fold]
        run = score(held_out, factory(training if folds > 1 else frozenset()))
        rows += run.rows
        seconds += run.seconds
    return Run(rows, seconds)


def site_half(documents: list[Document], half: str) -> list[Document]:
    """Return the documents of the sites at even (or odd) positions among NAEB's sorted sites."""
    kept = set(naeb_sites()[0 if half == "even" else 1 :: 2])
    return [document for document in documents if document.group in kept]


def figures(rows: list[Row]) -> dict[str, tuple[float, int]]:
    """Return each figure of the rows with the number of documents it is taken over."""
    precision, recall, f1 = average_body(row.body for row in rows)
    result = {
        "body P": (precision, len(rows)),
        "body R": (recall, len(rows)),
        "body F1": (f1, len(rows)),
    }
    for name in (*FIELDS, "site"):
        matches = [row.fields[name] for row in rows if name in row.fields]
        if matches:
            result[name] = (sum(matches) / len(matches), len(matches))
    return result


def print_run(title: str, run: Run, targets: dict[str, float], by_group: bool) -> bool:
    """Print a set's figures (overall, and per group when asked) beside its targets."""
    groups = sorted({row.document.group for row in run.rows}) if by_group else []
    columns = {"all": figures(run.rows)}
    for group in groups:
        columns[group] = figures([row for row in run.rows if row.document.group == group])
    speed = len(run.rows) / run.seconds if run.seconds else float("inf")
    passed = speed >= MIN_DOCUMENTS_PER_SECOND
    print(f"\n== {title}: {len(run.rows)} documents")
    print(f"  {'':18}" + "".join(f"{name:>14}" for name in columns) + "    target")
    for name in columns["all"]:
        cells = []
        for column in columns.values():
            value, count = column.get(name, (None, 0))
            cells.append(f"{value:8.3f} ({count:>3})" if value is not None else " " * 14)
        line = f"  {FIELD_LABELS.get(name, name):18}" + "".join(f"{cell:>14}" for cell in cells)
        if name in targets:
            ok = columns["all"][name][0] >= targets[name]
            passed &= ok
            line += f"    >= {targets[name]:.2f} {'PASS' if ok else 'FAIL'}"
        print(line)
    verdict = "PASS" if speed >= MIN_DOCUMENTS_PER_SECOND else "FAIL"
    print(
        f"  speed: {speed:,.0f} documents/s ({run.seconds:.2f} s CPU extraction)"
        f"    >= {MIN_DOCUMENTS_PER_SECOND} {verdict}"
    )
    return passed


def print_worst(run: Run, count: int) -> None:
    """Print the documents that went worst: lowest body F1, then most fields wrong."""
    if not count:
        return
    ranked = sorted(
        run.rows, key=lambda row: (row.body.f1, -sum(not ok for ok in row.fields.values()))
    )
    print(f"  worst {min(count, len(ranked))}:")
    for row in ranked[:count]:
        wrong = [name for name, ok in row.fields.items() if not ok]
        error = f"; error: {row.extraction.error}" if row.extraction.error else ""
        print(
            f"    {row.document.name} ({row.document.group}): body P {row.body.precision:.2f}"
            f" R {row.body.recall:.2f}{error}"
        )
        for name in wrong:
            truth = getattr(row.document.truth, name)
            got = getattr(row.extraction, "source" if name == "site" else name)
            got = got.isoformat() if hasattr(got, "isoformat") else got
            print(f"      {name}: want {truth!r:.90} got {got!r:.90}")


def write_results(path: Path, set_name: str, run: Run) -> None:
    """Append one JSON line per document: its scores, truth and what was extracted."""
    with open(path, "a", encoding="utf-8") as results:
        for row in run.rows:
            truth, got = row.document.truth, row.extraction
            record = {
                "set": set_name,
                "name": row.document.name,
                "group": row.document.group,
                "precision": round(row.body.precision, 4),
                "recall": round(row.body.recall, 4),
                "fields": row.fields,
                "error": got.error,
                "truth": {name: getattr(truth, name) for name in (*FIELDS, "site")},
                "got": {
                    "title": got.title,
                    "published": got.published.isoformat() if got.published else None,
                    "source": got.source,
                    "dateline": got.dateline,
                    "authors": got.authors,
                },
            }
            results.write(json.dumps(record, ensure_ascii=False) + "\n")


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"any of {', '.join(SETS)}")
    parser.add_argument("--seed", type=int, default=1, help="seed of the damaged scrapes")
    parser.add_argument("--count", type=int, default=600, help="number of damaged scrapes")
    parser.add_argument("--limit", type=int, default=None, help="score only N NAEB pages")
    parser.add_argument(
        "--folds", type=int, default=5, help="NAEB: K-fold by site (1: the shipped models)"
    )
    parser.add_argument(
        "--site-half", choices=("even", "odd"), help="NAEB: only the sites at even/odd positions"
    )
    parser.add_argument("--text-extractor", choices=TEXT_EXTRACTORS, default="archive")
    parser.add_argument("--naeb-text-extractor", choices=NAEB_TEXT_EXTRACTORS, default="archive")
    parser.add_argument("--html-extractor", choices=HTML_EXTRACTORS, default="trafilatura")
    parser.add_argument("--show", type=int, default=0, help="print the N worst documents")
    parser.add_argument("--results", type=Path, help="write per-document results (JSON lines)")
    options = parser.parse_args()
    chosen = [name.strip() for name in options.sets.split(",") if name.strip()]
    unknown = set(chosen) - set(SETS)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    if options.results:
        options.results.unlink(missing_ok=True)
    pin_to_one_core()
    text_extractor = TEXT_EXTRACTORS[options.text_extractor]
    passed = True
    pages = naeb_pages(options.limit) if {"naeb-text", "naeb-html"} & set(chosen) else []
    if options.site_half:
        pages = site_half(pages, options.site_half)

    if "seed" in chosen:
        (document,) = seed_set()
        run = score([document], text_extractor)
        differences = seed_differences(document.expected, run.rows[0].extraction)
        print(f"\n== seed ({options.text_extractor} text path): target exact")
        print("  exact: PASS" if not differences else "  differs: FAIL")
        for difference in differences:
            print(f"    {difference}")
        passed &= not differences
        if options.results:
            write_results(options.results, "seed", run)

    if "damaged" in chosen:
        documents = damaged_set(options.count, options.seed)
        run = score(documents, text_extractor)
        title = f"damaged scrapes, seed {options.seed} ({options.text_extractor} text path)"
        passed &= print_run(title, run, TARGETS["damaged"], by_group=True)
        print_worst(run, options.show)
        if options.results:
            write_results(options.results, "damaged", run)

    if "naeb-text" in chosen:
        documents, render_seconds = as_visible_text(pages)
        factory = NAEB_TEXT_EXTRACTORS[options.naeb_text_extractor]
        run = score_by_site_folds(documents, factory, options.folds, options.seed)
        title = f"NAEB whole-page text via html-text ({options.naeb_text_extractor} text path"
        title += f", {options.folds}-fold by site)" if options.folds > 1 else ")"
        passed &= print_run(title, run, TARGETS["naeb-text"], by_group=False)
        print(f"  (html-text rendering, not counted: {len(pages) / render_seconds:,.0f} pages/s)")
        print_worst(run, options.show)
        if options.results:
            write_results(options.results, "naeb-text", run)

    if "naeb-html" in chosen:
        factory = HTML_EXTRACTORS[options.html_extractor]
        run = score_by_site_folds(pages, factory, options.folds, options.seed)
        title = f"NAEB HTML ({options.html_extractor})"
        title += f", {options.site_half} half of the sites" if options.site_half else ""
        passed &= print_run(title, run, TARGETS["naeb-html"], by_group=False)
        print_worst(run, options.show)
        if options.results:
            write_results(options.results, "naeb-html", run)

    print(f"\nall targets met: {'yes' if passed else 'no'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
