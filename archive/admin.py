"""The Django admin: where staff curate every record of the archive."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from archive.curation import merge_parties, reclean_documents
from archive.models import (
    Article,
    FailedDocument,
    IngestRun,
    Mention,
    Party,
    PartyAlias,
    RawDocument,
    Source,
    SourceAlias,
    fingerprint_text,
)

# Links typed without a scheme are web links, and today that means https.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def admin_link(obj, text: str | None = None) -> SafeString | str:
    """Return a link to obj's change page in the admin."""
    if obj is None:
        return "—"
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text or str(obj))


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count", "created_at"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline]
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, source: Source) -> int:
        return source.article_count


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    list_select_related = ["source"]
    search_fields = ["name", "source__name"]
    autocomplete_fields = ["source"]


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 1


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "article_count", "alias_list", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartyAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("mentions"))
            .prefetch_related("aliases")
        )

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, party: Party) -> int:
        return party.article_count

    @admin.display(description="aliases")
    def alias_list(self, party: Party) -> str:
        return ", ".join(alias.name for alias in party.aliases.all())

    @admin.action(description="Merge selected parties into one")
    def merge_selected(self, request: HttpRequest, queryset) -> HttpResponse | None:
        parties = list(queryset.order_by("-article_count", "name"))
        if len(parties) < 2:
            self.message_user(request, "Select two or more parties to merge.", messages.WARNING)
            return None
        target_id = request.POST.get("target")
        if request.POST.get("confirm") and target_id:
            target = next((p for p in parties if str(p.pk) == target_id), None)
            if target is None:
                self.message_user(request, "Choose one of the selected parties.", messages.ERROR)
                return None
            others = [p for p in parties if p.pk != target.pk]
            moved = merge_parties(target, others)
            self.message_user(
                request,
                f"Merged {len(others)} part{'y' if len(others) == 1 else 'ies'} into {target}"
                f" ({moved} mention{'s' if moved != 1 else ''} moved).",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge parties",
            "parties": parties,
            "opts": self.model._meta,
            "action_name": "merge_selected",
            "selected": [p.pk for p in parties],
        }
        return TemplateResponse(request, "admin/archive/party/merge.html", context)


@admin.register(PartyAlias)
class PartyAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "party"]
    list_select_related = ["party"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "count", "first_offset"]


class ArticleAdminForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = [
            "title",
            "summary",
            "authors",
            "source",
            "published_at",
            "published_precision",
            "dateline",
            "body",
            "language",
            "url",
            "raw_document",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        title, body = cleaned.get("title"), cleaned.get("body")
        if title is not None and body is not None:
            twin = Article.objects.filter(fingerprint=fingerprint_text(title, body))
            if self.instance.pk:
                twin = twin.exclude(pk=self.instance.pk)
            if twin.exists():
                raise forms.ValidationError(
                    f"Another article has the same title and body: {twin.first()}"
                )
        return cleaned


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
        cleaned = format_html_join("", "<p>{}</p>", ((p,) for p in article.paragraphs))
        original = render_to_string(
            "archive/_raw_segments.html", {"segments": article.marked_segments()}
        )
        return format_html(
            '<div class="beside"><div><h3>Cleaned</h3>{}</div>'
            "<div><h3>Original (highlighted: made a field; struck through: left out)</h3>{}</div>"
            "</div>",
            cleaned,
            SafeString(original),
        )

    class Media:
        css = {"all": ["archive/admin.css"]}


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["party", "article", "count", "first_offset"]
    list_filter = ["party__kind"]
    list_select_related = ["party", "article"]
    search_fields = ["party__name", "article__title"]
    autocomplete_fields = ["party"]
    raw_id_fields = ["article"]


@admin.register(RawDocument)
class RawDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "origin",
        "status",
        "format",
        "size",
        "received_at",
        "short_error",
        "article_link",
    ]
    list_filter = ["status", "format", "received_at"]
    search_fields = ["origin", "checksum", "error"]
    date_hierarchy = "received_at"
    actions = ["reclean_selected"]
    fields = [
        "origin",
        "status",
        "error",
        "format",
        "size",
        "checksum",
        "received_at",
        "ingest_run",
        "article_link",
        "duplicate_link",
        "extra",
        "readable_content",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("article", "duplicate_of")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # raw documents arrive through ingestion, never by hand

    @admin.display(description="error")
    def short_error(self, raw: RawDocument) -> str:
        return raw.error[:120]

    @admin.display(description="article")
    def article_link(self, raw: RawDocument) -> SafeString | str:
        return admin_link(getattr(raw, "article", None))

    @admin.display(description="duplicate of")
    def duplicate_link(self, raw: RawDocument) -> SafeString | str:
        return admin_link(raw.duplicate_of)

    @admin.display(description="content")
    def readable_content(self, raw: RawDocument) -> SafeString:
        return format_html('<pre class="raw-text">{}</pre>', raw.text)

    @admin.action(description="Re-run cleaning on selected raw documents")
    def reclean_selected(self, request: HttpRequest, queryset) -> None:
        outcomes = reclean_documents(queryset)
        summary = ", ".join(f"{count} {status}" for status, count in sorted(outcomes.items()))
        level = messages.WARNING if outcomes.get("failed") else messages.SUCCESS
        self.message_user(request, f"Re-cleaned {sum(outcomes.values())}: {summary}.", level)

    class Media:
        css = {"all": ["archive/admin.css"]}


@admin.register(FailedDocument)
class FailedDocumentAdmin(RawDocumentAdmin):
    """The failures waiting for a look, one click from the admin's front page."""

    list_display = ["origin", "error", "format", "size", "received_at", "ingest_run"]
    list_filter = ["format", "received_at", "ingest_run"]


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "finished_at",
        "new_count",
        "duplicate_count",
        "unchanged_count",
        "failed_count",
        "failed_link",
    ]
    readonly_fields = [
        "started_at",
        "finished_at",
        "requested",
        "new_count",
        "duplicate_count",
        "unchanged_count",
        "failed_count",
    ]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="failures")
    def failed_link(self, run: IngestRun) -> SafeString | str:
        if not run.failed_count:
            return "—"
        url = reverse("admin:archive_faileddocument_changelist")
        return format_html(
            '<a href="{}?ingest_run__id__exact={}">{} failed</a>',
            url,
            run.pk,
            run.failed_count,
        )


admin.site.site_header = "News Archive administration"
admin.site.site_title = "News Archive admin"
admin.site.index_title = "Curate the archive"
