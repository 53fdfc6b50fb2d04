"""Cleaning scrapes and JSON records into articles (archive.ingest.cleaning)."""

import gzip
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.ingest.cleaning import clean_record, clean_scrape
from archive.ingest.cleaning.datelines import parse_dateline_field, split_dateline
from archive.ingest.cleaning.text import repair_text
from archive.ingest.readers.decoding import decode_bytes
from archive.ingest.types import ParseError
from archive.lib.vocabulary import SegmentLabel as Label
from bench.harness import SHARED

CORPORA = SHARED / "corpora"
FOLD = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "\u00a0": " "})

BODY_ONE = "The council approved the new budget on Tuesday after a long debate, officials said."
BODY_TWO = "The plan raises spending on schools and roads by five percent over two years."
BODY_THREE = "Opposition members said the increase was not enough to repair ageing bridges."


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(FOLD)).strip()


def scrape(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def labelled(article, label: str) -> list[str]:
    return [segment.text.strip() for segment in article.segments if segment.label == label]


def assert_segments_rebuild(article, text: str) -> None:
    assert "".join(segment.text for segment in article.segments) == text


# Scrapes: title, meta lines, teaser


def test_scrape_title_byline_date_and_body():
    text = scrape("Council passes budget", "By Jane Doe, Reuters", "September 18, 2015", BODY_ONE)
    article = clean_scrape(text)
    assert article.title == "Council passes budget"
    assert article.authors == ["Jane Doe"]
    assert article.source == "Reuters"
    assert article.published == datetime(2015, 9, 18, tzinfo=UTC)
    assert article.published_precision == "day"
    assert article.paragraphs == [BODY_ONE]
    assert labelled(article, Label.BYLINE) == ["By Jane Doe, Reuters"]
    assert labelled(article, Label.DATE) == ["September 18, 2015"]
    assert_segments_rebuild(article, text)


def test_scrape_agency_line_and_combined_meta_line():
    article = clean_scrape(scrape("Title here", "Agence France-Presse", BODY_ONE))
    assert article.source == "AFP" and article.authors == []
    article = clean_scrape(scrape("Title here", "By AFP | 18 Sep 2015 14:05 GMT", BODY_ONE))
    assert article.source == "AFP"
    assert article.published == datetime(2015, 9, 18, 14, 5, tzinfo=UTC)
    assert article.published_precision == "minute"


@pytest.mark.parametrize(
    ("title", "expected", "source"),
    [
        ("Council passes budget - Reuters", "Council passes budget", "Reuters"),
        ("Council passes budget | BBC News", "Council passes budget", "BBC News"),
        # An unknown site that reads as a publication is the source (the page's publisher).
        ("Council passes budget - The Daily Example", "Council passes budget", "The Daily Example"),
        (
            "Council passes budget | example-news.co.uk",
            "Council passes budget",
            "example-news.co.uk",
        ),
        ("Council passes budget - live updates", "Council passes budget - live updates", ""),
        ("War in Ukraine - Day 12", "War in Ukraine - Day 12", ""),
        ("Left - right - centre", "Left - right - centre", ""),
    ],
)
def test_title_suffix_removed_only_when_it_names_a_source(title, expected, source):
    article = clean_scrape(scrape(title, BODY_ONE))
    assert article.title == expected
    assert article.source == source


def test_teaser_cut_mid_sentence_is_not_body():
    cut = BODY_TWO[:40].strip()
    text = scrape("Title", BODY_ONE, cut, "By AFP", "18/09/2015", BODY_ONE, BODY_TWO, BODY_THREE)
    article = clean_scrape(text)
    assert article.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]
    assert labelled(article, Label.TEASER) == [BODY_ONE, cut]
    assert article.source == "AFP"
    assert_segments_rebuild(article, text)


def test_standfirst_that_is_not_repeated_stays_in_the_body():
    standfirst = "A short summary that the story does not repeat anywhere below."
    article = clean_scrape(scrape("Title", standfirst, "By Jane Doe", BODY_ONE, BODY_TWO))
    assert article.paragraphs == [standfirst, BODY_ONE, BODY_TWO]
    assert article.authors == ["Jane Doe"]


def test_body_sentences_with_by_or_dates_stay_in_the_body():
    first = "By the end of the year, the council expects to have spent the whole budget."
    second = "September 18, 2015 was the day the council first met in the new hall."
    article = clean_scrape(scrape("Title", first, second))
    assert article.paragraphs == [first, second]
    assert article.authors == [] and article.published is None


# Datelines


@pytest.mark.parametrize(
    ("paragraph", "place", "source"),
    [
        ("Washington: " + BODY_ONE, "Washington", ""),
        ("WASHINGTON (Reuters) - " + BODY_ONE, "Washington", "Reuters"),
        ("LONDON, Feb 26 - " + BODY_ONE, "London", ""),
        ("Paris — " + BODY_ONE, "Paris", ""),
        ("ATLANTA -- " + BODY_ONE, "Atlanta", ""),
        ("NEW YORK (AFP) – " + BODY_ONE, "New York", "AFP"),
        ("SAN MATEO, Calif., March 2 - " + BODY_ONE, "San Mateo, Calif.", ""),
    ],
)
def test_dateline_leaves_the_first_paragraph(paragraph, place, source):
    text = scrape("Title", paragraph, BODY_TWO)
    article = clean_scrape(text)
    assert article.dateline == place
    assert article.source == source
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert labelled(article, Label.DATELINE)[0].startswith(paragraph.split()[0])
    assert_segments_rebuild(article, text)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Note: " + BODY_ONE,
        "Update: " + BODY_ONE,
        "Photo: " + BODY_ONE,
        "Editor's note: " + BODY_ONE,
        "Mr Smith: " + BODY_ONE,
        "General Motors (GM) said it would cut jobs in Europe this year.",
        "Arsenal - who lost on Sunday - face Chelsea next week in the cup.",
    ],
)
def test_labels_and_sentences_are_not_datelines(paragraph):
    assert split_dateline(paragraph) == ("", paragraph)


def test_split_dateline_returns_place_and_rest():
    assert split_dateline("ST. LOUIS (AP) — " + BODY_ONE) == ("St. Louis", BODY_ONE)


@pytest.mark.parametrize(
    ("value", "place"),
    [
        ("SALVADOR, Feb 26 -", "Salvador"),
        ("NEW YORK, MARCH 20 -", "New York"),
        ("RIO DE JANEIRO, April 1 -", "Rio de Janeiro"),
        ("WASHINGTON, D.C., Jan 2 -", "Washington, D.C."),
        ("U.S.", "U.S."),
        ("Kansas City, April 7 -", "Kansas City"),
        ("WASHINGTON (Reuters) -", "Washington"),
        ("APRIL 7  -", ""),
        ("", ""),
    ],
)
def test_parse_dateline_field(value, place):
    assert parse_dateline_field(value) == place


# Repeats and boilerplate


def test_repeated_paragraphs_and_blocks_appear_once():
    text = scrape("Title", BODY_ONE, BODY_TWO, BODY_THREE, BODY_TWO, BODY_THREE, BODY_ONE)
    article = clean_scrape(text)
    assert article.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]
    assert len(labelled(article, Label.REPEAT)) == 3


def test_short_lines_may_repeat():
    article = clean_scrape(scrape("Title", BODY_ONE, "Yes.", BODY_TWO, "Yes."))
    assert article.paragraphs == [BODY_ONE, "Yes.", BODY_TWO, "Yes."]


def test_trailing_headlines_between_dash_lines_are_boilerplate():
    headlines = ["Storm closes schools in the north", "Team wins cup after penalties"]
    text = scrape("Title", BODY_ONE, BODY_TWO, "-", headlines[0], "-", headlines[1])
    article = clean_scrape(text)
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert labelled(article, Label.BOILERPLATE) == ["-", headlines[0], "-", headlines[1]]


def test_headlines_under_a_related_heading_are_boilerplate():
    text = scrape(
        "Title", BODY_ONE, "Related Articles", "Storm closes schools", "Team wins the cup"
    )
    assert clean_scrape(text).paragraphs == [BODY_ONE]
    text = scrape("Title", BODY_ONE, "More from Example News", "• Storm closes schools")
    assert clean_scrape(text).paragraphs == [BODY_ONE]


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Share on Facebook",
        "Sign up for our newsletter",
        "Subscribe to our daily briefing email",
        "Follow us on Twitter",
        "Photo: Jane Doe/Example",
        "(Getty Images)",
        "(AFP/File)",
        "Image copyright Getty Images",
        "© 2015 AFP",
        "Copyright 2015 Example Media. All rights reserved.",
        "(Reporting by Jane Doe; Editing by John Smith)",
        "Read more: Council votes on budget",
    ],
)
def test_boilerplate_lines_are_not_body(line):
    text = scrape("Title", BODY_ONE, line, BODY_TWO)
    article = clean_scrape(text)
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert labelled(article, Label.BOILERPLATE) == [line]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Picture the scene: the crowd falls silent as the ball crosses the line.",
        "Copyright law was changed in 1988 to cover software, the court heard.",
        "Shares in the company rose 5% on Monday after the results.",
        "Following the vote, the mayor thanked the council for its support.",
    ],
)
def test_ordinary_paragraphs_that_resemble_boilerplate_stay(paragraph):
    assert clean_scrape(scrape("Title", BODY_ONE, paragraph)).paragraphs == [BODY_ONE, paragraph]


def test_reuter_sign_off_is_removed_and_names_the_source():
    article = clean_scrape(scrape("Title", BODY_ONE, BODY_TWO, " Reuter"))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert article.source == "Reuters"
    article = clean_scrape(scrape("Title", BODY_ONE, BODY_TWO + " REUTER"))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert article.source == "Reuters"


# Paragraph shapes


WRAPPED = (
    "The council approved the new budget on Tuesday after a long\n"
    "debate that ran late into the night, officials said on\n"
    "Wednesday.\n"
    "    The plan raises spending on schools and roads by five\n"
    "percent over two years, the finance committee said.\n"
    "    Opposition members said the increase was not enough to\n"
    "repair the ageing bridges in the city.\n"
    " Reuter\n"
)


def test_hard_wrapped_wire_text_is_unwrapped_into_paragraphs():
    article = clean_scrape("Council passes budget\n" + WRAPPED)
    assert len(article.paragraphs) == 3
    assert all("\n" not in paragraph for paragraph in article.paragraphs)
    assert article.paragraphs[1] == (
        "The plan raises spending on schools and roads by five percent over two years, "
        "the finance committee said."
    )
    assert article.source == "Reuters"
    assert_segments_rebuild(article, "Council passes budget\n" + WRAPPED)


def test_blank_line_paragraphs_and_bullet_lists():
    text = f"Title\n\n{BODY_ONE}\n\n- first point\n - second point\n\n{BODY_TWO}\n"
    article = clean_scrape(text)
    assert article.title == "Title"
    assert article.paragraphs == [BODY_ONE, "- first point\n- second point", BODY_TWO]
    assert_segments_rebuild(article, text)


def test_segments_cover_crlf_repaired_text_exactly():
    text = repair_text("Title\r\n\r\nBy AFP\r\nParis \u2014 " + BODY_ONE + "  \r\n\r\nShare\r\n")
    article = clean_scrape(text)
    assert_segments_rebuild(article, text)
    assert article.dateline == "Paris"


# Hostile input


@pytest.mark.parametrize("text", ["", "   \n\t\n", None])
def test_empty_scrape_raises_parse_error(text):
    with pytest.raises(ParseError):
        clean_scrape(text)


def test_title_only_scrape_has_no_paragraphs():
    article = clean_scrape("Just a title\n")
    assert article.title == "Just a title" and article.paragraphs == []


def test_very_long_lines_are_handled_quickly():
    long_line = ("word " * 200_000).strip()
    text = scrape("Title", long_line, "x" * 500_000, ("By " + "Name " * 5000))
    started = time.perf_counter()
    article = clean_scrape(text)
    assert time.perf_counter() - started < 5
    assert len(article.paragraphs) == 3
    assert_segments_rebuild(article, text)


def test_many_short_lines_are_handled_quickly():
    text = "Title\n" + "\n".join(f"Line {number} of the story." for number in range(50_000))
    started = time.perf_counter()
    article = clean_scrape(text)
    assert time.perf_counter() - started < 10
    assert len(article.paragraphs) == 50_000


# Records


def test_record_fields_map_to_the_article():
    record = {
        "headline": "Talks begin - Example Times",
        "text": "PARIS -- " + BODY_ONE + "\n\nSign up for our newsletter\n",
        "teaser": "Talks began.",
        "site": "Example Times",
        "byline": ["Jane Doe", "AFP"],
        "published_at": "2015-09-18T10:00:00Z",
        "lang": "en",
        "link": "https://example.com/talks",
        "id": 7,
        "tags": ["politics"],
    }
    article = clean_record(record)
    assert article.title == "Talks begin"
    assert article.summary == "Talks began."
    assert article.authors == ["Jane Doe"]
    assert article.source == "AFP"
    assert article.published == datetime(2015, 9, 18, 10, tzinfo=UTC)
    assert article.published_precision == "second"
    assert article.dateline == "Paris"
    assert article.paragraphs == [BODY_ONE]
    assert article.language == "en"
    assert article.url == "https://example.com/talks"
    assert article.extra == {"site": "Example Times", "id": 7, "tags": ["politics"]}
    assert article.parties == []
    assert_segments_rebuild(article, record["text"])


def test_record_author_string_and_source_field():
    article = clean_record(
        {"title": "T", "body": BODY_ONE, "author": "By Jane Doe, Reuters", "source": "Reuter"}
    )
    assert article.authors == ["Jane Doe"] and article.source == "Reuters"
    article = clean_record({"title": "T", "body": BODY_ONE, "authors": "Ann Lee and Bo Chan"})
    assert article.authors == ["Ann Lee", "Bo Chan"]


def test_record_text_is_repaired():
    article = clean_record({"title": "Russia´s  \n plan", "body": "It doesnâ€™t\r\nmatter."})
    assert article.title == "Russia’s plan"
    assert article.paragraphs == ["It doesn’t", "matter."]


def test_record_with_title_only_is_accepted():
    article = clean_record({"title": "Headline only", "body": ""})
    assert article.title == "Headline only" and article.paragraphs == []


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({}, "neither a title nor a body"),
        ({"title": "  ", "body": " \n "}, "neither a title nor a body"),
        ({"title": 5, "body": "text"}, "'title' must be text"),
        ({"title": "T", "body": ["a", "b"]}, "'body' must be text"),
        ({"title": "T", "body": "b", "authors": [1]}, "'authors' must be text"),
        ({"title": "T", "body": "b", "date": {"y": 2015}}, "'date' must be a date"),
        ("not a record", "JSON object"),
    ],
)
def test_unusable_records_raise_parse_error(record, message):
    with pytest.raises(ParseError, match=message):
        clean_record(record)


def test_record_with_bad_date_keeps_the_article():
    article = clean_record({"title": "T", "body": BODY_ONE, "date": "31/02/2015"})
    assert article.published is None and article.paragraphs == [BODY_ONE]


# The seed


def test_seed_comes_out_as_expected():
    expected = json.loads((SHARED / "acceptance" / "seed.expected.json").read_text())
    seed = SHARED / "seeds" / "000_d119ceb19cfc3e37.txt"
    text = repair_text(decode_bytes(seed.read_bytes()))
    article = clean_scrape(text)
    assert fold(article.title) == fold(expected["title"])
    assert article.source == expected["source"]
    assert article.authors == expected["authors"]
    assert article.published.isoformat().startswith(expected["published"])
    assert article.published_precision == "day"
    assert fold(article.dateline) == fold(expected["dateline"])
    assert "´" not in article.body
    assert [fold(paragraph) for paragraph in article.paragraphs] == [
        fold(paragraph) for paragraph in expected["body"]
    ]
    assert_segments_rebuild(article, text)
    assert len(labelled(article, Label.TEASER)) == 3
    assert labelled(article, Label.REPEAT)


# The real corpora


def bbc_files() -> list[Path]:
    files = sorted((CORPORA / "bbc-news").glob("*/*.txt"))
    if not files:
        pytest.fail("BBC corpus not available")
    return files


def reuters_records() -> list[dict]:
    path = CORPORA / "reuters21578" / "reuters21578.jsonl.gz"
    if not path.exists():
        pytest.fail("Reuters corpus not available")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.mark.corpus
def test_bbc_articles_come_out_whole():
    files = bbc_files()
    assert len(files) == 2225
    for path in files:
        text = repair_text(decode_bytes(path.read_bytes()))
        article = clean_scrape(text)
        title, _, rest = text.partition("\n")
        paragraphs = [fold(part) for part in re.split(r"\n\s*\n", rest) if part.strip()]
        assert article.title == title.strip(), path
        assert [fold(paragraph) for paragraph in article.paragraphs] == paragraphs, path
        assert article.dateline == "" and article.authors == [], path
        assert "".join(segment.text for segment in article.segments) == text, path


@pytest.mark.corpus
def test_reuters_records_clean():
    records = reuters_records()
    assert len(records) == 19043
    articles = [clean_record(record) for record in records]
    unmapped = {"id", "wire_stamp", "places", "people", "orgs", "topics"}
    for record, article in zip(records, articles, strict=True):
        assert article.title == " ".join(record["title"].split()), record["id"]
        assert article.published is not None, record["id"]
        assert article.published.date().isoformat() == record["date"][:10], record["id"]
        assert article.dateline == parse_dateline_field(record["dateline"]), record["id"]
        assert set(article.extra) == unmapped, record["id"]
        assert article.extra["id"] == record["id"]
        assert all("\n" not in paragraph for paragraph in article.paragraphs), record["id"]
        for paragraph in article.paragraphs[-1:]:
            # "... told Reuters." is text; a trailing "Reuter" or "REUTER" is the sign-off.
            assert not re.search(r"\b(?:REUTERS?|[Rr]euter)\W*$", paragraph), record["id"]
        body = repair_text(record["body"])
        assert "".join(segment.text for segment in article.segments) == body, record["id"]
    with_author = [a for r, a in zip(records, articles, strict=True) if r["author"]]
    assert sum(1 for article in with_author if article.authors) > 0.9 * len(with_author)
    assert sum(1 for article in articles if article.source == "Reuters") > 0.95 * len(articles)


@pytest.mark.corpus
def test_reuters_paragraphs_split_where_the_wire_indented():
    record = next(r for r in reuters_records() if r["id"] == "reuters-1")
    article = clean_record(record)
    indented = len(re.findall(r"\n {2,}\S", record["body"]))
    assert len(article.paragraphs) == indented + 1
    assert article.dateline == "Salvador"
    assert article.paragraphs[0].startswith("Showers continued throughout the week in the Bahia")
