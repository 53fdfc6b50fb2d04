"""An article's body as HTML paragraphs, each party's first mention linked to its page.

Mentions store where each party is first named (`first_offset` into the body, whose paragraphs
are joined by a blank line). The name read there is the longest of the party's names and aliases
that the text has at that offset, or else the capitalised words that start there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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
            found = NAME_AT.match(body, start)
            length = len(found.group().rstrip(".'’")) if found else 0
        if length:
            title = f"{party.name} ({party.get_kind_display().lower()})"
            spans.append(Span(start, start + length, party.get_absolute_url(), title))
    spans.sort(key=lambda span: span.start)
    kept: list[Span] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def linked_paragraphs(body: str, mentions) -> list[SafeString]:
    """Return the body's paragraphs as HTML with each party's first mention linked."""
    spans = first_mention_spans(body, mentions)
    paragraphs, offset = [], 0
    for paragraph in body.split(PARAGRAPH_BREAK):
        end = offset + len(paragraph)
        html, cursor = [], offset
        for span in spans:
            if offset <= span.start and span.end <= end:
                html.append(escape(body[cursor : span.start]))
                html.append(
                    format_html(
                        '<a class="mention" href="{}" title="{}">{}</a>',
                        span.url,
                        span.title,
                        body[span.start : span.end],
                    )
                )
                cursor = span.end
        html.append(escape(body[cursor:end]))
        paragraphs.append(mark_safe("".join(html)))
        offset = end + len(PARAGRAPH_BREAK)
    return paragraphs
