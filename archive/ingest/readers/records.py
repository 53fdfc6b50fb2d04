"""Split JSON input into records, one raw item each, and read one record's object.

A JSON file is one object, an array of objects or JSON Lines; each record is named FILE#N
(N counts records from 1) and keeps its exact bytes. A JSON Lines file is read line by line,
never whole, and no line is read past the document limit.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import zlib
from collections.abc import Iterator

from archive.ingest.readers.decoding import decode_bytes
from archive.ingest.types import ParseError, RawItem
from archive.lib.vocabulary import DocumentFormat

JSON = DocumentFormat.JSON
UNKNOWN = DocumentFormat.UNKNOWN
HEAD_BYTES = 64 * 1024
CHUNK = 1 << 20
# Records nested deeper than this are not news records; Python's own parser gives up near 1,000.
MAX_DEPTH = 64
# Python refuses to turn longer digit strings into numbers; such a number is kept as its text.
MAX_INT_DIGITS = 4300
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def split_records(origin: str, data: bytes) -> Iterator[RawItem]:
    """Yield one item per JSON record: the whole file if it is one object, the elements of an
    array, or else each non-blank line (JSON Lines)."""
    try:
        whole = json.loads(data.decode("utf-8-sig"), parse_int=parse_int)
    except (UnicodeDecodeError, ValueError, RecursionError):
        whole = None
    if isinstance(whole, dict):
        yield RawItem(origin, data, JSON)
        return
    if isinstance(whole, list):
        yield from split_array(origin, data.decode("utf-8-sig"))
        return
    yield from split_lines(origin, data)


def stream_lines(path: str, origin: str, max_bytes: int) -> Iterator[RawItem]:
    """Yield the records of a JSON Lines file (gzipped or not) without reading it whole."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            while line := handle.readline(max_bytes + 1):
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    number += 1
                    yield too_long_record(f"{origin}#{number}", line, handle, max_bytes)
                elif line.strip():
                    number += 1
                    yield RawItem(f"{origin}#{number}", line.strip(), JSON)
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or error
        if number:
            error_text = f"cannot read past record {number}: {reason}"
            yield RawItem(f"{origin}#{number + 1}", b"", UNKNOWN, error_text)
        else:  # keep the unreadable bytes, as for any other document
            head = read_head(path)
            yield RawItem(origin, head, UNKNOWN, f"cannot read the file: {reason}")
        return
    if number == 0:
        yield RawItem(origin, read_head(path), JSON, "the file holds no JSON records")


def too_long_record(origin: str, head: bytes, handle, max_bytes: int) -> RawItem:
    """Return the item for a line past the limit, read on to its end without keeping it."""
    size = len(head)
    while chunk := handle.readline(CHUNK):
        size += len(chunk)
        if chunk.endswith(b"\n"):
            break
    error = (
        f"the record is {size:,} bytes, over the limit of {max_bytes:,} bytes;"
        f" its first {HEAD_BYTES:,} bytes are kept"
    )
    item = RawItem(origin, head[:HEAD_BYTES], UNKNOWN, error)
    item.size = size
    return item


def split_lines(origin: str, data: bytes) -> Iterator[RawItem]:
    """Yield each non-blank line of a JSON Lines file as a record."""
    number = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        number += 1
        yield RawItem(f"{origin}#{number}", line.strip(), JSON)
    if number == 0:
        yield RawItem(origin, data, JSON, "the file holds no JSON records")


def split_array(origin: str, text: str) -> Iterator[RawItem]:
    """Yield the elements of a JSON array as records, each as its exact text in the file."""
    decoder = json.JSONDecoder(parse_int=parse_int)
    position, number = text.index("[") + 1, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        _, end = decoder.raw_decode(text, position)
        number += 1
        yield RawItem(f"{origin}#{number}", text[position:end].encode(), JSON)
        position = end
    if number == 0:
        yield RawItem(origin, text.encode(), JSON, "the file holds an empty JSON array")


def read_head(path: str) -> bytes:
    """Return the first bytes of a file, or nothing when it cannot be read at all."""
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return b""


def parse_int(digits: str) -> int | str:
    """Return a JSON integer as a number, or as its digits when Python cannot hold it."""
    return int(digits) if len(digits.lstrip("-")) <= MAX_INT_DIGITS else digits


def parse_record(data: bytes) -> dict:
    """Return the JSON object in a record's bytes, or raise ParseError saying what is wrong.

    Text in the object is made storable: NUL characters go and lone surrogates (which no
    database takes) become U+FFFD; the record's bytes stay as received.
    """
    text = decode_bytes(data)
    try:
        record = json.loads(text, parse_int=parse_int)
    except json.JSONDecodeError as error:
        raise ParseError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise ParseError(f"not valid JSON: nested more than {MAX_DEPTH} levels deep") from None
    if not isinstance(record, dict):
        raise ParseError(f"a JSON record must be an object, not {type(record).__name__}")
    if depth(record) > MAX_DEPTH:
        raise ParseError(f"the record is nested more than {MAX_DEPTH} levels deep")
    return storable(record)


def depth(value: object) -> int:
    """Return how deeply lists and objects nest in a JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                stack.extend((child, level + 1) for child in children)
    return deepest


def storable(value):
    """Return a JSON value a database can store: strings without NUL or lone surrogates, and
    NaN or infinities (which JSON has no words for) as the text the record wrote."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value
