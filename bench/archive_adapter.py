"""The one place the extraction benchmark calls the archive.

Every call parses without a database and finds no parties, so timings are of reading and
cleaning alone.
"""

from __future__ import annotations

from archive.ingest.pipeline import parse_item
from archive.ingest.types import FoundParty, ParsedArticle, ParseError, RawItem
from archive.lib.vocabulary import DocumentFormat
from bench.extraction_metrics import Extraction


class NoParties:
    """A finder that finds nothing, to time cleaning apart from party extraction."""

    def find(self, paragraphs: list[str], title: str = "", source: str = "") -> list[FoundParty]:
        return []

    def notes(self, paragraphs: list[str]) -> list[str]:
        return []


NO_PARTIES = NoParties()


def extract_text(origin: str, data: bytes) -> Extraction:
    """Return what the archive's plain-text path makes of a scrape."""
    return _extract(RawItem(origin, data, DocumentFormat.TEXT))


def extract_html(origin: str, data: bytes) -> Extraction:
    """Return what the archive's HTML path makes of a page."""
    return _extract(RawItem(origin, data, DocumentFormat.HTML))


def _extract(item: RawItem) -> Extraction:
    try:
        article = parse_item(item, NO_PARTIES)
    except ParseError as error:
        return Extraction(error=str(error))
    return extraction_of(article)


def extraction_of(article: ParsedArticle) -> Extraction:
    """Return the fields of a parsed article the benchmark scores."""
    return Extraction(
        title=article.title,
        body=article.body,
        authors=list(article.authors),
        source=article.source,
        published=article.published,
        published_precision=article.published_precision,
        dateline=article.dateline,
    )
