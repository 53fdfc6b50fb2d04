"""The shipped gazetteer (countries, places, organisations with aliases), capitals and places.

gazetteer.txt is made by hand; places.tsv is built from GeoNames, ISO 3166-2 and airport data by
bench/build_places.py, and the hand-made entries win where both name a place.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from archive.ingest.types import KnownParty

DATA_DIR = Path(__file__).parent / "data"
PLACES_FILE = "places.tsv"
HAND_MADE = ("gazetteer.txt", "organisations.txt")

# Demonyms with these endings take a plain "s" plural: Russians, Iraqis, Britons.
PLURAL_S_ENDINGS = ("n", "i")


def parse_gazetteer(text: str) -> list[KnownParty]:
    """Parse "kind | name | aliases | demonyms" lines; demonyms become aliases."""
    parties = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, name, aliases, demonyms = (
            field.strip() for field in (line + " | | |").split("|")[:4]
        )
        forms = split_list(aliases)
        for demonym in split_list(demonyms):
            forms.append(demonym)
            if demonym.endswith(PLURAL_S_ENDINGS):
                forms.append(demonym + "s")
        parties.append(KnownParty(name=name, kind=kind, aliases=list(dict.fromkeys(forms))))
    return parties


def split_list(field: str) -> list[str]:
    """Split a ";"-separated field into its non-empty items."""
    return [item.strip() for item in field.split(";") if item.strip()]


@functools.cache
def load_gazetteer() -> tuple[KnownParty, ...]:
    """Return the hand-made countries, places and organisations with their aliases."""
    return tuple(
        party
        for name in HAND_MADE
        for party in parse_gazetteer((DATA_DIR / name).read_text(encoding="utf-8"))
    )


@functools.cache
def gazetteer_aliases() -> dict[tuple[str, str], list[str]]:
    """Return the aliases of each shipped party, by (case-folded name, kind): the hand-made
    lists' and the place list's names found alone (its single words are only evidence)."""
    shipped = {(party.name.casefold(), party.kind): party.aliases for party in load_gazetteer()}
    for party in load_places().listed:
        shipped.setdefault((party.name.casefold(), party.kind), party.aliases)
    return shipped


@functools.cache
def load_state_abbreviations() -> dict[str, str]:
    """Return the state each abbreviation after a town names ("Mass." -> "Massachusetts")."""
    return read_pairs("state_abbreviations.txt")


@functools.cache
def load_capitals() -> dict[str, str]:
    """Return the country each shipped capital stands for when it speaks ("Moscow said")."""
    return read_pairs("capitals.txt")


def read_pairs(name: str) -> dict[str, str]:
    """Read "key | value" lines of a data file ("#" starts a comment)."""
    pairs = {}
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            key, value = (field.strip() for field in line.split("|"))
            pairs[key] = value
    return pairs


@dataclass(frozen=True)
class Places:
    """The built place list: names found alone, and single words that only confirm a place."""

    listed: tuple[KnownParty, ...]
    evidence: frozenset[str]  # case-folded, accents kept and dropped


def without_accents(name: str) -> str:
    """Return a Latin name without its accents ("Almería" -> "Almeria")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def load_places() -> Places:
    """Return the built place list (data/places.tsv), read on first use."""
    listed, evidence = [], set()
    for line in (DATA_DIR / PLACES_FILE).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, tier = line.split("\t")
        plain = without_accents(name)
        if tier == "listed":
            aliases = [plain] if plain != name else []
            listed.append(KnownParty(name=name, kind="place", aliases=aliases))
        else:
            evidence.update({name.casefold(), plain.casefold()})
    return Places(tuple(listed), frozenset(evidence))
