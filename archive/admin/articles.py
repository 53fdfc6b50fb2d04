"""Articles, their mentions and the articles waiting for the statistical layer."""

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from archive.admin.forms import ArticleAdminForm
from archive.curation import reapply_parties
from archive.models import Article, Mention, PendingDiscovery


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "count", "first_offset", "first_length", "surface"]
    readonly_fields = ["first_offset", "first_length", "surface"]  # written by extraction


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "source", "published_at", "dateline", "language", "mention_count"]
    list_filter = ["source", "published_at", "published_precision", "language"]
    list_select_related = ["source"]
    search_fields = ["title", "dateline", "url", "source__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source"]
    raw_id_fields = ["raw_document"]
    readonly_fields = ["fingerprint", "created_at", "updated_at", "cleaned_beside_original"]
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
                    "cleaned_beside_original",
                    "fingerprint",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(mention_count=Count("mentions"))

    @admin.display(ordering="mention_count", description="parties")
    def mention_count(self, article: Article) -> int:
        return article.mention_count

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
class MentionAdmin(admin.ModelAdmin):
    list_display = ["party", "article", "count", "surface", "first_offset"]
    list_filter = ["party__kind"]
    list_select_related = ["party", "article"]
    search_fields = ["party__name", "article__title"]
    autocomplete_fields = ["party"]
    raw_id_fields = ["article"]


@admin.register(PendingDiscovery)
class PendingDiscoveryAdmin(admin.ModelAdmin):
    """Articles waiting for `manage.py discover_parties` (read-only: the command empties it)."""

    list_display = ["article", "queued_at"]
    list_select_related = ["article"]
    date_hierarchy = "queued_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
