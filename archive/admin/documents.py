"""Raw documents as received, the queue of failures, and ingest runs."""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive.admin.helpers import admin_link
from archive.curation import reclean_documents
from archive.lib.vocabulary import Outcome
from archive.models import FailedDocument, IngestRun, RawDocument


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
        level = messages.WARNING if outcomes.get(Outcome.FAILED) else messages.SUCCESS
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
