"""The damaged-scrape generator: fixed by its seed, broad, and true to the scrapes it writes."""

import re
from collections import Counter

import pytest

from bench.damaged_scrapes import generate
from bench.source_articles import load_articles

pytestmark = pytest.mark.corpus

FOLD = str.maketrans({"’": "'", "´": "'", "“": '"', "”": '"', "\u00a0": " "})


@pytest.fixture(scope="module")
def articles():
    return load_articles()


@pytest.fixture(scope="module")
def scrapes(articles):
    return list(generate(400, seed=1, articles=articles))


def plain(text: str) -> str:
    return " ".join(text.translate(FOLD).split())


def test_scrape_n_depends_on_the_seed_not_on_the_count(articles):
    few = list(generate(5, seed=7, articles=articles))
    many = list(generate(12, seed=7, articles=articles))
    other = list(generate(5, seed=8, articles=articles))
    assert [s.data for s in few] == [s.data for s in many[:5]]
    assert [s.truth for s in few] == [s.truth for s in many[:5]]
    assert [s.data for s in few] != [s.data for s in other]


def test_the_truth_stands_in_the_scrape(scrapes):
    checked = 0
    for scrape in scrapes:
        damage = scrape.truth["damage"]
        if damage.get("mojibake"):
            continue
        text = plain(scrape.data.decode(damage["encoding"]))
        truth = scrape.truth
        for paragraph in truth["body"]:
            assert plain(paragraph) in text, scrape.name
        assert plain(truth["title"] + (truth["title_suffix"] or {}).get("text", "")) in text
        assert plain(truth["dateline"]) in text
        for author in truth["authors"]:
            assert plain(author).casefold() in text.casefold(), scrape.name
        checked += 1
    assert checked > 300


def test_every_kind_of_damage_occurs(scrapes):
    seen = Counter()
    for scrape in scrapes:
        for key, value in scrape.truth["damage"].items():
            seen[key] += 1
            if isinstance(value, str) and key != "dateline":
                seen[f"{key}={value}"] += 1
    for kind in (
        "title_suffix=section",
        "title_suffix=source",
        "teaser_cut",
        "byline=by",
        "byline=agency_only",
        "byline=role",
        "dates=published_and_updated",
        "dateline",
        "repeat=one",
        "repeat=block",
        "repeat=whole",
        "boilerplate",
        "sign_off",
        "tail=dashes",
        "tail=bullets",
        "tail=heading",
        "tail=numbered",
        "tail=dated",
        "footer",
        "section_label",
        "layout=lines",
        "layout=blank",
        "layout=wrapped",
        "curly_quotes",
        "acute_apostrophes",
        "mojibake",
        "no_break_spaces",
        "crlf",
        "encoding=cp1252",
        "encoding=utf-8-sig",
    ):
        assert seen[kind] >= 5, kind
    corpora = Counter(scrape.corpus for scrape in scrapes)
    assert corpora["bbc"] > 150 and corpora["reuters"] > 150
    assert sum(not s.truth["authors"] for s in scrapes) > 100
    assert sum(not s.truth["published"] for s in scrapes) > 40


def test_bbc_dates_are_invented_in_2004_2005_and_reuters_dates_are_real(scrapes, articles):
    reuters = {article.key: article for article in articles["reuters"]}
    for scrape in scrapes:
        published = scrape.truth["published"]
        if not published:
            continue
        if scrape.corpus == "bbc":
            assert re.match(r"200[45]-", published)
        else:
            real = reuters[scrape.truth["article"]].published
            assert published.startswith(f"{real:%Y-%m-%d}")
