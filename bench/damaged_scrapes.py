"""Render real articles (BBC News, Reuters-21578) as damaged plain-text scrapes, with their truth.

Usage (from the project root):
    .venv/bin/python bench/damaged_scrapes.py --seed 1 --count 600 --out /tmp/scrapes

writes one .txt file per scrape and truth.jsonl (one object a line, in file order) to --out.
From a fixed seed the output is always the same, and scrape N does not depend on --count.

Every kind of damage is drawn independently for each scrape (the probabilities are the
constants below and in `render`): a title with a section or publication suffix; teasers that
repeat the first paragraphs, the last cut mid-sentence; bylines, date lines and section labels
in any order and many forms, or none; a dateline on the first paragraph; repeated paragraphs
and blocks; boilerplate lines; odd characters (curly quotes, ´ apostrophes, mojibake,
non-breaking spaces, CRLF, Windows-1252 bytes); hard wrapping; tails of unrelated headlines,
footers and wire sign-offs.

The truth is what the scrape states, nothing more: authors only when a byline names them; the
source is the agency when anything in the scrape names one (byline, dateline, sign-off,
footer), else the publication when the title suffix, byline, footer or a "More from ..."
heading names it, else ""; the published date only when a date line gives it (the first
publication, not an update); the dateline only when the first paragraph carries one. The
title is the headline without the suffix, which truth.title_suffix records with its kind
("section" or "source"). The body is the article's own paragraphs, cleaned, without the
dateline. BBC stories have no date in the corpus: each gets one invented from the seed in
2004-2005; Reuters stories keep their real dates.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scrape_surface import encode, layout, odd_characters  # noqa: E402
from bench.scrape_vocabulary import (  # noqa: E402
    AGENCIES,
    BOILERPLATE,
    BOTH_PUBLISHED_PREFIXES,
    FOOTERS,
    NO_AUTHOR_BYLINES,
    ONLY_DATE_PREFIXES,
    PLACES,
    PUBLICATIONS,
    PUBLISHED_PREFIXES,
    ROLES,
    SECTION_LABELS,
    SECTIONS,
    TAIL_HEADINGS,
    TITLE_SEPARATORS,
    UPDATED_PREFIXES,
    Agency,
    format_date,
    join_names,
    person_name,
    title_case,
)
from bench.source_articles import (  # noqa: E402
    BBC_CORPUS,
    REUTERS_CORPUS,
    SourceArticle,
    load_articles,
)


@dataclass
class DamagedScrape:
    """One rendered scrape: its name, corpus, raw bytes and truth (as in truth.jsonl)."""

    name: str
    corpus: str
    data: bytes
    truth: dict = field(default_factory=dict)


def generate(
    count: int, seed: int = 1, articles: dict[str, list[SourceArticle]] | None = None
) -> Iterator[DamagedScrape]:
    """Yield count damaged scrapes; scrape N is the same for any count from the same seed."""
    articles = articles or load_articles()
    headlines = [article.title for pool in articles.values() for article in pool]
    for index in range(count):
        rng = random.Random(f"damaged-scrapes:{seed}:{index}")
        corpus = rng.choice([BBC_CORPUS, REUTERS_CORPUS])
        article = rng.choice(articles[corpus])
        if article.published is None:
            article = with_invented_date(article, rng)
        name = f"{index + 1:04d}_{corpus}"
        text, truth = render(article, rng, headlines)
        data, encoding = encode(text, rng)
        truth = {"name": name, "corpus": corpus, "article": article.key, **truth}
        truth["damage"]["encoding"] = encoding
        yield DamagedScrape(name, corpus, data, truth)


def with_invented_date(article: SourceArticle, rng: random.Random) -> SourceArticle:
    """Return the article with a publication moment drawn from 2004-2005."""
    start = datetime(2004, 1, 1)
    moment = start + timedelta(days=rng.randrange(731), minutes=rng.randrange(24 * 60))
    return replace(article, published=moment)


@dataclass
class Scene:
    """The choices one scrape is rendered from, and what its text has named so far."""

    rng: random.Random
    article: SourceArticle
    site: str
    agency: Agency | None
    headlines: list[str]
    named_agency: list[str] = field(default_factory=list)
    named_site: list[str] = field(default_factory=list)
    damage: dict = field(default_factory=dict)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def headline(self) -> str:
        title = self.rng.choice(self.headlines)
        return title_case(title) if title.isupper() else title


def render(article: SourceArticle, rng: random.Random, headlines: list[str]) -> tuple[str, dict]:
    """Return a damaged scrape of the article and its truth."""
    scene = Scene(
        rng,
        article,
        site=rng.choice(PUBLICATIONS),
        agency=rng.choice(AGENCIES) if rng.random() < 0.55 else None,
        headlines=headlines,
    )
    title, suffix = render_title(scene)
    byline, authors = render_byline(scene) if scene.chance(0.7) else ("", [])
    date_lines, published, precision = render_dates(scene) if scene.chance(0.8) else ([], "", "")
    section = render_section(scene) if scene.chance(0.3) else ""
    first, dateline = render_dateline(scene)
    body = [first, *article.paragraphs[1:]]
    teaser = render_teaser(scene, body, article.paragraphs[0])
    body = damage_body(scene, body)
    tail = render_tail(scene, body)

    before_title, head, after_body = arrange_head(scene, byline, date_lines, section, teaser)
    text = layout(rng, scene.damage, [*before_title, title], head, body + after_body, tail)
    text = odd_characters(rng, scene.damage, text)
    if scene.named_agency:
        source = scene.agency.name
    elif scene.named_site:
        source = scene.site
    else:
        source = ""
    truth = {
        "title": title[: len(title) - len(suffix)] if suffix else title,
        "title_suffix": {"text": suffix, "kind": scene.damage["title_suffix"]} if suffix else None,
        "body": list(article.paragraphs),
        "authors": authors,
        "source": source,
        "source_named_by": scene.named_agency or scene.named_site,
        "published": published,
        "published_precision": precision,
        "dateline": dateline,
        "site": scene.site,
        "agency": scene.agency.name if scene.agency else "",
        "damage": scene.damage,
    }
    return text, truth


def arrange_head(
    scene: Scene, byline: str, date_lines: list[str], section: str, teaser: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """Return the lines before the title, after it, and after the body, in a random order."""
    blocks = [("date", [line]) for line in date_lines]
    if byline and date_lines and scene.chance(0.2):
        separator = scene.rng.choice([" | ", " · ", " - "])
        blocks[0] = ("byline+date", [byline + separator + date_lines[0]])
        scene.damage["byline_and_date_on_one_line"] = True
    elif byline:
        blocks.append(("byline", [byline]))
    if section:
        blocks.append(("section", [section]))
    if teaser:
        blocks.append(("teaser", teaser))
    scene.rng.shuffle(blocks)
    before_title = []
    if section and scene.chance(0.15):
        blocks.remove(("section", [section]))
        before_title = [section]
        scene.damage["section_before_title"] = True
    after_body = []
    meta = [block for block in blocks if block[0] != "teaser"]
    if meta and scene.chance(0.08):
        moved = scene.rng.choice(meta)
        blocks.remove(moved)
        after_body = moved[1]
        scene.damage["meta_after_body"] = moved[0]
    scene.damage["head_order"] = [kind for kind, _ in blocks]
    return before_title, [line for _, lines in blocks for line in lines], after_body


def render_title(scene: Scene) -> tuple[str, str]:
    """Return the title line and the suffix added to it ("" when none)."""
    title = scene.article.title
    if title.isupper() and scene.chance(0.5):
        title = title_case(title)
    if not scene.chance(0.45):
        return title, ""
    separator = scene.rng.choice(TITLE_SEPARATORS)
    if scene.chance(0.5):
        suffix = separator + scene.rng.choice(SECTIONS)
        scene.damage["title_suffix"] = "section"
    else:
        suffix = separator + scene.site
        scene.named_site.append("title suffix")
        scene.damage["title_suffix"] = "source"
    return title + suffix, suffix


def render_byline(scene: Scene) -> tuple[str, list[str]]:
    """Return a byline and the authors it names."""
    rng, agency = scene.rng, scene.agency
    if scene.chance(0.75):
        count = rng.choices([1, 2, 3], weights=[65, 25, 10])[0]
        authors = [person_name(rng) for _ in range(count)]
        if scene.article.authors and scene.chance(0.7):
            authors = list(scene.article.authors)
        names = join_names(rng, authors)
        forms = ["by", "upper", "written", "bare", "pipe_site"]
        if agency:
            forms += ["by_agency", "pipe_agency", "paren_agency"]
        if len(authors) == 1:
            forms += ["in_place", "role"]
        form = rng.choice(forms)
        scene.damage["byline"] = form
        if form == "by":
            return f"By {names}", authors
        if form == "upper":
            return f"BY {names.upper()}", authors
        if form == "written":
            return f"Written by {names}", authors
        if form == "bare":
            return names, authors
        if form == "pipe_site":
            scene.named_site.append("byline")
            return f"{names} | {scene.site}", authors
        if form == "in_place":
            return f"By {names} in {rng.choice(PLACES)[0]}", authors
        if form == "role":
            return f"{names}, {rng.choice(ROLES)}", authors
        scene.named_agency.append("byline")
        written = rng.choice(agency.written)
        if form == "by_agency":
            return f"By {names}, {written}", authors
        if form == "pipe_agency":
            return f"{names} | {written}", authors
        return f"{names} ({agency.tag})", authors
    if agency:
        scene.named_agency.append("byline")
        written = rng.choice(agency.written)
        scene.damage["byline"] = "agency_only"
        return rng.choice([f"By {written}", written, f"{written} staff"]), []
    scene.damage["byline"] = "no_author"
    return rng.choice(NO_AUTHOR_BYLINES), []


def render_dates(scene: Scene) -> tuple[list[str], str, str]:
    """Return the date lines, the published moment they state (ISO) and its precision."""
    moment = scene.article.published
    written, precision, offset = format_date(scene.rng, moment)
    if precision == "day":
        published = f"{moment:%Y-%m-%d}"
    else:
        published = moment.isoformat(timespec=f"{precision}s")
        if offset is not None:
            published += offset_text(offset)
    if scene.chance(0.12):
        later = moment + timedelta(hours=scene.rng.randint(1, 50))
        updated, _, _ = format_date(scene.rng, later)
        lines = [
            scene.rng.choice(BOTH_PUBLISHED_PREFIXES) + written,
            scene.rng.choice(UPDATED_PREFIXES) + updated,
        ]
        if scene.chance(0.3):
            lines.reverse()
        scene.damage["dates"] = "published_and_updated"
        return lines, published, precision
    prefix = scene.rng.choice(PUBLISHED_PREFIXES + ONLY_DATE_PREFIXES)
    scene.damage["dates"] = "one"
    return [prefix + written], published, precision


def offset_text(hours: float) -> str:
    sign = "-" if hours < 0 else "+"
    minutes = round(abs(hours) * 60)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def render_section(scene: Scene) -> str:
    section, other = scene.rng.sample(SECTIONS, 2)
    label = scene.rng.choice(SECTION_LABELS)
    scene.damage["section_label"] = True
    return label.format(section=section, other=other, upper=section.upper())


def render_dateline(scene: Scene) -> tuple[str, str]:
    """Return the first paragraph, maybe opened by a dateline, and the dateline's place."""
    first = scene.article.paragraphs[0]
    if not scene.chance(0.55):
        return first, ""
    rng, agency = scene.rng, scene.agency
    if scene.article.dateline:
        place, region = scene.article.dateline, ""
        if place.isupper() and scene.chance(0.4):
            place = title_case(place)
    else:
        place, region = rng.choice(PLACES)
        if scene.chance(0.6):
            place = place.upper()
    published = scene.article.published
    day = f"{published:{rng.choice(['%b', '%B'])}} {published.day}"
    forms = [
        f"{place} -- ",
        f"{place} — ",
        f"{place} – ",
        f"{place}: ",
        f"{place}, {day} - ",
        f"{place}, {day}: ",
    ]
    if region:
        forms.append(f"{place}, {region} — ")
    if agency:
        forms += [f"{place} ({agency.tag}) - ", f"{place}, {day} ({agency.tag}) - "]
        forms += [f"{place} ({agency.tag}) — "]
    opening = rng.choice(forms)
    if agency and f"({agency.tag})" in opening:
        scene.named_agency.append("dateline")
    scene.damage["dateline"] = opening.strip()
    return opening + first, place + (f", {region}" if region and region in opening else "")


def render_teaser(scene: Scene, body: list[str], first_clean: str) -> list[str]:
    """Return teaser paragraphs that repeat the body's first ones, the last maybe cut."""
    count = scene.rng.choices([0, 1, 2, 3], weights=[35, 40, 15, 10])[0]
    count = min(count, len(body))
    if not count:
        return []
    teaser = list(body[:count])
    if teaser[0] != first_clean and scene.chance(0.4):
        teaser[0] = first_clean  # the teaser leaves the dateline off
    if scene.chance(0.7):
        words = teaser[-1].split()
        if len(words) > 6:
            cut = scene.rng.randint(max(3, len(words) * 3 // 10), len(words) * 9 // 10)
            ellipsis = scene.rng.choice(["", "", "...", "…", " ..."])
            teaser[-1] = " ".join(words[:cut]) + ellipsis
            scene.damage["teaser_cut"] = True
    scene.damage["teaser"] = count
    return teaser


def damage_body(scene: Scene, body: list[str]) -> list[str]:
    """Return the body with repeated paragraphs, boilerplate lines and maybe a sign-off."""
    rng = scene.rng
    clean = list(scene.article.paragraphs)
    body = list(body)
    if scene.chance(0.4) and len(body) >= 2:
        kind = rng.choices(["one", "block", "whole"], weights=[45, 40, 15])[0]
        if kind == "one":
            index = rng.randrange(len(body))
            body.insert(rng.randint(index + 1, len(body)), clean[index])
        elif kind == "block" and len(body) >= 3:
            start = rng.randrange(len(body) - 1)
            end = rng.randint(start + 2, len(body))
            at = rng.choice([end, len(body)])
            body[at:at] = clean[start:end]
        else:
            kind = "whole"
            body += body if scene.chance(0.5) else clean
        scene.damage["repeat"] = kind
    if scene.chance(0.5):
        count = rng.randint(1, 3)
        for _ in range(count):
            line = rng.choice(BOILERPLATE).format(
                headline=scene.headline(),
                name=person_name(rng),
                agency=rng.choice(["Getty Images", "AFP", "Reuters", "EPA"]),
            )
            body.insert(rng.randint(0, len(body)), line)
        scene.damage["boilerplate"] = count
    if scene.agency and scene.chance(0.3):
        sign_off = rng.choice(scene.agency.sign_offs)
        scene.named_agency.append("sign-off")
        scene.damage["sign_off"] = sign_off
        if scene.chance(0.5):
            body[-1] += " " + sign_off
        else:
            body.append(sign_off)
    return body


def render_tail(scene: Scene, body: list[str]) -> list[str]:
    """Return the lines after the story: unrelated headlines and footers, in either order."""
    rng = scene.rng
    parts = []
    if scene.chance(0.45):
        parts.append(headline_list(scene))
    if scene.chance(0.35):
        lines = []
        for template in rng.sample(FOOTERS, rng.randint(1, 3)):
            section, other = rng.sample(SECTIONS, 2)
            owner = scene.site
            if "{site}" in template and scene.agency and scene.chance(0.4):
                owner = rng.choice(scene.agency.written)
                scene.named_agency.append("footer")
            elif "{site}" in template:
                scene.named_site.append("footer")
            year = scene.article.published.year
            lines.append(
                template.format(
                    year=year, site=owner, section=section, other=other, number=rng.randint(0, 99)
                )
            )
        parts.append(lines)
        scene.damage["footer"] = len(lines)
    rng.shuffle(parts)
    return [line for part in parts for line in part]


def headline_list(scene: Scene) -> list[str]:
    """Return a list of unrelated headlines in one of many styles."""
    rng = scene.rng
    headlines = [scene.headline() for _ in range(rng.randint(3, 9))]
    style = rng.choice(["dashes", "bullets", "heading", "numbered", "dated"])
    scene.damage["tail"] = style
    if style == "dashes":
        return [line for headline in headlines for line in ("-", headline)][1:]
    if style == "bullets":
        bullet = rng.choice(["• ", "* ", "- ", "» "])
        return [bullet + headline for headline in headlines]
    if style == "numbered":
        mark = rng.choice(["{}. ", "{}) "])
        return [mark.format(n) + headline for n, headline in enumerate(headlines, start=1)]
    if style == "dated":
        lines = []
        for headline in headlines:
            other = datetime(2000, 1, 1) + timedelta(days=rng.randrange(9000))
            written, _, _ = format_date(rng, other)
            if scene.chance(0.5):
                lines += [headline, written]
            else:
                lines.append(f"{headline} ({written})")
        return lines
    heading = rng.choice(TAIL_HEADINGS).format(site=scene.site)
    if "{site}" in heading:
        scene.named_site.append("tail heading")
    return [heading, *headlines]


def write_folder(scrapes: list[DamagedScrape], folder: Path) -> None:
    """Write each scrape as NAME.txt and all truths to truth.jsonl, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "truth.jsonl", "w", encoding="utf-8") as truths:
        for scrape in scrapes:
            (folder / f"{scrape.name}.txt").write_bytes(scrape.data)
            truths.write(json.dumps({"file": f"{scrape.name}.txt", **scrape.truth}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the scrapes to")
    options = parser.parse_args()
    scrapes = list(generate(options.count, options.seed))
    write_folder(scrapes, options.out)
    corpora = {corpus: sum(s.corpus == corpus for s in scrapes) for corpus in ("bbc", "reuters")}
    print(f"{len(scrapes)} scrapes ({corpora}) and truth.jsonl written to {options.out}")


if __name__ == "__main__":
    main()
