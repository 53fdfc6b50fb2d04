"""Turn a document's raw bytes into text, whatever its encoding, or say why it is not text."""

from __future__ import annotations

import codecs
import re

from archive.ingest.readers.compression import expand, is_gzip
from archive.ingest.types import DEFAULT_MAX_BYTES, ParseError

# Text with more control characters than this share is binary data that happens to decode;
# a handful of strays in a short text is still text.
MAX_CONTROL_SHARE = 0.05
MIN_CONTROL_COUNT = 4

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BYTE_CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")

# A page names its encoding in a <meta> tag (charset= or an http-equiv content) or an XML
# declaration near its top: browsers look at the first 1,024 bytes, pages stray a little further.
CHARSET_HEAD_BYTES = 8192
DECLARED_CHARSET = re.compile(
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)"
    rb"|<\?xml\b[^>]*?encoding\s*=\s*[\"']([a-z0-9_.:-]+)",
    re.IGNORECASE,
)
# Browsers read these as Windows-1252 (the WHATWG Encoding Standard), and a page whose markup
# declares UTF-16 is not UTF-16 (the declaration itself would not read as ASCII).
BROWSER_CODECS = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8"}
BROWSER_CODECS |= {"utf-16-le": "utf-8", "utf-16-be": "utf-8"}
BYTE_ORDER_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")


def decode_bytes(data: bytes) -> str:
    """Return the text in data: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    if not data:
        raise ParseError("the document is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ParseError("the document claims to be UTF-16 but is not valid UTF-16") from None
    else:
        if b"\x00" in data:
            raise ParseError("the document is binary data (it contains NUL bytes), not text")
        text = _decode_8bit(data)
    if not text.strip():
        raise ParseError("the document holds only whitespace, no text")
    if _too_many(len(CONTROL_CHARACTERS.findall(text)), len(text)):
        raise ParseError("the document is binary data (too many control characters), not text")
    return text


def decode_page(data: bytes) -> str:
    """Return the text of an HTML page: by its byte-order mark, else by the charset it
    declares, else as decode_bytes reads any text (UTF-8, else Windows-1252)."""
    codec = declared_codec(data)
    if codec is None or data.startswith(BYTE_ORDER_MARKS):
        return decode_bytes(data)
    if b"\x00" in data:
        raise ParseError("the document is binary data (it contains NUL bytes), not text")
    if codec == "utf-8":
        # A byte that is not UTF-8 in a page that says it is UTF-8 is read alone, as 1252.
        text = data.decode("utf-8", errors="surrogateescape")
        text = ESCAPED_BYTE.sub(_escaped_byte_as_1252, text)
    else:
        text = data.decode(codec, errors="replace")
    if not text.strip():
        raise ParseError("the document holds only whitespace, no text")
    return text


def declared_codec(data: bytes) -> str | None:
    """Return the Python codec for the charset a page declares (None: none Python knows)."""
    match = DECLARED_CHARSET.search(data[:CHARSET_HEAD_BYTES])
    if not match:
        return None
    label = (match[1] or match[2]).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return BROWSER_CODECS.get(name, name)


def _escaped_byte_as_1252(match: re.Match) -> str:
    """Return the Windows-1252 (else Latin-1) reading of a byte surrogateescape kept."""
    byte = bytes([ord(match[0]) - 0xDC00])
    return byte.decode("cp1252") if _is_cp1252(byte) else byte.decode("latin-1")


def _decode_8bit(data: bytes) -> str:
    """Return data decoded as UTF-8 when valid, else as Windows-1252 with Latin-1 for its gaps."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _too_many(len(BYTE_CONTROL_CHARACTERS.findall(data)), len(data)):
        raise ParseError("the document is binary data (too many control characters), not text")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes are undefined in Windows-1252; Latin-1 maps every byte, so nothing is lost.
        chunks = re.split(rb"([\x81\x8d\x8f\x90\x9d])", data)
        return "".join(
            chunk.decode("cp1252") if _is_cp1252(chunk) else chunk.decode("latin-1")
            for chunk in chunks
        )


def _too_many(control_count: int, length: int) -> bool:
    """Return whether this many control characters make the text binary data."""
    return control_count >= MIN_CONTROL_COUNT and control_count > MAX_CONTROL_SHARE * length


def _is_cp1252(chunk: bytes) -> bool:
    """Return whether chunk decodes as Windows-1252."""
    try:
        chunk.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def readable_text(data: bytes, limit: int = DEFAULT_MAX_BYTES, page: bool = False) -> str:
    """Return the bytes as text for people to read: expanded and decoded as ingestion does
    (by the charset it declares, for a page), never failing."""
    decode = decode_page if page else decode_bytes
    try:
        return decode(expand(data, limit) if is_gzip(data) else data)
    except ParseError:
        return data.decode("utf-8", errors="replace")
