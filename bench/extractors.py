"""The extractors the benchmark can score, by path: plain text and HTML. Pick them by name.

An extractor takes a Document and returns an Extraction. A learned extractor for NAEB must be
scored only on sites it was not trained on: NAEB_TEXT_EXTRACTORS and HTML_EXTRACTORS hold
factories that take the training sites of a fold and return the extractor for its other sites.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.extraction_metrics import Extraction, split_authors
from bench.extraction_sets import Document

Extractor = Callable[[Document], Extraction]
ExtractorFactory = Callable[[frozenset[str]], Extractor]


def archive_text(document: Document) -> Extraction:
    """Return what the archive's plain-text path makes of the document."""
    from bench.archive_adapter import extract_text

    return extract_text(document.name, document.data)


def archive_html(document: Document) -> Extraction:
    """Return what the archive's HTML path makes of the page (archive/ingest/cleaning/html.py)."""
    from bench.archive_adapter import extract_html

    return extract_html(document.name, document.data)


def trafilatura_html(document: Document) -> Extraction:
    """Return what trafilatura (dates by htmldate) makes of the page: the HTML baseline."""
    from datetime import date

    import trafilatura

    found = trafilatura.bare_extraction(
        document.data,
        url=document.url or None,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": True, "original_date": True},
        as_dict=True,
    )
    if not found:
        return Extraction(error="trafilatura found no article")
    published = None
    if found.get("date"):
        try:
            published = date.fromisoformat(found["date"][:10])
        except ValueError:
            published = None
    return Extraction(
        title=found.get("title") or "",
        body=found.get("text") or "",
        authors=split_authors(found.get("author") or ""),
        source=found.get("sitename") or "",
        published=published,
        published_precision="day" if published else "",
    )


def untrained(extractor: Extractor) -> ExtractorFactory:
    """Return a factory for an extractor that learns nothing from the training sites."""

    def factory(training_sites: frozenset[str]) -> Extractor:
        return extractor

    return factory


def with_dateline_in_body(extractor: Extractor) -> Extractor:
    """Return the extractor with any dateline put back before the body, as NAEB's truth keeps it.

    The archive stores the dateline apart; NAEB's bodies open with it ("ATLANTA -- Federal ...").
    """

    def extract(document: Document) -> Extraction:
        extraction = extractor(document)
        if extraction.dateline and not extraction.body.startswith(extraction.dateline):
            extraction.body = f"{extraction.dateline} -- {extraction.body}"
        return extraction

    return extract


TEXT_EXTRACTORS: dict[str, Extractor] = {"archive": archive_text}
NAEB_TEXT_EXTRACTORS: dict[str, ExtractorFactory] = {
    "archive": untrained(with_dateline_in_body(archive_text)),
}
HTML_EXTRACTORS: dict[str, ExtractorFactory] = {
    "trafilatura": untrained(trafilatura_html),
    "archive": untrained(with_dateline_in_body(archive_html)),
}
