"""Publication dates in news lines and record fields (archive.ingest.cleaning.dates)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from archive.ingest.cleaning.dates import is_date_line, parse_date, parse_record_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "moment", "precision"),
    [
        ("September 18, 2015", utc(2015, 9, 18), "day"),
        ("Sept. 18, 2015", utc(2015, 9, 18), "day"),
        ("Sep 18 2015", utc(2015, 9, 18), "day"),
        ("18 September 2015", utc(2015, 9, 18), "day"),
        ("18th of September 2015", utc(2015, 9, 18), "day"),
        ("Published: 18/09/2015", utc(2015, 9, 18), "day"),
        ("Updated: Sept. 18, 2015", utc(2015, 9, 18), "day"),
        ("Last updated: 18 September 2015", utc(2015, 9, 18), "day"),
        ("Posted on September 18, 2015", utc(2015, 9, 18), "day"),
        ("Date: 2015-09-18", utc(2015, 9, 18), "day"),
        ("18.09.2015", utc(2015, 9, 18), "day"),
        ("2015-09-18", utc(2015, 9, 18), "day"),
        ("2015-09-18 14:05", utc(2015, 9, 18, 14, 5), "minute"),
        ("2015-09-18T14:05:09", utc(2015, 9, 18, 14, 5, 9), "second"),
        ("2015-09-18T14:05:09Z", utc(2015, 9, 18, 14, 5, 9), "second"),
        ("18 Sep 2015 14:05 GMT", utc(2015, 9, 18, 14, 5), "minute"),
        ("Fri, 18 Sep 2015 14:05:33 +0000", utc(2015, 9, 18, 14, 5, 33), "second"),
    ],
)
def test_parse_date_forms(text, moment, precision):
    assert parse_date(text) == (moment, precision)


def test_parse_date_with_offsets_and_zone_abbreviations():
    moment, precision = parse_date("Friday, September 18, 2015 2:05 PM EDT")
    assert moment == utc(2015, 9, 18, 18, 5) and precision == "minute"
    assert moment.utcoffset() == timedelta(hours=-4)
    moment, _ = parse_date("2015-09-18T14:05:00+02:00")
    assert moment.utcoffset() == timedelta(hours=2)
    assert moment == utc(2015, 9, 18, 12, 5)
    assert parse_date("18 Sep 2015 14:05 CEST")[0] == utc(2015, 9, 18, 12, 5)
    assert parse_date("Sept 18, 2015 9:30 a.m. PST")[0] == utc(2015, 9, 18, 17, 30)
    assert parse_date("2:05 PM EDT, September 18, 2015")[0] == utc(2015, 9, 18, 18, 5)


def test_parse_date_reads_slashes_day_first_unless_impossible():
    assert parse_date("05/09/2015")[0] == utc(2015, 9, 5)
    assert parse_date("09/18/2015")[0] == utc(2015, 9, 18)


def test_parse_date_results_are_timezone_aware():
    for text in ("September 18, 2015", "2015-09-18 14:05", "18/09/2015 10:00"):
        moment, _ = parse_date(text)
        assert moment.tzinfo is not None


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2015",
        "2015-13-45",
        "2015-02-30",
        "0000-01-01",
        "February 30, 2015",
        "September 18, 2150",
        "September 18, 0000",
        "13/13/2015",
        "2015-09-18 25:61",
        "September 18, 2015 13:05 PM",
        "September 2015",
        "yesterday",
        "",
        "   ",
        "9" * 5000,
        "Published:",
    ],
)
def test_parse_date_rejects_malformed_dates(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "line",
    [
        "By the end of September 18, 2015 the talks had failed.",
        "The deal was signed on September 18, 2015 in Paris.",
        "September 18, 2015 was a Friday",
        "Markets on 2015-09-18 closed higher",
        "18/09/2015 - Officials said the vote was delayed",
    ],
)
def test_a_sentence_with_a_date_is_not_a_date_line(line):
    assert not is_date_line(line)


def test_date_lines():
    assert is_date_line("September 18, 2015")
    assert is_date_line("  Published: Sept. 18, 2015 ")
    assert not is_date_line("By AFP")


@pytest.mark.parametrize(
    ("value", "moment", "precision"),
    [
        ("1987-02-26T15:01:01", utc(1987, 2, 26, 15, 1, 1), "second"),
        ("1987-03-31", utc(1987, 3, 31), "day"),
        ("26-FEB-1987 15:01:01.79", utc(1987, 2, 26, 15, 1, 1), "second"),
        ("31-MAR-1987 605:12:19.12", utc(1987, 3, 31), "day"),
        ("9-APR-1987 00:00:00.00    # date added as guesswork", utc(1987, 4, 9), "second"),
        (1442534400, utc(2015, 9, 18), "second"),
        (1442534400000, utc(2015, 9, 18), "second"),
        (1442534400.5, utc(2015, 9, 18, 0, 0, 0, 500000), "second"),
        ("1442534400", utc(2015, 9, 18), "second"),
        ("September 18, 2015", utc(2015, 9, 18), "day"),
    ],
)
def test_parse_record_date(value, moment, precision):
    assert parse_record_date(value) == (moment, precision)


def test_parse_record_date_keeps_offsets():
    moment, _ = parse_record_date("2015-09-18T14:05:00-05:00")
    assert moment.utcoffset() == timedelta(hours=-5)
    assert moment.tzinfo == timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        "",
        "garbage",
        "31-FOO-1987 10:00:00",
        "31-FEB-1987 10:00:00",
        1e30,
        float("nan"),
        float("inf"),
        [],
        {},
        "2015-13-45T10:00:00",
    ],
)
def test_parse_record_date_rejects_bad_values(value):
    assert parse_record_date(value) is None
