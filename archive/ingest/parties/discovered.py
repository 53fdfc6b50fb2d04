"""Merge the names a statistical recogniser read (layer 2) into layer 1's reading of a body.

The dictionary and the name heuristics win where both read a span; a recognised name the
dictionary lists takes its canonical name; one-word names must earn their place.
"""

from __future__ import annotations

import re
from collections import Counter

from archive.ingest.parties.dictionary import NameDictionary, tokenize
from archive.ingest.parties.mentions import WORK, Leftover, Mention
from archive.ingest.parties.words import NameWords
from archive.lib.names import normalize_name, tidy_name
from archive.lib.vocabulary import PartyKind

# Names before an organisation's name, joined to it by "and" or "&" with commas between them
# ("Donaldson, Lufkin and" before "Jenrette Securities Corp"), or by commas alone when there
# are at least two ("L.F. Rothschild, Unterberg," before "Towbin Inc").
NAME_WORD = r"[A-Z][\w.'’-]*"
NAMES = rf"(?:{NAME_WORD} )*{NAME_WORD}"
JOINED_BEFORE = re.compile(
    rf"(?<![\w.'’-])(?:({NAMES}(?:, {NAMES})*) (?:and|&) |({NAMES}(?:, {NAMES})+), )$"
)
MAX_JOINED_WORDS = 6


def joined_name(
    text: str, mention: Mention, dictionary: NameDictionary, lexicon: NameWords
) -> Mention:
    """Return a recognised organisation with the names joined to it it was cut from.

    "Kidder, Peabody and Co Inc", "Florida Restaurant and Lodging Association": the
    recogniser often reads only what follows the "and". The names before it join a name that
    ends like a firm's or a body's ("Corp", "Association") when none of them is a listed party
    ("IBM and Digital Equipment Corp" are two companies; a state may open the name), a title,
    or a word that opens a sentence.
    """
    last = mention.surface.split()[-1].rstrip(".")
    if mention.kind != PartyKind.ORGANIZATION or last not in lexicon.org_suffixes:
        return mention  # "AI Studio and Vertex AI", "Chiefs and Cowboys": two names
    found = JOINED_BEFORE.search(text, max(0, mention.start - 80), mention.start)
    if found is None:
        return mention
    start = found.start(1) if found.group(1) else found.start(2)
    names = (found.group(1) or found.group(2)).split(", ")
    # "The Entertainment and Leisure Software Publishers Association": a sentence opener
    # before the first name is not part of it.
    first = names[0].split()
    while len(first) > 1 and first[0] in lexicon.common_words:
        start += len(first[0]) + 1
        first = first[1:]
    names[0] = " ".join(first)
    # A state or city may open the name: "Florida Restaurant and Lodging Association".
    opener = names[0].split()[0]
    place = listed_party(dictionary, opener) if " " in names[0] else None
    if place is not None and dictionary.kinds[place] in (PartyKind.PLACE, PartyKind.COUNTRY):
        names[0] = names[0].split(" ", 1)[1]
    words = [word for name in names for word in name.split()]
    if (
        len(words) > MAX_JOINED_WORDS
        or any(listed_party(dictionary, name) is not None for name in names)
        or any(word in lexicon.common_words or word in lexicon.person_titles for word in words)
    ):
        return mention
    surface = text[start : mention.start + len(mention.surface)]
    return Mention(tidy_name(surface), mention.kind, start, surface)


def merge_discovered(
    dictionary: NameDictionary,
    discovered: list[Mention],
    mentions: list[Mention],
    leftovers: list[Leftover],
    lexicon: NameWords,
    confirmed: dict[str, frozenset[str]] | None = None,
    nicknames: dict[str, int] | None = None,
) -> list[Leftover]:
    """Add recognised names where layer 1 found none; return the leftovers still unread.

    `confirmed` holds, by kind, case-folded single words too ambiguous to list but known to
    name a party of that kind ("Bakersfield" a place, "Apple" an organisation): recognised as
    that kind, such a word counts as listed. `nicknames` are the last words of listed
    organisations that end no other ("Ravens"): recognised as an organisation, such a word
    is that one ("Baltimore Ravens").
    """
    confirmed, nicknames = confirmed or {}, nicknames or {}
    works = {mention.name for mention in discovered if mention.kind == WORK}
    discovered = [mention for mention in discovered if mention.kind != WORK]
    if works:
        # "Harry Potter director Alfonso Cuaron": a work, whatever its given name says.
        mentions[:] = [
            found
            for found in mentions
            if found.kind != PartyKind.PERSON or normalize_name(found.name) not in works
        ]
    single_words: list[tuple[Mention, bool]] = []  # and whether the dictionary lists it
    for mention in discovered:
        end = mention.start + len(mention.surface)
        if not _outvotes(mention, mentions):
            continue  # the dictionary and the name heuristics win where they read a name
        mention.name = tidy_name(mention.name)
        listed = listed_party(dictionary, mention.name)
        single_word = " " not in mention.name
        if listed is not None:  # "U.S." read alone, where layer 1 saw "U.S. Space"
            mention.name, mention.kind = dictionary.names[listed], dictionary.kinds[listed]
        if single_word and listed is None and mention.kind == PartyKind.ORGANIZATION:
            listed = nicknames.get(mention.name.casefold())
            if listed is not None:  # "wins over the Chiefs and Cowboys"
                mention.name, mention.kind = dictionary.names[listed], dictionary.kinds[listed]
                single_word = False
        if single_word:
            known = mention.placed or mention.name.casefold() in confirmed.get(mention.kind, ())
            single_words.append((mention, listed is not None or known))
            continue
        if listed is None and names_a_product(dictionary, mention, lexicon):
            continue  # "Google Maps", "Dolby Vision": the maker's product, not a party
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
        mentions[:] = [
            found
            for found in mentions
            if not (mention.start <= found.start and found.start + len(found.surface) <= end)
        ]
        mentions.append(mention)
    return read_single_words(single_words, mentions, leftovers)


def _outvotes(mention: Mention, mentions: list[Mention]) -> bool:
    """Tell whether a recognised name may stand where layer 1 read names, or beside them.

    Where the two read overlapping spans, layer 1 wins, except that the longest name wins
    when the recogniser reads an organisation or place of several words around names layer 1
    read as places or organisations inside it: "US Department of Energy" over "US",
    "Barclays Capital" over "Barclays", "Western Europe" over "Europe".
    """
    end = mention.start + len(mention.surface)
    overlapping = [
        found
        for found in mentions
        if found.start < end and mention.start < found.start + len(found.surface)
    ]
    if not overlapping:
        return True
    if mention.kind == PartyKind.PERSON or " " not in mention.surface.strip():
        return False
    return all(
        mention.start <= found.start
        and found.start + len(found.surface) <= end
        and len(found.surface) < len(mention.surface)
        and found.kind != PartyKind.PERSON
        for found in overlapping
    )


def names_a_product(dictionary: NameDictionary, mention: Mention, lexicon: NameWords) -> bool:
    """Tell whether a name is a listed organisation's followed by no word of a body or a
    division ("Google Maps", "Google Pro" are products; "Sony Pictures", "Amazon Web
    Services", "Google Cloud Platform Inc" are organisations)."""
    tokens = tokenize(mention.name)
    match = dictionary.match(tokens).get(0)
    if match is None or match.end == len(tokens):
        return False
    if dictionary.kinds[match.party] != PartyKind.ORGANIZATION:
        return False
    rest = [token.text for token in tokens[match.end :]]
    return not any(
        word in lexicon.org_suffixes
        or word in lexicon.office_words
        or word in lexicon.venues  # "Kodak Theatre" is a place
        or word in lexicon.divisions
        for word in rest
    )


def opens_with_place(dictionary: NameDictionary, mention: Mention) -> bool:
    """Tell whether a name starts with a listed country or place, or its demonym."""
    listed = listed_party(dictionary, mention.name.split()[0])
    return listed is not None and dictionary.kinds[listed] in (PartyKind.COUNTRY, PartyKind.PLACE)


def listed_party(dictionary: NameDictionary, name: str) -> int | None:
    """Return the dictionary party a whole name spells, if any."""
    tokens = tokenize(name)
    match = dictionary.match(tokens).get(0)
    return match.party if match is not None and match.end == len(tokens) else None


LINK_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "in", "on"})


def _by_surname(mentions: list[Mention]) -> dict[str, Mention]:
    """Return the people of the article by surname, where one person has it."""
    found: dict[str, Mention | None] = {}
    for mention in mentions:
        if mention.kind == PartyKind.PERSON and " " in mention.name:
            surname = mention.name.split()[-1].split("-")[-1].casefold()
            known = found.get(surname, mention)
            found[surname] = mention if known is not None and known.name == mention.name else None
    return {surname: mention for surname, mention in found.items() if mention is not None}


def _by_initials(mentions: list[Mention]) -> dict[str, Mention]:
    """Return the organisations of the article by the initials of their names."""
    found = {}
    for mention in mentions:
        words = [word for word in mention.name.split() if word.casefold() not in LINK_WORDS]
        if mention.kind == PartyKind.ORGANIZATION and len(words) >= 2:
            found.setdefault("".join(word[0] for word in words).upper(), mention)
    return found


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
    people = _by_surname(mentions)
    acronyms = _by_initials(mentions)
    for mention, listed in single_words:
        leftover = by_start.get(mention.start)
        if leftover is not None and leftover.titled:
            continue  # "President Reagan": layer 1 counts it as a person already
        # "Eastwood" after "Clint Eastwood" is him, whatever the recogniser calls it;
        # "ADSS" after "Association of Directors of Social Services" is that association.
        earlier = people.get(mention.name.casefold()) or acronyms.get(mention.name)
        if earlier is not None and not listed:
            mentions.append(Mention(earlier.name, earlier.kind, mention.start, mention.surface))
            by_start.pop(mention.start, None)
            continue
        holders = words_of_names.get(mention.name.casefold(), set())
        opened = {name for name in holders if name.split()[0].casefold() == mention.name.casefold()}
        if mention.kind == PartyKind.PERSON:
            if not holders and leftover is None:
                # A lone surname needs a full name elsewhere to count.
                by_start[mention.start] = Leftover(mention.surface, mention.start, titled=False)
            continue
        if listed and mention.kind == PartyKind.PLACE:
            mentions.append(mention)  # "Hollywood" is the place, beside "Hollywood Reporter"
        elif len(opened) == 1 and not holders - opened:
            name = opened.pop()
            mentions.append(Mention(name, by_name[name].kind, mention.start, mention.surface))
        elif not holders and (listed or recurring[mention.name] >= 2):
            mentions.append(mention)
        else:
            continue
        by_start.pop(mention.start, None)
    return list(by_start.values())
