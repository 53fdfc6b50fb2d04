"""Find the parties (people, organisations, countries, places) an article's body mentions.

Mentions come from two layers over one tokenisation of the body:

1. a dictionary of canonical names and aliases (the shipped gazetteer plus the parties the
   archive already knows), matched longest first, token by token;
2. heuristics over capitalised word runs for people and organisations nobody listed: titles
   and given names mark people, suffixes such as "Corp" or "Party" mark organisations, and
   anything without such evidence is left out.

A later single-word mention ("Carter said") then counts toward the full name found in the
same article, and a capital that speaks ("Moscow said") toward its country. Names a
statistical recogniser read in the same body (archive/ingest/entities.py) join through
`find(paragraphs, discovered=...)`; archive/ingest/discovered.py merges them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from archive.ingest.parties.discovered import merge_discovered
from archive.ingest.parties.gazetteer import (
    APOSTROPHES,
    HYPHEN,
    SPACE,
    DictionaryMatch,
    NameDictionary,
    Token,
    load_capitals,
    load_gazetteer,
    load_given_names,
    load_name_words,
    tokenize,
)
from archive.ingest.parties.mentions import PARAGRAPH_SEPARATOR, Leftover, Mention, normalise
from archive.ingest.types import FoundParty, KnownParty

MAX_PERSON_NAME_WORDS = 4

PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|to|near|outside|inside|around|of|for)\s+$")
# A capital followed by one of these speaks for its government: "Washington has warned".
SPEAKING_VERB = re.compile(
    r"\s+(?:has |had |have |would |will |is |was |also |again |)"
    r"(?:said|says|say|announced|announces|warned|warns|accused|accuses|denied|denies|"
    r"rejected|rejects|insisted|insists|wants|wanted|agreed|agrees|responded|responds|"
    r"demanded|demands|claimed|claims|threatened|threatens|refused|refuses|urged|urges|"
    r"hopes|believes|fears|protested|protests|condemned|condemns|welcomed|welcomes|"
    r"confirmed|confirms|expelled|expels|imposed|imposes|retaliated|recognised|recognized)\b"
)


@dataclass(slots=True)
class Gap:
    """Capitalised tokens that no dictionary entry accounts for."""

    first: int
    end: int


class PartyMatcher:
    """Find parties in article bodies; build once, then call `find` for each article."""

    def __init__(self, known: Iterable[KnownParty] = (), blocked: Iterable[str] = ()) -> None:
        words = load_name_words()
        self.person_titles = words["person_titles"]
        self.role_words = words["role_words"]
        self.office_words = words["office_words"]
        self.descriptors = words["descriptors"]
        self.place_words = words["place_words"]
        self.org_suffixes = words["org_suffixes"]
        self.org_heads = words["org_heads"]
        self.common_words = words["common_words"]
        self.particles = words["particles"]
        self.name_suffixes = words["name_suffixes"]
        self.org_openers = words["org_openers"]
        self.single_name_titles = words["single_name_titles"]
        self.given_names = load_given_names()
        # Words that never make a person's name, and that do not hide a dictionary name
        # standing next to them ("Russian Defense Minister" is still Russia).
        self.not_names = (
            self.person_titles | self.office_words | self.descriptors | self.common_words
        )
        self.blocked = {name.casefold().translate(APOSTROPHES) for name in blocked}
        self.dictionary = NameDictionary(self.particles, self.blocked)
        self.dictionary.add_parties(list(load_gazetteer()), known=False)
        self.dictionary.add_parties(list(known), known=True)
        self.names, self.kinds = self.dictionary.names, self.dictionary.kinds
        countries = {
            name: index for index, name in enumerate(self.names) if self.kinds[index] == "country"
        }
        self.capitals = {
            capital: self.names[countries[country]]
            for capital, country in load_capitals().items()
            if country in countries
        }

    def find(self, paragraphs: list[str], discovered: Iterable[Mention] = ()) -> list[FoundParty]:
        """Return the parties mentioned in the paragraphs, in order of first mention.

        `discovered` are names a statistical recogniser read in the same body (layer 2).
        """
        text = PARAGRAPH_SEPARATOR.join(paragraphs)
        tokens = tokenize(text)
        matches = self.dictionary.match(tokens)
        mentions, leftovers = self._sequence_mentions(text, tokens, matches)
        if discovered:
            leftovers = merge_discovered(self.dictionary, list(discovered), mentions, leftovers)
        mentions += self._resolve_short_forms(leftovers, mentions)
        self._read_governments(text, mentions)
        return self._collect(mentions)

    def _read_governments(self, text: str, mentions: list[Mention]) -> None:
        """Count a capital that speaks or acts ("Moscow said") toward its country."""
        for mention in mentions:
            country = self.capitals.get(mention.name) if mention.kind == "place" else None
            if country is None:
                continue
            # "Analysts in London said" are not Britain speaking.
            after_preposition = PREPOSITION_BEFORE.search(
                text, max(0, mention.start - 16), mention.start
            )
            if not after_preposition and SPEAKING_VERB.match(
                text, mention.start + len(mention.surface)
            ):
                mention.name, mention.kind = country, "country"

    def _sequence_mentions(
        self, text: str, tokens: list[Token], matches: dict[int, DictionaryMatch]
    ) -> tuple[list[Mention], list[Leftover]]:
        """Read each capitalised run: dictionary names, then people and organisations in gaps."""
        mentions: list[Mention] = []
        leftovers: list[Leftover] = []
        for units in self._capitalised_runs(tokens, matches):
            units = self._drop_embedded_matches(tokens, units)
            units = self._org_of_names(text, tokens, units, mentions)
            for unit in units:
                if isinstance(unit, DictionaryMatch):
                    first, last = tokens[unit.first], tokens[unit.end - 1]
                    surface = text[first.start : last.end]
                    name, kind = self.names[unit.party], self.kinds[unit.party]
                    mentions.append(Mention(name, kind, first.start, surface))
                else:
                    self._read_gap(text, tokens, unit, mentions, leftovers)
        return mentions, leftovers

    def _capitalised_runs(
        self, tokens: list[Token], matches: dict[int, DictionaryMatch]
    ) -> list[list[DictionaryMatch | Gap]]:
        """Group tokens into runs of joined capitalised words, name particles and matches."""
        runs: list[list[DictionaryMatch | Gap]] = []
        run: list[DictionaryMatch | Gap] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            match = matches.get(index)
            joined = bool(run) and token.join in (SPACE, HYPHEN)
            if match is None and not token.capitalised:
                if joined and self._is_link(tokens, index):
                    self._extend_run(run, Gap(index, index + 1))
                else:
                    if run:
                        runs.append(run)
                    # A particle may open a name: "de Gaulle"; the gap reader drops it if alone.
                    run = [Gap(index, index + 1)] if token.key in self.particles else []
                index += 1
                continue
            if not joined and run:
                runs.append(run)
                run = []
            unit = match if match is not None else Gap(index, index + 1)
            self._extend_run(run, unit)
            index = unit.end
        if run:
            runs.append(run)
        return runs

    @staticmethod
    def _extend_run(run: list[DictionaryMatch | Gap], unit: DictionaryMatch | Gap) -> None:
        """Append a unit to a run, merging neighbouring plain words into one gap."""
        if isinstance(unit, Gap) and run and isinstance(run[-1], Gap):
            run[-1] = Gap(run[-1].first, unit.end)
        else:
            run.append(unit)

    def _is_link(self, tokens: list[Token], index: int) -> bool:
        """Tell whether a lower-case word may sit inside a name ("al-Assad", "Bank of ...")."""
        key, previous = tokens[index].key, tokens[index - 1]
        if key in self.particles or key.startswith(("d'", "l'")):
            return True
        if key in ("of", "for"):
            return (
                previous.text in self.person_titles
                or previous.text in self.office_words
                or previous.text in self.org_heads
            )
        return key == "the" and previous.key == "of"

    def _drop_embedded_matches(
        self, tokens: list[Token], units: list[DictionaryMatch | Gap]
    ) -> list[DictionaryMatch | Gap]:
        """Turn a dictionary name back into plain words when it is part of a longer name."""
        # "Michael Jordan", "Russian Roulette", "Washington Post": a name-like word joined to
        # the dictionary name means the whole run is some other name.
        result: list[DictionaryMatch | Gap] = []
        for position, unit in enumerate(units):
            if isinstance(unit, DictionaryMatch):
                before = units[position - 1] if position else None
                after = units[position + 1] if position + 1 < len(units) else None
                # "Salomon Brothers Inc" is still Salomon Brothers; "Boston Corp" is not Boston.
                follower_is_suffix = (
                    isinstance(after, Gap)
                    and self.kinds[unit.party] == "organization"
                    and tokens[after.first].text in self.org_suffixes
                )
                # "First Boston" is a bank; "U.S. Production" is the United States, capitalised
                # after the abbreviation's full stop by sentence-casing wire copy.
                opener = tokens[before.end - 1] if isinstance(before, Gap) else None
                abbreviated = tokens[unit.end - 1].text.endswith(".")
                embedded = (
                    opener is not None
                    and (self._is_name_word(opener) or opener.text in self.org_openers)
                ) or (
                    isinstance(after, Gap)
                    and self._is_name_word(tokens[after.first])
                    and not follower_is_suffix
                    and not abbreviated
                )
                if embedded:
                    unit = Gap(unit.first, unit.end)
            if isinstance(unit, Gap) and result and isinstance(result[-1], Gap):
                result[-1] = Gap(result[-1].first, unit.end)
            else:
                result.append(unit)
        return result

    def _is_name_word(self, token: Token) -> bool:
        """Tell whether a token looks like part of a proper name rather than a title or filler."""
        return token.capitalised and len(token.text) > 1 and token.text not in self.not_names

    def _org_of_names(
        self,
        text: str,
        tokens: list[Token],
        units: list[DictionaryMatch | Gap],
        mentions: list[Mention],
    ) -> list[DictionaryMatch | Gap]:
        """Emit "<head> of <name>" organisations ("Bank of England") and return what is left."""
        result: list[DictionaryMatch | Gap] = []
        pending = list(units)
        while pending:
            unit = pending.pop(0)
            span = self._org_of_span(tokens, unit, pending[0] if pending else None)
            if span is None:
                result.append(unit)
                continue
            first, end = span
            if first > unit.first:
                result.append(Gap(unit.first, first))
            elif (
                result
                and isinstance(result[-1], DictionaryMatch)
                and self.kinds[result[-1].party] == "place"
            ):
                # "California Department of Corporations": a state or city opens the name.
                first = result.pop().first
            surface = text[tokens[first].start : tokens[end - 1].end]
            mentions.append(
                Mention(normalise(surface), "organization", tokens[first].start, surface)
            )
            if end > unit.end:
                pending.pop(0)  # the dictionary name after "of" belongs to the organisation
            elif end < unit.end:
                pending.insert(0, Gap(end, unit.end))
        return result

    def _org_of_span(
        self, tokens: list[Token], unit: DictionaryMatch | Gap, following: object
    ) -> tuple[int, int] | None:
        """Return the token span of an "<head> of <name>" organisation in this gap, if any."""
        if not isinstance(unit, Gap):
            return None
        for index in range(unit.first, unit.end - 1):
            if tokens[index].text not in self.org_heads or tokens[index + 1].key != "of":
                continue
            first = index
            while first > unit.first and self._is_org_word(tokens[first - 1]):
                first -= 1
            tail = index + 2
            if tail < unit.end and tokens[tail].key == "the":
                tail += 1
            end = tail
            while end < unit.end and self._is_org_word(tokens[end]):
                end += 1
            if end == unit.end and isinstance(following, DictionaryMatch):
                return first, following.end
            if end > tail and self._distinctive(tokens[tail:end]):
                return first, end
        return None

    def _is_org_word(self, token: Token) -> bool:
        """Tell whether a token can be part of an organisation's name."""
        return (
            token.capitalised
            and token.text not in self.person_titles
            and (token.text not in self.common_words or token.text in self.org_openers)
        )

    def _read_gap(
        self,
        text: str,
        tokens: list[Token],
        gap: Gap,
        mentions: list[Mention],
        leftovers: list[Leftover],
    ) -> None:
        """Find an organisation and a person's name in a run of unexplained capitalised words."""
        words = tokens[gap.first : gap.end]
        while words and not words[-1].capitalised:
            words = words[:-1]
        role_before = gap.first > 0 and tokens[gap.first - 1].key in self.role_words
        name_start = len(words)
        while name_start > 0 and self._is_person_word(words[name_start - 1]):
            name_start -= 1
        head, name = self._strip_leading(words[:name_start], for_org=True), words[name_start:]
        while name and not name[0].capitalised:
            name = name[1:]
        if not name:
            # Nothing can be a person's name: the whole run may still be an organisation.
            head = self._strip_leading(words, for_org=True)
        suffix_at = max(
            (i for i, token in enumerate(head) if token.text in self.org_suffixes), default=0
        )
        # "Savings and Loan Association": text joined by "and" would give only a fragment.
        after_and = gap.first > 1 and text[tokens[gap.first - 1].end : tokens[gap.first].start] in (
            " and ",
            " & ",
        )
        # "Iraqi Oil Minister": a suffix word before a title names a portfolio, not a company.
        portfolio = suffix_at + 1 < len(head) and head[suffix_at + 1].text in self.person_titles
        if (
            suffix_at >= 1
            and self._distinctive(head[:suffix_at])
            and not after_and
            and not portfolio
        ):
            mentions.append(self._mention(text, head[: suffix_at + 1], "organization"))
        if not name:
            return
        given_at = next((i for i, token in enumerate(name) if token.text in self.given_names), 0)
        if given_at and len(name) - given_at >= 2:
            name = name[given_at:]  # "Trade Negotiations Michael Duffy": the name starts later
        # Hyphenated parts make one word: "Jean-Claude Juncker" has two, "Ashton-Tate" one,
        # "Bashar al-Assad" two.
        name_words = [
            token
            for position, token in enumerate(name)
            if token.capitalised
            and (position == 0 or token.join != HYPHEN or not name[position - 1].capitalised)
        ]
        evidence = (
            role_before
            or any(token.text in self.person_titles for token in words[:name_start])
            or name[0].text in self.given_names
        )
        if len(name_words) == 1 or not evidence:
            # "Sir John", "Pope John Paul": a bare given name after a title is not a surname.
            titled = (
                name_start > 0
                and words[name_start - 1].text in self.single_name_titles
                and name[-1].text not in self.given_names
            )
            surface = normalise(text[name[0].start : name[-1].end])
            leftovers.append(Leftover(surface, name[0].start, titled and len(name_words) == 1))
        elif len(name_words) <= MAX_PERSON_NAME_WORDS:
            mentions.append(self._mention(text, name, "person"))

    def _strip_leading(self, words: list[Token], for_org: bool = False) -> list[Token]:
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

    def _is_person_word(self, token: Token) -> bool:
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

    def _distinctive(self, words: list[Token]) -> bool:
        """Tell whether words name one organisation rather than a kind ("the Central Bank")."""
        return any(
            token.text in self.descriptors
            or (
                self._is_name_word(token)
                and token.text not in self.place_words
                and token.text not in self.org_suffixes
            )
            for token in words
        )

    def _mention(self, text: str, words: list[Token], kind: str) -> Mention:
        """Make a mention of the name spelled by these tokens."""
        surface = text[words[0].start : words[-1].end]
        return Mention(normalise(surface), kind, words[0].start, surface)

    def _resolve_short_forms(
        self, leftovers: list[Leftover], mentions: list[Mention]
    ) -> list[Mention]:
        """Count surnames and short names ("Carter", "Texaco") toward full names in the article."""
        short_forms: dict[str, Mention | None] = {}
        for mention in mentions:
            for form in self._short_forms(mention):
                known = short_forms.get(form, mention)
                if known and known.kind == "organization" and mention.kind == "person":
                    continue  # "Dale Burdett" beside "Dale Burdett Inc" is the company
                if known and known.kind == "person" and mention.kind == "organization":
                    short_forms[form] = mention
                    continue
                # Two people with one surname: the short form is ambiguous, so count neither.
                short_forms[form] = mention if known and known.name == mention.name else None
        for mention in mentions:
            # "Quorvane Holdings" read on its own is the "Quorvane Holdings Inc" found elsewhere.
            target = short_forms.get(mention.name.casefold())
            # "Dale Burdett" read as a person is "Dale Burdett Inc" named in the same article.
            if target is not None and (target.kind == mention.kind or mention.kind == "person"):
                mention.name, mention.kind = target.name, target.kind
        resolved = []
        for leftover in leftovers:
            target = short_forms.get(leftover.surface.casefold())
            if target is not None:
                resolved.append(Mention(target.name, target.kind, leftover.start, leftover.surface))
            elif leftover.titled:
                # "President Reagan" with no full name anywhere in the article: the title is
                # evidence enough, and the surname is the only name there is.
                person = Mention(leftover.surface, "person", leftover.start, leftover.surface)
                resolved.append(person)
                short_forms.setdefault(leftover.surface.casefold(), person)
        return resolved

    def _short_forms(self, mention: Mention) -> list[str]:
        """Return the shorter spellings that may refer back to this mention later."""
        words = mention.name.split()
        if mention.kind == "person" and len(words) >= 2:
            forms = [mention.name.casefold(), words[-1].casefold()]
            if len(words) >= 3:  # George W. Bush -> George Bush
                forms.append(f"{words[0]} {words[-1]}".casefold())
            if "-" in words[-1]:  # al-Assad -> Assad
                forms.append(words[-1].split("-")[-1].casefold())
            if words[-1] in self.name_suffixes and len(words) >= 3:
                forms.append(words[-2].casefold())
            return forms
        forms = []
        # "Frank B. Hall and Co Inc" -> "Frank B. Hall and Co" -> "Frank B. Hall".
        while mention.kind == "organization" and len(words) >= 2 and words[-1] in self.org_suffixes:
            words = words[:-1]
            while len(words) >= 2 and words[-1] in ("and", "&"):
                words = words[:-1]
            forms.append(" ".join(words).casefold())
        return forms

    def _collect(self, mentions: list[Mention]) -> list[FoundParty]:
        """Merge mentions into parties ordered by first mention, skipping blocked names."""
        found: dict[str, FoundParty] = {}
        for mention in sorted(mentions, key=lambda mention: mention.start):
            surface = normalise(mention.surface)
            if mention.name.casefold() in self.blocked or surface.casefold() in self.blocked:
                continue
            party = found.get(mention.name)
            if party is None:
                found[mention.name] = FoundParty(
                    name=mention.name,
                    kind=mention.kind,
                    first_offset=mention.start,
                    first_length=len(mention.surface),
                    surface_forms=[surface],
                )
                continue
            party.count += 1
            if surface not in party.surface_forms:
                party.surface_forms.append(surface)
        return list(found.values())


@functools.cache
def default_matcher() -> PartyMatcher:
    """Return the matcher built from the shipped gazetteer alone, built on first use."""
    return PartyMatcher()


def find_parties(
    paragraphs: list[str], known: Iterable[KnownParty] = (), blocked: Iterable[str] = ()
) -> list[FoundParty]:
    """Return the parties in the paragraphs; build a `PartyMatcher` to reuse known parties."""
    known, blocked = list(known), list(blocked)
    matcher = PartyMatcher(known, blocked) if known or blocked else default_matcher()
    return matcher.find(paragraphs)
