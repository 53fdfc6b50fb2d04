"""A body is its paragraphs joined by a blank line: the one place that says so."""

from __future__ import annotations

PARAGRAPH_BREAK = "\n\n"


def join_paragraphs(paragraphs: list[str]) -> str:
    """Return the body that holds these paragraphs."""
    return PARAGRAPH_BREAK.join(paragraphs)


def split_paragraphs(body: str) -> list[str]:
    """Return a body's paragraphs exactly as stored, so offsets into the body stay true."""
    return body.split(PARAGRAPH_BREAK)


def paragraph_starts(paragraphs: list[str]) -> list[int]:
    """Return where each paragraph starts in the body that joins them."""
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + len(PARAGRAPH_BREAK)
    return starts
