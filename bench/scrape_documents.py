"""Make labelled scrape-like documents from the BBC corpus, so the line model keeps clean bodies.

A scrape that is already clean (headline, maybe a byline and a date line, then the story) must
come out with every body line as content. Real pages teach the model mostly about furniture, so
these documents, built from BBC stories and invented names, show it the clean case too, some
with a little furniture around them. Names and furniture are invented; the stories are read in
place from ../shared/corpora/bbc-news and never copied into the repository.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from archive.ingest.cleaning.blocks.labels import Label
from bench.naeb_pages import NAEB

BBC = NAEB.parent / "bbc-news"

GIVEN_NAMES = ("Mara", "Tobin", "Ilse", "Ravi", "Odile", "Kwame", "Sunniva", "Teodor", "Anouk",
               "Bram", "Celeste", "Dario", "Esme", "Farid", "Greta", "Hollis")  # fmt: skip
FAMILY_NAMES = ("Quennell", "Abernathy", "Okonkwo-Reyes", "Lindqvist", "Marchetti", "Tsang",
                "Oyelaran", "Vasquez-Hale", "Brightwater", "Koval", "Delacroix")  # fmt: skip
DESKS = ("Business reporter", "Technology correspondent", "Political editor", "BBC News",
         "Sports writer", "Staff reporter")  # fmt: skip
MENU_WORDS = ("Home", "News", "Sport", "Business", "Technology", "Health", "Culture", "Travel",
              "Weather", "Video", "Opinion", "World", "UK", "Politics", "Science")  # fmt: skip
TRAILING_FURNITURE = ("Share this story", "Related stories", "More on this story",
                      "Top stories", "Most read", "Back to top", "Follow us",
                      "Sign up for our newsletter")  # fmt: skip


def _date_line(rng: random.Random) -> str:
    day = date(2004, 1, 1) + timedelta(days=rng.randrange(6000))
    forms = (
        day.strftime("%d %B %Y"),
        day.strftime("%B %d, %Y"),
        day.strftime("Published %d %B %Y"),
        day.strftime("Updated %b %d, %Y, %H:%M GMT").replace("00:00", "10:42"),
        day.isoformat(),
        day.strftime("%A, %d %B %Y"),
    )
    return rng.choice(forms)


def _byline(rng: random.Random) -> str:
    name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    forms = (f"By {name}", f"By {name}, {rng.choice(DESKS)}", name, f"{name} | BBC News")
    return rng.choice(forms)


def _story(path: Path) -> tuple[str, list[str]]:
    text = path.read_text(encoding="latin-1")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return lines[0], lines[1:]


def scrape_documents(count: int = 400, seed: int = 13) -> list[tuple[list[str], list[str]]]:
    """Return count (lines, labels) documents: clean scrapes, some with a little furniture."""
    if not BBC.is_dir():
        return []
    rng = random.Random(seed)
    paths = sorted(BBC.glob("*/*.txt"))
    chosen = rng.sample(paths, min(count, len(paths)))
    headlines = [_story(path)[0] for path in rng.sample(paths, 200)]
    documents = []
    for path in chosen:
        title, body = _story(path)
        document: list[tuple[str, Label]] = []
        furnished = rng.random() < 0.4
        if furnished:
            document += [
                (word, Label.BOILERPLATE) for word in rng.sample(MENU_WORDS, rng.randint(3, 9))
            ]
        if rng.random() < 0.85:
            document.append((title, Label.TITLE))
        if rng.random() < 0.5:
            document.append((_byline(rng), Label.BYLINE))
        if rng.random() < 0.5:
            document.append((_date_line(rng), Label.DATE))
        document += [(paragraph, Label.CONTENT) for paragraph in body]
        if furnished:
            document.append((rng.choice(TRAILING_FURNITURE), Label.BOILERPLATE))
            document += [
                (line, Label.BOILERPLATE) for line in rng.sample(headlines, rng.randint(2, 6))
            ]
        documents.append(([line for line, _ in document], [label.value for _, label in document]))
    return documents
