"""Read organisations named "<head> of <name>" ("Bank of England") in a run of names."""

from __future__ import annotations

from archive.ingest.parties.dictionary import DictionaryMatch, Token
from archive.ingest.parties.mentions import Mention
from archive.ingest.parties.runs import Gap
from archive.ingest.parties.words import NameWords
from archive.lib.names import tidy_name
from archive.lib.vocabulary import PartyKind


def org_of_names(
    text: str,
    tokens: list[Token],
    units: list[DictionaryMatch | Gap],
    mentions: list[Mention],
    kinds: list[str],
    lexicon: NameWords,
) -> list[DictionaryMatch | Gap]:
    """Emit "<head> of <name>" organisations ("Bank of England") and return what is left."""
    result: list[DictionaryMatch | Gap] = []
    pending = list(units)
    while pending:
        unit = pending.pop(0)
        span = org_of_span(tokens, unit, pending[0] if pending else None, lexicon)
        if span is None:
            result.append(unit)
            continue
        first, end = span
        if first > unit.first:
            result.append(Gap(unit.first, first))
        elif (
            result
            and isinstance(result[-1], DictionaryMatch)
            and kinds[result[-1].party] == PartyKind.PLACE
        ):
            # "California Department of Corporations": a state or city opens the name.
            first = result.pop().first
        surface = text[tokens[first].start : tokens[end - 1].end]
        mentions.append(
            Mention(tidy_name(surface), PartyKind.ORGANIZATION, tokens[first].start, surface)
        )
        if end > unit.end:
            pending.pop(0)  # the dictionary name after "of" belongs to the organisation
        elif end < unit.end:
            pending.insert(0, Gap(end, unit.end))
    return result


def org_of_span(
    tokens: list[Token], unit: DictionaryMatch | Gap, following: object, lexicon: NameWords
) -> tuple[int, int] | None:
    """Return the token span of an "<head> of <name>" organisation in this gap, if any."""
    if not isinstance(unit, Gap):
        return None
    for index in range(unit.first, unit.end - 1):
        if tokens[index].text not in lexicon.org_heads or tokens[index + 1].key != "of":
            continue
        first = index
        while first > unit.first and lexicon.is_org_word(tokens[first - 1]):
            first -= 1
        tail = index + 2
        if tail < unit.end and tokens[tail].key == "the":
            tail += 1
        end = tail
        while end < unit.end and lexicon.is_org_word(tokens[end]):
            end += 1
        if end == unit.end and isinstance(following, DictionaryMatch):
            return first, following.end
        if end > tail and lexicon.distinctive(tokens[tail:end]):
            return first, end
    return None
