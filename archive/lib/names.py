"""Names as the archive compares and shows them: one normaliser for every layer."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'"})
QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"'})
SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return text with case, compatibility forms and quotes folded (spacing kept)."""
    return unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()


def normalize_name(name: str) -> str:
    """Return the form of a name used to look it up: case, accents, spacing and quotes folded."""
    return SPACES.sub(" ", fold(name)).strip()


def tidy_name(name: str) -> str:
    """Return a name as shown: straight apostrophes and single spaces, capitals kept."""
    return " ".join(name.translate(APOSTROPHES).split())
