"""Rebuild the full-text index from the articles table, from scratch."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from archive.models import Article
from archive.search import schema


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from the articles, from scratch. The index is kept "
        "up to date on every write; use this after restoring a backup or changing the schema."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        with transaction.atomic():
            schema.rebuild(connection)
        count = Article.objects.count()
        seconds = time.monotonic() - started
        self.stdout.write(f"Rebuilt the search index of {count:,} articles in {seconds:.1f} s.")
