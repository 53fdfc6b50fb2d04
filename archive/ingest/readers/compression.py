"""Expand gzip data without ever holding more than a document may be (a gzip bomb fails)."""

from __future__ import annotations

import zlib

from archive.ingest.types import ParseError

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16


def is_gzip(data: bytes) -> bool:
    """Tell whether data starts like a gzip stream."""
    return data[:2] == GZIP_MAGIC


def expand(data: bytes, limit: int) -> bytes:
    """Return the expanded bytes of gzip data (every member), or raise ParseError.

    Expansion stops as soon as it passes limit bytes, so a small file that expands to
    gigabytes costs no more memory than the limit.
    """
    pieces: list[bytes] = []
    size = 0
    remaining = data
    try:
        while remaining:
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = remaining
            while pending:
                piece = stream.decompress(pending, limit + 1 - size)
                size += len(piece)
                pieces.append(piece)
                if size > limit:
                    raise ParseError(
                        f"the gzip data expands past the limit of {limit:,} bytes"
                        f" ({len(data):,} bytes compressed)"
                    )
                pending = stream.unconsumed_tail
                if stream.eof:
                    break
                if not pending:
                    piece = stream.flush()
                    size += len(piece)
                    pieces.append(piece)
            if not stream.eof:
                raise ParseError("the gzip data is truncated: it ends before its last member does")
            # Another member may follow; anything else after the last member is padding.
            remaining = stream.unused_data
            if not is_gzip(remaining):
                break
    except zlib.error as error:
        raise ParseError(f"not readable gzip data: {error}") from None
    if size > limit:
        raise ParseError(f"the gzip data expands past the limit of {limit:,} bytes")
    return b"".join(pieces)
