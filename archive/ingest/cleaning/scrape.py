"""Clean a plain-text scrape into an article: title line, meta lines, body paragraphs."""

from __future__ import annotations

from archive.ingest.cleaning.paragraphs import Unit, build_segments, split_units
from archive.ingest.cleaning.passes import Found, article_from, clean_units, strip_title_suffix
from archive.ingest.types import ParsedArticle, ParseError
from archive.lib.vocabulary import SegmentLabel

MAX_TITLE_LENGTH = 300


def clean_scrape(text: str) -> ParsedArticle:
    """Return the article in a plain-text scrape (already decoded and repaired)."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("the document has no text")
    title_unit, body_from = _title_unit(text)
    units = split_units(text, body_from)
    found = Found()
    clean_units(units, found)
    title = title_unit.text if title_unit else ""
    title, suffix_source = strip_title_suffix(title, [found.source])
    article = article_from(found, units)
    article.title = title
    article.source = article.source or suffix_source
    article.segments = build_segments(text, ([title_unit] if title_unit else []) + units)
    return article


def _title_unit(text: str) -> tuple[Unit | None, int]:
    """Return the title line of a scrape as a unit, and where the rest of the text begins."""
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if len(stripped) > MAX_TITLE_LENGTH:
                return None, 0
            lead = len(line) - len(line.lstrip())
            start = offset + lead
            unit = Unit(start, start + len(stripped), stripped, [(0, start)], SegmentLabel.TITLE)
            return unit, offset + len(line)
        offset += len(line) + 1
    return None, 0
