"""What extraction reads in one article body: mentions of parties, and names still unread."""

from __future__ import annotations

from dataclasses import dataclass

from archive.ingest.parties.gazetteer import APOSTROPHES

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Mention:
    """One occurrence of a party in the body."""

    name: str
    kind: str
    start: int
    surface: str


@dataclass(slots=True)
class Leftover:
    """A capitalised name read without enough evidence; a fuller mention may explain it."""

    surface: str
    start: int
    titled: bool  # a title such as "President" or "Mr" stands right before a bare surname


def normalise(name: str) -> str:
    """Return a name with straight apostrophes and single spaces."""
    return " ".join(name.translate(APOSTROPHES).split())
