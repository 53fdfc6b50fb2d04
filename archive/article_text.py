"""An article's body as HTML paragraphs: each party's first mention linked to its page, and
the words of the search the reader came from marked.

Mentions store where each party is first named (`first_offset` into the body, whose paragraphs
are joined by a blank line). The name read there is the longest of the party's names and aliases
that the text has at that offset, or else the capitalised words that start there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from archive.search.text import END, START, marked_paragraphs

PARAGRAPH_BREAK = "\n\n"
# "Sergei Shoigu", "U.S.", "al-Assad's": a capitalised word and the capitalised ones after it.
NAME_AT = re.compile(r"[^\W\d_][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")


@dataclass
class Span:
    start: int
    end: int
    url: str
    title: str


def first_mention_spans(body: str, mentions) -> list[Span]:
    """Return where each mention's party is first named, in order, without overlaps."""
    spans = []
    for mention in mentions:
        party, start = mention.party, mention.first_offset
        if start >= len(body):
            continue
        names = [party.name, *(alias.name for alias in party.aliases.all())]
        at = body[start : start + max(map(len, names))].casefold()
        length = max((len(n) for n in names if at.startswith(n.casefold())), default=0)
        if not length:
            # "Russian" for Russia, "Carter" for Ash Carter: a word of the party's names,
            # or one that starts like one.
            found = NAME_AT.match(body, start)
            if found and resembles(found.group(), names):
                length = len(found.group().rstrip(".'’"))
        if length:
            title = f"{party.name} ({party.get_kind_display().lower()})"
            spans.append(Span(start, start + length, party.get_absolute_url(), title))
    spans.sort(key=lambda span: span.start)
    kept: list[Span] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def resembles(text: str, names: list[str]) -> bool:
    """Tell whether text's first word is, or starts like, a word of one of the names."""
    first = re.split(r"[\s'’]", text.casefold(), maxsplit=1)[0]
    words = {word for name in names for word in re.split(r"[\s'’]", name.casefold()) if word}
    return any(
        first == word or (len(word) >= 4 and first[:4] == word[:4] and first[:2] == word[:2])
        for word in words
    )


def article_paragraphs(body: str, mentions, marked_body: str | None = None) -> list[SafeString]:
    """Return the body's paragraphs as HTML: first mentions linked, a search's matches marked.

    marked_body is the body as the search engine marked it (see archive/search/text.py); when
    its text is not exactly the body, only the matches are shown, since offsets would drift.
    """
    marks: list[tuple[int, int]] = []
    if marked_body is not None:
        plain, marks = split_marks(marked_body)
        if plain != body:
            return marked_paragraphs(marked_body)
    links = first_mention_spans(body, mentions)
    paragraphs, start = [], 0
    for paragraph in body.split(PARAGRAPH_BREAK):
        end = start + len(paragraph)
        html, cursor = [], start
        for link in links:
            if start <= link.start and link.end <= end:
                html.append(with_marks(body, cursor, link.start, marks))
                inner = mark_safe(with_marks(body, link.start, link.end, marks))
                html.append(
                    format_html(
                        '<a class="mention" href="{}" title="{}">{}</a>',
                        link.url,
                        link.title,
                        inner,
                    )
                )
                cursor = link.end
        html.append(with_marks(body, cursor, end, marks))
        paragraphs.append(mark_safe("".join(html)))
        start = end + len(PARAGRAPH_BREAK)
    return paragraphs


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
