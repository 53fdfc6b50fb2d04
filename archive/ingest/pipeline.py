"""Parse one raw item into an article: expand, decode, clean, find parties. No database here."""

from __future__ import annotations

from typing import Protocol

from archive.ingest.cleaning import clean_html, clean_record, clean_scrape
from archive.ingest.cleaning.text import repair_text
from archive.ingest.readers.compression import expand, is_gzip
from archive.ingest.readers.decoding import decode_bytes
from archive.ingest.readers.records import parse_record
from archive.ingest.types import FoundParty, ParsedArticle, ParseError, RawItem
from archive.lib.vocabulary import DocumentFormat

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class PartyFinder(Protocol):
    def find(self, paragraphs: list[str]) -> list[FoundParty]: ...

    def notes(self, paragraphs: list[str]) -> list[str]: ...


def parse_item(
    item: RawItem, finder: PartyFinder, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedArticle:
    """Return the article in a raw item, or raise ParseError saying why there is none."""
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
    article.parties = finder.find(article.paragraphs)
    article.notes += finder.notes(article.paragraphs)
    return article
