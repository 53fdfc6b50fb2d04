"""Read paths (files, folders, .gz, standard input) into raw items, one per document.

A plain-text or HTML file is one document; a JSON file holds one or many records (see
records.py). Readers never parse articles and never drop input: anything they cannot read
becomes an item with an error, carrying the bytes as received. Limits hold while reading: a
file over the document limit is measured (size, SHA-256) as it streams past and only its head
is kept; gzip is expanded only up to the limit (compression.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from archive.ingest.readers.compression import expand, is_gzip
from archive.ingest.readers.records import split_lines, split_records, stream_lines
from archive.ingest.types import DEFAULT_MAX_BYTES, ParseError, RawItem
from archive.lib.vocabulary import DocumentFormat

JSON_LINES = "jsonl"  # a reader's name for JSON records one per line; its items are JSON

SUFFIX_FORMATS = {
    ".txt": DocumentFormat.TEXT,
    ".text": DocumentFormat.TEXT,
    ".jsonl": JSON_LINES,
    ".ndjson": JSON_LINES,
    ".json": DocumentFormat.JSON,
    ".html": DocumentFormat.HTML,
    ".htm": DocumentFormat.HTML,
}
# Files a folder walk leaves out: they describe a collection, they are not articles.
NOT_ARTICLES = ("readme", "license", "licence", "copying", "notice", "changelog", "authors")
HEAD_BYTES = 64 * 1024  # what is kept of a document too large to keep whole
CHUNK = 1 << 20


@dataclass
class Skipped:
    """Files a folder walk left out, and why: said in the ingest summary."""

    hidden: list[str] = field(default_factory=list)
    not_articles: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.hidden or self.not_articles)

    def __str__(self) -> str:
        parts = []
        if self.not_articles:
            parts.append(f"{len(self.not_articles)} README/LICENSE-like file(s)")
        if self.hidden:
            parts.append(f"{len(self.hidden)} hidden file(s) or folder(s)")
        return "skipped " + " and ".join(parts)


def display_path(path: str) -> str:
    """Return a path as text that any database stores: undecodable bytes as \\x escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_not_article(name: str) -> bool:
    """Tell whether a file name is a collection's README, LICENSE or the like."""
    stem = name.lower().split(".", 1)[0]
    return stem in NOT_ARTICLES


def iter_paths(paths: list[str], skipped: Skipped | None = None) -> Iterator[str]:
    """Yield every file named by paths, walking folders recursively in a stable order.

    A walk leaves out hidden files and folders and README, LICENSE and the like, noting them
    in skipped; a file named outright is always read.
    """
    skipped = skipped if skipped is not None else Skipped()
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for folder, subfolders, files in os.walk(path):
                hidden = sorted(d for d in subfolders if d.startswith("."))
                skipped.hidden.extend(display_path(os.path.join(folder, d)) for d in hidden)
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    if name.startswith("."):
                        skipped.hidden.append(display_path(full))
                    elif is_not_article(name):
                        skipped.not_articles.append(display_path(full))
                    else:
                        yield full
        else:
            yield path


def format_of(name: str) -> str:
    """Return the format a file name suggests, looking through a .gz suffix."""
    path = Path(name.lower())
    if path.suffix == ".gz":
        path = path.with_suffix("")
    return SUFFIX_FORMATS.get(path.suffix, DocumentFormat.UNKNOWN)


def sniff_format(data: bytes) -> DocumentFormat:
    """Guess the format of unnamed input (standard input, unknown suffixes) from its first bytes."""
    if looks_like_html(data):
        return DocumentFormat.HTML
    if _head(data).startswith((b"{", b"[")):
        return DocumentFormat.JSON
    return DocumentFormat.TEXT


def looks_like_html(data: bytes) -> bool:
    """Tell whether bytes are an HTML page, whatever the file is called."""
    head = _head(data)
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def _head(data: bytes) -> bytes:
    """Return the first bytes of a document, lower case, without a BOM or leading space."""
    return data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()


def read_path(
    path: str, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawItem]:
    """Yield the raw items of one file (or of standard input for "-")."""
    origin = display_path(path)
    if path != "-" and format_of(path) == JSON_LINES:
        yield from stream_lines(path, origin, max_bytes)
        return
    try:
        if path == "-":
            received = read_bounded(stdin, origin, max_bytes) if stdin is not None else b""
        else:
            with open(path, "rb") as handle:
                received = read_bounded(handle, origin, max_bytes)
    except TooLarge as too_large:
        yield too_large.item
        return
    except OSError as error:
        reason = f"cannot read the file: {error.strerror or error}"
        yield RawItem(origin, b"", DocumentFormat.UNKNOWN, reason)
        return

    data = received
    if is_gzip(received):
        try:
            data = expand(received, max_bytes)
        except ParseError as error:
            yield RawItem(origin, received, format_of(path), str(error))
            return

    kind = format_of(path) if path != "-" else DocumentFormat.UNKNOWN
    if kind == DocumentFormat.UNKNOWN:
        kind = sniff_format(data)
    elif kind == DocumentFormat.TEXT and looks_like_html(data):
        kind = DocumentFormat.HTML  # a page saved as .txt is still a page
    if kind == JSON_LINES:
        yield from split_lines(origin, data)
    elif kind == DocumentFormat.JSON:
        yield from split_records(origin, data)
    else:
        # A compressed document is kept as received; parsing expands it again.
        yield RawItem(origin, received, kind)


class TooLarge(Exception):
    """A document over the limit: the item that records it instead."""

    def __init__(self, item: RawItem) -> None:
        super().__init__(item.error)
        self.item = item


def read_bounded(handle: BinaryIO, origin: str, max_bytes: int) -> bytes:
    """Return all of a stream when it fits the limit; else measure it and raise TooLarge."""
    data = handle.read(max_bytes + 1) or b""
    if len(data) <= max_bytes:
        return data
    digest = hashlib.sha256(data)
    size = len(data)
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    error = (
        f"the document is {size:,} bytes, over the limit of {max_bytes:,} bytes;"
        f" its first {HEAD_BYTES:,} bytes are kept, with its size and SHA-256"
    )
    item = RawItem(origin, data[:HEAD_BYTES], DocumentFormat.UNKNOWN, error)
    item.size, item.checksum = size, digest.hexdigest()
    raise TooLarge(item)


def read_inputs(
    paths: list[str],
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skipped: Skipped | None = None,
) -> Iterator[RawItem]:
    """Yield the raw items of every path, in input order."""
    for path in iter_paths(paths, skipped):
        yield from read_path(path, stdin, max_bytes)


def count_documents(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> int | None:
    """Return how many raw items read_inputs will yield for paths; None for standard input.

    A plain-text or HTML file is one item whatever it holds, and is not opened; a file of
    records is split into them as read_inputs splits it, which costs little beside cleaning
    and storing each record.
    """
    if "-" in paths:
        return None
    total = 0
    for path in iter_paths(paths):
        if format_of(path) in (DocumentFormat.TEXT, DocumentFormat.HTML):
            total += 1
        else:
            total += sum(1 for _ in read_path(path, max_bytes=max_bytes))
    return total
