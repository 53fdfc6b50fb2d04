"""Take a search away: every matching article as CSV or JSON Lines (streamed), or an Atom feed."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from archive.feeds import ReadableAtom1Feed, feed_stylesheets
from archive.filters import ArticleFilter
from archive.lib.dates import iso_published
from archive.links import SearchLinks
from archive.models import Article, Mention, unreviewed_shown
from archive.search.results import DATE_ORDER, NEWEST, OLDEST, shorten

COLUMNS = [
    "id",
    "title",
    "source",
    "published",
    "dateline",
    "authors",
    "parties",
    "party_slugs",
    "summary",
    "body",
    "language",
    "original_url",
    "archive_url",
    "search_url",
    "exported_at",
]
FEED_ITEMS = 50
CHUNK = 1000


class InvalidSearch(ValueError):
    """The search parameters do not validate; the message says what to fix."""


class Export:
    """The matching articles of a valid search, in date order, with where and when they came."""

    def __init__(self, request: HttpRequest) -> None:
        filterset = ArticleFilter(request.GET, queryset=Article.objects.all())
        if not filterset.is_valid():
            raise InvalidSearch(f"This search cannot be run: {filterset.form.errors_in_a_line()}")
        self.request = request
        self.filterset = filterset
        search = SearchLinks(reverse("archive:search"), request.GET)
        self.search_url = request.build_absolute_uri(search.url(search.changed()))
        self.exported_at = timezone.now().isoformat(timespec="seconds")
        # Relevance ranks a capped set only; an export holds every match, newest first.
        sort = OLDEST if filterset.form.cleaned_data.get("sort") == OLDEST else NEWEST
        mentions = (
            Mention.objects.shown(unreviewed_shown(request.user))
            .select_related("party")
            .order_by("-count", "party__name")
        )
        self.articles = (
            filterset.qs.select_related("source")
            .prefetch_related(Prefetch("mentions", queryset=mentions))
            .order_by(*DATE_ORDER[sort])
        )

    def records(self) -> Iterator[dict]:
        for article in self.articles.iterator(chunk_size=CHUNK):
            yield {
                "id": article.pk,
                "title": article.title,
                "source": article.source.name if article.source else "",
                "published": iso_published(article.published_at, article.published_precision) or "",
                "dateline": article.dateline,
                "authors": article.authors,
                "parties": [
                    {
                        "slug": m.party.slug,
                        "name": m.party.name,
                        "kind": m.party.kind,
                        "mentions": m.count,
                        "reviewed": m.party.reviewed,
                    }
                    for m in article.mentions.all()
                ],
                "summary": article.summary,
                "body": article.body,
                "language": article.language,
                "original_url": article.url,
                "archive_url": self.request.build_absolute_uri(article.get_absolute_url()),
                "search_url": self.search_url,
                "exported_at": self.exported_at,
            }

    def filename(self, extension: str) -> str:
        stamp = self.exported_at[:19].replace(":", "").replace("-", "")
        return f"news-archive-{stamp}.{extension}"


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"); the
# text of scraped articles is nobody's to run, so such a cell starts with an apostrophe, which
# spreadsheets hide. JSON Lines keeps every text exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Echo:
    """A file-like object whose write returns what it was given (for csv.writer streaming)."""

    def write(self, value: str) -> str:
        return value


def invalid_search(error: InvalidSearch) -> HttpResponse:
    return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


def export_csv(request: HttpRequest) -> HttpResponse:
    try:
        export = Export(request)
    except InvalidSearch as error:
        return invalid_search(error)
    writer = csv.writer(Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(COLUMNS)  # a BOM, so spreadsheets read UTF-8
        for record in export.records():
            record["authors"] = "; ".join(record["authors"])
            # Slugs are what the search's `party` parameter and the API take, in the same order.
            record["party_slugs"] = "; ".join(party["slug"] for party in record["parties"])
            record["parties"] = "; ".join(
                f"{party['name']} ({party['kind']}{'' if party['reviewed'] else ', unreviewed'})"
                for party in record["parties"]
            )
            yield writer.writerow([spreadsheet_safe(record[column]) for column in COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename("csv")}"'
    return response


def export_jsonl(request: HttpRequest) -> HttpResponse:
    try:
        export = Export(request)
    except InvalidSearch as error:
        return invalid_search(error)
    lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in export.records())
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename("jsonl")}"'
    return response


class SearchFeed(Feed):
    """The newest matches of a search, to follow in a feed reader."""

    feed_type = ReadableAtom1Feed

    def get_object(self, request: HttpRequest) -> Export:
        return Export(request)

    def title(self, export: Export) -> str:
        query = str(export.filterset.query)
        return f"News Archive: {query}" if query else "News Archive: latest articles"

    def subtitle(self, export: Export) -> str:
        return f"The {FEED_ITEMS} newest articles of a search in the archive."

    def link(self, export: Export) -> str:
        return export.search_url

    def stylesheets(self, export: Export) -> list:
        return feed_stylesheets()

    def feed_url(self, export: Export) -> str:
        return export.request.build_absolute_uri()

    def items(self, export: Export):
        return export.filterset.qs.select_related("source").order_by(*DATE_ORDER[NEWEST])[
            :FEED_ITEMS
        ]

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return shorten(article.summary or article.body, 400)

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str:
        return ", ".join(article.authors) or (article.source.name if article.source else "")


def feed(request: HttpRequest) -> HttpResponse:
    try:
        return SearchFeed()(request)
    except InvalidSearch as error:
        return invalid_search(error)
