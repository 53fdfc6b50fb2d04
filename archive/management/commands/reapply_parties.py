"""python manage.py reapply_parties : apply today's party decisions to every stored article."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.curation import REAPPLY_BATCH_SIZE, articles_affected_by, reapply_parties
from archive.models import Article, Party


class Command(BaseCommand):
    help = (
        "Find the parties of the stored articles again (gazetteer, the archive's parties and"
        " aliases, blocked names) and replace the mentions that changed, without re-ingesting."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--party",
            action="append",
            default=[],
            metavar="SLUG",
            help="Only the articles that mention this party (may be repeated).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REAPPLY_BATCH_SIZE,
            help=f"Articles per transaction (default {REAPPLY_BATCH_SIZE}).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(
        self, *args, party: list[str], batch_size: int, no_progress: bool, **options
    ) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        articles = None
        total = Article.objects.count()
        if party:
            parties = []
            for slug in party:
                try:
                    parties.append(Party.objects.from_slug(slug)[0])
                except Party.DoesNotExist:
                    raise CommandError(f"No party has the slug {slug!r}.") from None
            articles = articles_affected_by(parties=parties)
            total = articles.count()
        show_progress = not no_progress and sys.stderr.isatty()
        with tqdm(total=total, unit=" articles", disable=not show_progress, file=sys.stderr) as bar:
            result = reapply_parties(articles, batch_size=batch_size, progress=bar.update)
        rate = result.articles / result.seconds if result.seconds else 0
        self.stdout.write(
            f"Re-applied party decisions in {result.seconds:.1f} s ({rate:.0f} articles/s):"
            f" {result}."
        )
