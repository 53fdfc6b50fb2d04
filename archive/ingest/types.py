"""Plain data passed along the ingestion flow: reader -> cleaning -> dates -> parties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from archive.lib.paragraphs import join_paragraphs
from archive.lib.vocabulary import DocumentFormat, SegmentLabel

# The largest document ingestion reads whole (ARCHIVE_MAX_DOCUMENT_BYTES sets it for ingest);
# a larger one is kept, measured and marked failed.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class RawItem:
    """One raw document as received: where from, its exact bytes, its format, or a read error."""

    origin: str
    data: bytes  # as received; only the head of a document too large to keep whole
    format: DocumentFormat | str
    error: str = ""
    size: int | None = None  # the whole document's size and SHA-256, when data is its head
    checksum: str = ""


@dataclass
class Segment:
    """One run of the decoded raw text and what cleaning did with it."""

    label: SegmentLabel | str
    text: str


@dataclass
class FoundParty:
    """A party mentioned in an article, by its canonical name, and where it is first named."""

    name: str
    kind: str  # a PartyKind
    count: int = 1
    first_offset: int = 0  # character offset in the body (see archive/lib/paragraphs.py)
    first_surface: str = ""  # the body's text there, exactly: body[offset:offset + len]
    surface_forms: list[str] = field(default_factory=list)  # the spellings used, first first


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
    published_precision: str = ""  # a DatePrecision; "" when unknown
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    language: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)  # record fields we do not map, kept verbatim
    segments: list[Segment] = field(default_factory=list)
    parties: list[FoundParty] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what ingestion could not use, said plainly

    @property
    def body(self) -> str:
        return join_paragraphs(self.paragraphs)


@dataclass
class Supplied:
    """What the operator supplies for documents that lack it (ingest --source and the like)."""

    source: str = ""
    published: str = ""  # an ISO date, used when a document has none
    date_from_path: bool = False  # read a date from the path ("2019/03/12", "20190312")
    language: str = ""

    def as_dict(self) -> dict:
        """Return what was supplied, for the raw document to keep (re-cleaning uses it)."""
        return {key: value for key, value in self.__dict__.items() if value}


class ParseError(ValueError):
    """A raw document that cannot be turned into an article; the message is shown to people."""
