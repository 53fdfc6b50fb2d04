"""Find the story among a text's paragraphs and label every one of them.

A scrape is three zones. The head, before the story starts, may hold section labels,
teasers (the story's first paragraphs again, the last often cut), bylines and date lines in
any order and form. The story runs from its first paragraph to its last, with boilerplate
lines and repeated blocks inside it and a dateline on its first paragraph. The tail, after
the story, may hold a date line or byline, a wire sign-off, copyright lines and lists of
other stories' headlines in any style. Scrapes (scrape.py) and records (record.py) go through
the same passes; what they learn about the article gathers in a `Found`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from archive.ingest.cleaning.boilerplate import (
    LIST_MARKER,
    RELATED_HEADING,
    SIGN_OFF_TAIL,
    TERMINAL_PUNCTUATION,
    is_boilerplate_line,
    is_separator,
    trailing_link_lists,
)
from archive.ingest.cleaning.datelines import find_dateline
from archive.ingest.cleaning.lines import (
    LABELLED_META,
    Meta,
    copyright_holder,
    furniture_signed_off,
    glued_sign_off,
    is_headline_item,
    is_list,
    is_section_label,
    read_meta,
    sign_off_source,
)
from archive.ingest.cleaning.paragraphs import Unit
from archive.ingest.cleaning.sources import (
    canonical_source,
    is_known_source,
    looks_like_publication,
)
from archive.ingest.types import ParsedArticle
from archive.lib.names import normalize_name
from archive.lib.vocabulary import SegmentLabel

# The story starts within the first units; its head is looked at no further.
HEAD_UNITS = 16
# Meta lines (a byline after the first paragraph) are still read this far into the story.
META_UNITS_INTO_STORY = 3
# A paragraph that opens the story has this many words, or ends like a sentence.
MIN_STORY_WORDS = 6
# Shorter paragraphs may repeat for real ("Yes.", table rows); longer ones repeat by mistake.
MIN_REPEAT_KEY_LENGTH = 40
MIN_UNPUNCTUATED_REPEAT_LENGTH = 100
MIN_TEASER_PREFIX_LENGTH = 20
TEASER_CANDIDATES = 4
TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)\s+(?:[-|–—:·»]|::)\s+(?P<site>[^|–—:·»]{2,60})$")
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")
LIST_KINDS = ("item", "listed", "separator")
DATED_END = re.compile(r"\d{4}\)?\s*$")


@dataclass
class Found:
    """What cleaning learns about an article from its lines as it goes."""

    authors: list[str] = field(default_factory=list)
    source: str = ""  # a known agency or publisher named by a byline, agency line or dateline
    publication: str = ""  # a publication named by a byline or a copyright line
    signed_by: str = ""  # the agency of a wire sign-off
    dates: list[tuple[datetime, str, str]] = field(default_factory=list)  # from the head
    late_dates: list[tuple[datetime, str, str]] = field(default_factory=list)  # after the story
    dateline: str = ""

    def read(self, meta: Meta, late: bool = False) -> None:
        """Take in what a meta line says."""
        (self.late_dates if late else self.dates).extend(meta.dates)
        for byline in meta.bylines:
            self.authors.extend(author for author in byline.authors if author not in self.authors)
            self.source = self.source or byline.source
            self.publication = self.publication or byline.publication

    @property
    def published(self) -> tuple[datetime, str] | None:
        """Return the publication date: a published date over an update, the head's first."""
        for dates in (self.dates, self.late_dates):
            for kind in ("published", "updated"):
                for moment, precision, date_kind in dates:
                    if date_kind == kind:
                        return moment, precision
        return None


def strip_title_suffix(title: str, sources: list[str]) -> tuple[str, str]:
    """Return the title without a " | Site" or " :: Section" suffix, and the site it names.

    A suffix is dropped when it names a known source, the article's own source or site, a
    publication, or a newspaper section; anything else may be part of the headline.
    """
    match = TITLE_SUFFIX.match(title)
    if not match or title.isupper():
        # In a wire headline written in capitals, "- JIJI" or "- PAPER" says who said it.
        return title, ""
    site = match["site"].strip()
    names = {normalize_name(canonical_source(name)) for name in sources if name}
    names |= {normalize_name(name) for name in sources if name}
    if is_known_source(site):
        return match["title"].strip(), canonical_source(site)
    if normalize_name(site) in names or normalize_name(canonical_source(site)) in names:
        return match["title"].strip(), ""
    if is_section_label(site):
        return match["title"].strip(), ""
    if looks_like_publication(site):
        return match["title"].strip(), site
    return title, ""


def article_from(found: Found, units: list[Unit]) -> ParsedArticle:
    """Return the article that cleaned units and found meta make."""
    article = ParsedArticle(
        authors=found.authors,
        source=found.source or found.signed_by or found.publication,
        dateline=found.dateline,
        paragraphs=[unit.body_text for unit in units if unit.label == SegmentLabel.BODY],
    )
    article.paragraphs = [paragraph for paragraph in article.paragraphs if paragraph]
    if found.published:
        article.published, article.published_precision = found.published
    return article


def clean_units(units: list[Unit], found: Found) -> None:
    """Label every unit (teaser, byline, date, boilerplate, repeat, body) and note what it says."""
    if not units:
        return
    start = _story_start(units)
    end = _story_end(units, start)
    _label_head(units[:start], found)
    _label_tail(units[end:], found)
    story = units[start:end]
    _label_story(story, found)
    _split_first_dateline(story, units[:start], found)
    _mark_repeats(story)


def _story_start(units: list[Unit]) -> int:
    """Return where the story starts, marking the teaser that repeats its opening."""
    head = [index for index in range(min(len(units), HEAD_UNITS)) if _may_open_story(units[index])]
    for first in head[:TEASER_CANDIDATES]:
        teaser_key = _teaser_key(units[first].text)
        if len(teaser_key) >= MIN_TEASER_PREFIX_LENGTH:
            later = _teaser_copy(units, first, teaser_key[:MIN_TEASER_PREFIX_LENGTH])
            if later is not None:
                teaser = [index for index in head if first <= index < later]
                if _teaser_matches(units, teaser, later):
                    for index in teaser:
                        units[index].label = SegmentLabel.TEASER
                    return later
        if _opens_story(units[first].text):
            break  # the story has begun: a teaser stands before it, never inside it
    # Without a teaser the story starts at the first line that is not head furniture: a
    # short line nothing recognises ("Ewood Park") is the story's, not the page's.
    if head:
        return head[0]
    # A head of nothing but labels and meta lines: the story is the first unit after them.
    return next((index for index, unit in enumerate(units) if _may_open_story(unit)), 0)


def _teaser_copy(units: list[Unit], first: int, prefix: str) -> int | None:
    """Return where the story repeats a teaser that opens with prefix, if it does."""
    for later in range(first + 1, len(units)):
        if any(key.startswith(prefix) for key in _story_keys(units[later])):
            return later
    return None


def _may_open_story(unit: Unit) -> bool:
    """Tell whether a unit can be story text, not a head line (label, meta, furniture)."""
    text = unit.text
    if is_separator(text) or is_boilerplate_line(text) or is_section_label(text):
        return False
    if sign_off_source(text) is not None:
        return False
    return read_meta(text, bare=True) is None


def _opens_story(text: str) -> bool:
    """Tell whether a paragraph reads as story text rather than a short head line."""
    words = len(text.split())
    return words >= MIN_STORY_WORDS or (words >= 3 and text.endswith(TERMINAL_PUNCTUATION))


def _story_keys(unit: Unit) -> list[str]:
    """Return the keys a paragraph may repeat a teaser under: with and without its dateline."""
    keys = [_key(unit.text)]
    dateline = find_dateline(unit.text)
    if dateline is not None:
        keys.append(_key(unit.text[dateline[2] :]))
    return keys


def _teaser_matches(units: list[Unit], teaser: list[int], body_start: int) -> bool:
    """Return whether the story from body_start repeats the teaser units, the last maybe cut."""
    # A photo credit or prompt between the story's paragraphs does not break the repeat.
    body = [
        index
        for index in range(body_start, len(units))
        if not is_boilerplate_line(units[index].text)
    ]
    for offset, index in enumerate(teaser):
        if offset >= len(body):
            return False
        teaser_key = _teaser_key(units[index].text)
        story_keys = _story_keys(units[body[offset]])
        if teaser_key in story_keys:
            continue
        is_last = offset == len(teaser) - 1
        if not (is_last and len(teaser_key) >= MIN_TEASER_PREFIX_LENGTH):
            return False
        if not any(key.startswith(teaser_key) for key in story_keys):
            return False
    return True


def _story_end(units: list[Unit], start: int) -> int:
    """Return where the story ends: the tail after it holds only lists, footers and meta."""
    end = len(units)
    kinds: list[str] = []
    while end - 1 > start:
        kind = _tail_kind(units[end - 1].text)
        if kind is None:
            break
        kinds.append(kind)
        end -= 1
    # Headline-shaped lines and separators make a list only together, under a heading, or
    # two headlines at least; one such line alone is the story's own last line ("...", ".").
    items = kinds.count("item") + kinds.count("listed")
    if not ("heading" in kinds or items >= 2 or (items and "separator" in kinds)):
        while end < len(units) and _tail_kind(units[end].text) in LIST_KINDS:
            end += 1
    return end


def _tail_kind(text: str) -> str | None:
    """Return what a unit after the story is, or None when it reads as story text."""
    if is_separator(text):
        return "separator"
    if RELATED_HEADING.match(text):
        return "heading"
    if sign_off_source(text) is not None or copyright_holder(text):
        return "footer"
    if furniture_signed_off(text):
        return "footer"
    if is_list(text):
        return "listed"
    if is_boilerplate_line(text) or is_section_label(text):
        return "footer"
    if read_meta(text) is not None:
        return "meta"
    if is_headline_item(text):
        # List markers and dates ("Floods close road (12 May 2005)") show a list by themselves.
        return "listed" if LIST_MARKER.match(text) or DATED_END.search(text) else "item"
    return None


def _label_head(units: list[Unit], found: Found) -> None:
    """Label what stands before the story: teasers stay marked, meta is read, the rest goes."""
    for unit in units:
        if unit.label == SegmentLabel.TEASER:
            continue
        meta = read_meta(unit.text, bare=True)
        if meta is not None:
            unit.label = _meta_label(meta)
            found.read(meta)
            continue
        agency = sign_off_source(unit.text)
        if agency:  # "AFP" standing alone above the story
            unit.label = SegmentLabel.BYLINE
            found.source = found.source or agency
            continue
        unit.label = SegmentLabel.BOILERPLATE


def _label_tail(units: list[Unit], found: Found) -> None:
    """Label what follows the story: a date or byline right after it counts, lists do not."""
    right_after = True
    for unit in units:
        unit.label = SegmentLabel.BOILERPLATE
        meta = read_meta(unit.text)
        if meta is not None and right_after:
            unit.label = _meta_label(meta)
            found.read(meta, late=True)
            continue
        agency = sign_off_source(unit.text) or furniture_signed_off(unit.text)
        if agency is not None:
            found.signed_by = found.signed_by or agency
            continue
        holder = copyright_holder(unit.text)
        if holder:
            found.publication = found.publication or holder
            continue
        if _tail_kind(unit.text) in ("item", "listed", "heading", "separator"):
            right_after = False


def _label_story(story: list[Unit], found: Found) -> None:
    """Mark furniture inside the story, a byline or date line just into it, and a glued sign-off."""
    for position, unit in enumerate(story):
        if is_boilerplate_line(unit.text):
            unit.label = SegmentLabel.BOILERPLATE
            continue
        # Just into the story any meta line is one; further in, only one that says what it is.
        just_in = 0 < position <= META_UNITS_INTO_STORY
        if not just_in and not LABELLED_META.match(unit.text):
            continue
        meta = read_meta(unit.text, bare=just_in)
        if meta is not None and (just_in or meta.labelled):
            unit.label = _meta_label(meta)
            found.read(meta, late=position > META_UNITS_INTO_STORY)
    body = [unit for unit in story if unit.label == SegmentLabel.BODY]
    for index in trailing_link_lists([unit.text for unit in body]):
        body[index].label = SegmentLabel.BOILERPLATE
    body = [unit for unit in body if unit.label == SegmentLabel.BODY]
    if not body:
        return
    last = body[-1]
    match = SIGN_OFF_TAIL.search(last.text)
    if match:
        last.body_end = match.start()
        found.signed_by = found.signed_by or "Reuters"
        return
    glued = glued_sign_off(last.text)
    if glued is not None:
        last.body_end, agency = glued
        found.signed_by = found.signed_by or agency


def _split_first_dateline(story: list[Unit], head: list[Unit], found: Found) -> None:
    """Take the dateline off the story's first paragraph ("WASHINGTON (Reuters) - ...").

    When the story's copy has none but the teaser that repeats it does, the teaser's counts.
    """
    body = [unit for unit in story if unit.label == SegmentLabel.BODY]
    # The dateline opens the first paragraph of prose, after any short line above it.
    first = next((unit for unit in body[:3] if _opens_story(unit.text)), body[0] if body else None)
    if first is None:
        return
    dateline = find_dateline(first.text)
    if dateline is not None and dateline[0]:
        place, agency, rest_start = dateline
        first.body_start = rest_start
    else:
        teasers = [unit for unit in head if unit.label == SegmentLabel.TEASER]
        dateline = find_dateline(teasers[0].text) if teasers else None
        if dateline is None or not dateline[0]:
            return
        place, agency, _ = dateline
    found.dateline = place
    found.source = found.source or agency


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


def _meta_label(meta: Meta) -> SegmentLabel:
    """Return the label of a meta line: a byline, or a date line when it names no one."""
    return SegmentLabel.BYLINE if meta.bylines else SegmentLabel.DATE
