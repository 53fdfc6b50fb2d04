"""The sentence around a span of text, for showing where a stored mention stands.

A reader deciding about a name needs the sentence it is in, not a character count. The span is
the one ingestion stored; this only cuts the text around it at sentence ends, or at words when
the sentence runs past what was read.
"""

from __future__ import annotations

import re

# A full stop, question or exclamation mark (perhaps closing a quote) then space, or a line end.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
# Words a full stop follows without ending the sentence ("Mr. Smith", "Gen. Milley").
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "prof"}


def sentence_around(
    text: str, start: int, length: int, starts_text: bool = True, ends_text: bool = True
) -> tuple[str, str, str]:
    """Return the sentence holding text[start:start + length] as (before, span, after).

    text may be a window of a longer text: starts_text and ends_text say whether its ends are
    the real ones. A sentence cut by the window begins or ends with "…" on a whole word.
    """
    end = start + length
    ends = [match.end() for match in SENTENCE_END.finditer(text, 0, start) if real_end(text, match)]
    if ends:
        before = text[ends[-1] : start]
    elif starts_text:
        before = text[:start]
    else:
        before = "…" + text[:start].split(" ", 1)[-1] if " " in text[:start] else "…"
    following = next(
        (match for match in SENTENCE_END.finditer(text, end) if real_end(text, match)), None
    )
    if following is not None:
        after = text[end : following.end()]
    elif ends_text:
        after = text[end:]
    else:
        after = (text[end:].rsplit(" ", 1)[0] if " " in text[end:] else "") + "…"
    return before.lstrip(), text[start:end], after.rstrip()


def real_end(text: str, match: re.Match) -> bool:
    """Tell whether a full stop ends a sentence rather than an abbreviation."""
    if "\n" in match.group():
        return True
    words = text[: match.start()].rstrip("\"'”’)").split()
    word = words[-1].rstrip(".").lower() if words else ""
    return word not in ABBREVIATIONS
