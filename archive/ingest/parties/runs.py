"""Group a body's tokens into runs of capitalised words and listed names: where names are."""

from __future__ import annotations

from dataclasses import dataclass

from archive.ingest.parties.dictionary import HYPHEN, SPACE, DictionaryMatch, Token
from archive.ingest.parties.words import NameWords
from archive.lib.vocabulary import PartyKind


@dataclass(slots=True)
class Gap:
    """Capitalised tokens that no dictionary entry accounts for."""

    first: int
    end: int


def capitalised_runs(
    tokens: list[Token], matches: dict[int, DictionaryMatch], lexicon: NameWords
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
            if joined and (
                is_link(tokens, index, lexicon) or is_name_syllable(tokens, index, lexicon)
            ):
                extend_run(run, Gap(index, index + 1))
            else:
                if run:
                    runs.append(run)
                # A particle may open a name: "de Gaulle"; the gap reader drops it if alone.
                run = [Gap(index, index + 1)] if token.key in lexicon.particles else []
            index += 1
            continue
        if not joined and run:
            runs.append(run)
            run = []
        unit = match if match is not None else Gap(index, index + 1)
        extend_run(run, unit)
        index = unit.end
    if run:
        runs.append(run)
    return runs


# The longest lower-case syllable that ends a hyphenated name ("Mahn-je", "Jae-in").
MAX_SYLLABLE_LETTERS = 3


def is_name_syllable(tokens: list[Token], index: int, lexicon: NameWords) -> bool:
    """Tell whether a lower-case word is the last syllable of a hyphenated given name ("Kim
    Mahn-je") rather than the end of a compound word ("state-run")."""
    token = tokens[index]
    return (
        index > 0
        and token.join == HYPHEN
        and tokens[index - 1].capitalised
        and len(token.text) <= MAX_SYLLABLE_LETTERS
        and token.text.isalpha()
        and token.key not in lexicon.compound_endings
    )


def extend_run(run: list[DictionaryMatch | Gap], unit: DictionaryMatch | Gap) -> None:
    """Append a unit to a run, merging neighbouring plain words into one gap."""
    if isinstance(unit, Gap) and run and isinstance(run[-1], Gap):
        run[-1] = Gap(run[-1].first, unit.end)
    else:
        run.append(unit)


def is_link(tokens: list[Token], index: int, lexicon: NameWords) -> bool:
    """Tell whether a lower-case word may sit inside a name ("al-Assad", "Bank of ...")."""
    key, previous = tokens[index].key, tokens[index - 1]
    if key in lexicon.particles or key.startswith(("d'", "l'")):
        return True
    if key in ("of", "for"):
        return (
            previous.text in lexicon.person_titles
            or previous.text in lexicon.office_words
            or previous.text in lexicon.org_heads
        )
    return key == "the" and previous.key == "of"


def drop_embedded_matches(
    tokens: list[Token],
    units: list[DictionaryMatch | Gap],
    kinds: list[str],
    lexicon: NameWords,
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
                and kinds[unit.party] == PartyKind.ORGANIZATION
                and tokens[after.first].text in lexicon.org_suffixes
            )
            # "First Boston" is a bank; "U.S. Production" is the United States, capitalised
            # after the abbreviation's full stop by sentence-casing wire copy.
            opener = tokens[before.end - 1] if isinstance(before, Gap) else None
            abbreviated = tokens[unit.end - 1].text.endswith(".")
            embedded = (
                opener is not None
                and (lexicon.is_name_word(opener) or opener.text in lexicon.org_openers)
            ) or (
                isinstance(after, Gap)
                and lexicon.is_name_word(tokens[after.first])
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
