"""Load the clean articles damaged scrapes are made of: BBC News and Reuters-21578 stories."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.harness import shared_folder

BBC_CORPUS, REUTERS_CORPUS = "bbc", "reuters"
MIN_WORDS = 50
# A Reuters body is prose when most paragraphs end a sentence and no line is a table row.
MIN_SENTENCE_SHARE = 0.75
TABLE_ROW = re.compile(r"\S {3,}\S|\.{4,}")
WIRE_DATE = re.compile(r",?\s*[A-Za-z]{3,9}\.?\s+\d{1,2}\s*-?\s*$")
# The wire's sign-off on its own last line: "Reuter", "REUTER...".
SIGN_OFF = re.compile(r"\n\s*REUTERS?\b\W*$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"')]*$")


@dataclass(frozen=True)
class SourceArticle:
    """A clean article from a corpus: what a damaged scrape is made of."""

    corpus: str
    key: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime | None = None
    dateline: str = ""
    authors: tuple[str, ...] = ()


def load_bbc(folder: Path | None = None) -> list[SourceArticle]:
    """Return the BBC stories with at least MIN_WORDS words (headline on line 1)."""
    folder = folder or shared_folder() / "corpora" / "bbc-news"
    articles = []
    for path in sorted(folder.glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # sport/199.txt
        title, _, rest = text.strip().partition("\n")
        paragraphs = tuple(
            " ".join(block.split()) for block in re.split(r"\n\s*\n", rest) if block.strip()
        )
        if title.strip() and sum(len(p.split()) for p in paragraphs) >= MIN_WORDS:
            key = path.relative_to(folder).as_posix()
            articles.append(SourceArticle(BBC_CORPUS, key, title.strip(), paragraphs))
    return articles


def load_reuters(path: Path | None = None) -> list[SourceArticle]:
    """Return the Reuters stories that are prose, with a dateline and a date."""
    path = path or shared_folder() / "corpora" / "reuters21578" / "reuters21578.jsonl.gz"
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            article = reuters_article(record)
            if article is not None:
                articles.append(article)
    return articles


def reuters_article(record: dict) -> SourceArticle | None:
    """Return a Reuters record as a clean article, or None when it is not usable prose."""
    body = SIGN_OFF.sub("", record.get("body") or "")
    if not record.get("title") or not record.get("date") or "&" in body:
        return None
    if any(TABLE_ROW.search(line.strip()) for line in body.splitlines()):
        return None
    paragraphs, current = [], []
    for line in body.splitlines():
        if (not line.strip() or line[:1].isspace()) and current:
            paragraphs.append(" ".join(" ".join(current).split()))
            current = []
        if line.strip():
            current.append(line)
    if current:
        paragraphs.append(" ".join(" ".join(current).split()))
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    sentences = sum(bool(SENTENCE_END.search(paragraph)) for paragraph in paragraphs)
    if words < MIN_WORDS or sentences < MIN_SENTENCE_SHARE * len(paragraphs):
        return None
    place = WIRE_DATE.sub("", (record.get("dateline") or "").strip()).strip(" ,-")
    if not place or len(place) > 40 or not place[0].isalpha():
        return None
    author = re.sub(r"^by\s+", "", record.get("author") or "", flags=re.IGNORECASE)
    author = re.sub(r",\s*Reuters?\s*$", "", author, flags=re.IGNORECASE).strip()
    authors = tuple(name.strip() for name in re.split(r"\s+and\s+", author) if name.strip())
    return SourceArticle(
        REUTERS_CORPUS,
        record["id"],
        " ".join(record["title"].split()),
        tuple(paragraphs),
        datetime.fromisoformat(record["date"]),
        place,
        authors,
    )


def load_articles() -> dict[str, list[SourceArticle]]:
    return {BBC_CORPUS: load_bbc(), REUTERS_CORPUS: load_reuters()}
