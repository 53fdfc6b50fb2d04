"""Read paths (files, folders, .gz, standard input) into raw items, one per document.

A plain-text or HTML file is one document; a JSON file holds one or many records (see
records.py). Readers never parse articles and never drop input: anything they cannot read
becomes an item with an error, carrying whatever bytes there were.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archive.ingest.readers.records import split_lines, split_records, stream_lines
from archive.ingest.types import RawItem
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


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Yield every file named by paths, walking folders recursively in a stable order."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(folder, name)
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
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return DocumentFormat.JSON
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return DocumentFormat.HTML
    return DocumentFormat.TEXT


def read_path(path: str, stdin: BinaryIO | None = None) -> Iterator[RawItem]:
    """Yield the raw items of one file (or of standard input for "-")."""
    if path != "-" and format_of(path) == JSON_LINES:
        yield from stream_lines(path)
        return
    try:
        if path == "-":
            data = (stdin.read() if stdin is not None else b"") or b""
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as error:
        yield RawItem(
            path, b"", DocumentFormat.UNKNOWN, f"cannot read the file: {error.strerror or error}"
        )
        return

    if path.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            yield RawItem(path, data, DocumentFormat.UNKNOWN, f"not a readable gzip file: {error}")
            return

    kind = format_of(path) if path != "-" else DocumentFormat.UNKNOWN
    if kind == DocumentFormat.UNKNOWN:
        kind = sniff_format(data)
    if kind == JSON_LINES:
        yield from split_lines(path, data)
    elif kind == DocumentFormat.JSON:
        yield from split_records(path, data)
    else:
        yield RawItem(path, data, kind)


def read_inputs(paths: list[str], stdin: BinaryIO | None = None) -> Iterator[RawItem]:
    """Yield the raw items of every path, in input order."""
    for path in iter_paths(paths):
        yield from read_path(path, stdin)
