"""The document sets the extraction benchmark scores: the seed, damaged scrapes and NAEB.

Each set is a list of Documents: raw input (bytes), a group to report by (corpus or site) and
the truth. Loading is not timed; only extractors are.
"""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass

from bench.damaged_scrapes import generate
from bench.extraction_metrics import Truth, split_authors
from bench.harness import shared_folder

SEED_NAME = "000_d119ceb19cfc3e37.txt"
# Missing from the NAEB snapshot (upstream pages of 4 MiB or more), all cnn.com.
NAEB_MISSING = {
    "f7fa86e798f641b33aa19550a13305f4",
    "1a6532f9ae1315f21ea3ca0ebd3f17f0",
    "bcb06978269ce572e57e439206a69905",
}


@dataclass
class Document:
    name: str
    group: str  # the damaged scrapes' corpus, NAEB's site
    data: bytes
    truth: Truth
    url: str = ""
    expected: dict | None = None  # the seed's acceptance file, checked exactly


def seed_set() -> list[Document]:
    """Return the seed scrape with its acceptance truth."""
    shared = shared_folder()
    expected = json.loads((shared / "acceptance" / "seed.expected.json").read_text("utf-8"))
    truth = Truth.from_expected(expected)
    data = (shared / "seeds" / SEED_NAME).read_bytes()
    return [Document(SEED_NAME, "seed", data, truth, expected=expected)]


def damaged_set(count: int, seed: int) -> list[Document]:
    """Return count damaged scrapes from the seed, grouped by corpus."""
    documents = []
    for scrape in generate(count, seed):
        truth = scrape.truth
        documents.append(
            Document(
                scrape.name,
                scrape.corpus,
                scrape.data,
                Truth.from_expected(truth),
                expected=truth,
            )
        )
    return documents


def naeb_pages(limit: int | None = None) -> list[Document]:
    """Return NAEB's pages as HTML bytes with their truth (authors and date where set)."""
    folder = shared_folder() / "corpora" / "naeb"
    records = json.loads((folder / "news_articles.json").read_text("utf-8"))
    documents = []
    for record in records:
        if record["html_file"] in NAEB_MISSING:
            continue
        data = gzip.decompress((folder / "html" / f"{record['html_file']}.html.gz").read_bytes())
        truth = Truth(
            body=record["text"],
            title=record["title"],
            authors=split_authors(record["authors"]) if record["authors"].strip() else None,
            published=record["date"] or None,
            site=record["site"],
        )
        documents.append(
            Document(record["html_file"], record["site"], data, truth, url=record["link"])
        )
        if limit and len(documents) >= limit:
            break
    return documents


def naeb_sites() -> list[str]:
    """Return the names of NAEB's sites, sorted, as its truth lists them (pages or not)."""
    folder = shared_folder() / "corpora" / "naeb"
    records = json.loads((folder / "news_articles.json").read_text("utf-8"))
    return sorted({record["site"] for record in records})


def as_visible_text(pages: list[Document]) -> tuple[list[Document], float]:
    """Return the pages rendered to visible text by html-text, and the CPU seconds that took."""
    import html_text

    documents = []
    started = time.process_time()
    for page in pages:
        text = html_text.extract_text(page.data.decode("utf-8", errors="replace"))
        documents.append(Document(page.name, page.group, text.encode(), page.truth, page.url))
    return documents, time.process_time() - started
