"""What extraction reads in one article body: mentions of parties, and names still unread."""

from __future__ import annotations

from dataclasses import dataclass

# The kind of a name the statistical layer read as a work (a film, a book, a game): no party,
# and a vote against any other reading of the same name in the article.
WORK = "work"


@dataclass(slots=True)
class Mention:
    """One occurrence of a party in the body."""

    name: str
    kind: str
    start: int
    surface: str  # the text of the body there, exactly
    placed: bool = False  # read as a place where the text puts a place: "in Kawerau"


@dataclass(slots=True)
class Leftover:
    """A capitalised name read without enough evidence; a fuller mention may explain it."""

    surface: str  # the text of the body there, exactly
    start: int
    titled: bool  # a title such as "President" or "Mr" stands right before a bare surname
