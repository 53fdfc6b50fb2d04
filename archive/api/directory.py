"""Parties and sources in the API: what a search's `party` and `source` parameters take."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect, QueryDict
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from archive.api import schemas
from archive.api.errors import BadRequest
from archive.lib.vocabulary import PartyKind
from archive.models import Article, Mention, Party, Source, unreviewed_shown

router = Router(tags=["parties and sources"])

PARTIES_PER_PAGE = 50


class PartyFilters(Schema):
    kind: PartyKind | None = Field(None, description="Only parties of this kind.")
    q: str = Field("", max_length=200, description="Only names that start with this text.")
    page: int = Field(1, ge=1, le=1_000_000)

    @field_validator("q")
    @classmethod
    def no_null_characters(cls, text: str) -> str:
        # PostgreSQL refuses them in a query; no name holds one (as Django's form fields say).
        if "\x00" in text:
            raise ValueError("Null characters are not allowed.")
        return text.strip()


def articles_url(request: HttpRequest, name: str, slug: str) -> str:
    """Return the API's search for the articles of one party or source."""
    return request.build_absolute_uri(f"{reverse('api:articles')}?{name}={slug}")


def party_data(request: HttpRequest, party: Party, article_count: int) -> dict:
    return {
        "slug": party.slug,
        "name": party.name,
        "kind": party.kind,
        "reviewed": party.reviewed,
        "article_count": article_count,
        "url": request.build_absolute_uri(reverse("api:party", args=[party.slug])),
        "page_url": request.build_absolute_uri(party.get_absolute_url()),
        "articles_url": articles_url(request, "party", party.slug),
    }


def article_counts(party_ids: list[int]) -> dict[int, int]:
    """Return how many articles mention each of these parties.

    One mention row per article and party: counting a page's parties reads the index
    mention_party_article alone, however large the archive is.
    """
    rows = (
        Mention.objects.filter(party_id__in=party_ids)
        .values("party_id")
        .annotate(n=Count("party_id"))
        .order_by()
    )
    return {row["party_id"]: row["n"] for row in rows}


def page_url(request: HttpRequest, page: int) -> str:
    params = QueryDict(request.GET.urlencode(), mutable=True)
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@router.get(
    "/parties",
    response={200: schemas.PartyList, 400: schemas.Error},
    url_name="parties",
    summary="List the parties",
)
def parties(request: HttpRequest, filters: Query[PartyFilters]):
    """Parties by name, a page at a time, with how many articles mention each."""
    parties = Party.objects.shown(unreviewed_shown(request.user)).order_by("name", "id")
    if filters.kind:
        parties = parties.filter(kind=filters.kind)
    if filters.q:
        parties = parties.filter(name__istartswith=filters.q)
    count = parties.count()
    page_count = max(1, math.ceil(count / PARTIES_PER_PAGE))
    page = min(filters.page, page_count)
    offset = (page - 1) * PARTIES_PER_PAGE
    listed = list(parties[offset : offset + PARTIES_PER_PAGE])
    counts = article_counts([party.pk for party in listed])
    return {
        "count": count,
        "page": page,
        "page_count": page_count,
        "next_url": page_url(request, page + 1) if page < page_count else None,
        "previous_url": page_url(request, page - 1) if page > 1 else None,
        "results": [party_data(request, party, counts.get(party.pk, 0)) for party in listed],
    }


@router.get(
    "/parties/{slug}",
    response={200: schemas.PartyDetail, 400: schemas.Error, 404: schemas.Error},
    url_name="party",
    summary="One party",
)
def party(request: HttpRequest, slug: str):
    """A party, its other names and its counts; a former slug redirects to the party's own."""
    try:
        validate_slug(slug)
    except DjangoValidationError:
        raise BadRequest(
            "This is not a slug.", {"slug": ["Use letters, numbers, hyphens and underscores."]}
        ) from None
    try:
        found, former = Party.objects.shown_from_slug(slug, unreviewed_shown(request.user))
    except Party.DoesNotExist:
        raise Http404("No party has this slug.") from None
    if former:
        return HttpResponsePermanentRedirect(reverse("api:party", args=[found.slug]))
    counted = Party.objects.with_mention_counts().get(pk=found.pk)
    return {
        **party_data(request, found, counted.article_count),
        "aliases": list(found.aliases.values_list("name", flat=True)),
        "former_slugs": list(found.slug_redirects.values_list("old_slug", flat=True)),
        "mention_total": counted.mention_total,
    }


@router.get(
    "/sources",
    response={200: list[schemas.Source]},
    url_name="sources",
    summary="List the sources",
)
def sources(request: HttpRequest):
    """Every source by name, with how many articles it has."""
    # One pass over the index article_source_published; the sources are few.
    counts = dict(
        Article.objects.exclude(source=None)
        .values_list("source_id")
        .annotate(n=Count("source_id"))
        .order_by()
    )
    return [
        {
            "slug": source.slug,
            "name": source.name,
            "url": source.url,
            "article_count": counts.get(source.pk, 0),
            "page_url": request.build_absolute_uri(source.get_absolute_url()),
            "articles_url": articles_url(request, "source", source.slug),
        }
        for source in Source.objects.order_by("name")
    ]
