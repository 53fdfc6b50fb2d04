import hashlib
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.models import Article, Mention, Party, RawDocument, Source

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "seeds" / "000_d119ceb19cfc3e37.txt"
CORPORA = SHARED / "corpora"

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
        Mention.objects.create(article=article, party=party, count=count)
    return article


@pytest.fixture
def seed_path() -> Path:
    return SEED
