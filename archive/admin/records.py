"""The fields of a JSON record the archive does not map (tags, section...): shown and searched.

They stay where ingestion kept them, as received, in the raw document's `extra`. No index
serves them, so the article list searches them walking the articles ingested last, a range of
ids at a time, until it has the counting limit's worth or its time is up; the list then says
how far it looked. A word search or a filter narrows the walk first.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from django.db import connection, models
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import IContains, IExact
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.text import smart_split, unescape_string_literal

PREFIX = "extra:"
# Article ids read per step of the walk, and how long the walk may take in all.
WALK_STEP = 2_000
WALK_SECONDS = 0.4


@dataclass(frozen=True)
class RecordFieldTerm:
    """`extra:section=markets` (the field holds that value) or `extra:tags` (it has the field)."""

    key: str
    value: str | None = None

    def __str__(self) -> str:
        return f"{PREFIX}{self.key}" if self.value is None else f"{PREFIX}{self.key}={self.value}"

    def condition(self, prefix: str = "raw_document__") -> models.Q:
        """Return the condition on articles (through prefix) that their record matches."""
        column = f"{prefix}extra"
        if self.value is None:
            return models.Q(**{f"{column}__has_key": self.key})
        text = KeyTextTransform(self.key, column)
        # A list holds the value as a JSON string; the database writes JSON as SQLite keeps
        # what Django stored (non-ASCII escaped) and PostgreSQL as it reads it (unescaped).
        quoted = json.dumps(self.value, ensure_ascii=connection.vendor != "postgresql")
        return models.Q(IExact(text, self.value)) | models.Q(IContains(text, quoted))


def split_terms(search_term: str) -> tuple[list[RecordFieldTerm], str]:
    """Return the `extra:` terms of a search and the rest of it, for the full-text search."""
    terms, rest = [], []
    for word in smart_split(search_term):
        if not word.lower().startswith(PREFIX):
            rest.append(word)
            continue
        field = word[len(PREFIX) :]
        key, equals, value = field.partition("=")
        key, value = unquote(key), unquote(value)
        if key:
            terms.append(RecordFieldTerm(key, value if equals else None))
    return terms, " ".join(rest)


def unquote(text: str) -> str:
    if len(text) > 1 and text[0] in "\"'" and text[-1] == text[0]:
        return unescape_string_literal(text)
    return text


def matching_condition(terms: list[RecordFieldTerm]) -> models.Q:
    condition = models.Q()
    for term in terms:
        condition &= term.condition()
    return condition


@dataclass
class Walk:
    """The ids of the articles found, and the lowest id the walk reached (None: all of them)."""

    ids: list[int]
    stopped_at: int | None


def walk_newest(queryset: models.QuerySet, condition: models.Q, limit: int) -> Walk:
    """Return the ids (up to limit and one) of the articles ingested last that pass condition."""
    last = queryset.model.objects.aggregate(last=models.Max("id"))["last"] or 0
    deadline = time.monotonic() + WALK_SECONDS
    found: list[int] = []
    high = last
    while high > 0:
        low = max(high - WALK_STEP, 0)
        step = queryset.filter(id__gt=low, id__lte=high).filter(condition).order_by("-id")
        found += step.values_list("id", flat=True)[: limit + 1 - len(found)]
        high = low
        if len(found) > limit or time.monotonic() > deadline:
            break
    return Walk(found, high if high > 0 and len(found) <= limit else None)


def record_fields(extra: dict) -> SafeString | str:
    """Return a record's unmapped fields as a list, each value a search for its articles."""
    if not extra:
        return "—"
    rows = (
        (key, format_html_join(", ", "{}", ((field_value(key, item),) for item in items(value))))
        for key, value in sorted(extra.items())
    )
    return format_html(
        '<dl class="record-fields">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
    )


def items(value) -> list:
    return value if isinstance(value, list) and value else [value]


def field_value(key: str, value) -> SafeString:
    """Return one value, linked to the articles whose records hold it when it is plain text."""
    if isinstance(value, dict | list) or value is None:
        return format_html("<code>{}</code>", json.dumps(value, ensure_ascii=False))
    text = str(value).lower() if isinstance(value, bool) else str(value)
    search = search_for(RecordFieldTerm(key, text))
    url = reverse("admin:archive_article_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode({"q": search}), text)


def search_for(term: RecordFieldTerm) -> str:
    """Return the search box text that finds a term, quoted when it holds a space."""
    if term.value is not None and any(character.isspace() for character in term.value):
        escaped = term.value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{PREFIX}{term.key}="{escaped}"'
    return str(term)
