"""What the JSON API takes and gives: its parameters and the shape of every answer.

The search parameters are the pages' public names (see archive/filters.py). They arrive here as
text and are handed to ArticleFilter unchanged, so the API and the pages validate them with the
same code; their documented types and choices are for the OpenAPI document only.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import QueryDict
from ninja import Field, Schema

from archive.filters import UNDATED_CHOICES
from archive.lib.vocabulary import DatePrecision, PartyKind
from archive.search.results import SORTS


def choices(pairs) -> dict:
    """Return the OpenAPI description of a text parameter that takes one of these values."""
    return {"enum": [value for value, _ in pairs]}


class SearchParams(Schema):
    """The search's filters: the same names and meanings as /search/."""

    q: str = Field("", description="The search, in the search box's syntax (see README).")
    from_: str = Field(
        "",
        alias="from",
        description="Published on or after this day (YYYY-MM-DD, UTC).",
        json_schema_extra={"format": "date"},
    )
    to: str = Field(
        "",
        description="Published on or before this day (YYYY-MM-DD, UTC).",
        json_schema_extra={"format": "date"},
    )
    source: list[str] = Field([], description="Source slug, repeatable: any of them.")
    party: list[str] = Field([], description="Party slug, repeatable: every one of them.")
    kind: str = Field(
        "",
        description="Mentions at least one party of this kind.",
        json_schema_extra=choices(PartyKind.choices),
    )
    place: str = Field("", description="Dateline place, case-insensitive.")
    sort: str = Field(
        "",
        description="Relevance (the default with words), newest (without) or oldest.",
        json_schema_extra=choices(SORTS),
    )
    undated: str = Field(
        "",
        description="Articles of unknown date: only those, or leave them out (kept by default).",
        json_schema_extra=choices(UNDATED_CHOICES),
    )

    def filter_data(self) -> QueryDict:
        """Return the parameters as the query string ArticleFilter reads on the pages."""
        data = QueryDict(mutable=True)
        for name, value in self.model_dump(by_alias=True).items():
            if isinstance(value, list):
                data.setlist(name, value)
            elif value:
                data[name] = value
        return data


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    per_page: int | None = Field(
        None, ge=1, le=100, description="Articles per page: the pages' 25 unless given."
    )
    cursor: str = Field(
        "",
        max_length=200,
        description="The `next` of the previous answer; it takes the place of `page`.",
    )


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = Field({}, description="What is wrong, by parameter.")


class SourceRef(Schema):
    slug: str
    name: str


class Hit(Schema):
    id: int
    title: str
    title_html: str = Field(description="The title, HTML-escaped, search words in <mark>.")
    snippet: str
    snippet_html: str = Field(description="The snippet, HTML-escaped, search words in <mark>.")
    source: SourceRef | None
    published: str | None = Field(description="ISO 8601; a date alone when only the day is known.")
    published_precision: DatePrecision | None
    dateline: str
    url: str = Field(description="This article in the API.")
    page_url: str = Field(description="This article's page in the archive.")


class SourceFacet(Schema):
    slug: str
    name: str
    count: int


class PartyFacet(Schema):
    slug: str
    name: str
    count: int
    reviewed: bool


class PlaceFacet(Schema):
    name: str
    count: int


class Facets(Schema):
    sources: list[SourceFacet]
    parties: dict[str, list[PartyFacet]] = Field(description="The most mentioned, by kind.")
    places: list[PlaceFacet]
    undated: int = Field(description="Matches whose publication date is unknown.")
    approximate: bool = Field(description="Counted over the newest `sample` matches only.")
    sample: int


class SearchAnswer(Schema):
    query: str = Field(description="The search as the archive read it.")
    sort: str
    count: int
    count_capped: bool = Field(description="There are more matches than `count`.")
    ranked: int | None = Field(description="Relevance ranked only the newest this many.")
    page: int
    page_count: int | None = Field(description="None when the last page is past the count.")
    per_page: int
    next: str | None = Field(description="A cursor for the next page, none on the last.")
    next_url: str | None
    previous_url: str | None
    results: list[Hit]
    facets: Facets


class Bucket(Schema):
    label: str
    unit: str = Field(description="The period a bucket counts: day, week, month, year...")
    start: date
    end: date = Field(description="The bucket's last day, included.")
    count: int


class Timeline(Schema):
    buckets: list[Bucket]
    undated: int = Field(description="Matches whose date is unknown: no bucket holds them.")
    sampled: bool = Field(description="Counted over the newest matches only (too many to count).")


class MentionedParty(Schema):
    slug: str
    name: str
    kind: PartyKind
    count: int = Field(description="How many times the article names the party.")
    reviewed: bool
    url: str


class Article(Schema):
    id: int
    title: str
    summary: str
    authors: list[str]
    body: str = Field(description="Paragraphs separated by a blank line.")
    paragraphs: list[str]
    published: str | None = Field(description="ISO 8601; a date alone when only the day is known.")
    published_at: datetime | None
    published_precision: DatePrecision | None
    dateline: str
    language: str
    url: str = Field(description="Where the article was published, if known.")
    source: SourceRef | None
    parties: list[MentionedParty]
    raw_document_id: int | None
    page_url: str
    raw_url: str = Field(description="The page showing the raw text and what cleaning did.")


class Party(Schema):
    slug: str
    name: str
    kind: PartyKind
    reviewed: bool
    article_count: int
    url: str
    page_url: str
    articles_url: str


class PartyList(Schema):
    count: int
    page: int
    page_count: int
    next_url: str | None
    previous_url: str | None
    results: list[Party]


class PartyDetail(Party):
    aliases: list[str]
    former_slugs: list[str]
    mention_total: int = Field(description="How many times the articles name it, in all.")


class Source(Schema):
    slug: str
    name: str
    url: str
    article_count: int
    page_url: str
    articles_url: str
