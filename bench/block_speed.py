"""Measure how fast the line classifier finds the article: milliseconds per page, one core.

Usage (from the project root):
    .venv/bin/python bench/block_speed.py
It times `find_article` (splitting, features, decoding) on every NAEB page as html-text renders
it, and on clean BBC stories, after one warm-up call that loads the model.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.ingest.cleaning.blocks.model import find_article  # noqa: E402
from bench.naeb_pages import rendered_text, truth_articles  # noqa: E402
from bench.scrape_documents import BBC  # noqa: E402


def timings(texts: list[str], rounds: int = 3) -> list[float]:
    """Return the best of rounds wall-clock milliseconds for each text."""
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for number, text in enumerate(texts):
            started = time.perf_counter()
            find_article(text)
            best[number] = min(best[number], (time.perf_counter() - started) * 1000)
    return best


def report(name: str, texts: list[str]) -> None:
    milliseconds = timings(texts)
    lines = sum(len(text.splitlines()) for text in texts)
    total = sum(milliseconds)
    print(
        f"{name}: {len(texts)} pages, {lines / len(texts):.0f} lines a page; "
        f"median {statistics.median(milliseconds):.2f} ms, mean {total / len(texts):.2f} ms, "
        f"95th percentile {sorted(milliseconds)[int(len(texts) * 0.95)]:.2f} ms a page, "
        f"{total * 1000 / lines:.1f} µs a line, {len(texts) / total * 1000:.0f} pages a second"
    )


def main() -> None:
    find_article("warm up")
    pages = [rendered_text(article.html_file, "html_text") for article in truth_articles()]
    report("NAEB whole pages (html-text)", pages)
    stories = sorted(BBC.glob("*/*.txt"))[:500]
    report("BBC clean stories", [path.read_text(encoding="latin-1") for path in stories])


if __name__ == "__main__":
    main()
