"""Raw documents as received, the queue of failures, and ingest runs."""

import re

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from archive.admin.helpers import admin_link
from archive.admin.lists import LargeTableAdmin, ShortListFilter, starts_with
from archive.curation import reclean_documents
from archive.lib.vocabulary import Outcome
from archive.models import FailedDocument, IngestRun, RawDocument

# A SHA-256 checksum, or enough of its start to name one document (checksums are lowercase hex).
CHECKSUM_START = re.compile(r"[0-9a-f]{8,64}")


@admin.register(RawDocument)
class RawDocumentAdmin(LargeTableAdmin):
    list_display = [
        "origin",
        "status",
        "format",
        "size",
        "received_at",
        "short_error",
        "article_link",
    ]
    # Served by the indexes raw_status_received, raw_format_received and raw_received.
    list_filter = ["status", "format", "received_at"]
    sortable_by = ["received_at"]
    # The box reads an origin or a checksum from the index (get_search_results): this turns it on.
    search_fields = ["origin"]
    search_help_text = (
        "The start of an origin (a path: all the records of a file) or of a SHA-256 checksum."
    )
    list_columns = ["origin", "status", "format", "size", "received_at", "error"]
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

    def list_rows(self, queryset):
        # Never the content: the bytes of a hundred documents are not part of a list.
        return (
            queryset.select_related(None)
            .select_related("article")
            .only(*self.list_columns, "article__title")
        )

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(self.search_condition(queryset, term)), False

    def search_condition(self, queryset, term: str) -> Q:
        found = starts_with(queryset, "origin", term)
        if CHECKSUM_START.fullmatch(term):
            # A range the checksum index reads ("g" follows every hex digit).
            found |= Q(checksum__gte=term, checksum__lt=term + "g")
        return found

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
    list_filter = ["format", "received_at", ("ingest_run", ShortListFilter)]
    list_columns = ["origin", "error", "format", "size", "received_at", "ingest_run"]
    search_help_text = "Words of the error, or the start of an origin or of a SHA-256 checksum."

    def list_rows(self, queryset):
        return super().list_rows(queryset).select_related("ingest_run")

    def search_condition(self, queryset, term: str) -> Q:
        # Failures are few beside every document received: their errors can be read through.
        return super().search_condition(queryset, term) | Q(error__icontains=term)


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
    # Fixed periods (today, the past 7 days, ...): a date hierarchy reads every run's date.
    list_filter = ["started_at"]

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
