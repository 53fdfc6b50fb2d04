"""The word classes the name heuristics read (titles, suffixes, particles...), loaded once.

data/name_words.txt holds them in "[section]" lists; data/given_names.txt the given names that
mark a capitalised run as a person's. Cleaning (bylines) and both extraction layers share them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from archive.ingest.parties.dictionary import Token
from archive.ingest.parties.gazetteer import DATA_DIR


@dataclass(frozen=True)
class NameWords:
    """What a capitalised word may be, and the tests the heuristics make with that knowledge."""

    person_titles: frozenset[str]  # before a name: "President", "Mr"
    role_words: frozenset[str]  # lower case, before a name: "spokesman"
    office_words: frozenset[str]  # "Ministry", "Department"
    descriptors: frozenset[str]  # "Central", "National"
    place_words: frozenset[str]  # "Street", "County"
    org_suffixes: frozenset[str]  # "Corp", "Party"
    org_heads: frozenset[str]  # "Bank" in "Bank of England"
    common_words: frozenset[str]  # sentence openers and filler
    particles: frozenset[str]  # "al", "van", "de"
    name_suffixes: frozenset[str]  # "Jr", "III"
    org_openers: frozenset[str]  # "First" in "First Boston"
    single_name_titles: frozenset[str]  # "Sir", "Pope"
    given_names: frozenset[str]
    venues: frozenset[str] = frozenset()  # a name ending so is a place: "Kodak Theatre"
    not_parties: frozenset[str] = frozenset()  # capitalised words that name no party: "GMT"
    org_names: frozenset[str] = frozenset()  # "Apple": an organisation when recognised as one
    events: frozenset[str] = frozenset()  # a name ending so is an event: "Australian Open"
    credentials: frozenset[str] = frozenset()  # after a person's name: "PhD", "RD", "OBE"
    divisions: frozenset[str] = frozenset()  # "Pictures" in "Sony Pictures": part of a company
    title_case_links: frozenset[str] = frozenset()  # lower case in a title-case heading: "of"
    compound_endings: frozenset[str] = frozenset()  # "run" in "state-run": no name's syllable
    # Words that never make a person's name, and that do not hide a dictionary name standing
    # next to them ("Russian Defense Minister" is still Russia).
    not_names: frozenset[str] = field(init=False)
    suffix_keys: frozenset[str] = field(init=False)  # name suffixes case-folded: "jr.", "iii"

    def __post_init__(self) -> None:
        not_names = self.person_titles | self.office_words | self.descriptors | self.common_words
        object.__setattr__(self, "not_names", not_names)
        suffix_keys = frozenset(suffix.casefold() for suffix in self.name_suffixes)
        object.__setattr__(self, "suffix_keys", suffix_keys)

    def is_name_word(self, token: Token) -> bool:
        """Tell whether a token looks like part of a proper name rather than a title or filler."""
        return token.capitalised and len(token.text) > 1 and token.text not in self.not_names

    def is_org_word(self, token: Token) -> bool:
        """Tell whether a token can be part of an organisation's name."""
        return (
            token.capitalised
            and token.text not in self.person_titles
            and (token.text not in self.common_words or token.text in self.org_openers)
        )

    def is_person_word(self, token: Token) -> bool:
        """Tell whether a token can be part of a person's name."""
        if not token.capitalised:
            return token.key in self.particles or token.key.startswith(("d'", "l'"))
        if token.text in self.name_suffixes or (len(token.text) == 2 and token.text[1] == "."):
            return True
        letters = token.text.replace("'", "").replace("’", "")
        if len(letters) >= 2 and letters.isupper():
            return False  # acronyms: AFP, NATO
        return not (
            token.text in self.not_names
            or token.text in self.place_words
            or token.text in self.org_suffixes
            or any(c.isdigit() for c in token.text)
        )

    def distinctive(self, words: list[Token]) -> bool:
        """Tell whether words name one organisation rather than a kind ("the Central Bank")."""
        return any(
            token.text in self.descriptors
            or (
                self.is_name_word(token)
                and token.text not in self.place_words
                and token.text not in self.org_suffixes
            )
            for token in words
        )

    def strip_leading(self, words: list[Token], for_org: bool = False) -> list[Token]:
        """Drop sentence-opening filler and lower-case links from the front of a run."""
        start = 0
        while start < len(words) and (
            not words[start].capitalised
            or (
                words[start].text in self.common_words
                and not (for_org and words[start].text in self.org_openers)
            )
        ):
            start += 1
        return words[start:]


def parse_word_sections(text: str) -> dict[str, frozenset[str]]:
    """Parse "[section]" headings followed by white-space separated words."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.update(line.split())
    return {name: frozenset(words) for name, words in sections.items()}


@functools.cache
def name_words() -> NameWords:
    """Return the shipped word classes, read from the data folder on first use."""
    sections = parse_word_sections((DATA_DIR / "name_words.txt").read_text(encoding="utf-8"))
    given = (DATA_DIR / "given_names.txt").read_text(encoding="utf-8")
    return NameWords(**sections, given_names=parse_word_sections("[names]\n" + given)["names"])
