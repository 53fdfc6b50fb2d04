"""Pages of the archive: thin views that validate input, call the search API and render."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max, Min, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from archive.article_text import article_paragraphs
from archive.filters import ArticleFilter
from archive.lib.vocabulary import SegmentLabel
from archive.links import SearchLinks
from archive.models import (
    Article,
    IngestRun,
    Mention,
    Party,
    PendingDiscovery,
    RawDocument,
    Source,
    unreviewed_shown,
)
from archive.pickers import answer_picked_names, source_names
from archive.search import QueryError, backend, parse_query
from archive.search.query import Query
from archive.search.results import SORTS, Cursor, run_search
from archive.search.text import marked_html
from archive.timelines import timeline_figure

LATEST_ON_PAGE = 10


def page_number(request: HttpRequest) -> int:
    """Return the page asked for; anything that is not a positive number means the first."""
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1_000_000))
    except ValueError:
        return 1


def home(request: HttpRequest) -> HttpResponse:
    results = run_search(
        Article.objects.all(),
        Query(),
        per_page=LATEST_ON_PAGE,
        unreviewed=unreviewed_shown(request.user),
    )
    links = SearchLinks(reverse("archive:search"), {})
    span = Article.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
    context = {
        "results": results,
        "article_count": Article.objects.count(),
        "undated_count": Article.objects.filter(published_at=None).count(),
        "undated_url": links.replaced(undated="only"),
        "span": span,
        "chart": timeline_figure(results.facets, links),
        "facets": links.facet_links(results.facets, {}),
        "newest_url": links.replaced(sort="newest"),
        "ingestion": ingestion_log() if request.user.is_staff else None,
    }
    return render(request, "archive/home.html", context)


def ingestion_log() -> dict:
    """Return the recent ingest runs and what waits for staff: for staff's eyes only."""
    return {
        "runs": IngestRun.objects.all()[:5],
        "failed_count": RawDocument.objects.failed().count(),
        "pending_discovery": PendingDiscovery.objects.count(),
    }


def search(request: HttpRequest) -> HttpResponse:
    answer = answer_picked_names(request)  # a source or party typed by name, without JavaScript
    if answer is not None:
        return answer
    filterset = ArticleFilter(request.GET, queryset=Article.objects.all())
    links = SearchLinks(request.path, request.GET)
    context = {
        "filterset": filterset,
        "links": links,
        "sorts": SORTS,
        "source_names": source_names(),
    }
    if not filterset.is_valid():
        return render(request, "archive/search.html", context, status=400)
    if (current := filterset.current_party_slugs()) is not None:
        return redirect(links.url(links.changed(drop_paging=False, party=current)))
    data = filterset.form.cleaned_data
    results = run_search(
        filterset.qs,
        filterset.query,
        sort=data.get("sort"),
        page=page_number(request),
        cursor=Cursor.parse(request.GET.get("after")),
        unreviewed=unreviewed_shown(request.user),
    )
    next_cursor = str(results.next_cursor) if results.next_cursor else ""
    context.update(
        results=results,
        start=(results.page - 1) * settings.ARTICLES_PER_PAGE + 1,
        urls={
            "csv": links.export(reverse("archive:export_csv")),
            "jsonl": links.export(reverse("archive:export_jsonl")),
            "feed": links.export(reverse("archive:feed")),
            "newest": links.replaced(sort="newest"),
            "previous": links.page(results.page - 1),
            "next": links.page(results.page + 1, after=next_cursor),
        },
        chosen=links.chosen(data),
        chart=timeline_figure(results.facets, links),
        facets=links.facet_links(results.facets, data),
        highlight=str(filterset.query) if filterset.query else "",
    )
    return render(request, "archive/search.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentions = (
        Mention.objects.shown(unreviewed_shown(request.user))
        .select_related("party")
        .order_by("party__kind", "-count")
    )
    article = get_object_or_404(
        Article.objects.select_related("source", "raw_document")
        .defer("raw_document__content")
        .prefetch_related(Prefetch("mentions", queryset=mentions)),
        pk=pk,
    )
    duplicates = RawDocument.objects.filter(duplicate_of=article).defer("content")
    marked = marked_article(article, request.GET.get("q", ""))
    context = {
        "article": article,
        "duplicates": duplicates,
        "related": Article.objects.related_to(article),
        "marked": marked,
        "paragraphs": article_paragraphs(article, marked["body"] if marked else None),
    }
    return render(request, "archive/article_detail.html", context)


def marked_article(article: Article, text: str) -> dict | None:
    """Return the title, summary and paragraphs with a search's matches marked, if it matches."""
    try:
        query = parse_query(text)
    except QueryError:
        return None
    if not query:
        return None
    marked = backend().highlight(article.pk, query)
    if marked is None:
        return None
    title, summary, body = marked
    return {
        "query": str(query),
        "search_url": SearchLinks(reverse("archive:search"), {"q": [str(query)]}).url(),
        "title": marked_html(title),
        "summary": marked_html(summary),
        "body": body,
    }


def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("raw_document", "source"), pk=pk)
    segments = article.marked_segments()
    legend = {(s["effect"], s["label"]) for s in segments if s["effect"] != "kept"}
    context = {
        "article": article,
        "raw": article.raw_document,
        "segments": segments,
        "legend": [
            {"effect": effect, "label": label, "name": SegmentLabel(label).label}
            for effect, label in sorted(legend)
        ],
    }
    return render(request, "archive/article_raw.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.prefetch_related("aliases"), slug=slug)
    context = coverage(request, source.articles.all(), {"source": [source.slug]})
    context["source"] = source
    context["facets_heading"] = f"Most present in {source.name}"
    return render(request, "archive/source_detail.html", context)


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        party, former_slug = Party.objects.shown_from_slug(slug, unreviewed_shown(request.user))
    except Party.DoesNotExist:
        raise Http404("No party has this name.") from None
    if former_slug:
        return redirect(party, permanent=True)
    articles = Article.objects.filter(id__in=Mention.objects.filter(party=party).values("article"))
    context = coverage(request, articles, {"party": [party.slug]}, leave_out=party.slug)
    context["party"] = party
    context["facets_heading"] = f"Most often mentioned with {party.name}"
    return render(request, "archive/party_detail.html", context)


def coverage(request: HttpRequest, articles, params: dict, leave_out: str = "") -> dict:
    """Return what a source or party page shows: latest articles, timeline, facets.

    leave_out is the slug of the page's own party, which every one of its articles mentions.
    """
    results = run_search(
        articles, Query(), per_page=LATEST_ON_PAGE, unreviewed=unreviewed_shown(request.user)
    )
    parties = results.facets.parties
    for kind, values in list(parties.items()):
        parties[kind] = [value for value in values if value.value != leave_out]
        if not parties[kind]:
            del parties[kind]
    links = SearchLinks(reverse("archive:search"), params)
    return {
        "results": results,
        "links": links,
        "all_url": links.url(),
        "chart": timeline_figure(results.facets, links),
        "facets": links.facet_links(results.facets, {}),
    }
