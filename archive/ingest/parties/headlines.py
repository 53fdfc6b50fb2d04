"""Read a headline for parties: all-capital headlines are given back their capitals first.

Wire headlines are written in capitals ("U.K. MONEY MARKET SHORTAGE FORECAST REVISED"), where
every word looks like a name and none can be told from another. Each word takes the capitals
the body gives it where it is not opening a sentence ("Bundesbank", "money"), a dotted
abbreviation keeps its own ("U.K."), and any other word is lower case; a headline in ordinary
case is read as it is.
"""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”]\s*)$")
DOTTED = re.compile(r"^(?:[^\W\d_]\.)+$")  # U.K., U.S.
# A headline whose words are this much in capitals is an all-capital headline.
CAPITALS_SHARE = 0.6


def readable_headline(title: str, paragraphs: list[str]) -> str:
    """Return the headline as extraction should read it: on one line, in the body's capitals."""
    title = " ".join(title.split())
    words = [word for word in WORD.findall(title) if len(word.strip(".")) > 1]
    if not words:
        return title
    capitals = sum(word.upper() == word for word in words)
    if capitals / len(words) < CAPITALS_SHARE:
        return title
    forms = body_forms(paragraphs)
    return WORD.sub(lambda match: restored(match.group(), forms), title)


def body_forms(paragraphs: list[str]) -> dict[str, str]:
    """Return the commonest spelling of each word the body uses inside a sentence."""
    seen: dict[str, Counter] = {}
    for paragraph in paragraphs:
        for match in WORD.finditer(paragraph):
            if SENTENCE_END.search(paragraph[: match.start()].rstrip()):
                continue  # a sentence's first word: its capital says nothing
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
