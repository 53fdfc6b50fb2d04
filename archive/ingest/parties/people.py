"""Read a person's name, and an organisation by its suffix, in a run of unlisted names."""

from __future__ import annotations

from archive.ingest.parties.dictionary import HYPHEN, Token
from archive.ingest.parties.mentions import Leftover, Mention
from archive.ingest.parties.runs import Gap, is_name_syllable
from archive.ingest.parties.words import NameWords
from archive.lib.names import tidy_name
from archive.lib.vocabulary import PartyKind

MAX_PERSON_NAME_WORDS = 4


def read_gap(
    text: str,
    tokens: list[Token],
    gap: Gap,
    mentions: list[Mention],
    leftovers: list[Leftover],
    lexicon: NameWords,
) -> None:
    """Find an organisation and a person's name in a run of unexplained capitalised words."""
    words = tokens[gap.first : gap.end]
    syllables = {
        index - gap.first
        for index in range(gap.first + 1, gap.end)
        if is_name_syllable(tokens, index, lexicon)
    }
    while words and not words[-1].capitalised and len(words) - 1 not in syllables:
        words = words[:-1]
    role_before = gap.first > 0 and tokens[gap.first - 1].key in lexicon.role_words
    name_start = len(words)
    while name_start > 0 and (
        lexicon.is_person_word(words[name_start - 1]) or name_start - 1 in syllables
    ):
        name_start -= 1
    head, name = lexicon.strip_leading(words[:name_start], for_org=True), words[name_start:]
    while name and not name[0].capitalised:
        name = name[1:]
    if not name:
        # Nothing can be a person's name: the whole run may still be an organisation.
        head = lexicon.strip_leading(words, for_org=True)
    suffix_at = max(
        (i for i, token in enumerate(head) if token.text in lexicon.org_suffixes), default=0
    )
    # "Savings and Loan Association": text joined by "and" would give only a fragment.
    after_and = gap.first > 1 and text[tokens[gap.first - 1].end : tokens[gap.first].start] in (
        " and ",
        " & ",
    )
    # "Iraqi Oil Minister": a suffix word before a title names a portfolio, not a company.
    portfolio = suffix_at + 1 < len(head) and head[suffix_at + 1].text in lexicon.person_titles
    if suffix_at >= 1 and lexicon.distinctive(head[:suffix_at]) and not after_and and not portfolio:
        mentions.append(mention_of(text, head[: suffix_at + 1], PartyKind.ORGANIZATION))
    if not name:
        return
    given_at = next((i for i, token in enumerate(name) if token.text in lexicon.given_names), 0)
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
        or any(token.text in lexicon.person_titles for token in words[:name_start])
        or name[0].text in lexicon.given_names
    )
    if len(name_words) == 1 or not evidence:
        # "Sir John", "Pope John Paul": a bare given name after a title is not a surname.
        titled = (
            name_start > 0
            and words[name_start - 1].text in lexicon.single_name_titles
            and name[-1].text not in lexicon.given_names
        )
        surface = text[name[0].start : name[-1].end]
        leftovers.append(Leftover(surface, name[0].start, titled and len(name_words) == 1))
    elif len(name_words) <= MAX_PERSON_NAME_WORDS:
        mentions.append(mention_of(text, name, PartyKind.PERSON))


def mention_of(text: str, words: list[Token], kind: str) -> Mention:
    """Make a mention of the name spelled by these tokens."""
    surface = text[words[0].start : words[-1].end]
    return Mention(tidy_name(surface), kind, words[0].start, surface)
