"""Articles in the API: a search's results, facets and timeline, and one article.

A search goes through the pages' code: ArticleFilter validates and filters, run_search ranks,
pages, snippets and counts facets. Only the answer's shape is the API's own.
"""

from __future__ import annotations

import hashlib
import html
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from binascii import Error as Base64Error

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from ninja import Path, Query, Router

from archive.api import schemas
from archive.api.errors import BadRequest
from archive.filters import ArticleFilter
from archive.lib.dates import iso_published
from archive.models import Article, Mention, Party, unreviewed_shown
from archive.search.facets import Facets
from archive.search.results import NEWEST, Cursor, Hit, SearchResults, run_search

router = Router(tags=["articles"])

# The largest id either engine stores (a bigint); larger numbers cannot name an article.
MAX_ID = 2**63 - 1
KIND_OF_LABEL = {label: kind for kind, label in Party.Kind.choices}


def valid_search(params: schemas.SearchParams) -> ArticleFilter:
    """Return the search's FilterSet, validated as the search page validates it."""
    filterset = ArticleFilter(params.filter_data(), queryset=Article.objects.all())
    if not filterset.is_valid():
        raise BadRequest.from_form(filterset.errors)
    return filterset


def search_key(data: QueryDict) -> str:
    """Return a digest of a search's parameters: a cursor holds it, to serve its search only."""
    canonical = json.dumps(sorted((name, sorted(data.getlist(name))) for name in data))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def cursor_for(results: SearchResults, key: str) -> str | None:
    """Return the opaque cursor of the page after these results (None on the last page).

    It holds the page's number, and past the counting limit the last row's place in the date
    order, which run_search pages on (keyset) instead of skipping rows.
    """
    if not results.has_next or not results.hits:
        return None
    position = str(results.next_cursor) if results.next_cursor else ""
    text = f"{results.page + 1}|{position}|{key}"
    return urlsafe_b64encode(text.encode()).decode().rstrip("=")


def read_cursor(token: str, key: str) -> tuple[int, Cursor | None]:
    """Return the page number and keyset position a cursor holds; a 400 when it is not one."""
    unusable = BadRequest(
        "This cursor cannot be used.",
        {"cursor": ["Not a cursor this API gave out for this search: follow `next_url`."]},
    )
    try:
        text = urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        page_text, position, token_key = text.split("|")
        page = int(page_text)
    except (Base64Error, UnicodeDecodeError, ValueError):
        raise unusable from None
    cursor = Cursor.parse(position) if position else None
    if token_key != key or not 1 <= page <= 1_000_000 or (position and cursor is None):
        raise unusable
    return page, cursor


def search_url(request: HttpRequest, data: QueryDict, **changes: str) -> str:
    """Return the absolute URL of the article search with these parameters."""
    params = data.copy()
    for name, value in changes.items():
        params[name] = value
    return request.build_absolute_uri(f"{reverse('api:articles')}?{params.urlencode()}")


def unmarked(marked: str) -> str:
    """Return the plain text of a marked HTML snippet (escaped text and <mark> elements only)."""
    return html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))


def source_data(source) -> dict | None:
    return {"slug": source.slug, "name": source.name} if source else None


def hit_data(request: HttpRequest, hit: Hit) -> dict:
    article = hit.article
    return {
        "id": article.pk,
        "title": unmarked(hit.title),
        "title_html": str(hit.title),
        "snippet": unmarked(hit.snippet),
        "snippet_html": str(hit.snippet),
        "source": source_data(article.source),
        "published": iso_published(article.published_at, article.published_precision),
        "published_precision": article.published_precision or None,
        "dateline": article.dateline,
        "url": request.build_absolute_uri(reverse("api:article", args=[article.pk])),
        "page_url": request.build_absolute_uri(article.get_absolute_url()),
    }


def facets_data(facets: Facets) -> dict:
    return {
        "sources": [
            {"slug": value.value, "name": value.label, "count": value.count}
            for value in facets.sources
        ],
        "parties": {
            KIND_OF_LABEL.get(label, label): [
                {
                    "slug": value.value,
                    "name": value.label,
                    "count": value.count,
                    "reviewed": value.reviewed,
                }
                for value in values
            ]
            for label, values in facets.parties.items()
        },
        "places": [{"name": value.label, "count": value.count} for value in facets.places],
        "undated": facets.undated,
        "approximate": facets.approximate,
        "sample": facets.sample,
    }


@router.get(
    "/articles",
    response={200: schemas.SearchAnswer, 400: schemas.Error},
    url_name="articles",
    summary="Search the articles",
)
def articles(
    request: HttpRequest,
    search: Query[schemas.SearchParams],
    paging: Query[schemas.Paging],
):
    """The matches of a search, a page at a time, with snippets, counts and facets.

    Follow `next_url` (or pass `next` as `cursor`) for the next page: deep pages are read
    from the last row of the page before, so they cost no more than the first.
    """
    filterset = valid_search(search)
    data = search.filter_data()
    per_page = paging.per_page or settings.ARTICLES_PER_PAGE
    if paging.per_page:
        data["per_page"] = str(per_page)  # in the next page's URL, and in its cursor's key
    key = search_key(data)
    page, cursor = read_cursor(paging.cursor, key) if paging.cursor else (paging.page, None)
    results = run_search(
        filterset.qs,
        filterset.query,
        sort=filterset.form.cleaned_data.get("sort"),
        page=page,
        cursor=cursor,
        per_page=per_page,
        unreviewed=unreviewed_shown(request.user),
    )
    next_cursor = cursor_for(results, key)
    return {
        "query": str(results.query),
        "sort": results.sort,
        "count": results.count,
        "count_capped": results.count_capped,
        "ranked": results.ranked,
        "page": results.page,
        "page_count": results.page_count,
        "per_page": per_page,
        "next": next_cursor,
        "next_url": search_url(request, data, cursor=next_cursor) if next_cursor else None,
        "previous_url": (
            search_url(request, data, page=str(results.page - 1)) if results.page > 1 else None
        ),
        "results": [hit_data(request, hit) for hit in results.hits],
        "facets": facets_data(results.facets),
    }


@router.get(
    "/timeline",
    response={200: schemas.Timeline, 400: schemas.Error},
    url_name="timeline",
    summary="Count a search's articles over time",
)
def timeline(request: HttpRequest, search: Query[schemas.SearchParams]):
    """The timeline of a search as its page draws it: one bucket per period, and the undated."""
    filterset = valid_search(search)
    # The order does not change the counts; a date order spares ranking the matches.
    results = run_search(
        filterset.qs,
        filterset.query,
        sort=NEWEST,
        per_page=1,
        unreviewed=unreviewed_shown(request.user),
    )
    facets = results.facets
    return {
        "buckets": [
            {
                "label": bucket.label,
                "unit": bucket.unit,
                "start": bucket.start,
                "end": bucket.end,
                "count": bucket.count,
            }
            for bucket in facets.timeline
        ],
        "undated": facets.undated,
        "sampled": facets.timeline_sampled,
    }


@router.get(
    "/articles/{article_id}",
    response={200: schemas.Article, 400: schemas.Error, 404: schemas.Error},
    url_name="article",
    summary="One article",
)
def article(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """The clean article, its source, the parties it mentions and its raw document's id."""
    mentions = (
        Mention.objects.shown(unreviewed_shown(request.user))
        .select_related("party")
        .order_by("-count", "party__name")
    )
    found = (
        Article.objects.select_related("source")
        .defer("cleaning_segments")
        .prefetch_related(Prefetch("mentions", queryset=mentions))
        .filter(pk=article_id)
        .first()
    )
    if found is None:
        raise Http404("No article has this id.")
    return article_data(request, found)


def article_data(request: HttpRequest, article: Article) -> dict:
    absolute = request.build_absolute_uri
    return {
        "id": article.pk,
        "title": article.title,
        "summary": article.summary,
        "authors": article.authors,
        "body": article.body,
        "paragraphs": article.paragraphs,
        "published": iso_published(article.published_at, article.published_precision),
        "published_at": article.published_at,
        "published_precision": article.published_precision or None,
        "dateline": article.dateline,
        "language": article.language,
        "url": article.url,
        "source": source_data(article.source),
        "parties": [
            {
                "slug": mention.party.slug,
                "name": mention.party.name,
                "kind": mention.party.kind,
                "count": mention.count,
                "reviewed": mention.party.reviewed,
                "url": absolute(reverse("api:party", args=[mention.party.slug])),
            }
            for mention in article.mentions.all()
        ],
        "raw_document_id": article.raw_document_id,
        "page_url": absolute(article.get_absolute_url()),
        "raw_url": absolute(reverse("archive:article_raw", args=[article.pk])),
    }
