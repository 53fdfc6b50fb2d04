"""Clean a plain-text scrape into an article: title line, meta lines, body paragraphs.

A scrape is mostly the story with some page around it; the passes (passes.py) read its head
and tail. The visible text of a whole page (menus, notices, section lists, the story, related
headlines, footers) is told apart by the line classifier (blocks/): when it finds most of a
long text to be page furniture, only the lines it gives to the article go through the passes,
and the rest is left out, as the original-text page shows.
"""

from __future__ import annotations

from bisect import bisect_right

from archive.ingest.cleaning.blocks import Label, classify_lines
from archive.ingest.cleaning.blocks.model import LineModel
from archive.ingest.cleaning.lines import is_section_label, read_meta
from archive.ingest.cleaning.paragraphs import Unit, build_segments, split_units
from archive.ingest.cleaning.passes import (
    TITLE_SUFFIX,
    Found,
    article_from,
    clean_units,
    strip_title_suffix,
)
from archive.ingest.types import ParsedArticle, ParseError
from archive.lib.names import normalize_name
from archive.lib.vocabulary import SegmentLabel

MAX_TITLE_LENGTH = 300
# Section labels, breadcrumbs ("Home » Business") or meta lines may stand above the headline.
MAX_LABELS_ABOVE_TITLE = 3
# A whole page: this many lines at least, most of them page furniture to the classifier, and
# this many furniture lines before the story (measured: 1% of damaged scrapes, 91% of NAEB
# pages rendered by html-text).
WHOLE_PAGE_LINES = 25
WHOLE_PAGE_FURNITURE_SHARE = 0.5
FURNITURE_BEFORE_STORY = 8
ARTICLE_LABELS = (Label.CONTENT, Label.BYLINE, Label.DATE)


def clean_scrape(text: str, line_model: LineModel | None = None) -> ParsedArticle:
    """Return the article in a plain-text scrape (already decoded and repaired).

    line_model is the line classifier to use (the shipped one by default).
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError("the document has no text")
    page = _page_lines(text, line_model)
    site = ""
    if page is not None:
        head, units = _page_units(text, page)
        # The page's <title> line names its site: "Headline | The Harbour Gazette".
        site = strip_title_suffix(next(line for line in text.split("\n") if line.strip()), [])[1]
    else:
        head, body_from = _title_units(text)
        units = split_units(text, body_from)
    found = Found()
    clean_units([unit for unit in units if unit.label == SegmentLabel.BODY], found)
    titles = [unit.text for unit in head if unit.label == SegmentLabel.TITLE]
    title, suffix_source = strip_title_suffix(
        titles[0] if titles else "", [found.source, found.publication]
    )
    article = article_from(found, units)
    article.title = title
    article.source = article.source or suffix_source or site
    article.segments = build_segments(text, sorted(head + units, key=lambda unit: unit.start))
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


def _page_lines(text: str, line_model: LineModel | None) -> list[str] | None:
    """Return the classifier's label of each line when the text is a whole page, else None.

    A page holds mostly furniture, and a good deal of it (menus, notices) before its story; a
    scrape with a long tail of headlines does not.
    """
    lines = text.split("\n")
    filled = [number for number, line in enumerate(lines) if line.strip()]
    if len(filled) < WHOLE_PAGE_LINES:
        return None
    labels = classify_lines(lines, line_model)
    furniture = [number for number in filled if labels[number] == Label.BOILERPLATE]
    story = next((number for number in filled if labels[number] == Label.CONTENT), len(lines))
    before_story = sum(1 for number in furniture if number < story)
    if len(furniture) < WHOLE_PAGE_FURNITURE_SHARE * len(filled):
        return None
    return labels if before_story >= FURNITURE_BEFORE_STORY else None


def _headline_echoes(page_title: str) -> set[str]:
    """Return the forms a page's headline may take in its text, from its <title> line: whole,
    and without each " | Site" suffix in turn."""
    forms = {normalize_name(page_title)}
    while match := TITLE_SUFFIX.match(page_title):
        page_title = match["title"]
        forms.add(normalize_name(page_title))
    return forms


def _page_units(text: str, labels: list[str]) -> tuple[list[Unit], list[Unit]]:
    """Return the title unit and the units of a whole page, furniture labelled already.

    The title is the last title line above the story (the first, when none is above it);
    what the classifier gives to the article stays for the passes to read.
    """
    units = split_units(text)
    line_starts = [0]
    for line in text.split("\n")[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    line_of = [bisect_right(line_starts, unit.start) - 1 for unit in units]
    kinds = [labels[number] for number in line_of]
    content = [index for index, kind in enumerate(kinds) if kind == Label.CONTENT]
    titles = [index for index, kind in enumerate(kinds) if kind == Label.TITLE]
    above = [index for index in titles if not content or index < content[0]]
    title = above[-1] if above else (titles[0] if titles else None)
    # The page's <title> often opens its text ("Headline | Site"); the line that repeats its
    # headline is the headline, wherever the classifier put it.
    echoes = _headline_echoes(units[0].text) if units else set()
    echo = next(
        (
            index
            for index, unit in enumerate(units[1:], start=1)
            if normalize_name(unit.text) in echoes and (not content or index <= content[0])
        ),
        None,
    )
    if echo is not None:
        title = echo
    head: list[Unit] = []
    body: list[Unit] = []
    for index, (unit, kind) in enumerate(zip(units, kinds, strict=True)):
        if index == title:
            unit.label = SegmentLabel.TITLE
            head.append(unit)
            continue
        if kind not in ARTICLE_LABELS or (
            title is not None and index < title and kind == Label.CONTENT
        ):
            unit.label = SegmentLabel.BOILERPLATE
        body.append(unit)
    return head, body
