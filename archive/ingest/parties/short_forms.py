"""Count later short forms toward the full names an article gives, and capitals that speak.

"Carter said" counts for Ash Carter named earlier, "Texaco" for Texaco Inc, and "Moscow said"
for Russia.
"""

from __future__ import annotations

import functools
import re

from archive.ingest.parties.gazetteer import load_state_abbreviations
from archive.ingest.parties.mentions import Leftover, Mention
from archive.ingest.parties.words import NameWords
from archive.lib.names import tidy_name
from archive.lib.vocabulary import PartyKind

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


def resolve_short_forms(
    leftovers: list[Leftover], mentions: list[Mention], lexicon: NameWords
) -> list[Mention]:
    """Count surnames and short names ("Carter", "Texaco") toward full names in the article."""
    short_forms: dict[str, Mention | None] = {}
    for mention in mentions:
        for form in short_forms_of(mention, lexicon):
            known = short_forms.get(form, mention)
            if known and known.kind == PartyKind.ORGANIZATION and mention.kind == PartyKind.PERSON:
                continue  # "Dale Burdett" beside "Dale Burdett Inc" is the company
            if known and known.kind == PartyKind.PERSON and mention.kind == PartyKind.ORGANIZATION:
                short_forms[form] = mention
                continue
            # Two people with one surname: the short form is ambiguous, so count neither.
            short_forms[form] = mention if known and known.name == mention.name else None
    for mention in mentions:
        # "Quorvane Holdings" read on its own is the "Quorvane Holdings Inc" found elsewhere.
        target = short_forms.get(mention.name.casefold())
        # "Dale Burdett" read as a person is "Dale Burdett Inc" named in the same article.
        if target is not None and (target.kind == mention.kind or mention.kind == PartyKind.PERSON):
            mention.name, mention.kind = target.name, target.kind
    resolved = []
    for leftover in leftovers:
        name = tidy_name(leftover.surface)
        target = short_forms.get(name.casefold())
        if target is not None:
            resolved.append(Mention(target.name, target.kind, leftover.start, leftover.surface))
        elif leftover.titled:
            # "President Reagan" with no full name anywhere in the article: the title is
            # evidence enough, and the surname is the only name there is.
            person = Mention(name, PartyKind.PERSON, leftover.start, leftover.surface)
            resolved.append(person)
            short_forms.setdefault(name.casefold(), person)
    return resolved


def short_forms_of(mention: Mention, lexicon: NameWords) -> list[str]:
    """Return the shorter spellings that may refer back to this mention later."""
    words = mention.name.split()
    if mention.kind == PartyKind.PERSON and len(words) >= 2:
        forms = [mention.name.casefold(), words[-1].casefold()]
        if len(words) >= 3:  # George W. Bush -> George Bush
            forms.append(f"{words[0]} {words[-1]}".casefold())
        if "-" in words[-1]:  # al-Assad -> Assad
            forms.append(words[-1].split("-")[-1].casefold())
        if words[-1] in lexicon.name_suffixes and len(words) >= 3:
            forms.append(words[-2].casefold())
        return forms
    forms = []
    # "Frank B. Hall and Co Inc" -> "Frank B. Hall and Co" -> "Frank B. Hall".
    while (
        mention.kind == PartyKind.ORGANIZATION
        and len(words) >= 2
        and words[-1] in lexicon.org_suffixes
    ):
        words = words[:-1]
        while len(words) >= 2 and words[-1] in ("and", "&"):
            words = words[:-1]
        forms.append(" ".join(words).casefold())
    return forms


def read_state_abbreviations(text: str, mentions: list[Mention]) -> None:
    """Count "Mass." in "Boston, Mass." toward Massachusetts (only there: alone it is a word)."""
    abbreviations = load_state_abbreviations()
    taken = {mention.start for mention in mentions}
    for found in state_pattern().finditer(text):
        start = found.start("abbreviation")
        if start not in taken:
            surface = found.group("abbreviation")
            mentions.append(Mention(abbreviations[surface], PartyKind.PLACE, start, surface))


@functools.cache
def state_pattern() -> re.Pattern:
    """Return the pattern of a state's abbreviation right after a town and a comma."""
    abbreviations = load_state_abbreviations()
    choices = "|".join(map(re.escape, sorted(abbreviations, key=len, reverse=True)))
    return re.compile(
        rf"\b[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*, (?P<abbreviation>{choices})(?![\w.])"
    )


# British sports writing gives a team plural verbs ("Wales are camped on the England line",
# "England were beaten"); a country or nation takes the singular. Plural-named countries
# ("the Netherlands are") say nothing and are left alone.
TEAM_VERB = re.compile(r"\s+(?:are|were|have)\b(?!\s+(?:been\s+)?(?:a|an)\b)")
NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})
CLAUSE_START = re.compile(r"(?:^|[\n.!?:;\"“'‘—–-])[ \t]*$")


def read_teams(text: str, mentions: list[Mention]) -> None:
    """Make a country named with a plural verb its national team, in all the article."""
    teams = {
        mention.name
        for mention in mentions
        if (
            mention.kind == PartyKind.COUNTRY
            or (mention.kind == PartyKind.PLACE and mention.name in NATIONS)
        )
        and (mention.name in NATIONS or not mention.name.endswith("s"))
        and mention.surface == mention.name
        and TEAM_VERB.match(text, mention.start + len(mention.surface))
        # The country opens its clause: in "authorities in Iceland have monitored",
        # "Britain and France have agreed" or "sanctions on Japan were" the verb is another's.
        and CLAUSE_START.search(text, max(0, mention.start - 4), mention.start)
    }
    for mention in mentions:
        if mention.name in teams:
            mention.name, mention.kind = f"{mention.name} national team", PartyKind.ORGANIZATION


def read_governments(text: str, mentions: list[Mention], capitals: dict[str, str]) -> None:
    """Count a capital that speaks or acts ("Moscow said") toward its country."""
    for mention in mentions:
        country = capitals.get(mention.name) if mention.kind == PartyKind.PLACE else None
        if country is None:
            continue
        # "Analysts in London said" are not Britain speaking.
        after_preposition = PREPOSITION_BEFORE.search(
            text, max(0, mention.start - 16), mention.start
        )
        if not after_preposition and SPEAKING_VERB.match(
            text, mention.start + len(mention.surface)
        ):
            mention.name, mention.kind = country, PartyKind.COUNTRY
