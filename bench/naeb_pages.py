"""Prepare NAEB news pages for the line classifier: render, label lines against the truth, score.

The NAEB corpus (../shared/corpora/naeb) holds real news pages with hand-cleaned truth. Each page
is rendered to visible text by three tools (html-text, inscriptis, BeautifulSoup's get_text), so
the model does not learn one tool's spacing, and every rendered line is labelled by aligning it
with the truth (title, authors, date, body).
Renderings are cached outside the repository (NAEB_RENDER_CACHE, default under /tmp), since
rendering every page takes longer than training on it; article text never enters the repo.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.ingest.cleaning.blocks.borrowed import parse_byline, parse_date  # noqa: E402
from archive.ingest.cleaning.blocks.labels import Label  # noqa: E402
from bench.harness import CORPORA  # noqa: E402


def _find_naeb() -> Path:
    """Return the NAEB folder: NAEB_DIR, else shared/corpora/naeb beside any parent folder."""
    if "NAEB_DIR" in os.environ:
        return Path(os.environ["NAEB_DIR"])
    # A git worktree under wt/ sits one level deeper than the main checkout.
    for folder in CORPORA.parents:
        if (folder / "shared" / "corpora" / "naeb").is_dir():
            return folder / "shared" / "corpora" / "naeb"
    return CORPORA / "naeb"


NAEB = _find_naeb()
RENDER_CACHE = Path(os.environ.get("NAEB_RENDER_CACHE", "/tmp/news-archive-naeb-render"))
RENDERERS = ("html_text", "inscriptis", "soup")
# Elements whose text no browser shows.
INVISIBLE = ("script", "style", "noscript", "template", "head", "svg")

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
# A line is body text when at least this share of its 4-grams is in the truth body.
CONTENT_SHINGLE_SHARE = 0.5
MAX_HEADER_LINE_LENGTH = 160
# How far before the title and after the body start a byline or date line may sit.
HEADER_LINES_BEFORE_TITLE = 4
HEADER_LINES_AFTER_BODY_START = 3
TRAILER_LINES_AFTER_BODY = 4


@dataclass(frozen=True)
class TruthArticle:
    html_file: str
    site: str
    title: str
    authors: list[str]
    published: str
    text: str


@dataclass(frozen=True)
class LabelledPage:
    html_file: str
    site: str
    renderer: str
    lines: list[str]
    labels: list[str]
    truth_text: str


def truth_articles() -> list[TruthArticle]:
    """Return the NAEB truth for the pages whose HTML is in the corpus (421 of 424)."""
    records = json.loads((NAEB / "news_articles.json").read_text(encoding="utf-8"))
    return [
        TruthArticle(
            html_file=record["html_file"],
            site=record["site"],
            title=record["title"] or "",
            authors=[name.strip() for name in (record["authors"] or "").split(",") if name.strip()],
            published=record["date"] or "",
            text=record["text"] or "",
        )
        for record in records
        if (NAEB / "html" / f"{record['html_file']}.html.gz").exists()
    ]


def read_html(html_file: str) -> str:
    data = gzip.decompress((NAEB / "html" / f"{html_file}.html.gz").read_bytes())
    return data.decode("utf-8", errors="replace")


def render(html: str, renderer: str) -> str:
    """Return the visible text of a whole page as one tool renders it."""
    if renderer == "html_text":
        import html_text

        return html_text.extract_text(html)
    if renderer == "inscriptis":
        import inscriptis

        return inscriptis.get_text(html)
    if renderer == "soup":
        # BeautifulSoup's get_text("\n") puts every text node on its own line, so links and
        # emphasis split sentences: the roughest of the three.
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "lxml")
        for element in soup(INVISIBLE):
            element.decompose()
        return soup.get_text("\n")
    raise ValueError(f"unknown renderer {renderer!r}")


def rendered_text(html_file: str, renderer: str) -> str:
    """Return a page's rendering, from the cache when it is there."""
    cached = RENDER_CACHE / renderer / f"{html_file}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    text = render(read_html(html_file), renderer)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def page_lines(text: str) -> list[str]:
    """Return the non-blank lines of a rendering, spaces collapsed (what the classifier sees)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def labelled_pages(renderers: tuple[str, ...] = RENDERERS) -> Iterator[LabelledPage]:
    """Yield every NAEB page in every rendering, its lines labelled against the truth."""
    for article in truth_articles():
        for renderer in renderers:
            lines = page_lines(rendered_text(article.html_file, renderer))
            yield LabelledPage(
                html_file=article.html_file,
                site=article.site,
                renderer=renderer,
                lines=lines,
                labels=label_lines(lines, article),
                truth_text=article.text,
            )


# --- aligning rendered lines with the truth -------------------------------------------------


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def shingles(words: list[str]) -> list[tuple[str, ...]]:
    if len(words) < SHINGLE_SIZE:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + SHINGLE_SIZE]) for i in range(len(words) - SHINGLE_SIZE + 1)]


def label_lines(lines: list[str], article: TruthArticle) -> list[str]:
    """Return a label per line: body lines by shingle overlap, then title, byline and date."""
    truth_words = tokens(article.text)
    truth_shingles = set(shingles(truth_words))
    truth_joined = f" {' '.join(truth_words)} "
    line_words = [tokens(line) for line in lines]
    labels = [Label.BOILERPLATE.value] * len(lines)

    long_content = [
        len(words) >= SHINGLE_SIZE
        and sum(s in truth_shingles for s in shingles(words)) / len(shingles(words))
        >= CONTENT_SHINGLE_SHARE
        for words in line_words
    ]
    for index, words in enumerate(line_words):
        # A short line (a subheading, "Yes.") is body only between body lines.
        if long_content[index] or (
            words
            and len(words) < SHINGLE_SIZE
            and f" {' '.join(words)} " in truth_joined
            and _near(long_content, index, -1)
            and _near(long_content, index, +1)
        ):
            labels[index] = Label.CONTENT.value

    content_indexes = [i for i, label in enumerate(labels) if label == Label.CONTENT.value]
    first_body = content_indexes[0] if content_indexes else len(lines)
    last_body = content_indexes[-1] if content_indexes else len(lines)

    title_index = _title_index(line_words, labels, tokens(article.title), first_body)
    if title_index is not None:
        labels[title_index] = Label.TITLE.value
    header_start = max(0, (title_index if title_index is not None else first_body - 8) - 4)
    header_end = first_body + HEADER_LINES_AFTER_BODY_START
    header = set(range(header_start, min(header_end, len(lines))))
    header |= set(range(last_body + 1, min(last_body + 1 + TRAILER_LINES_AFTER_BODY, len(lines))))
    date_forms = _date_forms(article.published)
    author_names = [name.lower() for name in article.authors]
    for index in sorted(header):
        line = lines[index]
        if labels[index] != Label.BOILERPLATE.value or len(line) > MAX_HEADER_LINE_LENGTH:
            continue
        lowered = line.lower()
        if any(name in lowered for name in author_names) or (
            parse_byline(line) is not None and lowered.startswith("by")
        ):
            labels[index] = Label.BYLINE.value
        elif any(form in lowered for form in date_forms) or parse_date(line) is not None:
            labels[index] = Label.DATE.value
    return labels


def _near(flags: list[bool], index: int, step: int, reach: int = 3) -> bool:
    """Return whether a flagged line lies within reach lines of index in direction step."""
    for offset in range(1, reach + 1):
        other = index + step * offset
        if 0 <= other < len(flags) and flags[other]:
            return True
    return False


def _title_index(
    line_words: list[list[str]], labels: list[str], title_words: list[str], first_body: int
) -> int | None:
    """Return the line that is the page's headline: the match nearest before the body."""
    if not title_words:
        return None
    matches = []
    for index, words in enumerate(line_words):
        if labels[index] != Label.BOILERPLATE.value or not words:
            continue
        if words == title_words:
            matches.append(index)
            continue
        common = sum((Counter(words) & Counter(title_words)).values())
        if common / max(len(words), len(title_words)) >= 0.8:
            matches.append(index)
    if not matches:
        return None
    before = [index for index in matches if index < first_body]
    return before[-1] if before else matches[0]


def _date_forms(published: str) -> list[str]:
    """Return the lowercase ways a page may write the truth date (2023-01-19, Jan 19, 2023 ...)."""
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return []
    month_long = day.strftime("%B").lower()
    month_short = day.strftime("%b").lower()
    forms = [
        day.isoformat(),
        f"{month_long} {day.day}, {day.year}",
        f"{month_short} {day.day}, {day.year}",
        f"{month_short}. {day.day}, {day.year}",
        f"{day.day} {month_long} {day.year}",
        f"{day.day} {month_short} {day.year}",
        f"{month_long} {day.day} {day.year}",
        f"{day.month}/{day.day}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
    ]
    return forms


# --- the Zyte article-extraction benchmark's body measure -----------------------------------


def shingle_counts(text: str) -> Counter:
    return Counter(shingles(tokens(text)))


def shingle_precision_recall(truth: str, predicted: str) -> tuple[float, float]:
    """Return one document's 4-gram shingle precision and recall (multisets, \\w+ lowercased)."""
    truth_counts, predicted_counts = shingle_counts(truth), shingle_counts(predicted)
    matched = sum((truth_counts & predicted_counts).values())
    predicted_total, truth_total = sum(predicted_counts.values()), sum(truth_counts.values())
    if not predicted_total and not truth_total:
        return 1.0, 1.0
    precision = matched / predicted_total if predicted_total else 0.0
    recall = matched / truth_total if truth_total else 0.0
    return precision, recall


def shingle_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Return (precision, recall, F1): per-document figures averaged, then F1 of the averages."""
    if not pairs:
        return 0.0, 0.0, 0.0
    figures = [shingle_precision_recall(truth, predicted) for truth, predicted in pairs]
    precision = sum(p for p, _ in figures) / len(figures)
    recall = sum(r for _, r in figures) / len(figures)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    # Spot-check the aligner: print a few labelled pages, one line each.
    import random

    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    pages = list(labelled_pages())
    for page in random.Random(7).sample(pages, wanted):
        print(f"===== {page.site} {page.html_file} ({page.renderer})")
        for line, label in zip(page.lines, page.labels, strict=True):
            print(f"{label[:4]:4} | {line[:150]}")
