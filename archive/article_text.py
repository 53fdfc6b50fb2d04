"""An article's body as HTML paragraphs: each party's first mention linked to its page, and
the words of the search the reader came from marked.

Where each party is first named is stored with its mention (offset, length and the text there),
written by ingestion and every re-application of party decisions: this module only slices the
body there and escapes it.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from archive.lib.paragraphs import paragraph_starts, split_paragraphs
from archive.models import Article, Mention
from archive.search.text import END, START, marked_paragraphs


def article_paragraphs(article: Article, marked_body: str | None = None) -> list[SafeString]:
    """Return the body's paragraphs as HTML: first mentions linked, a search's matches marked.

    marked_body is the body as the search engine marked it (see archive/search/text.py); when
    its text is not exactly the body, only the matches are shown, since offsets would drift.
    """
    body = article.body
    marks: list[tuple[int, int]] = []
    if marked_body is not None:
        plain, marks = split_marks(marked_body)
        if plain != body:
            return marked_paragraphs(marked_body)
    links = article.first_mentions()
    paragraphs = split_paragraphs(body)
    html_paragraphs = []
    for start, paragraph in zip(paragraph_starts(paragraphs), paragraphs, strict=True):
        end = start + len(paragraph)
        html, cursor = [], start
        for mention in links:
            link_end = mention.first_offset + mention.first_length
            if start <= mention.first_offset and link_end <= end:
                html.append(with_marks(body, cursor, mention.first_offset, marks))
                inner = with_marks(body, mention.first_offset, link_end, marks)
                html.append(mention_link(mention, inner))
                cursor = link_end
        html.append(with_marks(body, cursor, end, marks))
        html_paragraphs.append(mark_safe("".join(html)))
    return html_paragraphs


def mention_link(mention: Mention, inner_html: str) -> SafeString:
    """Return the link from a mention's text to its party's page."""
    party = mention.party
    return format_html(
        '<a class="mention" href="{}" title="{} ({})">{}</a>',
        party.get_absolute_url(),
        party.name,
        party.get_kind_display().lower(),
        mark_safe(inner_html),
    )


def split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Return the text without the engine's markers, and where the marked runs are in it."""
    plain, marks, opened = [], [], None
    length = 0
    for piece in re.split(f"([{START}{END}])", marked):
        if piece == START:
            opened = length
        elif piece == END:
            if opened is not None and opened < length:
                marks.append((opened, length))
            opened = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), marks


def with_marks(body: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    """Return body[start:end] escaped, with the marked runs that fall in it as <mark>."""
    html, cursor = [], start
    for mark_start, mark_end in marks:
        left, right = max(mark_start, cursor), min(mark_end, end)
        if left < right:
            html.append(escape(body[cursor:left]))
            html.append(f"<mark>{escape(body[left:right])}</mark>")
            cursor = right
    html.append(escape(body[cursor:end]))
    return "".join(html)
