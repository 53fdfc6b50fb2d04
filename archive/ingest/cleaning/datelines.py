"""Find the dateline ("WASHINGTON (Reuters) -", "Paris —") that opens a news story."""

from __future__ import annotations

import re

from archive.ingest.cleaning.dates import MONTH_NAME
from archive.ingest.cleaning.sources import canonical_source, is_known_source

_MONTH = r"(?i:" + MONTH_NAME + ")"
DATE_PART = re.compile(r"^" + _MONTH + r"\s*\d{1,2}(?:\s*,?\s*\d{4})?$", re.IGNORECASE)
TRAILING_DATE = re.compile(r"[\s,]+" + _MONTH + r"\s*\d{1,2}(?:\s*,?\s*\d{4})?$", re.IGNORECASE)
MISSPELT_DATE_PART = re.compile(r"^[A-Za-z]{3,9}\.?\s*\d{1,2}$")
CONNECTOR_WORDS = [
    "de",
    "da",
    "do",
    "del",
    "della",
    "di",
    "des",
    "du",
    "la",
    "le",
    "el",
    "al",
    "of",
    "on",
    "upon",
    "am",
    "an",
    "sur",
    "es",
    "y",
]
CONNECTORS = "(?:" + "|".join(CONNECTOR_WORDS) + ")"
_CAPS_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][A-Z'’\-]*[A-Z]\.?|[A-Z]\.?)"
_TITLE_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-z'’\-]+\.?|[A-Z][a-z]*-[A-Z][a-z]+)"
_CAPS_PLACE = _CAPS_WORD + r"(?:[ ](?:" + _CAPS_WORD + "|" + CONNECTORS + r")){0,4}"
_TITLE_PLACE = _TITLE_WORD + r"(?:[ ](?:" + _TITLE_WORD + "|" + CONNECTORS + r")){0,2}"
_REGION = r"(?:,[ ](?:[A-Z][A-Za-z.'’\-]*)(?:[ ][A-Z][A-Za-z.'’\-]*){0,2})?"
_DATE = r"(?:,?[ ]" + _MONTH + r"[ ]?\d{1,2}(?:,[ ]\d{4})?)?"
_AGENCY = r"(?:[ ]?\((?P<agency>[A-Za-z][A-Za-z .&\-]{1,40})\))?"
_REST = r"(?P<rest>\S.{14,})"

# ALL-CAPS places may be followed by any dash or a colon; after Title Case places a plain
# hyphen is too common in ordinary sentences, so only dashes, "--" and colons count.
CAPS_DATELINE = re.compile(
    r"^(?P<place>"
    + _CAPS_PLACE
    + _REGION
    + r")"
    + _DATE
    + _AGENCY
    + r"(?:\s*(?:--|[-–—:])\s+|(?<=\))\s+)"
    + _REST,
    re.DOTALL,
)
TITLE_DATELINE = re.compile(
    r"^(?P<place>"
    + _TITLE_PLACE
    + _REGION
    + r")"
    + _DATE
    + _AGENCY
    + r"(?:\s*(?:--|[–—])\s+|:\s+|(?<=\))\s+[-–—]?\s*|(?<=\d)\s+-\s+)"
    + _REST,
    re.DOTALL,
)
# Labels that open paragraphs the way datelines do but are not places.
NOT_PLACES = frozenset(
    [
        "note",
        "notes",
        "update",
        "updated",
        "updates",
        "photo",
        "photos",
        "picture",
        "pictures",
        "image",
        "images",
        "video",
        "videos",
        "watch",
        "listen",
        "read",
        "caption",
        "credit",
        "credits",
        "source",
        "sources",
        "correction",
        "corrections",
        "clarification",
        "warning",
        "breaking",
        "exclusive",
        "live",
        "analysis",
        "opinion",
        "comment",
        "comments",
        "summary",
        "by",
        "tags",
        "topics",
        "published",
        "posted",
        "date",
        "advertisement",
        "background",
        "context",
        "explainer",
        "factbox",
        "disclaimer",
        "reporting",
        "editing",
        "transcript",
        "editor",
        "editors",
        "related",
        "also",
        "see",
        "q",
        "a",
        "ps",
        "p.s.",
        "n.b.",
        "nb",
        "the",
        "this",
        "that",
        "it",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "in",
        "on",
        "at",
        "for",
        "and",
        "but",
        "or",
        "so",
        "if",
        "when",
        "what",
        "why",
        "how",
        "who",
        "where",
        "which",
        "key",
        "fact",
        "bottom",
        "spoiler",
        "trigger",
        "quote",
        "question",
        "answer",
        "interview",
        "audio",
        "graphic",
        "chart",
        "map",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "president",
        "minister",
        "prime",
        "chairman",
        "ceo",
        "officials",
        "police",
        "statement",
        "update:",
        "more",
        "here",
        "there",
        "yes",
        "no",
        "today",
        "yesterday",
        "tomorrow",
        "now",
        "then",
        "first",
        "second",
        "finally",
        "meanwhile",
        "however",
        "lead",
        "keywords",
        "category",
        "section",
        "result",
        "results",
        "score",
        "scores",
        "team",
        "teams",
        "squad",
        "venue",
        "referee",
        "attendance",
    ]
)
MAX_PLACE_WORDS = 6


def split_dateline(paragraph: str) -> tuple[str, str]:
    """Return (place, rest) when the paragraph opens with a dateline, else ("", paragraph)."""
    found = find_dateline(paragraph)
    if found is None:
        return "", paragraph
    place, _agency, rest_start = found
    return place, paragraph[rest_start:]


def find_dateline(paragraph: str) -> tuple[str, str, int] | None:
    """Return (place, agency, offset of the rest) of a paragraph's dateline, or None."""
    stripped = paragraph.lstrip()
    lead = len(paragraph) - len(stripped)
    match = CAPS_DATELINE.match(stripped) or TITLE_DATELINE.match(stripped)
    if match is None:
        return None
    raw_place = match["place"]
    first_word = raw_place.split()[0].rstrip(".:,").casefold()
    if first_word in NOT_PLACES or len(raw_place.split()) > MAX_PLACE_WORDS:
        return None
    if raw_place.isupper() and len(raw_place.replace(".", "").replace(" ", "")) < 2:
        return None
    agency = canonical_source(match["agency"]) if match["agency"] else ""
    # "European Community (EC) said ..." reads like "PARIS (AFP) ..." unless the parentheses
    # name a known agency or the place is written in capitals as wire datelines are.
    if match["agency"] and not is_known_source(agency):
        closes_with_parenthesis = not re.search(
            r"[-–—:]", stripped[match.end("agency") : match.start("rest")]
        )
        if closes_with_parenthesis or not raw_place.isupper():
            return None
    return parse_dateline_field(raw_place), agency, lead + match.start("rest")


def parse_dateline_field(value: str) -> str:
    """Return the place in a dateline field ("SALVADOR, Feb 26 -" -> "Salvador")."""
    if not isinstance(value, str):
        return ""
    text = re.sub(r"\([^)]*\)", " ", value)
    text = re.sub(r"[\s\-–—:]+$", "", text.strip())
    text = TRAILING_DATE.sub("", text)  # "LAKE SUCCESS, N.Y. March 3" has no comma before the date
    parts = [" ".join(part.split()).strip(" -–—") for part in text.split(",")]
    places = [part for part in parts if part and not DATE_PART.match(part)]
    if len(places) > 1 and MISSPELT_DATE_PART.match(places[-1]):
        places.pop()  # the wire's date after the place, month misspelt ("RENO, Nev., Mach 4 -")
    # Wire tables left in the field ("us 7.8015") are no place; "Reuter" is the source, not a place
    # (but "PA", "AP" are more often a state than an agency there).
    places = [
        part
        for part in places
        if not re.search(r"\d", part) and not (len(part) > 3 and is_known_source(part))
    ]
    return ", ".join(_tidy_place(part) for part in places)


def _tidy_place(place: str) -> str:
    """Return an ALL-CAPS place in title case ("NEW YORK" -> "New York"), others unchanged."""
    letters = [character for character in place if character.isalpha()]
    if not letters or not all(character.isupper() for character in letters):
        return place
    words = place.split()
    alone = len(words) == 1
    return " ".join(_title_word(word, index, alone) for index, word in enumerate(words))


def _title_word(word: str, index: int, alone: bool) -> str:
    """Return one word of an ALL-CAPS place in title case."""
    if index > 0 and word.casefold() in CONNECTOR_WORDS:
        return word.lower()
    if re.fullmatch(r"(?:[A-Z]\.){2,}", word) or (len(word) <= 2 and "." not in word and alone):
        return word  # "U.S.", and a code standing alone ("UK", "NY"), stay as written
    return re.sub(r"(?<=['’\-])(\w)", lambda match: match[1].upper(), word.capitalize())
