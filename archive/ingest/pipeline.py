"""Parse one raw item into an article: decode, clean, find parties. No database here."""

from __future__ import annotations

import json
from typing import Protocol

from archive.ingest.cleaning import clean_record, clean_scrape
from archive.ingest.readers import HTML, JSON, TEXT, RawItem
from archive.ingest.text import decode_bytes, repair_text
from archive.ingest.types import FoundParty, ParsedArticle, ParseError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class PartyFinder(Protocol):
    def find(self, paragraphs: list[str]) -> list[FoundParty]: ...


def parse_item(
    item: RawItem, finder: PartyFinder, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedArticle:
    """Return the article in a raw item, or raise ParseError saying why there is none."""
    if item.error:
        raise ParseError(item.error)
    if len(item.data) > max_bytes:
        raise ParseError(
            f"the document is {len(item.data):,} bytes, over the limit of {max_bytes:,} bytes"
        )
    if item.format == JSON:
        article = clean_record(parse_record(item.data))
    elif item.format == TEXT:
        article = clean_scrape(repair_text(decode_bytes(item.data)))
    elif item.format == HTML:
        raise ParseError("HTML pages are not supported yet; the page is kept for re-cleaning")
    else:
        raise ParseError(f"unknown document format {item.format!r}")
    if not article.paragraphs:
        raise ParseError("no body text was found in the document")
    article.parties = finder.find(article.paragraphs)
    return article


def parse_record(data: bytes) -> dict:
    """Return the JSON object in a record's bytes, or raise ParseError saying what is wrong."""
    text = decode_bytes(data)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise ParseError("not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise ParseError(f"a JSON record must be an object, not {type(record).__name__}")
    return record
