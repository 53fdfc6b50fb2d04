"""Pages of the archive: thin views that read querysets and render templates."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from archive.models import Article, IngestRun, Mention, Party, RawDocument, Source

LABEL_NAMES = {
    "title": "title",
    "teaser": "teaser (repeats the body)",
    "byline": "byline",
    "date": "date line",
    "dateline": "dateline",
    "repeat": "repeated text",
    "boilerplate": "boilerplate",
}


def paginate(request: HttpRequest, queryset):
    """Return the page of queryset the request asks for; a bad page number gives the nearest."""
    paginator = Paginator(queryset, settings.ARTICLES_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Article.objects.with_listing().latest_first())
    context = {
        "page": page,
        "article_count": page.paginator.count,
        "last_run": IngestRun.objects.first(),
        "failed_count": RawDocument.objects.failed().count(),
    }
    return render(request, "archive/home.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentions = Mention.objects.select_related("party").order_by("party__kind", "-count")
    article = get_object_or_404(
        Article.objects.select_related("source", "raw_document")
        .defer("raw_document__content")
        .prefetch_related(Prefetch("mentions", queryset=mentions)),
        pk=pk,
    )
    duplicates = RawDocument.objects.filter(duplicate_of=article).defer("content")
    context = {"article": article, "duplicates": duplicates}
    return render(request, "archive/article_detail.html", context)


def article_raw(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("raw_document", "source"), pk=pk)
    segments = article.marked_segments()
    legend = {(s["effect"], s["label"]) for s in segments if s["effect"] != "kept"}
    context = {
        "article": article,
        "raw": article.raw_document,
        "segments": segments,
        "legend": [
            {"effect": effect, "label": label, "name": LABEL_NAMES.get(label, label)}
            for effect, label in sorted(legend)
        ],
    }
    return render(request, "archive/article_raw.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.prefetch_related("aliases"), slug=slug)
    page = paginate(request, source.articles.with_listing().latest_first())
    return render(request, "archive/source_detail.html", {"source": source, "page": page})


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party.objects.prefetch_related("aliases"), slug=slug)
    articles = Article.objects.with_listing().filter(mentions__party=party).latest_first()
    page = paginate(request, articles)
    return render(request, "archive/party_detail.html", {"party": party, "page": page})
