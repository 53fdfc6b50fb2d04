"""Tokenise a body and match listed names in it, longest first, token by token (layer 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.ingest.types import KnownParty
from archive.lib.names import fold, normalize_name
from archive.lib.paragraphs import PARAGRAPH_BREAK

TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., U.N.
    r"|[A-Z]{1,4}&[A-Z]{1,4}\b|[A-Z]/[A-Z]\b"  # AT&T, S&P, M/A (of M/A-Com); not "US/Japan"
    r"|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Adm|Rev|Jr|Sr|St)\.(?=\s)"
    r"|[A-ZÀ-ÖØ-Þ]\.(?=\s+[A-ZÀ-ÖØ-Þ])"  # an initial: George W. Bush
    r"|\w+(?:['’´]\w+)*"
    r"|&(?=\s)"  # "Standard & Poor's" spells "Standard and Poor's"
)
POSSESSIVE_PATTERN = re.compile(r"(.*\w)['’´][sS]$")
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
    append = tokens.append
    previous_end = -1
    previous_possessive = False
    for match in TOKEN_PATTERN.finditer(text):
        word = match.group()
        start, end = match.span()
        possessive = False
        if "'" in word or "’" in word or "´" in word:
            found = POSSESSIVE_PATTERN.match(word)
            if found:
                word, possessive = found.group(1), True
        join = None
        if previous_end >= 0:
            if start == previous_end + 1 and text[previous_end] == " ":  # the usual case
                join = POSSESSIVE if previous_possessive else SPACE
            else:
                between = text[previous_end:start]
                if previous_possessive:
                    join = POSSESSIVE if between.isspace() else None
                elif between in HYPHENS:
                    join = HYPHEN
                elif between.isspace() and PARAGRAPH_BREAK not in between:
                    join = SPACE
        key = "and" if word == "&" else fold(word)
        append(Token(word, start, start + len(word), key, join, word[0].isupper()))
        previous_end, previous_possessive = end, possessive
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
        if not tokens or normalize_name(alias) in self.blocked:
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
