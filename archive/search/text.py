"""Marked text from the engines (matches between private-use markers) made into safe HTML."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.lib.paragraphs import split_paragraphs

# Private-use characters: they never occur in articles, and survive HTML escaping untouched.
START = "\ue000"
END = "\ue001"


def marked_html(text: str) -> SafeString:
    """Escape text and turn the engine's markers into <mark> elements."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(END, "</mark>"))


def marked_paragraphs(text: str) -> list[SafeString]:
    """Split marked text into paragraphs ("\\n\\n"), closing and reopening marks at each break."""
    paragraphs = []
    open_mark = False
    for paragraph in split_paragraphs(text):
        if open_mark:
            paragraph = START + paragraph
        open_mark = paragraph.rfind(START) > paragraph.rfind(END)
        if open_mark:
            paragraph += END
        paragraphs.append(marked_html(paragraph))
    return paragraphs


def plain(text: str) -> str:
    """Drop the markers."""
    return text.replace(START, "").replace(END, "")
