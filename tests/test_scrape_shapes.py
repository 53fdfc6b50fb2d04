"""Scrapes of any shape: the head is a zone, not a fixed sequence; so is the tail.

Every scrape here is invented; each varies one thing the head or the tail may hold.
"""

from datetime import date

import pytest

from archive.ingest.cleaning import clean_scrape
from archive.ingest.cleaning.lines import is_headline_item, is_section_label, read_meta
from archive.ingest.cleaning.sources import parse_byline

FIRST = (
    "The harbour authority said on Tuesday that the northern ferry route would close for"
    " three months while engineers rebuild the pier."
)
SECOND = "Passengers will be carried by bus between the two towns until the work is finished."
THIRD = "The route carries about 4,000 people a day in summer, according to the operator."


def scrape(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def body_of(text: str) -> list[str]:
    return clean_scrape(text).paragraphs


def test_a_teaser_of_several_paragraphs_the_last_cut():
    article = clean_scrape(
        scrape(
            "Ferry route to close",
            FIRST,
            SECOND[:40],
            "By Ana Lopes",
            "12 March 2019",
            FIRST,
            SECOND,
            THIRD,
        )
    )
    assert article.paragraphs == [FIRST, SECOND, THIRD]
    assert article.authors == ["Ana Lopes"] and article.published.date() == date(2019, 3, 12)


def test_a_byline_after_the_date_line_and_a_dateline_after_a_teaser():
    article = clean_scrape(
        scrape(
            "Ferry route to close",
            FIRST[:60] + "...",
            "Updated: Mar. 12, 2019",
            "By John Smith, PTI",
            "NEW YORK (PTI) - " + FIRST,
            SECOND,
        )
    )
    assert article.paragraphs == [FIRST, SECOND]
    assert article.dateline == "New York" and article.source == "Press Trust of India"
    assert article.authors == ["John Smith"]
    assert article.published.date() == date(2019, 3, 12)


@pytest.mark.parametrize(
    ("title", "expected_title", "source"),
    [
        ("Ferry route to close | World News", "Ferry route to close", ""),
        ("Ferry route to close :: Culture", "Ferry route to close", ""),
        ("Ferry route to close — The Harbour Herald", "Ferry route to close", "The Harbour Herald"),
        ("Ferry route to close - The Hindu", "Ferry route to close", "The Hindu"),
        ("Ferry route to close - AFP", "Ferry route to close", "AFP"),
        ("FERRY ROUTE TO CLOSE - JIJI", "FERRY ROUTE TO CLOSE - JIJI", ""),
        ("Ferry route: a guide", "Ferry route: a guide", ""),
    ],
)
def test_a_title_suffix_is_a_section_or_a_source_or_part_of_the_headline(
    title, expected_title, source
):
    article = clean_scrape(scrape(title, FIRST, SECOND))
    assert (article.title, article.source) == (expected_title, source)


@pytest.mark.parametrize("label", ["Home » Travel", "News · Business", "World", "India News"])
def test_a_section_label_above_or_below_the_title_is_no_part_of_the_article(label):
    above = clean_scrape(scrape(label, "Ferry route to close", FIRST, SECOND))
    below = clean_scrape(scrape("Ferry route to close", label, FIRST, SECOND))
    for article in (above, below):
        assert article.title == "Ferry route to close"
        assert article.paragraphs == [FIRST, SECOND]


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("By Ana Lopes | 3 March 2005", ["Ana Lopes"], ""),
        ("Ana Lopes", ["Ana Lopes"], ""),
        ("Ana Lopes, Business Correspondent", ["Ana Lopes"], ""),
        ("Ana Lopes (PTI)", ["Ana Lopes"], "Press Trust of India"),
        ("Ana Lopes | The Harbour Herald", ["Ana Lopes"], "The Harbour Herald"),
        ("Ana Lopes and Ben Ode | Reuters", ["Ana Lopes", "Ben Ode"], "Reuters"),
        ("By Our Correspondent", [], ""),
        ("Agence France-Presse", [], "AFP"),
    ],
)
def test_bylines_in_any_form(line, authors, source):
    article = clean_scrape(scrape("Ferry route to close", line, FIRST, SECOND))
    assert article.authors == authors and article.source == source
    assert article.paragraphs == [FIRST, SECOND]


def test_head_lines_that_name_no_person_are_not_authors():
    for line in ("Top Stories", "Web Desk", "Latest News"):
        assert parse_byline(line, bare=True) is None, line
        article = clean_scrape(scrape("Ferry route to close", line, FIRST, SECOND))
        assert article.authors == [], line


def test_a_published_date_wins_over_an_update_in_either_order():
    for lines in (
        ("Last updated: 14 March 2019 09:00 GMT", "First published 2019-03-12"),
        ("Posted on Tue, 12 Mar 2019 11:10:00 +0000", "Updated: 14.03.2019"),
    ):
        article = clean_scrape(scrape("Ferry route to close", *lines, FIRST, SECOND))
        assert article.published.date() == date(2019, 3, 12), lines
        assert article.paragraphs == [FIRST, SECOND]


def test_a_date_line_after_the_story_counts_when_the_head_has_none():
    article = clean_scrape(scrape("Ferry route to close", FIRST, SECOND, "12 March 2019"))
    assert article.published.date() == date(2019, 3, 12)
    assert article.paragraphs == [FIRST, SECOND]


@pytest.mark.parametrize(
    "tail",
    [
        ["Related stories", "Harbour tunnel reopens after repairs", "Choir wins national prize"],
        ["• Harbour tunnel reopens after repairs", "• Choir wins national prize"],
        ["1) Harbour tunnel reopens after repairs", "2) Choir wins national prize"],
        ["Harbour tunnel reopens (12 May 2019)", "Choir wins national prize (11 May 2019)"],
        ["-", "Harbour tunnel reopens after repairs", "-", "Choir wins national prize"],
        ["Harbour Tunnel Reopens After Repairs", "Choir Wins National Prize"],
        ["© 2019 The Harbour Herald. All rights reserved.", "Terms of Use | Privacy Policy"],
    ],
)
def test_tails_of_any_style_are_left_out(tail):
    assert body_of(scrape("Ferry route to close", FIRST, SECOND, *tail)) == [FIRST, SECOND]


def test_a_copyright_line_names_the_publisher_and_a_sign_off_the_agency():
    footer = clean_scrape(scrape("Ferry route", FIRST, SECOND, "© 2019 The Harbour Herald."))
    assert footer.source == "The Harbour Herald"
    for sign_off in ("(AFP)", "— AP", "--IANS"):
        article = clean_scrape(scrape("Ferry route", FIRST, SECOND, sign_off))
        assert article.paragraphs == [FIRST, SECOND], sign_off
        assert article.source in ("AFP", "Associated Press", "IANS"), sign_off
    glued = clean_scrape(scrape("Ferry route", FIRST, SECOND + " dpa"))
    assert glued.paragraphs == [FIRST, SECOND] and glued.source == "dpa"


def test_the_story_keeps_its_own_short_lines_and_fixture_lists():
    fixtures = ["Derby v Watford", "Leeds v Hull", "Stoke v Bury"]
    assert body_of(scrape("Cup draw", FIRST, *fixtures)) == [FIRST, *fixtures]
    assert body_of(scrape("Match preview", "Ewood Park", FIRST)) == ["Ewood Park", FIRST]
    assert body_of(scrape("Ferry", FIRST, "Reaction from readers")) == [
        FIRST,
        "Reaction from readers",
    ]


def test_furniture_anywhere_in_the_story_is_left_out():
    lines = [
        "Story continues below advertisement",
        "Read more: Harbour tunnel reopens",
        "Share on Facebook Share on Twitter Share via Email",
        "Comments (12)",
        "Back to top",
    ]
    for line in lines:
        assert body_of(scrape("Ferry route", FIRST, line, SECOND)) == [FIRST, SECOND], line


def test_line_readers_directly():
    assert is_section_label("Business | Markets") and not is_section_label("Ferry route | News")
    assert is_headline_item("Harbour tunnel reopens after repairs")
    assert not is_headline_item("Shr 1.20 dlrs vs 1.10 dlrs")
    assert not is_headline_item("- The company said it would report results in May.")
    meta = read_meta("By Ana Lopes | 3 March 2005")
    assert meta.bylines[0].authors == ["Ana Lopes"] and meta.dates[0][0].day == 3
    assert read_meta(FIRST) is None
