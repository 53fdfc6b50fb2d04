"""Clean a plain-text scrape into an article: title line, meta lines, body paragraphs."""

from __future__ import annotations

from archive.ingest.cleaning.lines import is_section_label, read_meta
from archive.ingest.cleaning.paragraphs import Unit, build_segments, split_units
from archive.ingest.cleaning.passes import Found, article_from, clean_units, strip_title_suffix
from archive.ingest.types import ParsedArticle, ParseError
from archive.lib.vocabulary import SegmentLabel

MAX_TITLE_LENGTH = 300
# Section labels, breadcrumbs ("Home » Business") or meta lines may stand above the headline.
MAX_LABELS_ABOVE_TITLE = 3


def clean_scrape(text: str) -> ParsedArticle:
    """Return the article in a plain-text scrape (already decoded and repaired)."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("the document has no text")
    head, body_from = _title_units(text)
    units = split_units(text, body_from)
    found = Found()
    clean_units(units, found)
    titles = [unit.text for unit in head if unit.label == SegmentLabel.TITLE]
    title, suffix_source = strip_title_suffix(
        titles[0] if titles else "", [found.source, found.publication]
    )
    article = article_from(found, units)
    article.title = title
    article.source = article.source or suffix_source
    article.segments = build_segments(text, head + units)
    return article


def _title_units(text: str) -> tuple[list[Unit], int]:
    """Return the title line of a scrape, with any section labels above it, as units, and
    where the rest of the text begins."""
    units: list[Unit] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if len(stripped) > MAX_TITLE_LENGTH:
                return units, units[-1].end if units else 0
            # Labels, bylines and date lines may stand above the headline; it is none of them.
            above = is_section_label(stripped) or read_meta(stripped) is not None
            label = above and len(units) < MAX_LABELS_ABOVE_TITLE
            unit = Unit.from_line(offset, line)
            unit.label = SegmentLabel.BOILERPLATE if label else SegmentLabel.TITLE
            units.append(unit)
            if not label:
                return units, offset + len(line)
        offset += len(line) + 1
    return units, offset
