"""The line classifier that finds the article in a whole page's text (no database)."""

import time

import numpy as np
import pytest

from archive.ingest.cleaning.blocks.features import (
    BASE_FEATURES,
    FEATURE_INDEX,
    NEIGHBOUR_OFFSETS,
    WINDOW_FEATURES,
    base_features,
    line_features,
    window_features,
)
from archive.ingest.cleaning.blocks.labels import Label
from archive.ingest.cleaning.blocks.model import classify_lines, find_article, load_model

BODY = [
    "The town council voted on Tuesday to rebuild the harbour bridge, which closed last year "
    "after engineers found cracks in two of its piers.",
    "Work is expected to start in the spring and to last about eighteen months, the council "
    "said in a statement issued after the meeting.",
    "Residents who had campaigned for the repair welcomed the decision, though some said the "
    "cost of the work was far too high for a town of its size.",
    "The harbour master said ferries would keep running while the work went on, but that "
    "crossings could take longer during the busiest weeks of the summer.",
    "A public meeting about the plans will be held at the library next month, and the council "
    "has promised to publish the engineers' full report before then.",
]
HEADLINE = "Council votes to rebuild the old harbour bridge"

# An invented page as a renderer gives it: <title>, menus, a cookie notice, the story, then
# related headlines and a footer.
WHOLE_PAGE = "\n".join(
    [
        f"{HEADLINE} | Harbour Gazette",
        "Skip to main content",
        "Harbour Gazette",
        "Home",
        "News",
        "Sport",
        "Business",
        "Opinion",
        "Weather",
        "Subscribe",
        "Sign in",
        "We use cookies to improve your experience on our site. Accept all cookies",
        "Manage cookie settings",
        "News",
        "Local",
        HEADLINE,
        "By Mara Quennell",
        "12 March 2024",
        "Share this article",
        *BODY[:3],
        "Advertisement",
        *BODY[3:],
        "Related stories",
        "Harbour festival returns after two-year break",
        "Ferry fares to rise in April",
        "Library extends its opening hours",
        "Most read",
        "Man rescued from cliff path",
        "New cafe opens on the seafront",
        "About us",
        "Contact us",
        "Privacy policy",
        "Terms and conditions",
        "© 2024 Harbour Gazette. All rights reserved.",
    ]
)


def features_of(lines: list[str], number: int) -> dict[str, float]:
    row = base_features(lines)[number]
    return {name: float(row[index]) for name, index in FEATURE_INDEX.items()}


# --- features -------------------------------------------------------------------------------


def test_prose_line_reads_as_prose():
    features = features_of([BODY[0]], 0)
    assert features["prose"] == 1.0
    assert features["ends_sentence"] == 1.0
    assert features["stop_high"] == 1.0
    assert features["words>25"] == 0.0 and features["words<=25"] == 1.0


def test_menu_word_reads_as_short_and_capitalised():
    features = features_of(["Home", "Sport"], 1)
    assert features["words=1"] == 1.0
    assert features["prose"] == 0.0
    assert features["title_case_share"] == 1.0
    assert features["starts_upper"] == 1.0


def test_date_and_byline_lines_are_recognised():
    lines = ["12 March 2024", "By Mara Quennell", "Weather"]
    assert features_of(lines, 0)["date_line"] == 1.0
    assert features_of(lines, 0)["byline"] == 0.0
    assert features_of(lines, 1)["byline"] == 1.0
    assert features_of(lines, 1)["by_prefix"] == 1.0
    assert features_of(lines, 2)["date_line"] == 0.0


def test_repeated_lines_and_title_echo():
    lines = [f"{HEADLINE} | Harbour Gazette", "News", HEADLINE, "News", BODY[0]]
    assert features_of(lines, 1)["repeated"] == 1.0
    assert features_of(lines, 2)["repeated"] == 0.0
    assert features_of(lines, 2)["first_line_match"] == 1.0
    assert features_of(lines, 4)["first_line_match"] == 0.0


def test_distance_to_densest_prose_run():
    lines = ["Home", "News", "Sport", *BODY, "About us", "Contact us"]
    rows = base_features(lines)
    assert rows[3:8, FEATURE_INDEX["run_in"]].tolist() == [1.0] * 5
    assert rows[0, FEATURE_INDEX["before_run"]] == 1.0
    assert rows[2, FEATURE_INDEX["run_d1"]] == 1.0
    assert rows[9, FEATURE_INDEX["after_run"]] == 1.0
    assert rows[3, FEATURE_INDEX["block_top"]] == 1.0


def test_each_line_sees_its_neighbours():
    lines = ["Home", "News", BODY[0], "Sport"]
    base = base_features(lines)
    window = line_features(lines)
    width = len(BASE_FEATURES)
    assert window.shape == (4, len(WINDOW_FEATURES))
    previous = 1 + NEIGHBOUR_OFFSETS.index(-1)
    np.testing.assert_array_equal(window[2, previous * width : (previous + 1) * width], base[1])
    # The first line has nothing above it: the padding flag says so.
    assert window[0, WINDOW_FEATURES.index("-1:pad")] == 1.0
    assert window[1, WINDOW_FEATURES.index("-1:pad")] == 0.0


# --- the model ------------------------------------------------------------------------------


def test_shipped_model_loads_once_with_every_label():
    model = load_model()
    assert load_model() is model
    assert set(model.labels) == {label.value for label in Label}
    assert np.count_nonzero(model.weights) > 100


def test_emission_scores_weigh_the_neighbours_rows():
    model = load_model()
    base = base_features(WHOLE_PAGE.splitlines())
    np.testing.assert_allclose(
        model.emission_scores(base), window_features(base) @ model.weights, rtol=1e-4, atol=1e-4
    )


def test_whole_page_yields_the_article_and_drops_the_furniture():
    region = find_article(WHOLE_PAGE)
    assert region.title_text == HEADLINE
    assert [region.lines[number] for number in region.bylines] == ["By Mara Quennell"]
    assert [region.lines[number] for number in region.dates] == ["12 March 2024"]
    assert [region.lines[number] for number in region.content] == BODY
    kept = " ".join(region.lines[number] for number in region.kept)
    for furniture in ("cookies", "Related stories", "Ferry fares", "Privacy policy", "©"):
        assert furniture not in kept


def test_clean_scrape_keeps_every_body_line():
    labels = classify_lines([HEADLINE, *BODY])
    assert labels == [Label.TITLE, *[Label.CONTENT] * len(BODY)]


def test_blank_lines_inside_the_story_stay_with_it():
    text = "\n\n".join([HEADLINE, *BODY])
    region = find_article(text)
    assert region.content_text == "\n\n".join(BODY)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Hello", BODY[0]])
def test_empty_and_one_line_pages(text):
    region = find_article(text)
    assert len(region.labels) == len(text.splitlines())
    assert classify_lines([]) == []


# --- hostile input --------------------------------------------------------------------------


def test_very_long_line_is_quick():
    started = time.perf_counter()
    region = find_article("word " * 400_000 + "\nAbout us")
    assert time.perf_counter() - started < 2
    assert len(region.labels) == 2


def test_fifty_thousand_lines_are_quick():
    lines = [f"Menu item {number}" if number % 7 else BODY[number % 5] for number in range(50_000)]
    started = time.perf_counter()
    labels = classify_lines(lines)
    assert time.perf_counter() - started < 10
    assert len(labels) == 50_000


def test_binary_looking_characters_do_not_crash():
    junk = "".join(chr(code) for code in range(0, 0x3000, 7))
    lines = [junk, "\x00\x01\x02 \ufffd\ufffd", "\u202e\u200b\u00ad", "....", "1234567890", junk]
    labels = classify_lines(lines)
    assert len(labels) == len(lines)
    assert all(label in set(Label) for label in labels)


def test_clean_scrape_finds_the_article_in_a_whole_page():
    from archive.ingest.cleaning import clean_scrape

    article = clean_scrape(WHOLE_PAGE)
    assert article.title == HEADLINE
    assert article.paragraphs == BODY
    assert article.authors == ["Mara Quennell"]
    assert article.published.date().isoformat() == "2024-03-12"
    assert "".join(segment.text for segment in article.segments) == WHOLE_PAGE
    left_out = "".join(s.text for s in article.segments if s.label == "boilerplate")
    assert "Manage cookie settings" in left_out and "Ferry fares to rise" in left_out


def test_a_scrape_that_is_mostly_story_is_not_read_as_a_page():
    from archive.ingest.cleaning import clean_scrape

    paragraphs = [f"{sentence} (part {number})." for number in range(45) for sentence in BODY[:1]]
    article = clean_scrape("\n\n".join([HEADLINE, *paragraphs]))
    assert article.paragraphs == paragraphs
