"""Parse one raw item into an article: expand, decode, clean, find parties. No database here."""

from __future__ import annotations

import re
from typing import Protocol

from archive.ingest.cleaning import clean_html, clean_record, clean_scrape
from archive.ingest.cleaning.dates import parse_date
from archive.ingest.cleaning.sources import canonical_source
from archive.ingest.cleaning.text import repair_text
from archive.ingest.readers.compression import expand, is_gzip
from archive.ingest.readers.decoding import decode_bytes
from archive.ingest.readers.records import parse_record
from archive.ingest.types import (
    DEFAULT_MAX_BYTES,
    FoundParty,
    ParsedArticle,
    ParseError,
    RawItem,
    Supplied,
)
from archive.lib.vocabulary import DocumentFormat


class PartyFinder(Protocol):
    def find(self, paragraphs: list[str], title: str, source: str) -> list[FoundParty]: ...

    def notes(self, paragraphs: list[str]) -> list[str]: ...


def parse_item(
    item: RawItem,
    finder: PartyFinder,
    max_bytes: int = DEFAULT_MAX_BYTES,
    supplied: Supplied | None = None,
) -> ParsedArticle:
    """Return the article in a raw item, or raise ParseError saying why there is none.

    supplied fills what the document lacks (source, date, language), said in its notes.
    """
    if item.error:
        raise ParseError(item.error)
    data = expand(item.data, max_bytes) if is_gzip(item.data) else item.data
    if len(data) > max_bytes:
        raise ParseError(
            f"the document is {len(data):,} bytes, over the limit of {max_bytes:,} bytes"
        )
    if item.format == DocumentFormat.JSON:
        article = clean_record(parse_record(data))
    elif item.format == DocumentFormat.TEXT:
        article = clean_scrape(repair_text(decode_bytes(data)))
    elif item.format == DocumentFormat.HTML:
        article = clean_html(data)
    else:
        raise ParseError(f"unknown document format {item.format!r}")
    if not article.paragraphs:
        raise ParseError("no body text was found in the document")
    if supplied is not None:
        supply(article, supplied, item.origin)
    article.parties = finder.find(article.paragraphs, article.title, article.source)
    article.notes += finder.notes(article.paragraphs)
    return article


# A date in a path: "2019/03/12", "2019-03-12", "20190312", between separators.
PATH_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d\d)[-/_.]?(?P<month>0[1-9]|1[0-2])[-/_.]?"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?![\d])"
)


def supply(article: ParsedArticle, supplied: Supplied, origin: str) -> None:
    """Fill what the document lacks from what the operator supplied, and say so in a note."""
    if supplied.source and not article.source:
        article.source = canonical_source(supplied.source)
        article.notes.append(f"the source {article.source!r} was supplied by the operator")
    if supplied.language and not article.language:
        article.language = supplied.language
    if article.published is not None:
        return
    candidates = []  # (date text, note), the path's first
    found = PATH_DATE.search(origin) if supplied.date_from_path else None
    if found is not None:
        path_date = "-".join(found.group("year", "month", "day"))
        candidates.append((path_date, "the date was read from the path"))
    if supplied.published:
        candidates.append((supplied.published, "the date was supplied by the operator"))
    for text, note in candidates:
        day = parse_date(text)
        if day is not None:
            article.published, article.published_precision = day
            article.notes.append(note)
            return
