"""Find the parties (people, organisations, countries, places) an article's body mentions.

Mentions come from two readings of one tokenisation of the body:

1. a dictionary of canonical names and aliases (the shipped gazetteer plus the parties the
   archive already knows), matched longest first, token by token (dictionary.py);
2. heuristics over capitalised word runs (runs.py) for organisations (organisations.py,
   people.py: "<head> of <name>", suffixes such as "Corp") and people (people.py: titles and
   given names) nobody listed; anything without such evidence is left out.

A later short form ("Carter said") then counts toward the full name found in the same article,
and a capital that speaks ("Moscow said") toward its country (short_forms.py). Names a
statistical recogniser read in the same body (statistical.py) join through
`find(paragraphs, discovered=...)`; discovered.py merges them.
"""

from __future__ import annotations

from collections.abc import Iterable

from archive.ingest.parties.dictionary import DictionaryMatch, NameDictionary, Token, tokenize
from archive.ingest.parties.discovered import joined_name, listed_party, merge_discovered
from archive.ingest.parties.gazetteer import (
    load_capitals,
    load_gazetteer,
    load_places,
)
from archive.ingest.parties.mentions import Leftover, Mention
from archive.ingest.parties.organisations import org_of_names
from archive.ingest.parties.people import read_gap
from archive.ingest.parties.runs import capitalised_runs, drop_embedded_matches
from archive.ingest.parties.short_forms import (
    read_governments,
    read_state_abbreviations,
    read_teams,
    resolve_short_forms,
)
from archive.ingest.parties.words import NameWords, name_words
from archive.ingest.types import FoundParty, KnownParty
from archive.lib.names import normalize_name, tidy_name
from archive.lib.paragraphs import join_paragraphs
from archive.lib.vocabulary import PartyKind


def nicknames_of(
    dictionary: NameDictionary, places: frozenset[str], lexicon: NameWords
) -> dict[str, int]:
    """Return the nicknames of the listed teams named "<place> <nickname>" ("Ravens" for the
    Baltimore Ravens), case-folded, with the team's index; a nickname two teams share
    ("Rangers": New York's and Texas's) names neither.
    """
    found: dict[str, int | None] = {}
    for index, (name, kind) in enumerate(zip(dictionary.names, dictionary.kinds, strict=True)):
        place, _, nickname = name.rpartition(" ")
        if kind != PartyKind.ORGANIZATION or not place or not nickname.endswith("s"):
            continue
        if nickname in lexicon.org_suffixes:
            continue  # "Times", "Airways": a kind of body, not a nickname
        home = listed_party(dictionary, place)
        if home is None and place.casefold() not in places:
            continue  # a team is named after its home: "Baltimore", "Kansas City"
        if home is not None and dictionary.kinds[home] not in (PartyKind.PLACE, PartyKind.COUNTRY):
            continue
        key = nickname.casefold()
        found[key] = index if key not in found else None
    return {key: index for key, index in found.items() if index is not None}


class PartyMatcher:
    """Find parties in article bodies; build once, then call `find` for each article."""

    def __init__(self, known: Iterable[KnownParty] = (), blocked: Iterable[str] = ()) -> None:
        self.lexicon = name_words()
        self.blocked = {normalize_name(name) for name in blocked}
        self.dictionary = NameDictionary(self.lexicon.particles, self.blocked)
        self.dictionary.add_parties(list(load_gazetteer()), known=False)
        places = load_places()
        self.dictionary.add_parties(list(places.listed), known=False)  # the hand-made list wins
        self.confirmed = {
            PartyKind.PLACE: places.evidence,
            PartyKind.ORGANIZATION: frozenset(word.casefold() for word in self.lexicon.org_names),
        }
        self.dictionary.add_parties(list(known), known=True)
        self.names, self.kinds = self.dictionary.names, self.dictionary.kinds
        self.nicknames = nicknames_of(self.dictionary, places.evidence, self.lexicon)
        countries = {
            name: index
            for index, name in enumerate(self.names)
            if self.kinds[index] == PartyKind.COUNTRY
        }
        self.capitals = {
            capital: self.names[countries[country]]
            for capital, country in load_capitals().items()
            if country in countries
        }

    def find(
        self, paragraphs: list[str], discovered: Iterable[Mention] = (), body_start: int = 0
    ) -> list[FoundParty]:
        """Return the parties mentioned in the paragraphs, in order of first mention.

        `discovered` are names a statistical recogniser read in the same text (layer 2). When
        the first paragraphs are a headline, the body starts at `body_start`: offsets are then
        counted from there, and a party named only before it has no body offset.
        """
        text = join_paragraphs(paragraphs)
        tokens = tokenize(text)
        matches = self.dictionary.match(tokens)
        mentions, leftovers = self._sequence_mentions(text, tokens, matches)
        if discovered:
            discovered = [joined_name(text, m, self.dictionary, self.lexicon) for m in discovered]
            leftovers = merge_discovered(
                self.dictionary,
                discovered,
                mentions,
                leftovers,
                self.lexicon,
                self.confirmed,
                self.nicknames,
            )
        mentions += resolve_short_forms(leftovers, mentions, self.lexicon)
        read_governments(text, mentions, self.capitals)
        read_teams(text, mentions)
        read_state_abbreviations(text, mentions)
        return self._collect(mentions, body_start)

    def _sequence_mentions(
        self, text: str, tokens: list[Token], matches: dict[int, DictionaryMatch]
    ) -> tuple[list[Mention], list[Leftover]]:
        """Read each capitalised run: dictionary names, then people and organisations in gaps."""
        mentions: list[Mention] = []
        leftovers: list[Leftover] = []
        for units in capitalised_runs(tokens, matches, self.lexicon):
            units = drop_embedded_matches(tokens, units, self.kinds, self.lexicon)
            units = org_of_names(text, tokens, units, mentions, self.kinds, self.lexicon)
            for unit in units:
                if isinstance(unit, DictionaryMatch):
                    first, last = tokens[unit.first], tokens[unit.end - 1]
                    surface = text[first.start : last.end]
                    name, kind = self.names[unit.party], self.kinds[unit.party]
                    mentions.append(Mention(name, kind, first.start, surface))
                else:
                    read_gap(text, tokens, unit, mentions, leftovers, self.lexicon)
        return mentions, leftovers

    def _collect(self, mentions: list[Mention], body_start: int) -> list[FoundParty]:
        """Merge mentions into parties ordered by first mention, skipping blocked names."""
        found: dict[str, FoundParty] = {}
        for mention in sorted(mentions, key=lambda mention: mention.start):
            surface = tidy_name(mention.surface)
            if normalize_name(mention.name) in self.blocked or (
                normalize_name(surface) in self.blocked
            ):
                continue
            in_body = mention.start >= body_start
            party = found.get(mention.name)
            if party is None:
                party = found[mention.name] = FoundParty(
                    name=mention.name, kind=mention.kind, count=0, surface_forms=[]
                )
            party.count += 1
            if in_body and not party.first_surface:
                party.first_offset = mention.start - body_start
                party.first_surface = mention.surface
            if surface not in party.surface_forms:
                party.surface_forms.append(surface)
        return list(found.values())
