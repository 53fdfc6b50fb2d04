"""Split JSON input into records, one raw item each, and read one record's object.

A JSON file is one object, an array of objects or JSON Lines; each record is named FILE#N
(N counts records from 1) and keeps its exact bytes.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator

from archive.ingest.readers.decoding import decode_bytes
from archive.ingest.types import ParseError, RawItem
from archive.lib.vocabulary import DocumentFormat

JSON = DocumentFormat.JSON
UNKNOWN = DocumentFormat.UNKNOWN


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


def read_bytes(path: str) -> bytes:
    """Return a file's bytes, or nothing when it cannot be read at all."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def parse_record(data: bytes) -> dict:
    """Return the JSON object in a record's bytes, or raise ParseError saying what is wrong."""
    text = decode_bytes(data)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise ParseError("not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise ParseError(f"a JSON record must be an object, not {type(record).__name__}")
    return record
