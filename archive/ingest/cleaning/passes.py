"""The passes that label a story's paragraphs: meta lines, teaser, boilerplate, dateline, repeats.

Scrapes (scrape.py) and records (record.py) go through the same passes; what they learn about
the article (authors, source, date, dateline) gathers in a `Found`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from archive.ingest.cleaning.boilerplate import (
    SIGN_OFF_TAIL,
    TERMINAL_PUNCTUATION,
    is_boilerplate_line,
    is_sign_off,
    trailing_link_lists,
)
from archive.ingest.cleaning.datelines import find_dateline
from archive.ingest.cleaning.dates import parse_date
from archive.ingest.cleaning.paragraphs import Unit
from archive.ingest.cleaning.sources import (
    canonical_source,
    is_known_source,
    looks_like_publication,
    parse_byline,
)
from archive.ingest.types import ParsedArticle
from archive.lib.names import normalize_name
from archive.lib.vocabulary import SegmentLabel

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


@dataclass
class Found:
    """What cleaning learns about an article from its lines as it goes."""

    authors: list[str] = field(default_factory=list)
    source: str = ""
    published: tuple[datetime, str] | None = None
    dateline: str = ""
    signed_by_reuters: bool = False


def strip_title_suffix(title: str, sources: list[str]) -> tuple[str, str]:
    """Return the title without a " - Site" suffix that names the source, and that source."""
    match = TITLE_SUFFIX.match(title)
    if not match:
        return title, ""
    site = match["site"].strip()
    names = {normalize_name(canonical_source(name)) for name in sources if name}
    names |= {normalize_name(name) for name in sources if name}
    if is_known_source(site):
        return match["title"].strip(), canonical_source(site)
    if normalize_name(site) in names or normalize_name(canonical_source(site)) in names:
        return match["title"].strip(), ""
    if looks_like_publication(site):
        return match["title"].strip(), site
    return title, ""


def article_from(found: Found, units: list[Unit]) -> ParsedArticle:
    """Return the article that cleaned units and found meta make."""
    article = ParsedArticle(
        authors=found.authors,
        source=found.source or ("Reuters" if found.signed_by_reuters else ""),
        dateline=found.dateline,
        paragraphs=[unit.body_text for unit in units if unit.label == SegmentLabel.BODY],
    )
    article.paragraphs = [paragraph for paragraph in article.paragraphs if paragraph]
    if found.published:
        article.published, article.published_precision = found.published
    return article


def clean_units(units: list[Unit], found: Found) -> None:
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
        return SegmentLabel.DATE, [date]
    byline = parse_byline(text)
    if byline:
        return SegmentLabel.BYLINE, [byline]
    parts = META_PART_SEPARATOR.split(text)
    if len(parts) < 2:
        return None
    values: list = []
    for part in parts:
        value = parse_date(part) or parse_byline(part)
        if value is None:
            return None
        values.append(value)
    return SegmentLabel.BYLINE, values


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
                    units[index].label = SegmentLabel.TEASER
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


def _mark_meta(units: list[Unit], meta: dict[int, tuple[str, object]], found: Found) -> None:
    """Take byline and date lines at the head of the story out of the body."""
    body_seen = 0
    for index, unit in enumerate(units[:HEAD_UNITS]):
        if unit.label != SegmentLabel.BODY:
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


def _mark_boilerplate(units: list[Unit], found: Found) -> None:
    """Mark prompts, credits, link lists and the wire sign-off as boilerplate."""
    body = [unit for unit in units if unit.label == SegmentLabel.BODY]
    for unit in body:
        if is_boilerplate_line(unit.text):
            unit.label = SegmentLabel.BOILERPLATE
    body = [unit for unit in body if unit.label == SegmentLabel.BODY]
    for index in trailing_link_lists([unit.text for unit in body]):
        body[index].label = SegmentLabel.BOILERPLATE
    body = [unit for unit in body if unit.label == SegmentLabel.BODY]
    while body and is_sign_off(body[-1].text):
        last = body.pop()
        last.label = SegmentLabel.BOILERPLATE
        found.signed_by_reuters = found.signed_by_reuters or last.text.lower().startswith("reuter")
    if body:
        match = SIGN_OFF_TAIL.search(body[-1].text)
        if match:
            body[-1].body_end = match.start()
            found.signed_by_reuters = True


def _split_first_dateline(units: list[Unit], found: Found) -> None:
    """Take the dateline off the first body paragraph ("WASHINGTON (Reuters) - ...")."""
    first = next((unit for unit in units if unit.label == SegmentLabel.BODY), None)
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
    body = [unit for unit in units if unit.label == SegmentLabel.BODY]
    keys = [_key(unit.body_text) for unit in body]
    for unit, key in zip(body, keys, strict=True):
        if _may_repeat_by_mistake(key) and key in seen:
            unit.label = SegmentLabel.REPEAT
        seen.add(key)
        seen.add(_key(unit.text))
    # A short paragraph inside a repeated block is part of the repeat.
    for index in range(1, len(body) - 1):
        if (
            body[index].label == SegmentLabel.BODY
            and body[index - 1].label == SegmentLabel.REPEAT
            and body[index + 1].label == SegmentLabel.REPEAT
            and keys[index] in keys[: index - 1]
        ):
            body[index].label = SegmentLabel.REPEAT


def _may_repeat_by_mistake(key: str) -> bool:
    """Return whether a paragraph is prose long enough that a second copy is an error."""
    # Short lines and table headings ("Qtr ended March 31") repeat for real.
    return len(key) >= MIN_REPEAT_KEY_LENGTH and (
        len(key) >= MIN_UNPUNCTUATED_REPEAT_LENGTH or key.endswith(TERMINAL_PUNCTUATION)
    )


def _key(text: str) -> str:
    """Return text folded for comparison: case, quotes and spacing ignored."""
    return normalize_name(text)


def _teaser_key(text: str) -> str:
    """Return the comparison key of a teaser line, without a closing ellipsis."""
    return ELLIPSIS.sub("", _key(text))
