"""Load the shipped gazetteer and word lists, and match listed names in text (layer 1)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from archive.ingest.types import KnownParty

DATA_DIR = Path(__file__).parent / "data"

TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., U.N.
    r"|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Adm|Rev|Jr|Sr|St)\.(?=\s)"
    r"|[A-ZÀ-ÖØ-Þ]\.(?=\s+[A-ZÀ-ÖØ-Þ])"  # an initial: George W. Bush
    r"|\w+(?:['’´]\w+)*"
)
POSSESSIVE_PATTERN = re.compile(r"(.*\w)['’´][sS]$")
APOSTROPHES = str.maketrans({"’": "'", "´": "'", "‘": "'"})
HYPHENS = ("-", "‐", "‑")

# Short capital forms (US, UN, IS) must match exactly, so "us" or "un" never do; from four
# letters a title-case spelling is common enough in house styles to accept ("Nato", "Isil").
MIN_TITLE_CASE_ACRONYM = 4

# Join between a token and the one before it; None means the two cannot be in one name.
SPACE, HYPHEN, POSSESSIVE = " ", "-", "'s "


@dataclass(slots=True)
class Token:
    """One word of the text and how it joins the word before it."""

    text: str  # without a possessive 's
    start: int
    end: int
    key: str  # case-folded, straight apostrophes
    join: str | None  # how it joins the previous token
    capitalised: bool


@dataclass(slots=True)
class DictionaryMatch:
    """A run of tokens that spells one alias of a listed party."""

    first: int  # token indexes, end exclusive
    end: int
    party: int


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens, noting possessives and how each joins the previous one."""
    tokens: list[Token] = []
    previous_end = -1
    previous_possessive = False
    for match in TOKEN_PATTERN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        possessive = POSSESSIVE_PATTERN.match(word)
        if possessive:
            word = possessive.group(1)
        join = None
        if tokens:
            between = text[previous_end:start]
            if previous_possessive:
                join = POSSESSIVE if between.isspace() else None
            elif between in HYPHENS:
                join = HYPHEN
            elif between.isspace() and "\n\n" not in between:
                join = SPACE
        key = word.casefold().translate(APOSTROPHES)
        tokens.append(Token(word, start, start + len(word), key, join, word[0].isupper()))
        previous_end, previous_possessive = end, bool(possessive)
    return tokens


def case_rule(alias_token: str, all_lower_alias: bool, particles: frozenset[str]) -> str:
    """Return how strictly a text token must match this alias token's capitals."""
    letters = [c for c in alias_token if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "exact"
    if alias_token[0].isupper() or (all_lower_alias and alias_token not in particles):
        return "capitalised"
    return "any"


def case_matches(rule: str, alias_token: str, text_token: str) -> bool:
    """Tell whether a text token has the capitals its alias token demands."""
    if rule == "exact":
        return text_token == alias_token or (
            len(alias_token) >= MIN_TITLE_CASE_ACRONYM and text_token == alias_token.title()
        )
    if rule == "capitalised":
        return text_token[0].isupper()
    return True


class NameDictionary:
    """Canonical names and aliases, matched in text longest first, token by token."""

    def __init__(self, particles: frozenset[str], blocked: set[str]) -> None:
        self.particles = particles
        self.blocked = blocked  # case-folded spellings never to match
        self.names: list[str] = []
        self.kinds: list[str] = []
        # Key of joined case-folded tokens -> (alias tokens, their case rules, party index).
        self.aliases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], int]]] = {}
        self.prefixes: set[str] = set()

    def add_parties(self, parties: list[KnownParty], known: bool) -> None:
        """Register parties and their aliases; parties the archive knows replace shipped ones."""
        index_by_name = {name.casefold(): index for index, name in enumerate(self.names)}
        for party in parties:
            forms = [party.name, *party.aliases]
            index = next(
                (index_by_name[f.casefold()] for f in forms if f.casefold() in index_by_name),
                None,
            )
            if index is None:
                index = len(self.names)
                self.names.append(party.name)
                self.kinds.append(party.kind)
            elif known:
                self.names[index], self.kinds[index] = party.name, party.kind
            index_by_name[party.name.casefold()] = index
            for form in forms:
                self.add_alias(form, index, known)

    def add_alias(self, alias: str, party: int, known: bool) -> None:
        """Index one spelling of a party under its token key."""
        alias = alias.strip()
        if alias.casefold().startswith("the "):
            alias = alias[4:]
        tokens = tokenize(alias)
        if not tokens or alias.casefold().translate(APOSTROPHES) in self.blocked:
            return
        if any(token.join is None for token in tokens[1:]):
            return  # punctuation inside: no text span could ever join into it
        all_lower = not any(c.isupper() for c in alias)
        texts = tuple(token.text for token in tokens)
        rules = tuple(case_rule(t, all_lower, self.particles) for t in texts)
        key = tokens[0].key
        self.prefixes.add(key)
        for token in tokens[1:]:
            key += token.join + token.key
            self.prefixes.add(key)
        entries = self.aliases.setdefault(key, [])
        if known:
            entries[:] = [entry for entry in entries if entry[2] == party]
            entries.insert(0, (texts, rules, party))
        elif all(entry[2] != party or entry[0] != texts for entry in entries):
            entries.append((texts, rules, party))

    def match(self, tokens: list[Token]) -> dict[int, DictionaryMatch]:
        """Match gazetteer and known names, longest first, keyed by their first token."""
        matches: dict[int, DictionaryMatch] = {}
        index, count = 0, len(tokens)
        while index < count:
            key = tokens[index].key
            best = None
            end = index
            while key in self.prefixes:
                end += 1
                party = self._verified_party(key, tokens[index:end])
                if party is not None:
                    best = DictionaryMatch(index, end, party)
                if end >= count or tokens[end].join is None:
                    break
                key += tokens[end].join + tokens[end].key
            if best is not None:
                matches[index] = best
                index = best.end
            else:
                index += 1
        return matches

    def _verified_party(self, key: str, span: list[Token]) -> int | None:
        """Return the party whose alias has this key and the capitals found in the text."""
        for texts, rules, party in self.aliases.get(key, ()):
            if all(
                case_matches(rule, alias_token, token.text)
                for rule, alias_token, token in zip(rules, texts, span, strict=True)
            ):
                return party
        return None


# Demonyms with these endings take a plain "s" plural: Russians, Iraqis, Britons.
PLURAL_S_ENDINGS = ("n", "i")


def parse_gazetteer(text: str) -> list[KnownParty]:
    """Parse "kind | name | aliases | demonyms" lines; demonyms become aliases."""
    parties = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, name, aliases, demonyms = (
            field.strip() for field in (line + " | | |").split("|")[:4]
        )
        forms = split_list(aliases)
        for demonym in split_list(demonyms):
            forms.append(demonym)
            if demonym.endswith(PLURAL_S_ENDINGS):
                forms.append(demonym + "s")
        parties.append(KnownParty(name=name, kind=kind, aliases=list(dict.fromkeys(forms))))
    return parties


def split_list(field: str) -> list[str]:
    """Split a ";"-separated field into its non-empty items."""
    return [item.strip() for item in field.split(";") if item.strip()]


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
def load_gazetteer() -> tuple[KnownParty, ...]:
    """Return the shipped countries, places and organisations with their aliases."""
    return tuple(parse_gazetteer((DATA_DIR / "gazetteer.txt").read_text(encoding="utf-8")))


@functools.cache
def gazetteer_aliases() -> dict[tuple[str, str], list[str]]:
    """Return the shipped aliases of each gazetteer party, by (case-folded name, kind)."""
    return {(party.name.casefold(), party.kind): party.aliases for party in load_gazetteer()}


@functools.cache
def load_capitals() -> dict[str, str]:
    """Return the country each shipped capital stands for when it speaks ("Moscow said")."""
    capitals = {}
    for line in (DATA_DIR / "capitals.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            capital, country = (field.strip() for field in line.split("|"))
            capitals[capital] = country
    return capitals


@functools.cache
def load_name_words() -> dict[str, frozenset[str]]:
    """Return the word classes (titles, suffixes, common words...) the name heuristics use."""
    return parse_word_sections((DATA_DIR / "name_words.txt").read_text(encoding="utf-8"))


@functools.cache
def load_given_names() -> frozenset[str]:
    """Return the shipped given names that mark a capitalised run as a person's name."""
    text = (DATA_DIR / "given_names.txt").read_text(encoding="utf-8")
    return parse_word_sections("[names]\n" + text)["names"]
