"""Clean one JSON record into an article: map its fields, then clean its body like a scrape's."""

from __future__ import annotations

import re
from datetime import datetime

from archive.ingest.cleaning.datelines import parse_dateline_field
from archive.ingest.cleaning.dates import parse_record_date
from archive.ingest.cleaning.html import clean_html, fill_from_page
from archive.ingest.cleaning.paragraphs import build_segments, split_units
from archive.ingest.cleaning.passes import Found, article_from, clean_units, strip_title_suffix
from archive.ingest.cleaning.sources import canonical_source, parse_byline
from archive.ingest.cleaning.text import repair_text
from archive.ingest.types import ParsedArticle, ParseError
from archive.lib.urls import web_url

TITLE_FIELDS = ("title", "headline", "name")
BODY_FIELDS = ("body", "text", "content", "article", "articleBody", "article_body")
SUMMARY_FIELDS = ("summary", "teaser", "description", "lede", "standfirst", "abstract")
DATE_FIELDS = ("date", "published", "published_at", "publishedAt", "datetime", "pub_date")
SOURCE_FIELDS = ("source", "publisher", "agency")
AUTHOR_FIELDS = ("author", "authors", "byline")
DATELINE_FIELDS = ("dateline",)
URL_FIELDS = ("url", "link", "canonical_url")
LANGUAGE_FIELDS = ("language", "lang")
# Fields that name the site: used to recognise a " | Site" title suffix; kept in extra.
SITE_FIELDS = ("site", "site_name", "domain")


def clean_record(record: dict) -> ParsedArticle:
    """Return the article in one JSON record, or raise ParseError saying what is unusable."""
    if not isinstance(record, dict):
        raise ParseError(f"a record must be a JSON object, not {type(record).__name__}")
    used: set[str] = set()
    title = " ".join(_text_field(record, TITLE_FIELDS, used).split())
    body = _text_field(record, BODY_FIELDS, used)
    page = _html_field(record, used) if not body.strip() else None
    body = page.body if page else body
    if not title and not body.strip():
        raise ParseError("the record has neither a title nor a body")
    summary = _text_field(record, SUMMARY_FIELDS, used).strip()
    record_source = _text_field(record, SOURCE_FIELDS, used).strip()
    dateline_field = _text_field(record, DATELINE_FIELDS, used)
    notes: list[str] = []
    url = _record_url(record, used, notes)
    language = _text_field(record, LANGUAGE_FIELDS, used).strip()
    authors, byline_source = _record_authors(record, used)
    published = _record_date(record, used, notes)
    sites = [str(record[key]) for key in SITE_FIELDS if isinstance(record.get(key), str)]

    units = split_units(body)
    found = Found(authors=authors, source=byline_source)
    clean_units(units, found)
    article = article_from(found, units)
    source = canonical_source(record_source) if record_source else article.source
    article.title, suffix_source = strip_title_suffix(title, [source, record_source, *sites])
    article.source = source or suffix_source
    article.summary = summary
    article.url = url
    article.language = language
    article.dateline = parse_dateline_field(dateline_field) or article.dateline
    if published:
        article.published, article.published_precision = published
    article.extra = {key: value for key, value in record.items() if key not in used}
    article.notes = notes
    article.segments = build_segments(body, units)
    if page:
        fill_from_page(article, page)
    return article


def _html_field(record: dict, used: set[str]) -> ParsedArticle | None:
    """Return the article in a record's "html" field (a scraper's copy of the page), if any."""
    value = record.get("html")
    if not isinstance(value, str) or not value.strip():
        return None
    used.add("html")
    return clean_html(value)


def _text_field(record: dict, names: tuple[str, ...], used: set[str]) -> str:
    """Return the repaired text of the first non-empty field among names ("" when none)."""
    chosen = ""
    for name in names:
        if name not in record:
            continue
        value = record[name]
        if value is None:
            used.add(name)
            continue
        if not isinstance(value, str):
            raise ParseError(f"the field {name!r} must be text, not {_type_name(value)}")
        if not chosen and value.strip():
            chosen = repair_text(value)
            used.add(name)
        elif not value.strip():
            used.add(name)
    return chosen


def _record_authors(record: dict, used: set[str]) -> tuple[list[str], str]:
    """Return the authors and any agency named by the record's author fields."""
    authors: list[str] = []
    source = ""
    for name in AUTHOR_FIELDS:
        if name not in record:
            continue
        used.add(name)
        value = record[name]
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, str):
                raise ParseError(
                    f"the field {name!r} must be text or a list of text, not {_type_name(item)}"
                )
            byline = parse_byline(repair_text(item)) if item.strip() else None
            if byline:
                authors.extend(author for author in byline.authors if author not in authors)
                source = source or byline.source
            elif item.strip():
                for author in re.split(r"\s*(?:,|;|\band\b|&)\s*", repair_text(item).strip()):
                    author = re.sub(r"^by\s+", "", author, flags=re.IGNORECASE).strip()
                    if author and author not in authors:
                        authors.append(author)
    return authors, source


def _record_date(record: dict, used: set[str], notes: list[str]) -> tuple[datetime, str] | None:
    """Return the first readable date among the record's date fields.

    A date that cannot be read (year 0, 1e300, NaN, words) stays among the unmapped fields,
    and a note says so: the article is stored undated, never silently.
    """
    for name in DATE_FIELDS:
        if name in record:
            value = record[name]
            if value is not None and not isinstance(value, str | int | float):
                raise ParseError(f"the field {name!r} must be a date, not {_type_name(value)}")
            if value is None or (isinstance(value, str) and not value.strip()):
                used.add(name)
                continue
            found = parse_record_date(value)
            if found:
                used.add(name)
                return found
            notes.append(
                f"the date in {name!r} ({str(value)[:60]!r}) cannot be read; it is kept"
                " with the raw document"
            )
    return None


def _record_url(record: dict, used: set[str], notes: list[str]) -> str:
    """Return the record's web link; any other link stays among the unmapped fields, noted."""
    url = _text_field(record, URL_FIELDS, used).strip()
    if not url or web_url(url):
        return web_url(url)
    for name in URL_FIELDS:
        used.discard(name)
    notes.append(f"the link {url[:80]!r} is not a web (http or https) link; it is kept as text")
    return ""


def _type_name(value: object) -> str:
    """Return how a JSON reader would name the type of value."""
    names = {list: "a list", dict: "an object", bool: "true/false", int: "a number"}
    names[float] = "a number"
    return names.get(type(value), type(value).__name__)
