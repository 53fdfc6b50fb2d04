"""What the admin's lists share so that none of them reads a whole table, at a million articles.

A list over a large table counts no further than ARCHIVE_SEARCH_LIMIT rows ("More than 10,000",
as the search does), never counts the whole table or its facets, loads only the columns it
shows, and computes what its rows need (mention counts, contexts) for the rows on screen alone.
Its filters offer choices known without reading the rows: a vocabulary, the two ends of an
index, a short list of records; and each filter it offers has an index that serves it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models.functions import Substr
from django.db.models.lookups import Exact
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language_info

from archive.models import Article
from archive.search import in_ids

# Past this span of years, the publication filter offers decades, and the years of the chosen one.
YEARS_LISTED = 12
# A filter over related records lists them while there are no more than this many.
RECORDS_LISTED = 30


class CappedPaginator(Paginator):
    """Count a list by the ids of its first ARCHIVE_SEARCH_LIMIT + 1 rows, read in no order.

    Their number is the count (`capped` when there are more); when they are every row, pages are
    read from them. Unordered, the database finds them through whatever index serves the list's
    filters and stops at the limit; in the list's order, a filter few rows pass can walk a whole
    table to find them, and SQLite's planner knows no better. `ids` are those a search found.
    """

    capped = False

    def __init__(
        self, *args, ids: list[int] | None = None, limit: int | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.ids, self.limit = ids, limit or settings.ARCHIVE_SEARCH_LIMIT
        self.searched = ids is not None  # the rows are those ids already

    @cached_property
    def count(self) -> int:
        if self.ids is None:
            ids = self.object_list.order_by().values_list("pk", flat=True)
            self.ids = list(ids[: self.limit + 1])
        self.capped = len(self.ids) > self.limit
        return min(len(self.ids), self.limit)

    def rows(self) -> models.QuerySet:
        """Return the list's rows, read from the counted ids when those are all of them."""
        if self.count == 0:
            return self.object_list.none()
        if self.capped or self.searched or self.object_list.model._meta.pk.name != "id":
            return self.object_list
        return in_ids(self.object_list, self.ids)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows()[bottom:top], number, self)


class PageChangeList(ChangeList):
    """A changelist whose ModelAdmin loads only what the list shows, for the rows on screen."""

    def get_results(self, request: HttpRequest) -> None:
        self.queryset = self.model_admin.list_rows(self.queryset)
        super().get_results(request)
        unpaged = not self.multi_page or (self.show_all and self.can_show_all)
        if unpaged and isinstance(self.paginator, CappedPaginator):
            self.result_list = self.paginator.rows()[: self.paginator.count]
        self.result_list = list(self.result_list)
        self.model_admin.annotate_page(self.result_list)


class PageAnnotations:
    """Lets a ModelAdmin add what its list shows to the rows on screen only (PageChangeList)."""

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return PageChangeList

    def list_rows(self, queryset: models.QuerySet) -> models.QuerySet:
        """Return the list's rows with only what the list shows (the change page loads all)."""
        return queryset

    def annotate_page(self, rows: list) -> None:
        """Add what the columns show to the rows on screen (one query, not one per row)."""


class LargeTableAdmin(PageAnnotations, admin.ModelAdmin):
    """The admin of a table that holds millions of rows: capped counts, no facets, no full count."""

    paginator = CappedPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # Sorting by a column no index orders would sort the whole table: only these may.
    sortable_by: list[str] = []

    def get_paginator(self, request: HttpRequest, queryset, per_page: int, **kwargs):
        ids, limit = getattr(request, "found_by_search", (None, None))
        return self.paginator(queryset, per_page, ids=ids, limit=limit, **kwargs)


def found_by_search(request: HttpRequest, ids: list[int], limit: int) -> None:
    """Keep the ids a list's search found (up to limit and one) for its paginator to use."""
    request.found_by_search = (ids, limit)


def starts_with(queryset: models.QuerySet, field: str, prefix: str) -> models.Q:
    """Return the condition "field starts with prefix" in the form the database reads fastest.

    PostgreSQL reads `LIKE 'prefix%'` from an index with a pattern operator class, and its
    statistics tell it whether to. SQLite reads a prefix from an index only as a range, and
    cannot tell a rare prefix from a common one: the range is counted first on the index, up to
    the counting limit, and a common prefix only filters the rows the list's order walks (as
    archive/search/plan.py does with common words).
    """
    if connection.vendor == "postgresql":
        return models.Q(**{f"{field}__startswith": prefix})
    in_range = models.Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})
    limit = settings.ARCHIVE_SEARCH_LIMIT
    if queryset.filter(in_range).order_by()[:limit].count() < limit:
        return in_range
    return models.Q(Exact(Substr(field, 1, len(prefix)), models.Value(prefix)))


class PublishedFilter(admin.SimpleListFilter):
    """Publication years (decades over a long span), from the two ends of the date index."""

    title = "published"
    parameter_name = "published"
    UNDATED = "none"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        first, last = Article.objects.publication_span()
        if first is None:
            return [(self.UNDATED, "No date")]
        first_year, last_year = local_year(first), local_year(last)
        if last_year - first_year < YEARS_LISTED:
            choices = [(str(year), str(year)) for year in range(last_year, first_year - 1, -1)]
        else:
            choices = []
            chosen = self.period()
            for decade in range(last_year // 10 * 10, first_year // 10 * 10 - 10, -10):
                choices.append((f"{decade}s", f"{decade}s"))
                if chosen and chosen[0] // 10 * 10 == decade:
                    years = range(min(decade + 9, last_year), max(decade, first_year) - 1, -1)
                    choices += [(str(year), f"– {year}") for year in years]
        return [*choices, (self.UNDATED, "No date")]

    def period(self) -> tuple[int, int] | None:
        """Return the chosen (first year, year after the last), or None."""
        value = self.value() or ""
        decade = value.endswith("s")
        digits = value.removesuffix("s")
        if not (digits.isdigit() and len(digits) == 4):
            return None
        year = int(digits)
        return (year, year + 10) if decade else (year, year + 1)

    def queryset(self, request: HttpRequest, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.UNDATED:
            return queryset.filter(published_at=None)
        period = self.period()
        if period is None:
            raise IncorrectLookupParameters(f"Not a year or a decade: {value}")
        zone = timezone.get_current_timezone()
        start, end = (datetime(year, 1, 1, tzinfo=zone) for year in period)
        return queryset.in_period(start, end)


def local_year(moment: datetime) -> int:
    return timezone.localtime(moment).year


class LanguageFilter(admin.SimpleListFilter):
    """The archive's default language or any other: choices from settings, not from the rows.

    A language typed into the URL (`?language=fr`) works as well, and shows as chosen.
    """

    title = "language"
    parameter_name = "language"
    OTHER = "other"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        default = settings.ARCHIVE_DEFAULT_LANGUAGE
        choices = [(default, language_name(default))]
        chosen = self.value()
        if chosen and chosen not in (default, self.OTHER):
            choices.append((chosen, language_name(chosen)))
        return [*choices, (self.OTHER, "Any other")]

    def queryset(self, request: HttpRequest, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.OTHER:
            default = settings.ARCHIVE_DEFAULT_LANGUAGE
            # Two ranges an index can read, where `<>` would read every row.
            return queryset.filter(models.Q(language__lt=default) | models.Q(language__gt=default))
        return queryset.filter(language=value)


def language_name(code: str) -> str:
    try:
        return f"{get_language_info(code)['name']} ({code})"
    except KeyError:
        return code


class ShortListFilter(admin.RelatedFieldListFilter):
    """A filter by a related record that lists the records while they are few, never thousands.

    Past RECORDS_LISTED, it lists the chosen one and links to the records' own list, where each
    links back here.
    """

    def field_choices(self, field, request: HttpRequest, model_admin) -> list[tuple]:
        related = field.remote_field.model
        ordering = self.field_admin_ordering(field, request, model_admin)
        records = list(related._default_manager.order_by(*ordering)[: RECORDS_LISTED + 1])
        self.related_list_url, self.related_name = None, related._meta.verbose_name_plural
        if len(records) > RECORDS_LISTED:
            meta = related._meta
            self.related_list_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            chosen = str(self.lookup_val[-1]) if self.lookup_val else ""
            records = list(related._default_manager.filter(pk=chosen)) if chosen.isdigit() else []
        return [(record.pk, str(record)) for record in records]

    def has_output(self) -> bool:
        return super().has_output() or self.related_list_url is not None

    def choices(self, changelist):
        yield from super().choices(changelist)
        if self.related_list_url:
            yield {
                "selected": False,
                "query_string": self.related_list_url,
                "display": f"Choose among all {self.related_name}…",
            }
