"""Articles, their mentions and the articles waiting for the statistical layer.

Each holds a million rows or ten: their lists are LargeTableAdmin lists (see lists.py), the
article search goes through the archive's full-text index, and foreign keys are picked by
autocomplete or by id, never from a menu of every record.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.db import DatabaseError
from django.db.models import Count, F, Value
from django.db.models.functions import Greatest, Substr
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from archive.admin import records
from archive.admin.forms import ArticleAdminForm
from archive.admin.lists import (
    LanguageFilter,
    LargeTableAdmin,
    PublishedFilter,
    ShortListFilter,
    found_by_search,
)
from archive.curation import reapply_parties
from archive.lib.sentences import sentence_around
from archive.models import Article, Mention, Party, PendingDiscovery
from archive.search import QueryError, backend, in_ids, matching, parse_query
from archive.search.plan import TEXT, plan_search

# Gathering a search's matches (up to the counting limit) may take this long before the list
# counts only its first page's.
SEARCH_TIME_LIMIT_MS = 150
# How much of the body on each side of a mention is read to find the sentence it is in.
CONTEXT_REACH = 300


class MentionInline(admin.TabularInline):
    """An article's parties, each with the sentence where the body first names it."""

    model = Mention
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "count", "context"]
    readonly_fields = ["context"]  # the span is written by extraction

    def get_queryset(self, request: HttpRequest):
        # Only the stretch of the body around each mention, not the body once per mention.
        return (
            super()
            .get_queryset(request)
            .annotate(
                context_start=Greatest(F("first_offset") - CONTEXT_REACH, Value(0)),
                context_text=Substr(
                    "article__body",
                    Greatest(F("first_offset") - CONTEXT_REACH + 1, Value(1)),
                    2 * CONTEXT_REACH + F("first_length"),
                ),
            )
        )

    @admin.display(description="where the text first names it")
    def context(self, mention: Mention) -> SafeString | str:
        if mention.pk is None or not hasattr(mention, "context_text"):
            return "—"
        start = mention.first_offset - mention.context_start
        text, length = mention.context_text, mention.first_length
        if not length or text[start : start + length] != mention.surface:
            return "Not in the text as it stands (the headline may name it, or the text changed)."
        before, surface, after = sentence_around(
            text,
            start,
            mention.first_length,
            starts_text=mention.context_start == 0,
            ends_text=len(text) < 2 * CONTEXT_REACH + mention.first_length,
        )
        return format_html(
            '<span class="mention-context">{}<mark>{}</mark>{}</span>', before, surface, after
        )


@admin.register(Article)
class ArticleAdmin(LargeTableAdmin):
    form = ArticleAdminForm
    list_display = ["title", "source", "published_at", "dateline", "language", "party_count"]
    # Choices need no query over the rows; each is served by an index (article_source_published,
    # article_published, article_language_published).
    list_filter = [("source", ShortListFilter), PublishedFilter, LanguageFilter]
    list_select_related = ["source"]
    sortable_by = ["published_at"]
    # The box searches the full-text index (get_search_results); this only turns it on.
    search_fields = ["title"]
    search_help_text = (
        'Words in the title, teaser or text, as on the site: "a phrase", oil OR gas, -word, '
        "prefix*, title:word. Newest first."
    )
    autocomplete_fields = ["source"]
    raw_id_fields = ["raw_document"]
    readonly_fields = [
        "fingerprint",
        "created_at",
        "updated_at",
        "cleaned_beside_original",
        "record_fields",
    ]
    inlines = [MentionInline]
    fieldsets = [
        (None, {"fields": ["title", "summary", "authors", "source"]}),
        ("Date and place", {"fields": ["published_at", "published_precision", "dateline"]}),
        ("Text", {"fields": ["body", "language", "url"]}),
        (
            "Provenance",
            {
                "fields": [
                    "raw_document",
                    "record_fields",
                    "cleaned_beside_original",
                    "fingerprint",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def list_rows(self, queryset):
        return queryset.defer("summary", "body", "cleaning_segments")

    def annotate_page(self, articles: list[Article]) -> None:
        counts = dict(
            Mention.objects.filter(article__in=articles)
            .values_list("article_id")
            .annotate(count=Count("*"))
            .order_by()
        )
        for article in articles:
            article.party_count = counts.get(article.pk, 0)

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        terms, words = records.split_terms(search_term)
        if not terms:
            return self.search_text(request, queryset, search_term)
        condition = records.matching_condition(terms)
        limit = settings.ARCHIVE_SEARCH_LIMIT
        if words.strip():
            # The words' matches (up to the counting limit) are few enough to check one by one.
            found, _ = self.search_text(request, queryset, words)
            ids = list(found.filter(condition).values_list("id", flat=True)[: limit + 1])
        else:
            walk = records.walk_newest(queryset, condition, limit)
            ids = walk.ids
            if walk.stopped_at is not None:
                self.message_user(
                    request,
                    "Record fields are read as received, with no index: these are the matches"
                    f" among the articles ingested last (ids above {walk.stopped_at:,}). Add"
                    " words or a filter to look further back.",
                    messages.WARNING,
                )
        found_by_search(request, ids, limit)
        return in_ids(queryset, ids), False

    def search_text(self, request: HttpRequest, queryset, search_term: str):
        """Return the articles the words of a search find through the full-text index."""
        if not search_term.strip():
            return queryset, False
        try:
            query = parse_query(search_term)
        except QueryError as error:
            self.message_user(request, str(error), messages.WARNING)
            return queryset.none(), False
        if not query:
            self.message_user(request, "There is no word to look for in that search.")
            return queryset.none(), False
        # As the site's search does: one query fetches the ids of the first matches in the
        # list's order, up to the counting limit (a common word only filters the newest
        # articles, a rare one drives); the count and the page are read from those ids.
        plan = plan_search(query, [], [], None, None)
        matches = matching(queryset, query, drive=plan.drives(TEXT)).values_list("id", flat=True)
        limit = settings.ARCHIVE_SEARCH_LIMIT
        try:
            with backend().time_limit(SEARCH_TIME_LIMIT_MS):
                ids = list(matches[: limit + 1])
        except DatabaseError:
            # Too many candidates to check in time (PostgreSQL checks each article a phrase of
            # common words may be in): the list counts no further than its first page.
            limit = self.list_per_page
            ids = list(matches[: limit + 1])
        found_by_search(request, ids, limit)
        return in_ids(queryset, ids), False

    @admin.display(description="parties")
    def party_count(self, article: Article) -> int | str:
        return getattr(article, "party_count", "—")

    @admin.display(description="record fields kept as received")
    def record_fields(self, article: Article) -> SafeString | str:
        raw = article.raw_document
        return records.record_fields(raw.extra if raw is not None else {})

    @admin.display(description="cleaned text beside the original")
    def cleaned_beside_original(self, article: Article) -> SafeString:
        context = {"paragraphs": article.paragraphs, "segments": article.marked_segments()}
        return mark_safe(render_to_string("admin/archive/article/_beside.html", context))

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if "body" in form.changed_data:
            # Where each party is named is stored with its mention: a new body is read again.
            result = reapply_parties(Article.objects.filter(pk=form.instance.pk))
            self.message_user(request, f"The parties were read again: {result}.")

    class Media:
        css = {"all": ["archive/admin.css"]}


@admin.register(Mention)
class MentionAdmin(LargeTableAdmin):
    list_display = ["party", "article", "count", "surface", "first_offset"]
    list_select_related = ["party", "article"]
    # The newest articles first, read backwards from the mention_unique index.
    ordering = ["-article_id", "-party_id"]
    # The box finds a party by name (get_search_results); this only turns it on.
    search_fields = ["party__name"]
    search_help_text = "The name or an alias of a party: its mentions, newest articles first."
    autocomplete_fields = ["party"]
    raw_id_fields = ["article"]

    def list_rows(self, queryset):
        return queryset.only("count", "surface", "first_offset", "party__name", "article__title")

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        if not search_term.strip():
            return queryset, False
        parties = list(Party.objects.named([search_term.strip()]).values_list("pk", flat=True))
        return queryset.filter(party__in=parties), False


@admin.register(PendingDiscovery)
class PendingDiscoveryAdmin(LargeTableAdmin):
    """Articles waiting for `manage.py discover_parties` (read-only: the command empties it)."""

    list_display = ["article", "queued_at"]
    list_select_related = ["article"]
    # By the primary key: ordering by "article" would sort every row by the article's date.
    ordering = ["-article_id"]

    def list_rows(self, queryset):
        return queryset.only("queued_at", "article__title")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
