"""Know the common news agencies and publishers, and read byline lines."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest.parties.words import name_words

# Canonical name -> other ways articles write it (compared case-insensitively).
SOURCES: dict[str, list[str]] = {
    "AFP": ["Agence France-Presse", "Agence France Presse", "Agence France Press"],
    "Reuters": ["Reuter", "Thomson Reuters", "Reuters News"],
    "Associated Press": ["AP", "The Associated Press", "AP News"],
    "Bloomberg": ["Bloomberg News", "Bloomberg L.P."],
    "dpa": ["Deutsche Presse-Agentur", "Deutsche Presse Agentur"],
    "ANSA": ["Agenzia Nazionale Stampa Associata"],
    "EFE": ["Agencia EFE"],
    "Xinhua": ["Xinhua News Agency", "Xinhuanet"],
    "Kyodo": ["Kyodo News"],
    "Yonhap": ["Yonhap News Agency"],
    "PA Media": ["Press Association", "PA", "The Press Association"],
    "Australian Associated Press": ["AAP"],
    "The Canadian Press": ["Canadian Press"],
    "Press Trust of India": ["PTI"],
    "United Press International": ["UPI"],
    "TASS": ["ITAR-TASS"],
    "Interfax": [],
    "Anadolu Agency": ["Anadolu Ajansi"],
    "IANS": ["Indo-Asian News Service"],
    "ANI": ["Asian News International"],
    "UNI": ["United News of India"],
    "Bernama": ["Malaysian National News Agency"],
    "Antara": ["Antara News Agency"],
    "Jiji Press": ["Jiji"],
    "RIA Novosti": ["RIA"],
    "Agência Brasil": ["Agencia Brasil"],
    "Notimex": [],
    "Prensa Latina": [],
    "Dow Jones": ["Dow Jones Newswires"],
    "BBC News": ["BBC", "BBC News Online"],
    "The Guardian": ["Guardian", "theguardian.com"],
    "The New York Times": ["New York Times", "NYT", "nytimes.com"],
    "The Washington Post": ["Washington Post", "washingtonpost.com"],
    "The Wall Street Journal": ["Wall Street Journal", "WSJ"],
    "Financial Times": ["FT", "The Financial Times"],
    "CNN": ["cnn.com", "CNN Wire"],
    "Al Jazeera": ["Al Jazeera English", "aljazeera.com"],
    "Sky News": [],
    "NPR": ["National Public Radio"],
}

SECTIONS_FILE = Path(__file__).parent / "data" / "sections.txt"

# A source name followed by one of these ("AFP staff") still names just the source.
STAFF_SUFFIX = re.compile(
    r"\s+(?:staff(?:\s+(?:writers?|reporters?))?|news\s+desk|desk|reporters?|wires?)\.?$",
    re.IGNORECASE,
)
# What stands after a name in a byline and says a role, not a person ("Staff Writer").
# (A role word may follow a beat or a rank: "Healthcare Reporter", "Senior Political Editor".)
ROLE = re.compile(
    r"^(?:(?:our|a|an|from)\s+)?(?:[\w&-]+\s+){0,3}?"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|analyst|"
    r"staff|staff\s+writer|journalist|producer|desk|bureau\s+chief|bureau|team|agenc(?:y|ies))s?"
    r"(?:\s+(?:in|at|for)\s+.+)?$",
    re.IGNORECASE,
)
BYLINE_PREFIX = re.compile(
    r"^(?:by|words(?:\s+by)?\s*:?|written\s+by|reporting\s+by|story\s+by|author\s*:|"
    r"text\s*:|from)\s+",
    re.IGNORECASE,
)
MAX_BYLINE_LENGTH = 120
MAX_PLAIN_NAME_WORDS = 4
NAME_SEPARATORS = re.compile(r"\s*(?:,|\band\b|&|;)\s*", re.IGNORECASE)
LOCATION_SUFFIX = re.compile(r"\s+in\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}$")
WORD_CHARACTERS = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]*)*\.?$")

MAX_PUBLICATION_WORDS = 6
PUBLICATION_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|news|co\.uk|ie|info)$", re.I)
# Words that name a publication in a title suffix when the site is not a known source.
PUBLICATION_WORDS = frozenset(
    [
        "news",
        "herald",
        "times",
        "post",
        "journal",
        "ledger",
        "tribune",
        "gazette",
        "guardian",
        "telegraph",
        "chronicle",
        "observer",
        "standard",
        "express",
        "mail",
        "independent",
        "daily",
        "weekly",
        "review",
        "record",
        "star",
        "sun",
        "mirror",
        "examiner",
        "courier",
        "inquirer",
        "dispatch",
        "monitor",
        "bulletin",
        "press",
        "wire",
        "today",
        "online",
        "magazine",
        "newspaper",
    ]
)

_CANONICAL_BY_KEY = {
    alias.casefold(): canonical
    for canonical, aliases in SOURCES.items()
    for alias in (canonical, *aliases)
}


def _tidy(name: str) -> str:
    """Return name with spaces collapsed and surrounding punctuation removed; parentheses go
    when they close nothing ("(AFP)" -> "AFP", but "Jane Doe (AFP)" stays)."""
    text = " ".join(name.split()).strip(" \t,;:|-–—·•[]")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text[1:-1].strip(" \t,;:|-–—·•[]")
    if text.count("(") != text.count(")"):
        text = text.strip(" ()")
    return text


def canonical_source(name: str) -> str:
    """Return the canonical name of a source, or the tidied name when it is not known."""
    tidied = _tidy(name)
    key = tidied.casefold()
    if key in _CANONICAL_BY_KEY:
        return _CANONICAL_BY_KEY[key]
    without_staff = STAFF_SUFFIX.sub("", tidied).casefold()
    return _CANONICAL_BY_KEY.get(without_staff, tidied)


def looks_like_publication(name: str) -> bool:
    """Return whether an unknown name reads like a publication ("The Harbour Herald")."""
    words = _tidy(name).split()
    if name.isupper():  # in an all-capitals wire headline "- TEHRAN RADIO" is attribution
        return False
    if not 1 <= len(words) <= MAX_PUBLICATION_WORDS or PUBLICATION_DOMAIN.search(name):
        return bool(words) and bool(PUBLICATION_DOMAIN.search(name))
    capitalised = all(
        word[:1].isupper() or word.casefold() in {"of", "the", "and"} for word in words
    )
    # "The Hindu", "The Statesman": a capitalised name after "The" is a paper's name too.
    titled = words[0] == "The" and 2 <= len(words) <= 4
    return capitalised and (titled or any(word.casefold() in PUBLICATION_WORDS for word in words))


@functools.cache
def section_words() -> frozenset[str]:
    """Return the shipped section names, case-folded."""
    lines = SECTIONS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and line[0] != "#")


def is_known_source(name: str) -> bool:
    """Return whether name is one of the known agencies or publishers (or an alias of one)."""
    return canonical_source(name) in SOURCES


def source_aliases(name: str) -> list[str]:
    """Return the canonical name and aliases of a known source, or [] for an unknown one."""
    canonical = canonical_source(name)
    return [canonical, *SOURCES[canonical]] if canonical in SOURCES else []


@dataclass
class Byline:
    """What a byline or agency line says: who wrote it, for which agency or publication."""

    authors: list[str] = field(default_factory=list)
    source: str = ""  # a known agency or publisher, by its canonical name
    publication: str = ""  # a publication the archive does not know ("The Harbour Herald")


PARENTHESISED = re.compile(r"^(?P<rest>.*?)\s*\((?P<inside>[^()]{1,60})\)$")


def parse_byline(line: str, bare: bool = False) -> Byline | None:
    """Return what a byline or agency line says, or None when the line is not one.

    Without "By" (or the like), a line counts only when it names a known source, unless bare:
    at the head of a story, a line of names alone ("Jane Doe and John Roe") is a byline too.
    """
    line = _tidy(line)
    if not line or len(line) > MAX_BYLINE_LENGTH:
        return None
    if is_known_source(line):
        return Byline(source=canonical_source(line))
    prefix = BYLINE_PREFIX.match(line)
    rest = line[prefix.end() :] if prefix else line
    parts = [part.strip() for part in re.split(r"\s*[|/]\s*|\s+[-–—]\s+", rest) if part.strip()]
    if not parts:
        return None
    byline = Byline()
    for position, part in enumerate(parts):
        if position and not is_known_source(part) and looks_like_publication(part):
            byline.publication = byline.publication or _tidy(part)
            continue
        found = _read_byline_part(part)
        if found is None:
            return None
        names, part_source = found
        byline.authors.extend(names)
        byline.source = byline.source or part_source
    named = byline.source or byline.publication
    # Without "By", only a line that also names a source (or, bare, names people) is a byline.
    # Without "By", a line must name a source, or (bare) be names alone; and only a plain
    # person's name of a few words counts ("TANZANIA OUTLINES NEW PLAN | The Herald" is a title).
    if not prefix and byline.authors and not all(map(_plainly_a_person, byline.authors)):
        return None
    if not prefix and not named and not (bare and byline.authors):
        return None
    return byline


def _read_byline_part(part: str) -> tuple[list[str], str] | None:
    """Return the names and source in one "|"-separated part of a byline, or None."""
    authors: list[str] = []
    source = ""
    for piece in NAME_SEPARATORS.split(part):
        inside = PARENTHESISED.match(piece.strip())
        if inside and is_known_source(inside["inside"]):  # "Jane Doe (PTI)"
            source = source or canonical_source(inside["inside"])
            piece = inside["rest"]
        piece = _tidy(piece)
        if not piece:
            continue
        if is_known_source(piece):
            source = source or canonical_source(piece)
        elif ROLE.match(piece):
            continue
        else:
            name = _person_name(LOCATION_SUFFIX.sub("", piece))
            if name is None:
                return None
            authors.append(name)
    return authors, source


def _plainly_a_person(name: str) -> bool:
    """Tell whether a name standing alone on a line can only be a person's ("Jane Doe", not
    "Top Stories", "Web Desk" or "Northern Courier")."""
    lexicon = name_words()
    words = name.casefold().split()
    plain = lexicon.common_words | lexicon.office_words | lexicon.descriptors
    return len(words) <= MAX_PLAIN_NAME_WORDS and not (
        looks_like_publication(name)
        or any(word in section_words() or word in PUBLICATION_WORDS for word in words)
        or any(word in plain or word.capitalize() in plain for word in name.split())
        or any(word.capitalize() in lexicon.place_words for word in words)
    )


def _person_name(text: str) -> str | None:
    """Return text as a person's name when it looks like one ("JANE DOE" -> "Jane Doe")."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return None
    lexicon = name_words()
    capitalised = 0
    for word in words:
        if word.casefold() in lexicon.particles:
            continue
        looks_like_name_word = WORD_CHARACTERS.match(word) and word[0].isupper()
        if not looks_like_name_word and word.casefold() not in lexicon.suffix_keys:
            return None
        capitalised += 1
    if capitalised < 2:
        return None
    if text.isupper():
        return " ".join(_title_word(word) for word in words)
    return text


def _title_word(word: str) -> str:
    """Return an all-caps name word in title case, keeping initials and Mc/O' prefixes sensible."""
    if len(word) <= 2 and word.endswith("."):
        return word
    if word.casefold() in name_words().suffix_keys:
        return word.upper() if word.casefold().strip(".") in ("ii", "iii", "iv") else word.title()
    titled = re.sub(r"(?<=['’-])(\w)", lambda match: match[1].upper(), word.capitalize())
    if titled.startswith("Mc") and len(titled) > 2:
        titled = "Mc" + titled[2].upper() + titled[3:]
    return titled
