"""The timeline: periods that fit the span, labels that never collide, its counts as CSV, the
undated matches, and searches compared over time."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.charts import (
    LABEL_GAP,
    LABEL_INSET,
    MIN_BAR_PX,
    NARROW_PX,
    PLOT_BOTTOM,
    PLOT_TOP,
    WIDE_PX,
    axis_ticks,
    text_width,
    timeline_charts,
)
from archive.lib.periods import Unit, end_of, following, label, start_of
from archive.search import backend
from archive.search.facets import day_counts, timeline
from archive.timelines import percent
from tests.factories import make_article, make_source

SEARCH = reverse("archive:search")
TIMELINE_CSV = reverse("archive:timeline_csv")
COMPARE = reverse("archive:compare")
COMPARE_CSV = reverse("archive:compare_csv")


def daily(first: date, last: date, every: int = 1) -> dict[str, int]:
    """Return day counts from first to last, one article every `every` days."""
    counts, day = {}, first
    while day <= last:
        counts[day.isoformat()] = 1 + day.day % 3
        day += timedelta(days=every)
    counts[last.isoformat()] = 2
    return counts


def link(bucket) -> str:
    return f"/search/?from={bucket.start}&to={bucket.end}"


# Spans from a day to two centuries, starting anywhere in a month or a week.
SPANS = [
    (date(2020, 3, 4), date(2020, 3, 4)),
    (date(2020, 3, 4), date(2020, 3, 11)),
    (date(2019, 9, 1), date(2019, 9, 30)),
    (date(2020, 1, 17), date(2020, 4, 17)),
    (date(2019, 12, 30), date(2020, 3, 30)),
    (date(2019, 9, 3), date(2020, 2, 11)),
    (date(2019, 9, 14), date(2021, 3, 2)),
    (date(2014, 5, 5), date(2024, 4, 30)),
    (date(2012, 1, 1), date(2024, 12, 31)),
    (date(1990, 7, 1), date(2024, 6, 30)),
    (date(1850, 1, 1), date(2024, 6, 30)),
]


# Periods


def test_periods_start_end_and_follow_on():
    day = date(2021, 8, 19)  # a Thursday
    assert start_of(day, Unit.WEEK) == date(2021, 8, 16)
    assert end_of(date(2021, 8, 16), Unit.WEEK) == date(2021, 8, 22)
    assert start_of(day, Unit.QUARTER) == date(2021, 7, 1)
    assert end_of(date(2021, 7, 1), Unit.QUARTER) == date(2021, 9, 30)
    assert end_of(date(2024, 2, 1), Unit.MONTH) == date(2024, 2, 29)
    assert start_of(day, Unit.DECADE) == date(2020, 1, 1)
    assert following(date(2019, 12, 1), Unit.MONTH) == date(2020, 1, 1)
    assert following(date(9999, 12, 31), Unit.DAY) is None
    assert end_of(date(9999, 12, 1), Unit.MONTH) == date(9999, 12, 31)
    assert [label(day, unit) for unit in (Unit.DAY, Unit.MONTH, Unit.QUARTER)] == [
        "19 Aug 2021",
        "Aug 2021",
        "Q3 2021",
    ]


# The period fits the span


def test_a_short_span_is_counted_by_day_a_longer_by_month_a_long_one_by_year():
    days = timeline(daily(date(2019, 9, 3), date(2019, 9, 27), every=2))
    assert {bucket.unit for bucket in days} == {Unit.DAY}
    assert (days[0].start, days[-1].end, len(days)) == (date(2019, 9, 3), date(2019, 9, 27), 25)
    assert days[0].label == "3 Sep 2019" and days[1].count == 0

    months = timeline(daily(date(2018, 11, 20), date(2021, 2, 3), every=5))
    assert {bucket.unit for bucket in months} == {Unit.MONTH}
    assert (months[0].label, months[-1].label, len(months)) == ("Nov 2018", "Feb 2021", 28)

    years = timeline(daily(date(1998, 6, 1), date(2024, 1, 1), every=40))
    assert {bucket.unit for bucket in years} == {Unit.YEAR}
    assert [years[0].label, years[-1].label] == ["1998", "2024"]


def test_the_counts_are_kept_whatever_the_period():
    for first, last in SPANS:
        counts = daily(first, last, every=3)
        buckets = timeline(counts)
        assert sum(bucket.count for bucket in buckets) == sum(counts.values())
        for before, after in zip(buckets, buckets[1:], strict=False):
            assert after.start == before.end + timedelta(days=1)  # no gap, no overlap


@pytest.mark.parametrize(
    ("last", "unit"),
    [
        (date(2020, 4, 1), Unit.DAY),  # 92 days
        (date(2020, 4, 2), Unit.MONTH),  # 93 days
        (date(2029, 12, 31), Unit.MONTH),  # 120 months
        (date(2030, 1, 1), Unit.YEAR),  # 121 months
    ],
)
def test_the_limits_between_periods(last, unit):
    assert timeline({"2020-01-01": 1, last.isoformat(): 1})[0].unit == unit


def test_month_counts_still_draw_months_or_years():
    buckets = timeline({"2020-01": 3, "2020-03": 1})
    assert [(b.label, b.count, b.end) for b in buckets] == [
        ("Jan 2020", 3, date(2020, 1, 31)),
        ("Feb 2020", 0, date(2020, 2, 29)),
        ("Mar 2020", 1, date(2020, 3, 31)),
    ]


# The chart at both widths


def label_boxes(ticks, width_px: float) -> list[tuple[float, float]]:
    """Return the left and right edge of each label, in pixels, drawn width_px wide."""
    return [
        (
            tick.x / 100 * width_px + LABEL_INSET,
            tick.x / 100 * width_px + LABEL_INSET + text_width(tick.label),
        )
        for tick in ticks
        if tick.label
    ]


@pytest.mark.parametrize(("first", "last"), SPANS)
def test_labels_never_overlap_nor_pass_the_end_at_either_width(first, last):
    wide, narrow = timeline_charts(timeline(daily(first, last, every=2)), link)
    for chart, widths in ((wide, (WIDE_PX, 900, 1150)), (narrow, (NARROW_PX, 366, 600))):
        assert [tick.label for tick in chart.ticks if tick.label], (first, last, chart.layout)
        for width in widths:
            boxes = label_boxes(chart.ticks, width)
            for (_, right), (left, _) in zip(boxes, boxes[1:], strict=False):
                assert right + LABEL_GAP <= left, (chart.layout, width, chart.ticks)
            assert boxes[-1][1] <= width
            assert boxes[0][0] >= 0


@pytest.mark.parametrize(("first", "last"), SPANS)
def test_bars_are_wide_enough_and_stay_inside_the_plot(first, last):
    wide, narrow = timeline_charts(timeline(daily(first, last)), link)
    for chart in (wide, narrow):
        for bar in chart.bars:
            assert bar.x >= 0 and bar.x + bar.width <= 100 + 1e-9
            assert bar.width / 100 * chart.min_width >= MIN_BAR_PX
            assert bar.y >= PLOT_TOP and bar.y + bar.height <= PLOT_BOTTOM + 1e-9
        assert max(bar.height for bar in chart.bars) == PLOT_BOTTOM - PLOT_TOP
        # Ticks sit where bars start.
        starts = {round(bar.slot_x, 4) for bar in chart.bars}
        assert all(tick.x in starts for tick in chart.ticks)


def test_a_phone_draws_three_months_a_week_a_bar_and_ten_years_a_quarter_a_bar():
    wide, narrow = timeline_charts(timeline(daily(date(2020, 1, 1), date(2020, 3, 31))), link)
    assert (wide.unit, len(wide.bars)) == (Unit.DAY, 91)
    assert narrow.unit == Unit.WEEK and len(narrow.bars) == 14
    assert narrow.bars[0].label == "Week of 30 Dec 2019"
    assert narrow.bars[0].url == "/search/?from=2019-12-30&to=2020-01-05"
    assert sum(b.count for b in narrow.bars) == sum(b.count for b in wide.bars)
    wide, narrow = timeline_charts(timeline(daily(date(2015, 1, 1), date(2024, 12, 31))), link)
    assert (wide.unit, len(wide.bars)) == (Unit.MONTH, 120)
    assert (narrow.unit, len(narrow.bars)) == (Unit.QUARTER, 40)


def test_a_start_month_label_no_longer_lands_on_the_next_year():
    """The reported bug: "Sep 2019" drawn over "2020"."""
    wide, narrow = timeline_charts(timeline(daily(date(2019, 9, 20), date(2021, 6, 1))), link)
    labels = [tick.label for tick in narrow.ticks if tick.label]
    assert "2020" in labels or "Jan 2020" in labels
    assert "Sep 2019" not in labels  # one bar is too little room for it
    assert [tick.label for tick in wide.ticks if tick.label][:2] == ["Oct 2019", "Jan 2020"]


def test_a_label_that_does_not_fit_its_slot_is_not_drawn():
    ticks = axis_ticks([date(2020, 1, 1) + timedelta(days=n) for n in range(92)], Unit.DAY, 100)
    assert all(LABEL_INSET + text_width(t.label) + LABEL_GAP <= 100 - t.x for t in ticks if t.label)


def test_text_width_is_estimated_generously():
    assert text_width("2020") >= 4 * 0.6 * 12
    assert text_width("Sep 2019") > text_width("Sep")


def test_share_percentages_keep_small_shares_readable():
    assert [percent(0), percent(0.5), percent(0.0123), percent(0.00042)] == [
        "0%",
        "50.0%",
        "1.2%",
        "0.04%",
    ]


# From the database


@pytest.fixture
def climate():
    """Articles about climate and floods over a year, and a few of unknown date."""
    wire = make_source(name="Wire")
    made = []
    for n in range(24):
        made.append(
            make_article(
                title=f"Climate report {n}",
                body="Climate talks." + (" A flood followed." if n % 3 == 0 else ""),
                source=wire if n % 2 else None,
                published_at=datetime(2021, 1 + n // 2, 1 + n, 12, tzinfo=UTC),
            )
        )
    for n in range(6):
        made.append(
            make_article(
                title=f"Sport {n}",
                body="A match.",
                published_at=datetime(2021, 1 + n, 3, tzinfo=UTC),
            )
        )
    for n in range(3):
        made.append(
            make_article(title=f"Undated climate {n}", body="Climate again.", published_at=None)
        )
    return {"wire": wire, "made": made}


@pytest.mark.django_db
def test_day_counts_are_utc_days_with_the_undated_in_the_same_query(django_assert_num_queries):
    from archive.models import Article

    make_article(published_at=datetime(2021, 1, 31, 23, 30, tzinfo=UTC))
    make_article(published_at=datetime(2021, 2, 1, 0, 10, tzinfo=UTC))
    make_article(published_at=datetime(2021, 2, 1, 9, tzinfo=UTC))
    make_article(published_at=None)
    with django_assert_num_queries(2):  # the archive's version, then one GROUP BY
        days, undated = day_counts(Article.objects.all())
    assert days == {"2021-01-31": 1, "2021-02-01": 2} and undated == 1


@pytest.mark.django_db
def test_a_month_search_draws_its_days_and_a_bar_narrows_to_its_day(client):
    for number, day in enumerate((3, 3, 9, 27)):
        make_article(
            title=f"Storm {number}",
            body="A storm.",
            published_at=datetime(2019, 9, day, tzinfo=UTC),
        )
    response = client.get(SEARCH, {"q": "storm", "from": "2019-09-01", "to": "2019-09-30"})
    chart = response.context["chart"].wide
    assert chart.unit == Unit.DAY and len(chart.bars) == 25
    assert (chart.bars[0].label, chart.bars[0].count) == ("3 Sep 2019", 2)
    assert chart.bars[0].url == "/search/?q=storm&from=2019-09-03&to=2019-09-03"
    html = response.content.decode()
    assert "3 Sep 2019: 2 articles" in html and 'class="timeline-chart timeline-narrow"' in html


@pytest.mark.django_db
def test_the_results_and_the_timeline_say_how_many_have_no_date(client, climate):
    response = client.get(SEARCH, {"q": "climate"})
    html = response.content.decode()
    assert "3 articles have no known date:" in html  # the count line
    assert "3 articles have no known date and no bar" in html  # the timeline
    assert 'href="/search/?q=climate&amp;undated=only"' in html
    assert 'href="/search/?q=climate&amp;undated=exclude"' in html
    only = client.get(SEARCH, {"q": "climate", "undated": "only"})
    assert only.context["results"].count == 3
    assert "Only articles of unknown date" in only.content.decode()
    left_out = client.get(SEARCH, {"q": "climate", "undated": "exclude"})
    assert left_out.context["results"].count == 24
    assert 'Articles of unknown date are left out: <a href="/search/?q=climate">' in (
        left_out.content.decode()
    )


@pytest.mark.django_db
def test_a_capped_search_counts_its_undated_over_every_match(client, climate, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 5  # the five newest are all dated
    facets = client.get(SEARCH, {"q": "climate"}).context["results"].facets
    assert facets.approximate and not facets.timeline_sampled
    assert facets.undated == 3
    assert sum(bucket.count for bucket in facets.timeline) == 24


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_timeline_csv_counts_every_match_exactly(client, climate, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 5  # the CSV is not capped
    rows = read_csv(client.get(TIMELINE_CSV, {"q": "climate"}))
    assert rows[0] == ["start", "end", "label", "count"]
    assert rows[1] == ["2021-01-01", "2021-01-31", "Jan 2021", "2"]
    assert rows[-2] == ["2021-12-01", "2021-12-31", "Dec 2021", "2"]
    assert len(rows) == 1 + 12 + 1
    assert rows[-1] == ["", "", "date unknown", "3"]
    assert sum(int(row[3]) for row in rows[1:]) == 27
    by_source = read_csv(client.get(TIMELINE_CSV, {"q": "climate", "source": "wire"}))
    assert sum(int(row[3]) for row in by_source[1:]) == 12


@pytest.mark.django_db
def test_the_timeline_csv_by_another_unit(client, climate):
    quarters = read_csv(client.get(TIMELINE_CSV, {"q": "flood", "unit": "quarter"}))
    assert [row[2:] for row in quarters[1:]] == [
        ["Q1 2021", "2"],
        ["Q2 2021", "2"],
        ["Q3 2021", "2"],
        ["Q4 2021", "2"],
        ["date unknown", "0"],
    ]
    days = read_csv(client.get(TIMELINE_CSV, {"q": "flood", "unit": "day"}))
    assert len(days) == 1 + (date(2021, 11, 22) - date(2021, 1, 1)).days + 1 + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"from": "2019-02-30"},
        {"q": "-climate"},
        {"party": "nobody"},
        {"source": "nowhere"},
        {"from": "2021-03-01", "to": "2021-01-01"},
        {"unit": "fortnight"},
    ],
)
def test_the_timeline_csv_refuses_bad_parameters_with_a_reason(client, climate, params):
    response = client.get(TIMELINE_CSV, params)
    assert response.status_code == 400
    assert response.content.decode().startswith("This search cannot be counted: ")


@pytest.mark.django_db
def test_the_search_page_links_to_the_csv_and_to_compare(client, climate):
    html = client.get(SEARCH, {"q": "climate", "source": "wire"}).content.decode()
    assert 'href="/search/timeline.csv?q=climate&amp;source=wire" download' in html
    assert 'href="/timeline/?q=climate&amp;source=wire">Compare with another search' in html


@pytest.mark.django_db
def test_compare_counts_each_search_and_its_share_of_all_articles(client, climate):
    response = client.get(COMPARE, {"q": ["climate", "flood"]})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [series.text for series in comparison.series] == ["climate", "flood"]
    assert comparison.unit == Unit.MONTH
    rows = response.context["rows"]
    january = rows[0]
    assert january.bucket.label == "Jan 2021"
    assert january.everything == 3  # two climate reports and one sport story
    assert [(cell.count, round(cell.share, 4)) for cell in january.cells] == [
        (2, round(2 / 3, 4)),
        (1, round(1 / 3, 4)),
    ]
    assert [series.total for series in comparison.series] == [24, 8]
    assert [series.undated for series in comparison.series] == [3, 0]
    assert january.cells[1].url == "/search/?q=flood&from=2021-01-01&to=2021-01-31"
    html = response.content.decode()
    assert html.count('class="series series-1"') == 3  # the legend and both charts
    assert html.count('class="series series-2"') == 3
    assert "<caption>" in html and '<th scope="row">Jan 2021</th>' in html
    assert "66.7%" in html


@pytest.mark.django_db
def test_compare_shares_are_of_the_articles_the_filters_keep(client, climate):
    response = client.get(COMPARE, {"q": ["flood"], "source": "wire", "measure": "share"})
    comparison = response.context["comparison"]
    assert comparison.measure == "share"
    # Wire holds the odd reports (one a month) and no sport; flood is every third report.
    assert [row.everything for row in response.context["rows"]] == [1] * len(comparison.buckets)
    assert {cell.share for row in response.context["rows"] for cell in row.cells} == {0.0, 1.0}
    assert response.context["charts"][0].peak_label == "100.0%"
    assert "Share of all articles</strong>" in response.content.decode()


@pytest.mark.django_db
def test_compare_csv_holds_every_series(client, climate):
    rows = read_csv(client.get(COMPARE_CSV, {"q": ["climate", "flood", "=cmd"]}))
    assert rows[0] == [
        "start",
        "end",
        "label",
        "all_articles",
        "count: climate",
        "share: climate",
        "count: flood",
        "share: flood",
        "count: =cmd",
        "share: =cmd",
    ]
    assert rows[1][:8] == [
        "2021-01-01",
        "2021-01-31",
        "Jan 2021",
        "3",
        "2",
        "0.666667",
        "1",
        "0.333333",
    ]
    assert rows[-1][:5] == ["", "", "date unknown", "3", "3"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ["a", "b", "c", "d"]}, "at most 3"),
        ({"q": ["climate", '"']}, "Search 2"),
        ({"q": ["climate", "-flood"]}, "Search 2"),
        ({"q": ["climate"], "measure": "ratio"}, "measure"),
        ({"q": ["climate"], "from": "2021-02-30"}, "These filters cannot be used"),
        ({"q": ["climate"], "party": "nobody"}, "There is no party"),
    ],
)
def test_compare_refuses_bad_parameters_with_a_reason(client, climate, params, message):
    page = client.get(COMPARE, params)
    assert page.status_code == 400 and message in page.content.decode()
    assert client.get(COMPARE_CSV, params).status_code == 400


@pytest.mark.django_db
def test_compare_without_searches_offers_the_form(client):
    response = client.get(COMPARE)
    assert response.status_code == 200
    assert response.content.decode().count('name="q"') == 3
    assert client.get(COMPARE_CSV).status_code == 400


@pytest.mark.django_db
def test_a_period_without_articles_has_no_share_and_breaks_the_line(client):
    for month in (1, 2, 6):
        make_article(title=f"Drought {month}", published_at=datetime(2022, month, 10, tzinfo=UTC))
        make_article(title=f"Sport {month}", published_at=datetime(2022, month, 11, tzinfo=UTC))
    response = client.get(COMPARE, {"q": ["drought"], "measure": "share"})
    cells = [row.cells[0] for row in response.context["rows"]]
    assert [cell.share for cell in cells] == [0.5, 0.5, None, None, None, 0.5]
    assert [cell.share_text for cell in cells][2] == "—"
    wide = response.context["charts"][0]
    # Two runs of points, Jan-Feb and Jun: no line drawn through the empty months at 0%.
    assert wide.lines[0].segments == ["0.5,0.00 1.5,0.00", "5.5,0.00"]
    assert len(wide.lines[0].marks) == 3
    csv_rows = read_csv(client.get(COMPARE_CSV, {"q": ["drought"]}))
    assert [row[5] for row in csv_rows[1:7]] == ["0.500000", "0.500000", "", "", "", "0.500000"]


@pytest.mark.django_db
def test_a_search_past_the_exact_limit_draws_its_timeline_from_its_newest_at_once(
    client, climate, settings
):
    settings.ARCHIVE_SEARCH_LIMIT = 5
    settings.ARCHIVE_EXACT_TIMELINE_LIMIT = 26  # 27 matches: counting stops at 27 and says so
    with CaptureQueriesContext(connection) as queries:
        facets = client.get(SEARCH, {"q": "climate"}).context["results"].facets
    assert facets.approximate and facets.timeline_sampled
    assert sum(bucket.count for bucket in facets.timeline) + facets.undated == 5
    # No day counts over every match were run, to be thrown away.
    day = backend().day_expression()
    assert not [
        sql for sql in (query["sql"] for query in queries) if day in sql and "GROUP BY" in sql
    ]
    settings.ARCHIVE_EXACT_TIMELINE_LIMIT = 27
    facets = client.get(SEARCH, {"q": "climate", "sort": "oldest"}).context["results"].facets
    assert facets.approximate and not facets.timeline_sampled
    assert sum(bucket.count for bucket in facets.timeline) + facets.undated == 27
