"""Raw documents as received, byte for byte, and the ingest runs that brought them."""

from __future__ import annotations

import os
import socket

from django.db import models

from archive.ingest.readers.decoding import readable_text
from archive.lib.vocabulary import DocumentFormat, DocumentStatus, Outcome, RunState


class IngestRunQuerySet(models.QuerySet):
    def mark_interrupted(self) -> int:
        """Mark runs that are not finished and whose process is gone as interrupted.

        A run's counts are saved with every batch it commits, so an interrupted run still
        says what it stored. A run on another machine cannot be checked and stays as it is.
        """
        marked = 0
        host = socket.gethostname()
        for run in self.filter(state=RunState.RUNNING, hostname=host):
            if run.pid and process_alive(run.pid):
                continue
            last = run.documents.aggregate(last=models.Max("received_at"))["last"]
            run.state = RunState.INTERRUPTED
            run.finished_at = last or run.started_at
            run.save(update_fields=["state", "finished_at"])
            marked += 1
        return marked


def process_alive(pid: int) -> bool:
    """Tell whether a process of this machine still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class IngestRun(models.Model):
    """One call of the ingest command (or of re-cleaning in the admin), with its counts."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=RunState.choices, default=RunState.RUNNING)
    hostname = models.CharField(max_length=255, blank=True, help_text="Where the run ran.")
    pid = models.PositiveIntegerField(null=True, blank=True, help_text="Its process there.")
    requested = models.JSONField(default=list, help_text="The paths or documents asked for.")
    new_count = models.PositiveIntegerField(default=0)
    restored_count = models.PositiveIntegerField(
        default=0, help_text="Documents whose deleted article was stored again."
    )
    duplicate_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(
        default=0, help_text="Documents received before, byte for byte."
    )
    failed_count = models.PositiveIntegerField(default=0)

    objects = IngestRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Ingest run {self.pk} at {self.started_at:%Y-%m-%d %H:%M}"

    def count(self, counts: dict) -> None:
        """Save the run's counts so far (by outcome); a killed run keeps what it stored."""
        self.new_count = counts.get(Outcome.NEW, 0)
        self.restored_count = counts.get(Outcome.RESTORED, 0)
        self.duplicate_count = counts.get(Outcome.DUPLICATE, 0)
        self.unchanged_count = counts.get(Outcome.UNCHANGED, 0)
        self.failed_count = counts.get(Outcome.FAILED, 0)
        fields = ["new_count", "restored_count", "duplicate_count"]
        self.save(update_fields=[*fields, "unchanged_count", "failed_count"])

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class RawDocumentQuerySet(models.QuerySet):
    def failed(self) -> RawDocumentQuerySet:
        return self.filter(status=RawDocument.Status.FAILED)


class RawDocument(models.Model):
    """The exact bytes of one received document or record; nothing received is dropped."""

    Status = DocumentStatus
    Format = DocumentFormat

    origin = models.CharField(max_length=1000, help_text="Where it came from: a path, PATH#N or -.")
    content = models.BinaryField()
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the content.")
    size = models.PositiveBigIntegerField()
    format = models.CharField(
        max_length=10, choices=DocumentFormat.choices, default=DocumentFormat.UNKNOWN.value
    )
    received_at = models.DateTimeField(auto_now_add=True)
    ingest_run = models.ForeignKey(
        IngestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    status = models.CharField(max_length=10, choices=DocumentStatus.choices)
    error = models.TextField(blank=True)
    supplied = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the operator supplied for it (ingest --source and the like).",
    )
    notes = models.JSONField(
        default=list, blank=True, help_text="What ingestion could not use, though it stored it."
    )
    extra = models.JSONField(
        default=dict, blank=True, help_text="Record fields the archive does not map, as received."
    )
    duplicate_of = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The stored article this document repeats.",
    )

    objects = RawDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same bytes from the same place are received once; from elsewhere, again.
            models.UniqueConstraint(
                fields=["checksum", "origin"], name="raw_unique_checksum_origin"
            ),
        ]
        indexes = [
            # The admin's list of failures waiting for a look.
            models.Index(fields=["status", "-received_at"], name="raw_status_received"),
            # The admin's list of every document, newest first, and its date filter.
            models.Index(fields=["-received_at", "-id"], name="raw_received"),
            # The admin's format filter.
            models.Index(fields=["format", "-received_at"], name="raw_format_received"),
            # The admin's search by origin: a path's start is a prefix (LIKE 'path%' on PostgreSQL
            # needs the pattern operator class; SQLite reads it as a range).
            models.Index(fields=["origin"], name="raw_origin", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.origin

    def needs_storing(self) -> bool:
        """Tell whether receiving these bytes again must parse them: they failed last time,
        or the article they gave (or repeated) has been deleted since."""
        if self.status == DocumentStatus.FAILED:
            return True
        if self.status == DocumentStatus.DUPLICATE:
            return self.duplicate_of_id is None
        from archive.models.articles import Article  # articles.py imports this module

        return not Article.objects.filter(raw_document=self).exists()

    @property
    def text(self) -> str:
        """Return the content as text for reading, decoded as ingestion decodes it."""
        return readable_text(bytes(self.content), page=self.format == DocumentFormat.HTML)


class FailedDocumentManager(models.Manager):
    def get_queryset(self) -> RawDocumentQuerySet:
        return RawDocumentQuerySet(self.model, using=self._db).failed()


class FailedDocument(RawDocument):
    """A raw document that could not be parsed: the admin's queue of failures to look at."""

    objects = FailedDocumentManager()

    class Meta:
        proxy = True
        ordering = ["-received_at", "-id"]
        verbose_name = "failed document"

    def __str__(self) -> str:
        return self.origin
