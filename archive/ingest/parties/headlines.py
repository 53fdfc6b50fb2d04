"""Read a headline for parties: all-capital and title-case headlines get the body's capitals.

Wire headlines are written in capitals ("U.K. MONEY MARKET SHORTAGE FORECAST REVISED"), and
many sites capitalise every word ("Surging Bills Look Dangerous"): there every word looks like
a name and none can be told from another. Each word takes the capitals the body gives it where
it is not opening a sentence ("Bundesbank", "money"), a dotted abbreviation keeps its own
("U.K."), and any other word is lower case; a headline in sentence case is read as it is.
`is_heading` tells such lines apart inside a body too (sub-headings, link lines).
"""

from __future__ import annotations

import re
from collections import Counter

from archive.ingest.parties.words import name_words

WORD = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”]\s*)$")
DOTTED = re.compile(r"^(?:[^\W\d_]\.)+$")  # U.K., U.S.
# A headline whose words are this much in capitals is an all-capital headline; one whose words
# (short links aside) this much start with a capital is in title case.
CAPITALS_SHARE = 0.6
TITLE_CASE_SHARE = 0.8
MIN_TITLE_CASE_WORDS = 3
MAX_HEADING_WORDS = 16


def is_heading(line: str) -> bool:
    """Tell whether a line is a heading in capitals or title case rather than a sentence."""
    words = [word for word in WORD.findall(line) if len(word.strip(".")) > 1]
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    last = line.split()[-1]
    if last[-1:] in '.?!"”' and not DOTTED.match(last):
        return False  # a sentence ("... it said."), not a heading ("... IN U.K.")
    if sum(word.upper() == word for word in words) / len(words) >= CAPITALS_SHARE:
        return True
    links = name_words().title_case_links
    content = [word for word in words if word.casefold() not in links]
    return (
        len(content) >= MIN_TITLE_CASE_WORDS
        and sum(word[0].isupper() for word in content) / len(content) >= TITLE_CASE_SHARE
    )


def readable_headline(title: str, paragraphs: list[str]) -> str:
    """Return the headline as extraction should read it: on one line, in the body's capitals."""
    title = " ".join(title.split())
    if not is_heading(title):
        return title
    forms = body_forms(paragraphs, {word.casefold().rstrip(".") for word in WORD.findall(title)})
    return WORD.sub(lambda match: restored(match.group(), forms), title)


def body_forms(paragraphs: list[str], wanted: set[str]) -> dict[str, str]:
    """Return the commonest spelling of each wanted word where the body uses it inside a
    sentence (its first word's capital says nothing)."""
    if not wanted:
        return {}
    words = "|".join(sorted(map(re.escape, wanted), key=len, reverse=True))
    # "Reagan's" spells Reagan: an apostrophe may follow the word.
    pattern = re.compile(rf"(?<![\w'’.\-])(?:{words})(?![\w\-])", re.IGNORECASE)
    seen: dict[str, Counter] = {}
    for paragraph in paragraphs:
        for match in pattern.finditer(paragraph):
            if SENTENCE_END.search(paragraph[max(0, match.start() - 4) : match.start()].rstrip()):
                continue
            word = match.group()
            seen.setdefault(word.casefold().rstrip("."), Counter())[word] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in seen.items()}


def restored(word: str, forms: dict[str, str]) -> str:
    """Return a headline word in the capitals the body writes it with."""
    if DOTTED.match(word):
        return word
    form = forms.get(word.casefold().rstrip("."))
    if form is None:
        return word.lower()
    return form + "." if word.endswith(".") and not form.endswith(".") else form
