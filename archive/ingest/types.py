"""Plain data passed along the ingestion flow: reader -> cleaning -> dates -> parties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class Label:
    """What cleaning decided about a piece of the raw text (shown on the raw view)."""

    TITLE = "title"
    TEASER = "teaser"
    BYLINE = "byline"
    DATE = "date"
    DATELINE = "dateline"
    BODY = "body"
    REPEAT = "repeat"
    BOILERPLATE = "boilerplate"
    BLANK = "blank"


@dataclass
class Segment:
    """One run of the decoded raw text and what cleaning did with it."""

    label: str
    text: str


@dataclass
class FoundParty:
    """A party mentioned in an article, by its canonical name."""

    name: str
    kind: str  # person, organization, country, place, group
    count: int = 1
    first_offset: int = 0  # character offset in the body (paragraphs joined by "\n\n")
    surface_forms: list[str] = field(default_factory=list)


@dataclass
class KnownParty:
    """A party the archive already knows, handed to extraction (from the database)."""

    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class ParsedArticle:
    """Everything ingestion recovers from one raw document."""

    title: str = ""
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    source: str = ""  # canonical source name, e.g. "AFP"; "" when unknown
    published: datetime | None = None  # timezone-aware
    published_precision: str = ""  # "day", "minute" or "second"; "" when unknown
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    language: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)  # record fields we do not map, kept verbatim
    segments: list[Segment] = field(default_factory=list)
    parties: list[FoundParty] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


class ParseError(ValueError):
    """A raw document that cannot be turned into an article; the message is shown to people."""
