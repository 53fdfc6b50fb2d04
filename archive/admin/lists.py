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
from django.core.paginator import Paginator
from django.db import connection, models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language_info

from archive.models import Article

# Past this span of years, the publication filter offers decades, and the years of the chosen one.
YEARS_LISTED = 12
# A filter over related records lists them while there are no more than this many.
RECORDS_LISTED = 30


class CappedPaginator(Paginator):
    """Count no further than ARCHIVE_SEARCH_LIMIT rows; `capped` says there are more.

    `found`, when given, is how many rows a search found already (up to the limit and one).
    """

    capped = False

    def __init__(self, *args, found: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.found = found

    @cached_property
    def count(self) -> int:
        limit = settings.ARCHIVE_SEARCH_LIMIT
        counted = self.found
        if counted is None:
            # Unordered, so the database stops at the first rows it finds.
            counted = self.object_list.order_by()[: limit + 1].count()
        self.capped = counted > limit
        return min(counted, limit)


class PageChangeList(ChangeList):
    """A changelist whose ModelAdmin loads only what the list shows, for the rows on screen."""

    def get_results(self, request: HttpRequest) -> None:
        self.queryset = self.model_admin.list_rows(self.queryset)
        super().get_results(request)
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
        # A search that fetched its matches' ids knows their number (see found_by_search).
        found = getattr(request, "found_by_search", None)
        return self.paginator(queryset, per_page, found=found, **kwargs)


def found_by_search(request: HttpRequest, ids: list[int]) -> None:
    """Remember how many ids a list's search found, so that its paginator need not count them."""
    request.found_by_search = len(ids)


def starts_with(field: str, prefix: str) -> models.Q:
    """Return the condition "field starts with prefix" in a form an index on field serves.

    PostgreSQL reads `LIKE 'prefix%'` from an index with a pattern operator class; SQLite reads
    a prefix only as a range (its LIKE ignores case, and an ordinary index cannot serve it).
    """
    if connection.vendor == "postgresql":
        return models.Q(**{f"{field}__startswith": prefix})
    return models.Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})


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
