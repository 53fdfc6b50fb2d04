"""Merge the names a statistical recogniser read (layer 2) into layer 1's reading of a body.

The dictionary and the name heuristics win where both read a span; a recognised name the
dictionary lists takes its canonical name; one-word names must earn their place.
"""

from __future__ import annotations

from collections import Counter

from archive.ingest.parties.dictionary import NameDictionary, tokenize
from archive.ingest.parties.mentions import Leftover, Mention
from archive.lib.names import tidy_name
from archive.lib.vocabulary import PartyKind


def merge_discovered(
    dictionary: NameDictionary,
    discovered: list[Mention],
    mentions: list[Mention],
    leftovers: list[Leftover],
) -> list[Leftover]:
    """Add recognised names where layer 1 found none; return the leftovers still unread."""
    taken = [(mention.start, mention.start + len(mention.surface)) for mention in mentions]
    single_words: list[tuple[Mention, bool]] = []  # and whether the dictionary lists it
    for mention in discovered:
        end = mention.start + len(mention.surface)
        if any(start < end and mention.start < stop for start, stop in taken):
            continue  # the dictionary and the name heuristics win where they read a name
        mention.name = tidy_name(mention.name)
        listed = listed_party(dictionary, mention.name)
        single_word = " " not in mention.name
        if listed is not None:  # "U.S." read alone, where layer 1 saw "U.S. Space"
            mention.name, mention.kind = dictionary.names[listed], dictionary.kinds[listed]
        if single_word:
            single_words.append((mention, listed is not None))
            continue
        if (
            listed is None
            and mention.kind == PartyKind.PERSON
            and opens_with_place(dictionary, mention)
        ):
            continue  # "Russian Roulette" is a film, not a person and not Russia
        if listed is None and mention.kind != PartyKind.PERSON:
            # "National Westminster" read alone is the "National Westminster Bank Plc" found
            # in full elsewhere in the article.
            opened = {
                found.name
                for found in mentions
                if found.name.startswith(mention.name + " ") and found.kind != PartyKind.PERSON
            }
            if len(opened) == 1:
                mention.name = opened.pop()
        # The recogniser's reading of a span explains the layer-1 leftovers inside it.
        leftovers = [
            leftover for leftover in leftovers if not mention.start <= leftover.start < end
        ]
        mentions.append(mention)
        taken.append((mention.start, end))
    return read_single_words(single_words, mentions, leftovers)


def opens_with_place(dictionary: NameDictionary, mention: Mention) -> bool:
    """Tell whether a name starts with a listed country or place, or its demonym."""
    listed = listed_party(dictionary, mention.name.split()[0])
    return listed is not None and dictionary.kinds[listed] in (PartyKind.COUNTRY, PartyKind.PLACE)


def listed_party(dictionary: NameDictionary, name: str) -> int | None:
    """Return the dictionary party a whole name spells, if any."""
    tokens = tokenize(name)
    match = dictionary.match(tokens).get(0)
    return match.party if match is not None and match.end == len(tokens) else None


def read_single_words(
    single_words: list[tuple[Mention, bool]], mentions: list[Mention], leftovers: list[Leftover]
) -> list[Leftover]:
    """Add the one-word recognised names that earn their place; return the leftovers."""
    # One word is where the recogniser errs most ("Sorghum", a product, half a company's
    # name): it counts when it opens a longer name in the article ("Allegheny" for
    # "Allegheny International Inc"), and otherwise only when it recurs.
    words_of_names: dict[str, set[str]] = {}
    for mention in mentions:
        for position, word in enumerate(mention.name.split()):
            if position == 0 or mention.kind != PartyKind.PERSON:
                words_of_names.setdefault(word.casefold(), set()).add(mention.name)
    recurring = Counter(mention.name for mention, _ in single_words)
    by_name = {mention.name: mention for mention in mentions}
    by_start = {leftover.start: leftover for leftover in leftovers}
    for mention, listed in single_words:
        leftover = by_start.get(mention.start)
        if leftover is not None and leftover.titled:
            continue  # "President Reagan": layer 1 counts it as a person already
        holders = words_of_names.get(mention.name.casefold(), set())
        opened = {name for name in holders if name.split()[0].casefold() == mention.name.casefold()}
        if mention.kind == PartyKind.PERSON:
            if not holders and leftover is None:
                # A lone surname needs a full name elsewhere to count.
                by_start[mention.start] = Leftover(mention.surface, mention.start, titled=False)
            continue
        if len(opened) == 1 and not holders - opened:
            name = opened.pop()
            mentions.append(Mention(name, by_name[name].kind, mention.start, mention.surface))
        elif not holders and (listed or recurring[mention.name] >= 2):
            mentions.append(mention)
        else:
            continue
        by_start.pop(mention.start, None)
    return list(by_start.values())
