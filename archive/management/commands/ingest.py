"""python manage.py ingest PATH... : receive raw articles from files, folders, .gz or stdin."""

import argparse
import json
import os
import socket
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from tqdm import tqdm

from archive.ingest.parties.extractor import PartyExtractor, build_extractor
from archive.ingest.pipeline import parse_item
from archive.ingest.readers.files import Skipped, count_documents, display_path, read_inputs
from archive.ingest.types import ParsedArticle, ParseError, RawItem, Supplied
from archive.lib.dates import iso_published
from archive.lib.vocabulary import Outcome, RunState
from archive.models import IngestRun, PendingDiscovery, RawDocument
from archive.search import schema
from archive.store import ArchiveWriter, PartyDirectory, Stored

# Items stored per transaction: fewer commits is much faster, one bad item still fails alone.
BATCH_SIZE = 200


def article_json(origin: str, article: ParsedArticle) -> dict:
    """Return the stable --json shape of one parsed article."""
    published = iso_published(article.published, article.published_precision)
    return {
        "path": origin,
        "title": article.title,
        "source": article.source,
        "authors": article.authors,
        "published": published,
        "dateline": article.dateline,
        "body": article.body,
        "parties": [{"name": party.name, "kind": party.kind} for party in article.parties],
    }


class Command(BaseCommand):
    help = (
        "Ingest raw articles: plain-text scrapes (.txt) and JSON Lines records (.jsonl, .jsonl.gz)"
        " from files, folders (recursively), .gz files or - for standard input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse without storing anything."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object per article (or per failure) on standard output.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")
        supplied = parser.add_argument_group(
            "what the input lacks", "Used only for documents that do not say it themselves."
        )
        supplied.add_argument("--source", default="", metavar="NAME", help="Their source.")
        supplied.add_argument(
            "--published-default",
            type=iso_day,
            metavar="YYYY-MM-DD",
            help="Their publication date.",
        )
        supplied.add_argument(
            "--date-from-path",
            action="store_true",
            help='Read the date from the path ("2019/03/12/story.txt", "20190312.txt").',
        )
        supplied.add_argument("--language", default="", metavar="CODE", help="Their language.")
        parser.add_argument(
            "--defer-discovery",
            action="store_true",
            help="For large backlogs: find parties with the fast dictionary layer only and leave"
            " the statistical recogniser (spaCy) to `manage.py discover_parties` later.",
        )

    def handle(
        self,
        *args,
        paths: list[str],
        dry_run: bool,
        json: bool,
        no_progress: bool,
        defer_discovery: bool,
        **options,
    ) -> None:
        self.as_json = json
        self.discover = not defer_discovery
        self.supplied = Supplied(
            source=options["source"],
            published=options["published_default"] or "",
            date_from_path=options["date_from_path"],
            language=options["language"],
        )
        self.noted = 0
        skipped = Skipped()
        items = read_inputs(
            paths,
            stdin=sys.stdin.buffer,
            max_bytes=settings.ARCHIVE_MAX_DOCUMENT_BYTES,
            skipped=skipped,
        )
        progress = self.progress_bar(items, paths, shown=not no_progress and self.stderr.isatty())
        started = time.monotonic()
        counts = self.parse_only(progress) if dry_run else self.ingest(progress, paths)
        progress.close()
        seconds = time.monotonic() - started
        done = sum(counts.values())
        rate = done / seconds if seconds else 0.0
        summary = (
            f"{'Parsed' if dry_run else 'Ingested'} {done} document(s) in {seconds:.1f} s"
            f" ({rate:.0f}/s): "
            + ", ".join(f"{count} {status}" for status, count in counts.items())
        )
        if self.noted:
            summary += f"; {self.noted} with notes"
        if skipped:
            summary += f"; {skipped}"
        # With --json, standard output carries only JSON lines.
        (self.stderr if json else self.stdout).write(summary)
        if counts.get(Outcome.FAILED):
            sys.exit(1)

    def progress_bar(self, items: Iterable[RawItem], paths: list[str], shown: bool) -> tqdm:
        """Return items wrapped in a progress bar on standard error, when one is shown.

        Files and folders are counted first, so the bar has a total, a percentage and the time
        left; standard input cannot be counted before it is read, and shows a count and a rate.
        """
        total = count_documents(paths, settings.ARCHIVE_MAX_DOCUMENT_BYTES) if shown else None
        # tqdm draws over its own line with carriage returns: it writes to the stream itself,
        # not through the command's wrapper, which ends every write with a new line.
        stream = getattr(self.stderr, "_out", sys.stderr)
        return tqdm(items, total=total, unit=" docs", disable=not shown, file=stream)

    def warn_without_statistical_layer(self, finder: PartyExtractor) -> None:
        """Say when the configured spaCy model is missing and layer 1 works alone."""
        if settings.ARCHIVE_NER_MODEL and not finder.statistical:
            self.stderr.write(
                f"warning: spaCy model {settings.ARCHIVE_NER_MODEL!r} is not installed; parties"
                " come from the gazetteer and the archive's own list only"
            )

    def parse_only(self, items) -> dict[str, int]:
        extractor = dry_run_extractor(settings.ARCHIVE_NER_MODEL)
        self.warn_without_statistical_layer(extractor)
        counts = {"parsed": 0, Outcome.FAILED: 0}
        for item in items:
            try:
                article = parse_item(
                    item, extractor, settings.ARCHIVE_MAX_DOCUMENT_BYTES, self.supplied
                )
            except Exception as error:  # noqa: BLE001 - one document never stops the others
                counts[Outcome.FAILED] += 1
                reason = str(error) if isinstance(error, ParseError) else repr(error)
                self.report_failure(item.origin, reason)
                continue
            counts["parsed"] += 1
            self.report_notes(item.origin, article.notes)
            if self.as_json:
                self.stdout.write(
                    json.dumps(article_json(item.origin, article), ensure_ascii=False)
                )
        return counts

    def ingest(self, items, paths: list[str]) -> dict[str, int]:
        interrupted = IngestRun.objects.mark_interrupted()
        if interrupted:
            self.stderr.write(
                f"{interrupted} earlier run(s) stopped before their end are marked interrupted"
                " (admin → Ingest runs shows what each stored)"
            )
        run = IngestRun.objects.create(
            requested=[display_path(path) for path in paths],
            hostname=socket.gethostname(),
            pid=os.getpid(),
        )
        writer = ArchiveWriter(run, discover=self.discover, supplied=self.supplied)
        if self.discover:
            self.warn_without_statistical_layer(writer.extractor)
        counts = dict.fromkeys(
            [Outcome.NEW, Outcome.DUPLICATE, Outcome.UNCHANGED, Outcome.FAILED], 0
        )
        for batch in chunks(items, BATCH_SIZE):
            with transaction.atomic():
                for item in batch:
                    stored = self.receive(writer, item)
                    counts[stored.outcome] = counts.get(stored.outcome, 0) + 1
                    if stored.outcome == Outcome.FAILED:
                        self.report_failure(item.origin, stored.error)
                        continue
                    self.report_notes(item.origin, stored.raw_document.notes)
                    if self.as_json:
                        article = stored.article.pk if stored.article else None
                        record = {"path": item.origin, "status": stored.outcome, "article": article}
                        self.stdout.write(json.dumps(record))
                # Saved with the batch: a run stopped midway still says what it stored.
                run.count(counts)
        run.state = RunState.FINISHED
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "finished_at"])
        if counts[Outcome.NEW] or counts.get(Outcome.RESTORED):
            schema.refresh_statistics(connection)
        if writer.queue_discovery:
            waiting = PendingDiscovery.objects.count()
            self.stderr.write(
                f"{waiting} article(s) wait for the statistical layer: run"
                " `manage.py discover_parties` when convenient"
            )
        return counts

    def receive(self, writer: ArchiveWriter, item: RawItem) -> Stored:
        """Store one item; should even keeping its failure fail, say so and go on."""
        try:
            return writer.receive(item)
        except DatabaseError as error:
            raw = RawDocument(origin=item.origin, error=str(error))
            return Stored(Outcome.FAILED, raw, error=f"it could not be kept at all: {error}")

    def report_notes(self, origin: str, notes: list[str]) -> None:
        if notes:
            self.noted += 1
        for note in notes:
            self.stderr.write(f"NOTE {origin}: {note}")

    def report_failure(self, origin: str, error: str) -> None:
        if self.as_json:
            self.stdout.write(json.dumps({"path": origin, "error": error}, ensure_ascii=False))
        self.stderr.write(f"FAILED {origin}: {error}")


def iso_day(value: str) -> str:
    """Return a YYYY-MM-DD date given on the command line, or refuse it."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of up to size items, in order."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def dry_run_extractor(model_name: str) -> PartyExtractor:
    """Return the extractor with the archive's parties, or the gazetteer alone before migrations."""
    try:
        return PartyDirectory().extractor(model_name)
    except DatabaseError:
        return build_extractor(model_name=model_name)
