"""What one line of a story says on its own: a date, a byline, a section label, a list item,
a copyright line or a wire sign-off. Where a line stands decides what it counts for (passes.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime

from archive.ingest.cleaning.boilerplate import (
    LIST_MARKER,
    SIGN_OFF,
    TERMINAL_PUNCTUATION,
    is_boilerplate_line,
)
from archive.ingest.cleaning.dates import date_line_kind, parse_date
from archive.ingest.cleaning.sources import (
    SOURCES,
    Byline,
    canonical_source,
    is_known_source,
    looks_like_publication,
    parse_byline,
    section_words,
)

MAX_META_LENGTH = 160
META_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s+[-–—]\s+(?=\S)")
# Sections newspapers file stories under; a line of them (or a breadcrumb of short items
# holding one) labels the page, it says nothing of the story.
BREADCRUMB = re.compile(r"\s+(?:»|›|>|/|\||·|•|::|→|–|—)\s+")
MAX_LABEL_WORDS = 3
MAX_LABEL_LINE_WORDS = 8
# Headline lists beside or under a story: a list marker (boilerplate.LIST_MARKER) or a date
# after the headline.
DATED_ITEM = re.compile(
    r"^(?P<headline>.+?)\s*(?:\((?P<parenthesised>[^()]{6,40})\)|[-–—|·]\s+(?P<dashed>.{6,40}))$"
)
MAX_HEADLINE_WORDS = 18
VERSUS = re.compile(r"\s(?:v|vs)\.?\s", re.IGNORECASE)
MAX_HEADLINE_CHARACTERS = 160
COPYRIGHT = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[,:]?\s*"
    r"(?P<holder>.+?)\s*(?:[.,|;]\s*(?:all rights reserved|all right reserved).*|[.,]\s*)?$",
    re.IGNORECASE,
)
# Short names of agencies that sign stories off: "(AFP)", "— AP", "--IANS", "... said. dpa".
SIGNING_AGENCIES = sorted(
    {
        alias
        for canonical, aliases in SOURCES.items()
        for alias in (canonical, *aliases)
        if len(alias) <= 8 and " " not in alias and "." not in alias
    },
    key=len,
    reverse=True,
)
_AGENCY = r"(?P<agency>" + "|".join(map(re.escape, SIGNING_AGENCIES)) + r")"
SIGN_OFF_LINE = re.compile(r"^(?:[-–—]{1,2}\s*|\(\s*)?" + _AGENCY + r"(?:\s*\))?\s*\.?$")
GLUED_SIGN_OFF = re.compile(
    r"(?<=[.!?\"'”’])\s+(?:[-–—]{1,2}\s*)?(?:\(\s*"
    + _AGENCY
    + r"\s*\)|"
    + _AGENCY.replace("agency", "bare")
    + r")\s*\.?$"
)


# A line that says what it is: "Published: ...", "Updated ...", "By ...".
LABELLED_META = re.compile(
    r"^\s*(?:(?:first|last)\s+)?(?:published|updated|posted|modified|created|released|filed"
    r"|dated?|by)\b",
    re.IGNORECASE,
)


@dataclass
class Meta:
    """What a date line, a byline, or both on one line, say."""

    dates: list[tuple[datetime, str, str]] = field(default_factory=list)  # moment, precision, kind
    bylines: list[Byline] = field(default_factory=list)
    labelled: bool = False  # it says what it is ("Published: ...", "By ..."): meta anywhere


@functools.lru_cache(maxsize=4096)
def read_meta(text: str, bare: bool = False) -> Meta | None:
    """Return what a line says when it is a date line, a byline, or several of them joined.

    bare lets a line of names alone count as a byline (at the head of a story).
    """
    if len(text) > MAX_META_LENGTH or "\n" in text:
        return None
    meta = _read_meta_part(text, bare)
    if meta is None:
        parts = META_PART_SEPARATOR.split(text)
        if len(parts) < 2:
            return None
        meta = Meta()
        for part in parts:
            read = _read_meta_part(part, bare)
            if read is None:
                return None
            meta.dates += read.dates
            meta.bylines += read.bylines
    meta.labelled = bool(LABELLED_META.match(text))
    return meta


def _read_meta_part(text: str, bare: bool) -> Meta | None:
    """Return what one part of a meta line says, or None."""
    date = parse_date(text)
    if date:
        return Meta(dates=[(*date, date_line_kind(text))])
    byline = parse_byline(text, bare=bare)
    if byline:
        return Meta(bylines=[byline])
    return None


@functools.lru_cache(maxsize=4096)
def is_section_label(text: str) -> bool:
    """Tell whether a line only names sections ("World", "News · Business", "Home » Sport")."""
    if len(text) > 80 or text.endswith(TERMINAL_PUNCTUATION):
        return False
    parts = [part for part in BREADCRUMB.split(text.strip()) if part]
    if not parts or len(text.split()) > MAX_LABEL_LINE_WORDS:
        return False
    if any(len(part.split()) > MAX_LABEL_WORDS for part in parts):
        return False
    sections = sum(_names_a_section(part) for part in parts)
    if len(parts) == 1:
        return sections == 1
    # A breadcrumb: short capitalised items, half of them sections at least ("Home » Gadgets").
    capitalised = all(
        word[:1].isupper() or word[:1].isdigit() or word in ("&", "and", "of")
        for part in parts
        for word in part.split()
    )
    return capitalised and 2 * sections >= len(parts)


def _names_a_section(part: str) -> bool:
    """Tell whether a label names a section: "Business", "World News", "India News"."""
    words = part.casefold().split()
    return part.casefold() in section_words() or (len(words) <= 3 and words[-1] == "news")


def is_headline_item(text: str) -> bool:
    """Tell whether a line reads as one item of a list of headlines (of other stories)."""
    marker = LIST_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
    dated = DATED_ITEM.match(text)
    if dated and parse_date(dated["parenthesised"] or dated["dashed"] or ""):
        text = dated["headline"]
    elif text.endswith((".", ":", ";")) or (marker is None and text.endswith(TERMINAL_PUNCTUATION)):
        return False  # a sentence, even after a bullet; a headline may ask a question
    words = text.split()
    if not 2 <= len(words) <= MAX_HEADLINE_WORDS or len(text) > MAX_HEADLINE_CHARACTERS:
        return False
    # Wire tables ("Shr 1.20 dlrs vs 1.10 dlrs") and fixtures ("Derby v Watford") are short
    # and unpunctuated too, but they are the story's.
    digits = sum(character.isdigit() for character in text)
    return digits <= 0.2 * len(text.replace(" ", "")) and not VERSUS.search(text)


def copyright_holder(text: str) -> str:
    """Return the publisher a copyright line names ("© 2005 The Harbour Herald"), or ""."""
    match = COPYRIGHT.match(text.strip())
    if match is None:
        return ""
    holder = match["holder"].strip(" .,")
    if is_known_source(holder):
        return canonical_source(holder)
    return holder if looks_like_publication(holder) else ""


@functools.lru_cache(maxsize=4096)
def sign_off_source(text: str) -> str | None:
    """Return the agency a wire sign-off line names ("(AFP)", "-- IANS"), "" for one that names
    none ("MORE", "ENDS"), or None when the line is no sign-off."""
    match = SIGN_OFF_LINE.match(text.strip())
    if match:
        return canonical_source(match["agency"])
    if len(text) <= 30 and SIGN_OFF.match(text.strip()):
        return "Reuters" if text.strip().lower().startswith("reuter") else ""
    return None


def is_list(text: str) -> bool:
    """Tell whether a unit of several lines is a list of headlines, one an item."""
    lines = text.split("\n")
    return len(lines) > 1 and all(
        LIST_MARKER.match(line) and is_headline_item(line) for line in lines
    )


def furniture_signed_off(text: str) -> str | None:
    """Return the agency of a sign-off glued to a furniture line ("Advertisement Reuter")."""
    words = text.rsplit(None, 1)
    if len(words) != 2:
        return None
    agency = sign_off_source(words[1])
    return agency if agency and is_boilerplate_line(words[0]) else None


def glued_sign_off(text: str) -> tuple[int, str] | None:
    """Return where an agency sign-off glued to a story's last line starts, and the agency."""
    match = GLUED_SIGN_OFF.search(text)
    if match is None:
        return None
    return match.start(), canonical_source(match["agency"] or match["bare"])
