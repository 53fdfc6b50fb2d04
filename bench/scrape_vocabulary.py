"""Words and forms the damaged-scrape generator draws from: names, sources, dates, boilerplate.

All invented or generic; the articles themselves come from the corpora. Kept apart from the
generator so the forms can grow without burying its logic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

FIRST_NAMES = [
    "John", "Jane", "Priya", "Ahmed", "Maria", "Chen", "Olga", "Kwame", "Sophie", "Rahul",
    "Fatima", "Lars", "Aisha", "Pedro", "Yuki", "Tomasz", "Grace", "Mohammed", "Ingrid",
    "Diego", "Hannah", "Sanjay", "Nadia", "Patrick", "Mei", "Oluwaseun", "Elena", "Ravi",
    "Claire", "Javier", "Amara", "Dmitri", "Siobhan", "Kenji", "Leila", "Marcus", "Anjali",
    "Rosa", "Tariq", "Freya",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Doe", "Sharma", "Hassan", "Garcia", "Wei", "Petrova", "Mensah", "Laurent",
    "Gupta", "Al-Rashid", "Nilsson", "O'Brien", "D'Souza", "Tanaka", "Kowalski", "Okafor",
    "Rahman", "Berg", "Fernández", "Whitfield", "Iyer", "Karimi", "McAllister", "Zhou",
    "Adeyemi", "Rossi", "Menon", "Dubois", "Navarro", "Nwosu", "Volkov", "Kavanagh",
    "Nakamura", "Haddad", "Brennan-Cole", "van der Berg", "Nguyen", "Schäfer", "Lindqvist",
]  # fmt: skip
ROLES = [
    "Staff Writer", "Business Correspondent", "Senior Reporter", "Political Editor",
    "Special Correspondent", "Sports Reporter", "Technology Editor",
]  # fmt: skip
NO_AUTHOR_BYLINES = ["By Our Correspondent", "Staff Reporter", "By a Staff Writer", "Web Desk"]


@dataclass(frozen=True)
class Agency:
    name: str  # the name the truth carries
    written: tuple[str, ...]  # how bylines and footers write it
    tag: str  # how a dateline or sign-off writes it: "NEW YORK (PTI) -"
    sign_offs: tuple[str, ...]


AGENCIES = [
    Agency("AFP", ("AFP", "Agence France-Presse"), "AFP", ("(AFP)", "AFP", "-- AFP")),
    Agency("Reuters", ("Reuters",), "Reuters", ("Reuter", "REUTER", "Reuters", "(Reuters)")),
    Agency(
        "Associated Press",
        ("AP", "The Associated Press", "Associated Press"),
        "AP",
        ("(AP)", "— AP"),
    ),
    Agency("Press Trust of India", ("PTI", "Press Trust of India"), "PTI", ("(PTI)", "PTI")),
    Agency("IANS", ("IANS",), "IANS", ("(IANS)", "--IANS")),
    Agency("ANI", ("ANI",), "ANI", ("(ANI)",)),
    Agency("dpa", ("dpa",), "dpa", ("(dpa)", "dpa")),
    Agency("Xinhua", ("Xinhua",), "Xinhua", ("(Xinhua)",)),
    Agency("Bloomberg", ("Bloomberg", "Bloomberg News"), "Bloomberg", ("(Bloomberg)",)),
    Agency("UPI", ("UPI", "United Press International"), "UPI", ("(UPI)",)),
]
# Publications that host a page; some real and well known, most invented.
PUBLICATIONS = [
    "The Daily Planet", "The Morning Ledger", "Northern Courier", "BBC News", "The Guardian",
    "The Hindu", "Gulf Times", "Business Standard", "The Straits Times", "Daily Herald",
    "Metro Tribune", "Coastal Gazette", "The Riverside Post", "National Chronicle",
    "Hindustan Times", "The Statesman", "Valley Observer", "The Evening Dispatch",
]  # fmt: skip
SECTIONS = [
    "World News", "World", "Sport", "Business", "Politics", "Technology", "Entertainment",
    "Markets", "Opinion", "UK News", "Asia", "Europe", "Middle East", "Science & Environment",
    "Health", "Latest News", "Top Stories", "Economy", "Culture", "India News",
]  # fmt: skip
SECTION_LABELS = [
    "{section}", "{section} | {other}", "Home > News > {section}", "{upper}",
    "{section} / {other}", "News · {section}", "Home » {section}",
]  # fmt: skip
TITLE_SEPARATORS = [" | ", " - ", " :: ", " — ", " – ", " · "]
# Dateline places for articles whose corpus has none (BBC), with a region AP style may add.
PLACES = [
    ("London", "England"), ("Paris", "France"), ("New Delhi", "India"), ("Washington", ""),
    ("Beirut", "Lebanon"), ("Tokyo", "Japan"), ("Brussels", "Belgium"), ("Moscow", "Russia"),
    ("Nairobi", "Kenya"), ("Sydney", "Australia"), ("Geneva", "Switzerland"),
    ("Berlin", "Germany"), ("Johannesburg", "South Africa"), ("Mumbai", "India"),
    ("Cairo", "Egypt"), ("Madrid", "Spain"), ("Beijing", "China"), ("Seoul", "South Korea"),
    ("Dublin", "Ireland"), ("Lagos", "Nigeria"), ("Islamabad", "Pakistan"), ("New York", ""),
    ("Los Angeles", ""), ("Hong Kong", ""), ("Rio de Janeiro", "Brazil"),
    ("Kuala Lumpur", "Malaysia"), ("Buenos Aires", "Argentina"), ("St. Louis", ""),
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
AP_MONTHS = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Zone names with their offset in hours, winter and summer.
ZONES = [("GMT", 0, 0), ("UTC", 0, 0), ("ET", -5, -4), ("EST", -5, -5), ("IST", 5.5, 5.5)]
PUBLISHED_PREFIXES = ["", "", "", "Published: ", "Published ", "Posted on ", "Date: "]
ONLY_DATE_PREFIXES = ["Updated: ", "Last Updated: ", "First published "]
BOTH_PUBLISHED_PREFIXES = ["Published: ", "Published ", "First published on ", "Posted: "]
UPDATED_PREFIXES = ["Updated: ", "Last updated: ", "Updated "]

BOILERPLATE = [
    "Read more: {headline}", "READ MORE: {headline}", "Also read: {headline}",
    "Story continues below advertisement", "Advertisement", "ADVERTISEMENT",
    "Share this article", "Share on Facebook Share on Twitter Share via Email",
    "(Photo: Getty Images)", "Photo: {name}/{agency}", "Image copyright {agency}",
    "Sign up for our daily newsletter to get the top stories in your inbox.",
    "Get the latest headlines delivered to your inbox: subscribe to our free newsletter.",
    "Click here to follow us on WhatsApp", "Continue reading the main story",
    "SCROLL TO CONTINUE WITH CONTENT", "Watch the video above", "Subscribe now for full access",
]  # fmt: skip
TAIL_HEADINGS = [
    "Related:", "Related stories", "RELATED ARTICLES", "You may also like", "Most Read",
    "More from {site}", "Also on {site}", "Trending now", "Latest News",
]  # fmt: skip
FOOTERS = [
    "© {year} {site}. All rights reserved.", "Copyright {year} {site}",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Terms of Use | Privacy Policy | Contact Us", "Back to top", "Tags: {section}, {other}",
    "Comments ({number})", "Follow us on Facebook, Twitter and Instagram",
    "Download our app for the latest news",
]  # fmt: skip
SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "at", "by", "as"}


def person_name(rng: random.Random) -> str:
    """Return an invented name, sometimes with a middle initial."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if rng.random() < 0.12:
        return f"{first} {rng.choice('ABCDEHJKLMPRSTW')}. {last}"
    return f"{first} {last}"


def join_names(rng: random.Random, names: list[str]) -> str:
    """Return names as a byline joins them: "A and B", "A & B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {rng.choice(['and', 'and', '&'])} {names[1]}"
    comma = rng.choice(["", ","])
    return f"{', '.join(names[:-1])}{comma} and {names[-1]}"


def title_case(text: str) -> str:
    """Return an all-capitals wire headline in title case, keeping tickers and initials."""
    words = text.split()
    cased = []
    for position, word in enumerate(words):
        if word.startswith("<") or "." in word or any(c.isdigit() for c in word):
            cased.append(word)
        elif position and word.lower() in SMALL_WORDS:
            cased.append(word.lower())
        else:
            cased.append(word.capitalize())
    return " ".join(cased)


def zone_for(rng: random.Random, moment: datetime) -> tuple[str, float]:
    """Return a zone name and its offset in hours for a moment (summer time from April)."""
    name, winter, summer = rng.choice(ZONES)
    return name, summer if 4 <= moment.month <= 10 else winter


def twelve_hour(moment: datetime, style: str) -> str:
    hour = moment.hour % 12 or 12
    if style == "ap":
        return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def format_date(rng: random.Random, moment: datetime) -> tuple[str, str, float | None]:
    """Return a written date, its precision ("day", "minute", "second") and any stated offset."""
    d, month, day = moment, MONTHS[moment.month - 1], moment.day
    weekday = DAYS[moment.weekday()]
    zone, offset = zone_for(rng, moment)
    forms = [
        (f"{month} {day}, {d.year}", "day", None),
        (f"{day} {month} {d.year}", "day", None),
        (f"{day:02d} {month} {d.year}", "day", None),
        (f"{AP_MONTHS[d.month - 1]} {day}, {d.year}", "day", None),
        (f"{d:%Y-%m-%d}", "day", None),
        (f"{weekday}, {month} {day}, {d.year}", "day", None),
        (f"{day} {month[:3]} {d.year}", "day", None),
        (f"{day:02d}.{d.month:02d}.{d.year}", "day", None),
        (f"{weekday[:3]} {day} {month[:3]} {d.year} {d:%H.%M} {zone}", "minute", offset),
        (f"{day} {month} {d.year} {d:%H:%M} {zone}", "minute", offset),
        (f"{month} {day}, {d.year} at {twelve_hour(d, 'ap')} {zone}", "minute", offset),
        (f"{weekday}, {day} {month}, {d.year}, {d:%H:%M} GMT", "minute", 0),
        (f"{month[:3]} {day}, {d.year} {twelve_hour(d, 'caps')} {zone}", "minute", offset),
        (f"{d:%Y-%m-%d %H:%M}", "minute", None),
        (f"{month} {day}, {d.year} {twelve_hour(d, 'caps')}", "minute", None),
        (f"{weekday[:3]}, {day:02d} {month[:3]} {d.year} {d:%H:%M:%S} +0000", "second", 0),
        (f"{d:%Y-%m-%dT%H:%M:%S}Z", "second", 0),
    ]
    return rng.choice(forms)
