"""The timeline of a search, its counts as CSV, and two or three searches compared over time.

A search's timeline is drawn from the facets its page already counted; the CSV counts every
match again, exactly (an explicit download may take longer than a page). The comparison
("attention over time") counts each search text under the same filters, and the articles those
filters leave without any text, so that each period also reads as a share of all its articles.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from archive.charts import Chart, line_charts, timeline_charts
from archive.exports import spreadsheet_safe
from archive.filters import ArticleFilter
from archive.lib.periods import Unit, end_of, fitting_unit, start_of
from archive.links import SearchLinks
from archive.models import Article
from archive.search import QueryError, parse_query
from archive.search.facets import Bucket, Facets, day_counts, regroup

MAX_SERIES = 3
COUNT, SHARE = "count", "share"
MEASURES = {COUNT: "Articles", SHARE: "Share of all articles"}
CSV_UNITS = [unit.value for unit in Unit]
# Not filters: how a page is shown, or what is compared.
NOT_FILTERS = ("q", "measure", "sort", "page", "after", "unit")


@dataclass
class UndatedNote:
    """How many matches have no known date (no bar holds them), with links to show or hide them."""

    count: int
    choice: str  # "", "only" or "exclude": the search's `undated` parameter
    only_url: str
    exclude_url: str
    include_url: str


@dataclass
class TimelineFigure:
    wide: Chart | None  # None when no match has a date
    narrow: Chart | None
    undated: UndatedNote
    csv_url: str
    compare_url: str


def undated_note(facets: Facets, links: SearchLinks) -> UndatedNote:
    """Return the count of undated matches with the links that include only them or none."""
    choice = (links.params.get("undated") or [""])[0]
    return UndatedNote(
        count=facets.undated,
        choice=choice if choice in ("only", "exclude") else "",
        only_url=links.replaced(undated="only", **{"from": "", "to": ""}),
        exclude_url=links.replaced(undated="exclude"),
        include_url=links.replaced(undated=""),
    )


def timeline_figure(facets: Facets, links: SearchLinks) -> TimelineFigure:
    """Return what a page shows of its timeline: charts, undated matches, CSV and compare links."""
    charts = timeline_charts(facets.timeline, links.for_bucket)
    wide, narrow = charts if charts else (None, None)
    compare = SearchLinks(reverse("archive:compare"), links.changed(sort=[]))
    return TimelineFigure(
        wide=wide,
        narrow=narrow,
        undated=undated_note(facets, links),
        csv_url=links.export(reverse("archive:timeline_csv")),
        compare_url=compare.url(),
    )


class CountError(ValueError):
    """A count cannot be made as asked; the message says what to change."""


def bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def csv_unit(request: HttpRequest) -> Unit | None:
    """Return the period the CSV is asked to count by (None: the one the chart draws)."""
    asked = request.GET.get("unit", "")
    if asked and asked not in CSV_UNITS:
        raise CountError(f"unit: choose one of {', '.join(CSV_UNITS)}.")
    return Unit(asked) if asked else None


def periods(days: dict[str, int], unit: Unit, first: date, last: date) -> list[Bucket]:
    """Return the buckets of unit from first to last holding these day counts."""
    return regroup({date.fromisoformat(day): n for day, n in days.items()}, first, last, unit)


def csv_response(rows: Iterable[list], name: str) -> HttpResponse:
    """Return rows as a CSV download (with a BOM, so spreadsheets read UTF-8)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(row)
    return response


def timeline_csv(request: HttpRequest) -> HttpResponse:
    """Count every match of a search per period (exactly, not capped): start,end,label,count."""
    filterset = ArticleFilter(request.GET, queryset=Article.objects.all())
    if not filterset.is_valid():
        return bad_request(f"This search cannot be counted: {filterset.form.errors_in_a_line()}")
    try:
        unit = csv_unit(request)
    except CountError as error:
        return bad_request(f"This search cannot be counted: {error}")
    days, undated = day_counts(filterset.qs)
    rows = [["start", "end", "label", "count"]]
    if days:
        first, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
        unit = unit or fitting_unit(first, last)
        rows += [
            [bucket.start.isoformat(), bucket.end.isoformat(), bucket.label, bucket.count]
            for bucket in periods(days, unit, first, last)
        ]
    rows.append(["", "", "date unknown", undated])
    return csv_response(rows, f"news-archive-timeline-{unit or Unit.DAY}s.csv")


@dataclass
class Series:
    number: int
    text: str  # the search text as the reader typed it
    search_url: str
    days: dict[str, int]
    undated: int
    counts: list[int] = field(default_factory=list)  # per period
    # Of all articles in the period; None where the period has none (no share to speak of).
    shares: list[float | None] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Cell:
    """One search in one period: its articles, their share of all, and the link to them."""

    count: int
    share: float | None  # None: the period has no article at all
    url: str

    @property
    def share_text(self) -> str:
        return "—" if self.share is None else percent(self.share)


@dataclass
class Row:
    """One period of the comparison's table."""

    bucket: Bucket
    everything: int  # all articles under the filters in the period
    cells: list[Cell]


@dataclass
class Comparison:
    """Two or three search texts counted per period under the same filters."""

    texts: list[str]
    measure: str
    filters: QueryDict  # every parameter but the texts and the measure
    series: list[Series] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)  # all articles under the filters
    undated: int = 0  # all articles under the filters with no known date
    chosen: list = field(default_factory=list)  # the filters in force, as on the search page

    @property
    def unit(self) -> Unit | None:
        return self.buckets[0].unit if self.buckets else None

    def rows(self) -> list[Row]:
        """Return the table: per period, each search's count and share, and all articles."""
        return [
            Row(
                bucket,
                bucket.count,
                [
                    Cell(
                        series.counts[index], series.shares[index], self.search_url(series, bucket)
                    )
                    for series in self.series
                ],
            )
            for index, bucket in enumerate(self.buckets)
        ]

    def search_url(self, series: Series, bucket: Bucket) -> str:
        """Return the search page of one series narrowed to one period."""
        params = {name: self.filters.getlist(name) for name in self.filters}
        links = SearchLinks(reverse("archive:search"), {**params, "q": [series.text]})
        return links.for_bucket(bucket)


def read_comparison(params: QueryDict) -> Comparison:
    """Read the texts to compare, the measure and the shared filters; raise what is wrong."""
    texts = [text.strip() for text in params.getlist("q") if text.strip()]
    if len(texts) > MAX_SERIES:
        raise CountError(f"Compare at most {MAX_SERIES} searches at once.")
    for number, text in enumerate(texts, start=1):
        try:
            if not parse_query(text):
                raise QueryError("it has no words to search for")
        except QueryError as error:
            raise CountError(f"Search {number} (“{text[:100]}”) cannot be run: {error}") from None
    measure = params.get("measure") or COUNT
    if measure not in MEASURES:
        raise CountError(f"measure: choose “{COUNT}” or “{SHARE}”.")
    return Comparison(texts, measure, shared(params))


def shared(params: QueryDict) -> QueryDict:
    """Return the parameters every compared search shares: all but the texts and the view's."""
    filters = params.copy()
    for name in NOT_FILTERS:
        filters.pop(name, None)
    return filters


def count_comparison(comparison: Comparison) -> Comparison:
    """Count every series and all articles under the filters per period (exact counts)."""
    everything = ArticleFilter(comparison.filters, queryset=Article.objects.all())
    if not everything.is_valid():
        raise CountError(f"These filters cannot be used: {everything.form.errors_in_a_line()}")
    comparison.chosen = SearchLinks(reverse("archive:compare"), comparison.filters).chosen(
        everything.form.cleaned_data
    )
    for number, text in enumerate(comparison.texts, start=1):
        params = comparison.filters.copy()
        params.setlist("q", [text])
        filterset = ArticleFilter(params, queryset=Article.objects.all())
        filterset.is_valid()  # it is: the text and the filters were each checked above
        days, undated = day_counts(filterset.qs)
        url = SearchLinks(reverse("archive:search"), params).url()
        comparison.series.append(Series(number, text, url, days, undated))
    dated = [day for series in comparison.series for day in series.days]
    if not dated:
        return comparison
    first, last = date.fromisoformat(min(dated)), date.fromisoformat(max(dated))
    unit = fitting_unit(first, last)
    all_days, comparison.undated = day_counts(everything.qs)
    # Every article of the periods drawn, not only of the days the searches' matches span:
    # a month's share is of the whole month.
    opens = start_of(first, unit).isoformat()
    closes = end_of(start_of(last, unit), unit).isoformat()
    within = {day: n for day, n in all_days.items() if opens <= day <= closes}
    comparison.buckets = periods(within, unit, first, last)
    for series in comparison.series:
        series.counts = [bucket.count for bucket in periods(series.days, unit, first, last)]
        series.shares = [
            count / bucket.count if bucket.count else None
            for count, bucket in zip(series.counts, comparison.buckets, strict=True)
        ]
    return comparison


def compare(request: HttpRequest) -> HttpResponse:
    """Draw two or three searches over time on one chart, as counts or shares, with a table."""
    context: dict = {"max_series": MAX_SERIES}
    try:
        comparison = count_comparison(read_comparison(request.GET))
    except CountError as error:
        texts = request.GET.getlist("q")[:MAX_SERIES]
        context.update(error=str(error), fields=field_values(texts), filters=shared(request.GET))
        return render(request, "archive/compare.html", context, status=400)
    share = comparison.measure == SHARE
    values = [series.shares if share else series.counts for series in comparison.series]
    starts = [bucket.start for bucket in comparison.buckets]
    charts = line_charts(starts, comparison.unit, values) if starts else None
    for chart in charts or ():
        chart.peak_label = percent(chart.peak) if share else f"{int(chart.peak):,}"
    here = {name: request.GET.getlist(name) for name in request.GET}
    links = SearchLinks(request.path, here)
    context.update(
        comparison=comparison,
        fields=field_values(comparison.texts),
        filters=comparison.filters,
        charts=charts,
        rows=comparison.rows(),
        measure_label=MEASURES[comparison.measure],
        measure_links=[
            (
                label,
                links.replaced(measure="" if name == COUNT else name),
                name == comparison.measure,
            )
            for name, label in MEASURES.items()
        ],
        csv_url=SearchLinks(reverse("archive:compare_csv"), here).url(),
    )
    return render(request, "archive/compare.html", context)


def percent(share: float) -> str:
    """Return a share as a percentage with the digits that matter for small shares."""
    if share == 0:
        return "0%"
    return f"{share:.1%}" if share >= 0.01 else f"{share:.2%}"


def field_values(texts: list[str]) -> list[str]:
    """Return the values of the form's search fields: the texts, then blanks up to the most."""
    return [*texts, *[""] * (MAX_SERIES - len(texts))][: max(MAX_SERIES, len(texts))]


def compare_csv(request: HttpRequest) -> HttpResponse:
    """The comparison's numbers: per period, all articles and each search's count and share."""
    try:
        comparison = count_comparison(read_comparison(request.GET))
    except CountError as error:
        return bad_request(str(error))
    if not comparison.texts:
        return bad_request("q: give the searches to compare, e.g. ?q=climate&q=flood.")
    header = ["start", "end", "label", "all_articles"]
    for series in comparison.series:
        header += [f"count: {series.text}", f"share: {series.text}"]
    rows = [header]
    for row in comparison.rows():
        line = [row.bucket.start.isoformat(), row.bucket.end.isoformat(), row.bucket.label]
        line.append(row.everything)
        for cell in row.cells:
            line += [cell.count, "" if cell.share is None else f"{cell.share:.6f}"]
        rows.append(line)
    undated = ["", "", "date unknown", comparison.undated]
    for series in comparison.series:
        undated += [series.undated, ""]
    rows.append(undated)
    safe = ([spreadsheet_safe(cell) for cell in row] for row in rows)
    return csv_response(safe, "news-archive-compare.csv")
