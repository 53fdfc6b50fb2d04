"""The archive's search syntax, parsed by us and never handed raw to a database engine.

    words            all must match (stemmed: "talks" finds "talk")
    "exact phrase"   the words next to each other, in order
    a OR b           either (binds tighter than the implicit AND: `oil OR gas prices`)
    -word, -"a b"    must not match (also `NOT word`)
    prefix*          any word starting with "prefix" (at least two letters)
    title:word       only in the title (also `title:"a phrase"` and `title:prefix*`)

Anything else (parentheses, stray quotes or asterisks, `NEAR(`, `AND`, control characters) is
read as plain text or dropped. Each backend compiles a `Query` into its own syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 2000
MAX_TERMS = 32
MIN_PREFIX_CHARS = 2

# Quoted phrases (an unclosed quote runs to the end), or runs of anything but space and quotes.
TOKEN = re.compile(
    r'(?P<sign>-?)(?P<field>title:)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))', re.I
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Characters with a meaning in FTS5 or tsquery syntax that our terms never need.
SYNTAX = re.compile(r"[()*:^{}\[\]&|!<>\\'`+]")


class QueryError(ValueError):
    """A search people can fix; the message tells them how."""


@dataclass(frozen=True)
class Term:
    """A word or phrase to look for.

    `text` is what was typed, minus syntax characters, for each engine's own tokenizer to split
    exactly as it split the indexed text ("U.S." and "e-mail" stay whole).
    """

    text: str
    prefix: bool = False
    title_only: bool = False

    def __str__(self) -> str:
        shown = f'"{self.text}"' if " " in self.text else self.text
        return ("title:" if self.title_only else "") + shown + ("*" if self.prefix else "")


@dataclass
class Query:
    """All `groups` must match (each group: any of its terms), and none of `excluded`."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def __str__(self) -> str:
        parts = [" OR ".join(str(term) for term in group) for group in self.groups]
        parts += [f"-{term}" for term in self.excluded]
        return " ".join(parts)


def parse_query(text: str) -> Query:
    """Read a search box's text; raise QueryError with a friendly message when it can't be run.

    An empty or blank text gives an empty Query (no text condition: browse everything).
    """
    text = CONTROL.sub(" ", text or "")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"That search is {len(text):,} characters long; please keep it under "
            f"{MAX_QUERY_CHARS:,}."
        )
    query = Query()
    pending_or = False
    negate_next = False
    for match in TOKEN.finditer(text):
        raw_word = match["word"]
        if raw_word in ("OR", "|"):
            pending_or = bool(query.groups)
            continue
        if raw_word in ("AND", "&"):
            continue
        if raw_word == "NOT":
            negate_next = True
            continue
        term = _term(match)
        excluded = bool(match["sign"]) or negate_next
        negate_next = False
        if term is None:
            continue
        if excluded:
            query.excluded.append(term)
            pending_or = False
        elif pending_or:
            query.groups[-1].append(term)
            pending_or = False
        else:
            query.groups.append([term])
    if len(query.terms) + len(query.excluded) > MAX_TERMS:
        raise QueryError(f"That search has too many words; please use at most {MAX_TERMS}.")
    if query.excluded and not query.groups:
        raise QueryError(
            "A search needs at least one word to look for, not only words to leave out."
        )
    return query


def _term(match: re.Match) -> Term | None:
    raw = match["phrase"] if match["phrase"] is not None else match["word"]
    prefix = match["phrase"] is None and raw.endswith("*")
    text = " ".join(SYNTAX.sub(" ", raw).split()).strip("-")
    # Only letters and digits are indexed; a term of punctuation alone finds nothing.
    words = [word for word in re.split(r"[\W_]+", text) if word]
    if not words:
        return None
    if prefix and len(words[-1]) < MIN_PREFIX_CHARS:
        prefix = False
    return Term(text, prefix=prefix, title_only=bool(match["field"]))
