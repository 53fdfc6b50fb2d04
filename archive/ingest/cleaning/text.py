"""Repair the odd characters that scraped news text carries."""

from __future__ import annotations

import re

import ftfy

from archive.ingest.readers.decoding import CONTROL_CHARACTERS

LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
INVISIBLE_CHARACTERS = re.compile(r"[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
TRAILING_SPACES = re.compile(r"[ \t]+$", re.MULTILINE)
# An acute accent between letters ("Russia´s"), or after a plural s ("students´ "), is an
# apostrophe typed on a keyboard that lacks one.
ACUTE_APOSTROPHE = re.compile(r"(?<=[^\W\d_])\u00b4(?=[^\W\d_])|(?<=[sS])\u00b4(?=[\s,.;:!?)]|$)")

# Everything that could change correct text is off: quotes stay curly, HTML entities, ligatures
# and widths stay as written; line breaks and control characters are handled below.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def repair_text(text: str) -> str:
    """Return text with line breaks, mojibake, odd spaces, apostrophes and controls repaired."""
    text = LINE_BREAKS.sub("\n", text)
    if not text.isascii():
        text = ftfy.fix_text(text, FTFY_CONFIG)
        text = ACUTE_APOSTROPHE.sub("\u2019", text)
        text = ODD_SPACES.sub(" ", text)
        text = INVISIBLE_CHARACTERS.sub("", text)
    text = CONTROL_CHARACTERS.sub("", text)
    return TRAILING_SPACES.sub("", text)
