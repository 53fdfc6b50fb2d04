"""The archive's vocabularies, defined once: ingestion, models, admin and pages share them.

Models build their choices from these enums; `tests/test_vocabulary.py` ties the copies that
must exist (the migrations) to them.
"""

from __future__ import annotations

from enum import EnumType, StrEnum


class VocabularyType(EnumType):
    @property
    def choices(cls) -> list[tuple[str, str]]:
        """Return (value, label) pairs for a field's choices, as Django's TextChoices does."""
        return [(member.value, member.label) for member in cls]


class Vocabulary(StrEnum, metaclass=VocabularyType):
    """A word of a closed vocabulary, with the text people read for it."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.capitalize()
        return member


class DocumentFormat(Vocabulary):
    """What a raw document is, as read from its name or sniffed from its bytes."""

    TEXT = "text", "Plain-text scrape"
    JSON = "json", "JSON record"
    HTML = "html", "HTML page"
    UNKNOWN = "unknown", "Unknown"


class DocumentStatus(Vocabulary):
    """What became of a raw document."""

    PARSED = "parsed", "Parsed"
    DUPLICATE = "duplicate", "Duplicate"
    FAILED = "failed", "Failed"


class Outcome(Vocabulary):
    """What storing one raw document did (the ingest summary counts these)."""

    NEW = "new", "New"
    RESTORED = "restored", "Restored"  # its article had been deleted; stored again
    UPDATED = "updated", "Updated"
    DUPLICATE = "duplicate", "Duplicate"
    UNCHANGED = "unchanged", "Unchanged"
    FAILED = "failed", "Failed"


class RunState(Vocabulary):
    """Where an ingest run is: going, done, or stopped before its end (killed, crashed)."""

    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    INTERRUPTED = "interrupted", "Interrupted"


class PartyKind(Vocabulary):
    """What sort of party an article mentions."""

    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    COUNTRY = "country", "Country"
    PLACE = "place", "Place"
    GROUP = "group", "Group"

    @property
    def plural(self) -> str:
        """Return the label for many of them, as a facet's heading reads ("Countries")."""
        return PARTY_KIND_PLURALS[self]


PARTY_KIND_PLURALS = {
    PartyKind.PERSON: "People",
    PartyKind.ORGANIZATION: "Organizations",
    PartyKind.COUNTRY: "Countries",
    PartyKind.PLACE: "Places",
    PartyKind.GROUP: "Groups",
}


class DatePrecision(Vocabulary):
    """How much of a publication time is known; "day" means only the date."""

    DAY = "day", "Day"
    MINUTE = "minute", "Minute"
    SECOND = "second", "Second"


class SegmentEffect(StrEnum):
    """What cleaning did with a run of the raw text."""

    KEPT = "kept"  # it is in the body
    MOVED = "moved"  # it became a field: title, authors, date, dateline
    REMOVED = "removed"  # it is in no field at all


class SegmentLabel(Vocabulary):
    """What cleaning decided about a run of the raw text (shown on the original-text page)."""

    TITLE = "title", "title"
    TEASER = "teaser", "teaser (repeats the body)"
    BYLINE = "byline", "byline"
    DATE = "date", "date line"
    DATELINE = "dateline", "dateline"
    BODY = "body", "body"
    REPEAT = "repeat", "repeated text"
    BOILERPLATE = "boilerplate", "boilerplate"
    BLANK = "blank", "blank"

    @property
    def effect(self) -> SegmentEffect:
        return SEGMENT_EFFECTS.get(self, SegmentEffect.KEPT)


SEGMENT_EFFECTS = {
    SegmentLabel.TITLE: SegmentEffect.MOVED,
    SegmentLabel.BYLINE: SegmentEffect.MOVED,
    SegmentLabel.DATE: SegmentEffect.MOVED,
    SegmentLabel.DATELINE: SegmentEffect.MOVED,
    SegmentLabel.TEASER: SegmentEffect.REMOVED,
    SegmentLabel.REPEAT: SegmentEffect.REMOVED,
    SegmentLabel.BOILERPLATE: SegmentEffect.REMOVED,
}
