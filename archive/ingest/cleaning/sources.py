"""Know the common news agencies and publishers, and read byline lines."""

from __future__ import annotations

import re

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

# A source name followed by one of these ("AFP staff") still names just the source.
STAFF_SUFFIX = re.compile(
    r"\s+(?:staff(?:\s+(?:writers?|reporters?))?|news\s+desk|desk|reporters?|wires?)\.?$",
    re.IGNORECASE,
)
# What stands after a name in a byline and says a role, not a person ("Staff Writer").
ROLE = re.compile(
    r"^(?:(?:senior|chief|staff|special|political|foreign|business|sports?|economics?|"
    r"technology|science|health|news|deputy|assistant|associate|contributing|online|"
    r"diplomatic|security|defen[cs]e|legal|investigative|education|environment|"
    r"entertainment|arts|home\s+affairs|world|us|uk)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|analyst|"
    r"staff|staff\s+writer|journalist|producer|desk|bureau\s+chief|team)s?"
    r"(?:\s+(?:in|at|for)\s+.+)?$",
    re.IGNORECASE,
)
BYLINE_PREFIX = re.compile(
    r"^(?:by|words(?:\s+by)?\s*:?|written\s+by|reporting\s+by|story\s+by|author\s*:|"
    r"text\s*:|from)\s+",
    re.IGNORECASE,
)
MAX_BYLINE_LENGTH = 120
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
    """Return name with spaces collapsed and surrounding punctuation removed."""
    return " ".join(name.split()).strip(" \t,;:|-–—·•()[]")


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
    return capitalised and any(word.casefold() in PUBLICATION_WORDS for word in words)


def is_known_source(name: str) -> bool:
    """Return whether name is one of the known agencies or publishers (or an alias of one)."""
    return canonical_source(name) in SOURCES


def source_aliases(name: str) -> list[str]:
    """Return the canonical name and aliases of a known source, or [] for an unknown one."""
    canonical = canonical_source(name)
    return [canonical, *SOURCES[canonical]] if canonical in SOURCES else []


def parse_byline(line: str) -> tuple[list[str], str] | None:
    """Return (authors, source) when line is a byline or an agency line, else None."""
    line = _tidy(line)
    if not line or len(line) > MAX_BYLINE_LENGTH:
        return None
    if is_known_source(line):
        return [], canonical_source(line)
    prefix = BYLINE_PREFIX.match(line)
    rest = line[prefix.end() :] if prefix else line
    parts = [part.strip() for part in re.split(r"\s*[|/]\s*|\s+[-–—]\s+", rest) if part.strip()]
    if not parts:
        return None
    authors: list[str] = []
    source = ""
    for part in parts:
        found = _read_byline_part(part)
        if found is None:
            return None
        names, part_source = found
        authors.extend(names)
        source = source or part_source
    # Without "By", only a line that also names a known source is taken as a byline.
    if not prefix and not source:
        return None
    if not authors and not source:
        return None
    return authors, source


def _read_byline_part(part: str) -> tuple[list[str], str] | None:
    """Return the names and source in one "|"-separated part of a byline, or None."""
    authors: list[str] = []
    source = ""
    for piece in NAME_SEPARATORS.split(part):
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
