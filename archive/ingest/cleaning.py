"""Clean one scraped text or JSON record into an article: title, meta lines, body paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from archive.ingest.boilerplate import (
    SIGN_OFF_TAIL,
    TERMINAL_PUNCTUATION,
    is_boilerplate_line,
    is_sign_off,
    trailing_link_lists,
)
from archive.ingest.datelines import find_dateline, parse_dateline_field, split_dateline
from archive.ingest.dates import parse_date, parse_record_date
from archive.ingest.paragraphs import Unit, build_segments, split_units
from archive.ingest.sources import (
    canonical_source,
    is_known_source,
    looks_like_publication,
    parse_byline,
)
from archive.ingest.text import repair_text
from archive.ingest.types import Label, ParsedArticle, ParseError

__all__ = ["clean_record", "clean_scrape", "parse_dateline_field", "split_dateline"]

MAX_TITLE_LENGTH = 300
MAX_META_LENGTH = 160
# Meta lines (bylines, dates) are looked for among the first units, before the story runs.
HEAD_UNITS = 12
BODY_UNITS_BEFORE_META_ENDS = 2
# Shorter paragraphs may repeat for real ("Yes.", table rows); longer ones repeat by mistake.
MIN_REPEAT_KEY_LENGTH = 40
MIN_UNPUNCTUATED_REPEAT_LENGTH = 100
MIN_TEASER_PREFIX_LENGTH = 20
META_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+")
TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)\s+(?:[-|–—:·]|::)\s+(?P<site>[^|–—:·]{2,60})$")
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")
FOLD = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"'})

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


@dataclass
class _Found:
    """What cleaning learns about an article from its lines as it goes."""

    authors: list[str] = field(default_factory=list)
    source: str = ""
    published: tuple[datetime, str] | None = None
    dateline: str = ""
    signed_by_reuters: bool = False


def clean_scrape(text: str) -> ParsedArticle:
    """Return the article in a plain-text scrape (already decoded and repaired)."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("the document has no text")
    title_unit, body_from = _title_unit(text)
    units = split_units(text, body_from)
    found = _Found()
    _clean_units(units, found)
    title = title_unit.text if title_unit else ""
    title, suffix_source = _strip_title_suffix(title, [found.source])
    article = _article(found, units)
    article.title = title
    article.source = article.source or suffix_source
    article.segments = build_segments(text, ([title_unit] if title_unit else []) + units)
    return article


def clean_record(record: dict) -> ParsedArticle:
    """Return the article in one JSON record, or raise ParseError saying what is unusable."""
    if not isinstance(record, dict):
        raise ParseError(f"a record must be a JSON object, not {type(record).__name__}")
    used: set[str] = set()
    title = " ".join(_text_field(record, TITLE_FIELDS, used).split())
    body = _text_field(record, BODY_FIELDS, used)
    if not title and not body.strip():
        raise ParseError("the record has neither a title nor a body")
    summary = _text_field(record, SUMMARY_FIELDS, used).strip()
    record_source = _text_field(record, SOURCE_FIELDS, used).strip()
    dateline_field = _text_field(record, DATELINE_FIELDS, used)
    url = _text_field(record, URL_FIELDS, used).strip()
    language = _text_field(record, LANGUAGE_FIELDS, used).strip()
    authors, byline_source = _record_authors(record, used)
    published = _record_date(record, used)
    sites = [str(record[key]) for key in SITE_FIELDS if isinstance(record.get(key), str)]

    units = split_units(body)
    found = _Found(authors=authors, source=byline_source)
    _clean_units(units, found)
    article = _article(found, units)
    source = canonical_source(record_source) if record_source else article.source
    article.title, suffix_source = _strip_title_suffix(title, [source, record_source, *sites])
    article.source = source or suffix_source
    article.summary = summary
    article.url = url
    article.language = language
    article.dateline = parse_dateline_field(dateline_field) or article.dateline
    if published:
        article.published, article.published_precision = published
    article.extra = {key: value for key, value in record.items() if key not in used}
    article.segments = build_segments(body, units)
    return article


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
                authors.extend(author for author in byline[0] if author not in authors)
                source = source or byline[1]
            elif item.strip():
                for author in re.split(r"\s*(?:,|;|\band\b|&)\s*", repair_text(item).strip()):
                    author = re.sub(r"^by\s+", "", author, flags=re.IGNORECASE).strip()
                    if author and author not in authors:
                        authors.append(author)
    return authors, source


def _record_date(record: dict, used: set[str]) -> tuple[datetime, str] | None:
    """Return the first readable date among the record's date fields."""
    for name in DATE_FIELDS:
        if name in record:
            value = record[name]
            if value is not None and not isinstance(value, str | int | float):
                raise ParseError(f"the field {name!r} must be a date, not {_type_name(value)}")
            used.add(name)
            found = parse_record_date(value)
            if found:
                return found
    return None


def _type_name(value: object) -> str:
    """Return how a JSON reader would name the type of value."""
    names = {list: "a list", dict: "an object", bool: "true/false", int: "a number"}
    names[float] = "a number"
    return names.get(type(value), type(value).__name__)


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
            unit = Unit(start, start + len(stripped), stripped, [(0, start)], Label.TITLE)
            return unit, offset + len(line)
        offset += len(line) + 1
    return None, 0


def _strip_title_suffix(title: str, sources: list[str]) -> tuple[str, str]:
    """Return the title without a " - Site" suffix that names the source, and that source."""
    match = TITLE_SUFFIX.match(title)
    if not match:
        return title, ""
    site = match["site"].strip()
    names = {_fold(canonical_source(name)) for name in sources if name}
    names |= {_fold(name) for name in sources if name}
    if is_known_source(site):
        return match["title"].strip(), canonical_source(site)
    if _fold(site) in names or _fold(canonical_source(site)) in names:
        return match["title"].strip(), ""
    if looks_like_publication(site):
        return match["title"].strip(), site
    return title, ""


def _article(found: _Found, units: list[Unit]) -> ParsedArticle:
    """Return the article that cleaned units and found meta make."""
    article = ParsedArticle(
        authors=found.authors,
        source=found.source or ("Reuters" if found.signed_by_reuters else ""),
        dateline=found.dateline,
        paragraphs=[unit.body_text for unit in units if unit.label == Label.BODY],
    )
    article.paragraphs = [paragraph for paragraph in article.paragraphs if paragraph]
    if found.published:
        article.published, article.published_precision = found.published
    return article


def _clean_units(units: list[Unit], found: _Found) -> None:
    """Label every unit (teaser, byline, date, boilerplate, repeat, body) and note what it says."""
    meta = _meta_candidates(units)
    _mark_teaser(units, meta)
    _mark_meta(units, meta, found)
    _mark_boilerplate(units, found)
    _split_first_dateline(units, found)
    _mark_repeats(units)


def _meta_candidates(units: list[Unit]) -> dict[int, tuple[str, object]]:
    """Return, by index among the head units, the byline or date that a whole unit states."""
    candidates: dict[int, tuple[str, object]] = {}
    for index, unit in enumerate(units[:HEAD_UNITS]):
        # A story's last line that is a wire sign-off ("Reuter") is not an agency line.
        if index == len(units) - 1 and is_sign_off(unit.text):
            continue
        if len(unit.text) <= MAX_META_LENGTH and "\n" not in unit.text:
            meta = _read_meta_line(unit.text)
            if meta:
                candidates[index] = meta
    return candidates


def _read_meta_line(text: str) -> tuple[str, object] | None:
    """Return (label, value) when text is a date line, a byline, or both joined by "|"."""
    date = parse_date(text)
    if date:
        return Label.DATE, [date]
    byline = parse_byline(text)
    if byline:
        return Label.BYLINE, [byline]
    parts = META_PART_SEPARATOR.split(text)
    if len(parts) < 2:
        return None
    values: list = []
    for part in parts:
        value = parse_date(part) or parse_byline(part)
        if value is None:
            return None
        values.append(value)
    return Label.BYLINE, values


def _mark_teaser(units: list[Unit], meta: dict[int, tuple[str, object]]) -> None:
    """Mark leading lines that the body then repeats (a teaser, often cut mid-sentence)."""
    lead = [index for index in range(min(len(units), HEAD_UNITS)) if index not in meta]
    if len(lead) < 2:
        return
    first_key = _teaser_key(units[lead[0]].text)
    if len(first_key) < MIN_TEASER_PREFIX_LENGTH:
        return
    for position in range(1, len(lead)):
        if _key(units[lead[position]].text).startswith(first_key[:MIN_TEASER_PREFIX_LENGTH]):
            teaser = lead[:position]
            if _teaser_matches(units, teaser, lead[position]):
                for index in teaser:
                    units[index].label = Label.TEASER
            return


def _teaser_matches(units: list[Unit], teaser: list[int], body_start: int) -> bool:
    """Return whether the body from body_start repeats the teaser units, the last maybe cut."""
    # A photo credit or prompt between the body's paragraphs does not break the repeat.
    body = [
        index
        for index in range(body_start, len(units))
        if not is_boilerplate_line(units[index].text)
    ]
    for offset, index in enumerate(teaser):
        if offset >= len(body):
            return False
        teaser_key, body_key = _teaser_key(units[index].text), _key(units[body[offset]].text)
        is_last = offset == len(teaser) - 1
        if teaser_key == body_key:
            continue
        if not (is_last and len(teaser_key) >= MIN_TEASER_PREFIX_LENGTH):
            return False
        if not body_key.startswith(teaser_key):
            return False
    return True


def _mark_meta(units: list[Unit], meta: dict[int, tuple[str, object]], found: _Found) -> None:
    """Take byline and date lines at the head of the story out of the body."""
    body_seen = 0
    for index, unit in enumerate(units[:HEAD_UNITS]):
        if unit.label != Label.BODY:
            continue
        if index not in meta:
            body_seen += 1
            if body_seen > BODY_UNITS_BEFORE_META_ENDS:
                return
            continue
        label, values = meta[index]
        unit.label = label
        for value in values:
            if isinstance(value[0], datetime):
                found.published = found.published or value
            else:
                authors, source = value
                found.authors.extend(author for author in authors if author not in found.authors)
                found.source = found.source or source


def _mark_boilerplate(units: list[Unit], found: _Found) -> None:
    """Mark prompts, credits, link lists and the wire sign-off as boilerplate."""
    body = [unit for unit in units if unit.label == Label.BODY]
    for unit in body:
        if is_boilerplate_line(unit.text):
            unit.label = Label.BOILERPLATE
    body = [unit for unit in body if unit.label == Label.BODY]
    for index in trailing_link_lists([unit.text for unit in body]):
        body[index].label = Label.BOILERPLATE
    body = [unit for unit in body if unit.label == Label.BODY]
    while body and is_sign_off(body[-1].text):
        last = body.pop()
        last.label = Label.BOILERPLATE
        found.signed_by_reuters = found.signed_by_reuters or last.text.lower().startswith("reuter")
    if body:
        match = SIGN_OFF_TAIL.search(body[-1].text)
        if match:
            body[-1].body_end = match.start()
            found.signed_by_reuters = True


def _split_first_dateline(units: list[Unit], found: _Found) -> None:
    """Take the dateline off the first body paragraph ("WASHINGTON (Reuters) - ...")."""
    first = next((unit for unit in units if unit.label == Label.BODY), None)
    if first is None:
        return
    dateline = find_dateline(first.text)
    if dateline is None:
        return
    place, agency, rest_start = dateline
    if not place:
        return
    found.dateline = place
    found.source = found.source or agency
    first.body_start = rest_start


def _mark_repeats(units: list[Unit]) -> None:
    """Mark paragraphs, and blocks of them, already seen earlier in the story."""
    seen: set[str] = set()
    body = [unit for unit in units if unit.label == Label.BODY]
    keys = [_key(unit.body_text) for unit in body]
    for unit, key in zip(body, keys, strict=True):
        if _may_repeat_by_mistake(key) and key in seen:
            unit.label = Label.REPEAT
        seen.add(key)
        seen.add(_key(unit.text))
    # A short paragraph inside a repeated block is part of the repeat.
    for index in range(1, len(body) - 1):
        if (
            body[index].label == Label.BODY
            and body[index - 1].label == Label.REPEAT
            and body[index + 1].label == Label.REPEAT
            and keys[index] in keys[: index - 1]
        ):
            body[index].label = Label.REPEAT


def _may_repeat_by_mistake(key: str) -> bool:
    """Return whether a paragraph is prose long enough that a second copy is an error."""
    # Short lines and table headings ("Qtr ended March 31") repeat for real.
    return len(key) >= MIN_REPEAT_KEY_LENGTH and (
        len(key) >= MIN_UNPUNCTUATED_REPEAT_LENGTH or key.endswith(TERMINAL_PUNCTUATION)
    )


def _key(text: str) -> str:
    """Return text folded for comparison: case, quotes and spacing ignored."""
    return " ".join(text.translate(FOLD).casefold().split())


def _teaser_key(text: str) -> str:
    """Return the comparison key of a teaser line, without a closing ellipsis."""
    return ELLIPSIS.sub("", _key(text))


def _fold(text: str) -> str:
    """Return text with case and spacing ignored."""
    return " ".join(text.casefold().split())
