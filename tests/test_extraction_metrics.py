"""The scoring of bench/extraction_quality.py: shingles, P/R/F1 and field matching. No database."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bench.extraction_metrics import (
    BodyScore,
    Extraction,
    Truth,
    average_body,
    match_fields,
    same_authors,
    same_dateline,
    same_day,
    same_site,
    same_source,
    same_title,
    score_body,
    seed_differences,
    shingles,
    split_authors,
)

TRUTH = "one two three four five six"  # shingles 1234 2345 3456


def test_shingles_are_lowercased_word_4grams_with_multiplicity():
    assert shingles("A b, C d! a B c D") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }


def test_a_text_shorter_than_a_shingle_is_one_shingle_and_an_empty_text_none():
    assert shingles("Yes, sir.") == {("yes", "sir"): 1}
    assert shingles(" -- ") == {}


def test_known_precision_and_recall():
    # Dropping "six" and adding "seven eight" loses 3456 and adds 3457 and 4578.
    score = score_body(TRUTH, "one two three four five seven eight")
    assert (score.true_positives, score.false_positives, score.false_negatives) == (2, 2, 1)
    assert score.precision == pytest.approx(2 / 4)
    assert score.recall == pytest.approx(2 / 3)


def test_a_repeated_paragraph_costs_precision_not_recall():
    score = score_body(TRUTH, f"{TRUTH}\n\n{TRUTH}")
    assert score.recall == 1.0
    assert score.precision == pytest.approx(3 / 9)  # 9 shingles in the doubled text


def test_empty_texts():
    assert (score_body("", "").precision, score_body("", "").recall) == (1.0, 1.0)
    assert (score_body(TRUTH, "").precision, score_body(TRUTH, "").recall) == (0.0, 0.0)
    assert (score_body("", TRUTH).precision, score_body("", TRUTH).recall) == (0.0, 1.0)


def test_f1_is_taken_of_the_averaged_precision_and_recall():
    precision, recall, f1 = average_body([BodyScore(1, 0, 1), BodyScore(1, 1, 0)])
    assert (precision, recall) == (pytest.approx(0.75), pytest.approx(0.75))
    assert f1 == pytest.approx(0.75)  # not the mean of the per-document F1s (0.667)


def test_fields_compare_after_folding_quotes_case_and_space():
    assert same_title("Russia’s  “big” plan", 'russia´s "BIG" plan')
    assert not same_title("Russia’s plan", "Russia’s plan - World News")
    assert same_title("“Crash -- allegedly”", "Crash - allegedly.")


def test_sources_compare_by_agency_not_spelling():
    assert same_source("AFP", "Agence France-Presse")
    assert same_source("Press Trust of India", "PTI")
    assert same_source("The Daily Planet", "Daily Planet")
    assert not same_source("Reuters", "AFP")
    assert not same_source("", "AFP")
    assert same_source("", "")


def test_dateline_may_drop_the_region_after_the_city():
    assert same_dateline("PORTLAND, Ore.", "Portland")
    assert same_dateline("Washington", "WASHINGTON")
    assert not same_dateline("Washington", "")
    assert not same_dateline("", "London")


def test_authors_are_a_set_of_names():
    assert same_authors(["Ralph D. Russo", "Bob Ferrante"], ["BOB FERRANTE", "Ralph D Russo"])
    assert not same_authors(["Ralph D. Russo", "Bob Ferrante"], ["Ralph D. Russo"])
    assert split_authors("RALPH D. RUSSO, BOB FERRANTE and Jo Bo") == [
        "RALPH D. RUSSO",
        "BOB FERRANTE",
        "Jo Bo",
    ]


def test_same_day_reads_the_date_in_its_own_or_the_stated_timezone():
    eastern = timezone(timedelta(hours=-5))
    late_evening = "2005-03-07T23:50-05:00"
    assert same_day(late_evening, datetime(2005, 3, 8, 4, 50, tzinfo=UTC))
    assert same_day(late_evening, datetime(2005, 3, 7, 23, 50, tzinfo=eastern))
    assert not same_day(late_evening, datetime(2005, 3, 8, 9, 0, tzinfo=UTC))
    assert same_day("2005-03-07", date(2005, 3, 7))
    assert not same_day("2005-03-07", None)
    assert same_day("", None)
    assert not same_day("", date(2005, 3, 7))


def test_site_is_the_main_label_of_the_domain():
    assert same_site("http://abcnews.go.com", "ABC News")
    assert same_site("https://www.theguardian.com/", "The Guardian")
    assert not same_site("http://apnews.com", "AFP")


def test_only_the_fields_the_truth_knows_are_scored():
    truth = Truth(body=TRUTH, title="A title", published="")
    extraction = Extraction(title="A title", body=TRUTH, source="AFP")
    assert match_fields(truth, extraction) == {"title": True, "published": True}


def test_seed_differences_name_what_differs():
    expected = {
        "title": "A title",
        "source": "AFP",
        "dateline": "Washington",
        "published": "2015-09-18",
        "authors": [],
        "body": ["Russia’s “first” paragraph.", "Second."],
    }
    extraction = Extraction(
        title="A title",
        source="AFP",
        dateline="Washington",
        published=datetime(2015, 9, 18, tzinfo=UTC),
        body='Russia\'s "first" paragraph.\n\nSecond.',
    )
    assert seed_differences(expected, extraction) == []
    extraction.body = "Russia´s “first” paragraph.\n\nSecond.\n\nSecond."
    assert seed_differences(expected, extraction) == [
        "´ survives in the body",
        "the body has 3 paragraphs, not 2",
    ]
