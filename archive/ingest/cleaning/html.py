"""Clean an HTML page into an article: trafilatura finds the story, the text passes clean it.

The page is decoded as a browser would, parsed once, and read three ways: its metadata
(page_meta.py), the story trafilatura finds in it, and its whole visible text (html-text). The
story is handed to the same cleaning as a plain-text scrape (title line, then paragraphs), so
teasers, repeats, bylines, datelines and sign-offs go as they do for text; the page's metadata
then fills what the text does not say. The original-text page shows the visible text, with what
cleaning kept or moved marked on it (page_segments.py).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

import html_text
import htmldate
import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from archive.ingest.cleaning.dates import parse_record_date
from archive.ingest.cleaning.page_head import Head, read_head
from archive.ingest.cleaning.page_meta import PageMeta, author_names, read_page_meta
from archive.ingest.cleaning.page_segments import LIST_MARKER, align_segments
from archive.ingest.cleaning.passes import strip_title_suffix
from archive.ingest.cleaning.scrape import clean_scrape
from archive.ingest.cleaning.sources import canonical_source
from archive.ingest.cleaning.text import (
    ACUTE_APOSTROPHE,
    INVISIBLE_CHARACTERS,
    LINE_BREAKS,
    ODD_SPACES,
    TRAILING_SPACES,
    repair_text,
)
from archive.ingest.readers.decoding import CONTROL_CHARACTERS, decode_page
from archive.ingest.types import ParsedArticle, ParseError
from archive.lib.names import normalize_name
from archive.lib.urls import web_url
from archive.lib.vocabulary import DatePrecision

# trafilatura and htmldate log every page they give up on; that is said in the article's notes.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
# Never shown by a browser as text; dropped once, before the story and the visible text are read.
INVISIBLE = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "canvas",
    "head",
)
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.IGNORECASE)
MIN_TITLE_SHARE = 0.4
MAX_LOGO_WORDS = 4
# An extracted story repeats its headline among its first lines, after a kicker or a menu.
HEADLINE_LINES = 4
TITLE_SEPARATOR = r"(?:[-|–—:·]|::)"


def clean_html(page: bytes | str) -> ParsedArticle:
    """Return the article in an HTML page (bytes as received, or text already decoded)."""
    text = decode_page(page) if isinstance(page, bytes) else page
    tree = parse_page(text)
    meta = read_page_meta(tree)
    htmldate_day = _htmldate_day(tree)
    etree.strip_elements(tree, *INVISIBLE, with_tail=False)
    lines, repaired = _story_lines(tree)
    visible = _visible_text(tree, repair=repaired or not lines)
    title = choose_title(meta)
    notes: list[str] = []
    article = _clean_story(title, lines, meta) if lines else None
    if article is None or not article.paragraphs:
        if not visible.strip():
            raise ParseError("the page has no visible text")
        notes.append("no story was found in the page's markup; it was read as its visible text")
        article = clean_scrape(_from_title(visible, title))
    article.segments, head = read_head(align_segments(visible, article.segments), meta.authors)
    _fill_from_head(article, head)
    _fill_from_meta(article, meta, title, htmldate_day)
    article.extra = {"page": meta.evidence()}
    article.notes = notes + article.notes
    return article


def fill_from_page(article: ParsedArticle, page: ParsedArticle) -> None:
    """Fill what a record does not say from its page, and show the page as its original."""
    article.title = article.title or page.title
    article.summary = article.summary or page.summary
    article.authors = article.authors or page.authors
    article.source = article.source or page.source
    if not article.published and page.published:
        article.published, article.published_precision = page.published, page.published_precision
    article.dateline = article.dateline or page.dateline
    article.url = article.url or page.url
    article.language = article.language or page.language
    article.extra |= page.extra
    article.notes += page.notes
    article.segments = page.segments


def parse_page(text: str) -> HtmlElement:
    """Return the parsed tree of a page's text."""
    try:
        return document_fromstring(text.encode("utf-8", "replace"), parser=PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ParseError(f"the page cannot be parsed as HTML: {error}") from None


def choose_title(meta: PageMeta) -> str:
    """Return the article's title: the page's heading that its metadata agrees with, else its
    only heading, else the metadata's headline without the site's name."""
    sites = meta.site_names
    stated = [_without_site(title, sites) for title in [*meta.headlines, meta.title] if title]
    best, best_score = "", 0
    for heading in meta.h1:
        for title in stated:
            score = _agreement(heading, title)
            if score > best_score:
                best, best_score = (title if score == 2 else heading), score
    if best:
        return repair_text(best)
    headings = [heading for heading in meta.h1 if not _names_site(heading, sites)]
    if len(headings) == 1 or (headings and not stated):
        return repair_text(headings[0])  # the page's one headline, whatever its metadata says
    return repair_text(stated[0]) if stated else ""


def _names_site(heading: str, sites: list[str]) -> bool:
    """Return whether a heading is the site's logo or name ("POLITICO Politico Logo")."""
    key = normalize_name(heading)
    return len(key.split()) <= MAX_LOGO_WORDS and any(
        normalize_name(site) in key for site in sites if site
    )


def _agreement(heading: str, title: str) -> int:
    """Return how a heading agrees with a stated title: 3 the same, 2 the title inside a longer
    heading (a kicker around it), 1 the heading inside a longer title (a site's name), else 0."""
    heading_key, title_key = normalize_name(heading), normalize_name(title)
    if not heading_key or not title_key:
        return 0
    if heading_key == title_key:
        return 3
    if title_key in heading_key and len(title_key) >= MIN_TITLE_SHARE * len(heading_key):
        return 2
    if heading_key in title_key and len(heading_key) >= MIN_TITLE_SHARE * len(title_key):
        return 1
    return 0


def _without_site(title: str, sites: list[str]) -> str:
    """Return a stated title without the " | Site" before or after it that names the site."""
    title, _ = strip_title_suffix(title, sites)
    for site in sites:
        name = re.escape(site)
        title = re.sub(rf"\s+{TITLE_SEPARATOR}\s+{name}\s*$", "", title, flags=re.IGNORECASE)
        title = re.sub(rf"^\s*{name}\s+{TITLE_SEPARATOR}\s+", "", title, flags=re.IGNORECASE)
    return title


def _story_lines(tree: HtmlElement) -> tuple[list[str], bool]:
    """Return the lines of the story trafilatura finds in the page ([] when it finds none),
    and whether repairing their characters changed more than spaces and invisible ones."""
    try:
        found = trafilatura.bare_extraction(
            tree, fast=True, include_comments=False, include_tables=False, with_metadata=False
        )
    except Exception:  # its heuristics can trip on an odd page: then the visible text is read
        found = None
    if found is None or not found.text:
        return [], False
    text = repair_text(found.text)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return lines, text != _tidy_characters(found.text)


def _visible_text(tree: HtmlElement, repair: bool) -> str:
    """Return the page's visible text as a browser lays it out, its characters repaired as the
    story's were (ftfy reads a whole page slowly: it runs only when the story needed it)."""
    body = tree.find("body")
    text = html_text.etree_to_text(body if body is not None else tree)
    return repair_text(text) if repair else _tidy_characters(text)


def _tidy_characters(text: str) -> str:
    """Return text with what repair_text does besides ftfy: line breaks, odd and invisible
    characters, acute apostrophes."""
    text = LINE_BREAKS.sub("\n", text)
    if not text.isascii():
        text = ACUTE_APOSTROPHE.sub("\u2019", text)
        text = ODD_SPACES.sub(" ", text)
        text = INVISIBLE_CHARACTERS.sub("", text)
    return TRAILING_SPACES.sub("", CONTROL_CHARACTERS.sub("", text))


def _clean_story(title: str, lines: list[str], meta: PageMeta) -> ParsedArticle:
    """Return the story's lines cleaned as a scrape: the title line, then its paragraphs."""
    lines = _without_leading_titles(lines, [title, *meta.h1, *meta.headlines])
    return clean_scrape("\n\n".join([title, *lines] if title else lines))


def _from_title(visible: str, title: str) -> str:
    """Return the visible text from the title's line on (a story starts at its headline), or
    the title above the whole text when no line holds it."""
    key = normalize_name(title)
    if not key:
        return visible
    offset = 0
    for line in visible.split("\n"):
        if normalize_name(line) == key:
            return visible[offset:]
        offset += len(line) + 1
    return f"{title}\n\n{visible}"


def _without_leading_titles(lines: list[str], titles: list[str]) -> list[str]:
    """Return the story's lines without the headline it repeats near its top."""
    keys = {normalize_name(title) for title in titles if title}
    head = lines[:HEADLINE_LINES]
    head = [line for line in head if normalize_name(LIST_MARKER.sub("", line)) not in keys]
    return head + lines[HEADLINE_LINES:] if head else lines


def _htmldate_day(tree: HtmlElement) -> str:
    """Return the day htmldate reads as the page's original publication ("" when none)."""
    try:
        return htmldate.find_date(tree, extensive_search=False, original_date=True) or ""
    except Exception:  # its heuristics can trip on an odd page; the date is only evidence
        return ""


def _fill_from_head(article: ParsedArticle, head: Head) -> None:
    """Fill the fields the story did not give from the byline and date under the headline."""
    article.authors = article.authors or head.authors
    article.source = article.source or head.source
    if not article.published and head.published:
        article.published, article.published_precision = head.published


def _fill_from_meta(article: ParsedArticle, meta: PageMeta, title: str, day: str) -> None:
    """Fill the fields the story's text did not give from what the page says about itself."""
    article.title = article.title or title
    if not article.source:
        # The site's own name, else the publication its <title> names after the headline.
        sites = meta.site_names or [strip_title_suffix(meta.title, [])[1]]
        article.source = canonical_source(sites[0]) if sites[0] else ""
    stated = [found for found in map(parse_record_date, meta.published) if found]
    if article.published and article.published_precision == DatePrecision.DAY:
        # A day printed on the page, to the second when the metadata states a time that day.
        same_day = [found for found in stated if found[0].date() == article.published.date()]
        if same_day:
            article.published, article.published_precision = same_day[0]
    elif not article.published:
        found = _published(stated, day)
        if found:
            article.published, article.published_precision = found
    if not article.authors:
        article.authors = author_names(meta.authors)
    for url in (meta.canonical, meta.meta.get("og:url", ""), meta.article.get("url", "")):
        if web_url(url):
            article.url = web_url(url)
            break
    article.language = next((_language(tag) for tag in meta.languages if _language(tag)), "")
    description = meta.meta.get("description") or meta.meta.get("og:description", "")
    article.summary = article.summary or repair_text(description)


def _published(stated: list[tuple[datetime, str]], day: str) -> tuple[datetime, str] | None:
    """Return the publication date by htmldate's reading of the page (the original date, not
    the last change), to the second when a stated date agrees; else the first stated date."""
    if not day:
        return stated[0] if stated else None
    for moment, precision in stated:
        if moment.date().isoformat() == day:
            return moment, precision
    return parse_record_date(day)


def _language(tag: str) -> str:
    """Return a language tag as BCP 47 writes it ("en_US" -> "en-US"), or "" if it is not one."""
    tag = tag.strip().replace("_", "-")
    return tag if LANGUAGE_TAG.match(tag) else ""
