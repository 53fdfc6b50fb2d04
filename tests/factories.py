"""Small factories for the tests: each makes one saved record, with defaults a test may override."""

import hashlib
import itertools
from datetime import UTC, datetime

from archive.models import Article, Mention, Party, RawDocument, Source

counter = itertools.count(1)


def make_source(**kwargs) -> Source:
    kwargs.setdefault("name", f"Source {next(counter)}")
    return Source.objects.create(**kwargs)


def make_party(**kwargs) -> Party:
    kwargs.setdefault("name", f"Party {next(counter)}")
    kwargs.setdefault("kind", Party.Kind.PERSON)
    return Party.objects.create(**kwargs)


def make_raw_document(**kwargs) -> RawDocument:
    kwargs.setdefault("content", f"raw document {next(counter)}".encode())
    kwargs.setdefault("origin", "test.txt")
    kwargs.setdefault("checksum", hashlib.sha256(bytes(kwargs["content"])).hexdigest())
    kwargs.setdefault("size", len(kwargs["content"]))
    kwargs.setdefault("format", RawDocument.Format.TEXT)
    kwargs.setdefault("status", RawDocument.Status.PARSED)
    return RawDocument.objects.create(**kwargs)


def make_article(parties: dict | None = None, **kwargs) -> Article:
    """Return a saved article; parties maps Party to mention count."""
    number = next(counter)
    kwargs.setdefault("title", f"Article number {number}")
    kwargs.setdefault("body", f"First paragraph of article {number}.\n\nSecond paragraph.")
    kwargs.setdefault("published_at", datetime(2015, 9, 18, tzinfo=UTC))
    kwargs.setdefault("published_precision", Article.Precision.DAY)
    kwargs.setdefault("language", "en")
    article = Article.objects.create(**kwargs)
    for party, count in (parties or {}).items():
        make_mention(article, party, count=count)
    return article


def make_mention(article: Article, party: Party, surface: str | None = None, **kwargs) -> Mention:
    """Return a saved mention; with surface, its span is the first place the body says it.

    A span may also be given outright (first_offset, first_length, surface), to test what a
    stale one does; without either, the mention has no span.
    """
    if surface is not None and "first_offset" not in kwargs:
        kwargs.setdefault("first_offset", article.body.index(surface))
        kwargs.setdefault("first_length", len(surface))
    kwargs.setdefault("surface", surface or "")
    return Mention.objects.create(article=article, party=party, **kwargs)
