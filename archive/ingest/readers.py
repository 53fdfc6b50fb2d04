"""Readers: turn paths (files, folders, .gz, standard input) into raw items, one per document.

A plain-text or HTML file is one document; a JSON Lines file is one document per line, named
FILE#N (N counts records from 1). Readers never parse articles and never drop input: anything
they cannot read becomes an item with an error, carrying whatever bytes there were.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

TEXT, JSON, HTML, UNKNOWN = "text", "json", "html", "unknown"
JSON_LINES = "jsonl"  # a reader's name for JSON records one per line; its items are JSON

SUFFIX_FORMATS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".jsonl": JSON_LINES,
    ".ndjson": JSON_LINES,
    ".json": JSON,
    ".html": HTML,
    ".htm": HTML,
}


@dataclass
class RawItem:
    """One raw document as received: where from, its exact bytes, its format, or a read error."""

    origin: str
    data: bytes
    format: str
    error: str = ""


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
    return SUFFIX_FORMATS.get(path.suffix, UNKNOWN)


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed input (standard input, unknown suffixes) from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return JSON
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return HTML
    return TEXT


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
        yield RawItem(path, b"", UNKNOWN, f"cannot read the file: {error.strerror or error}")
        return

    if path.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            yield RawItem(path, data, UNKNOWN, f"not a readable gzip file: {error}")
            return

    kind = format_of(path) if path != "-" else UNKNOWN
    if kind == UNKNOWN:
        kind = sniff_format(data)
    if kind == JSON_LINES:
        yield from split_lines(path, data)
    elif kind == JSON:
        yield from split_records(path, data)
    else:
        yield RawItem(path, data, kind)


def split_records(path: str, data: bytes) -> Iterator[RawItem]:
    """Yield one item per JSON record: the whole file if it is one object, the elements of an
    array, or else each non-blank line (JSON Lines)."""
    try:
        whole = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        whole = None
    if isinstance(whole, dict):
        yield RawItem(path, data, JSON)
        return
    if isinstance(whole, list):
        yield from split_array(path, data.decode("utf-8-sig"))
        return
    yield from split_lines(path, data)


def stream_lines(path: str) -> Iterator[RawItem]:
    """Yield the records of a JSON Lines file (gzipped or not) without reading it whole."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for line in handle:
                if line.strip():
                    number += 1
                    yield RawItem(f"{path}#{number}", line.strip(), JSON)
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or error
        if number:
            error_text = f"cannot read past record {number}: {reason}"
            yield RawItem(f"{path}#{number + 1}", b"", UNKNOWN, error_text)
        else:  # keep the unreadable bytes, as for any other document
            yield RawItem(path, read_bytes(path), UNKNOWN, f"cannot read the file: {reason}")
        return
    if number == 0:
        yield RawItem(path, b"", JSON, "the file holds no JSON records")


def read_bytes(path: str) -> bytes:
    """Return a file's bytes, or nothing when it cannot be read at all."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def split_lines(path: str, data: bytes) -> Iterator[RawItem]:
    """Yield each non-blank line of a JSON Lines file as a record."""
    number = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        number += 1
        yield RawItem(f"{path}#{number}", line.strip(), JSON)
    if number == 0:
        yield RawItem(path, data, JSON, "the file holds no JSON records")


def split_array(path: str, text: str) -> Iterator[RawItem]:
    """Yield the elements of a JSON array as records, each as its exact text in the file."""
    decoder = json.JSONDecoder()
    position, number = text.index("[") + 1, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        _, end = decoder.raw_decode(text, position)
        number += 1
        yield RawItem(f"{path}#{number}", text[position:end].encode(), JSON)
        position = end
    if number == 0:
        yield RawItem(path, text.encode(), JSON, "the file holds an empty JSON array")


def read_inputs(paths: list[str], stdin: BinaryIO | None = None) -> Iterator[RawItem]:
    """Yield the raw items of every path, in input order."""
    for path in iter_paths(paths):
        yield from read_path(path, stdin)
