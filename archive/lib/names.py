"""Names as the archive compares and shows them: one normaliser for every layer."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'"})
QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"'})
SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return text with case, compatibility forms and quotes folded (spacing kept)."""
    if text.isascii() and "`" not in text:
        return text.lower()  # the same, for plain ASCII, at a fraction of the cost
    return unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()


def normalize_name(name: str) -> str:
    """Return the form of a name used to look it up: case, accents, spacing and quotes folded."""
    return " ".join(fold(name).split())


def tidy_name(name: str) -> str:
    """Return a name as shown: straight apostrophes and single spaces, capitals kept."""
    return " ".join(name.translate(APOSTROPHES).split())
