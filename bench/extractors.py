"""The extractors the benchmark can score, by path: plain text and HTML. Pick them by name.

An extractor takes a Document and returns an Extraction. A learned extractor for NAEB must be
scored only on sites it was not trained on: NAEB_TEXT_EXTRACTORS and HTML_EXTRACTORS hold
factories that take the training sites of a fold and return the extractor for its other sites.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

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


FOLD_MODELS = Path(tempfile.gettempdir()) / "news-archive-fold-models"


def archive_text_trained_on(training_sites: frozenset[str]) -> Extractor:
    """Return the archive's text path with a line classifier trained on these sites only.

    Scoring NAEB's page text with the shipped classifier would score pages it was trained on;
    each fold gets a model trained (as bench/train_block_model.py trains the shipped one) on
    the other folds' sites, cached by the set of sites.
    """
    from archive.ingest.cleaning import clean_scrape
    from archive.ingest.cleaning.blocks.model import LineModel, load_model
    from archive.ingest.cleaning.text import repair_text
    from archive.ingest.readers.decoding import decode_bytes
    from archive.ingest.types import ParseError
    from bench.archive_adapter import extraction_of

    if not training_sites:
        line_model = load_model()
    else:
        name = hashlib.sha256("\n".join(sorted(training_sites)).encode()).hexdigest()[:16]
        path = FOLD_MODELS / f"{name}.json"
        if not path.exists():
            from bench.naeb_pages import labelled_pages
            from bench.scrape_documents import scrape_documents
            from bench.train_block_model import train

            pages = [page for page in labelled_pages() if page.site in training_sites]
            documents = [(page.lines, page.labels) for page in pages] + list(scrape_documents())
            FOLD_MODELS.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(train(documents)))
        line_model = LineModel.from_dict(json.loads(path.read_text()))

    def extract(document: Document) -> Extraction:
        try:
            article = clean_scrape(repair_text(decode_bytes(document.data)), line_model)
        except ParseError as error:
            return Extraction(error=str(error))
        return extraction_of(article)

    return extract


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
    # Held out: with --folds K, each fold's classifier never saw the sites it is scored on.
    "archive": lambda sites: with_dateline_in_body(archive_text_trained_on(sites)),
}
HTML_EXTRACTORS: dict[str, ExtractorFactory] = {
    "trafilatura": untrained(trafilatura_html),
    "archive": untrained(with_dateline_in_body(archive_html)),
}
