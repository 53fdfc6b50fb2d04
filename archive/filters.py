"""The one FilterSet behind search, facets, exports and feeds; its parameter names are public.

q        the search box (see archive/search/query.py for the syntax)
from/to  publication date range, by day, both ends included
source   source slug, repeatable (any of them)
party    party slug, repeatable (every one of them must be mentioned)
kind     mentions at least one party of this kind
place    dateline place
sort     relevance, newest or oldest
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import validate_slug
from django.db.models import Exists, OuterRef

from archive.models import Article, Mention, Party, Source
from archive.search import Query, QueryError, matching, parse_query
from archive.search.plan import TEXT, party_key, plan_search
from archive.search.results import SORTS

MAX_CHOSEN = 20


class SearchField(forms.CharField):
    """The search box: cleans to a parsed Query, or a form error saying how to fix it."""

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_query(text)
        except QueryError as error:
            raise forms.ValidationError(str(error), code="query") from error


class SlugChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by slug; a malformed or unknown slug is a form error."""

    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        "invalid_choice": "There is no %(kind)s “%(value)s” in the archive.",
        "too_many": "Choose at most %(limit)s.",
    }

    def __init__(self, *args, kind: str = "record", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        values = list(dict.fromkeys(value))
        if len(values) > MAX_CHOSEN:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_CHOSEN}
            )
        for slug in values:
            try:
                validate_slug(slug)
            except forms.ValidationError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"kind": self.kind, "value": slug[:100]},
                ) from None
        found = {record.slug: record for record in self.queryset.filter(slug__in=values)}
        missing = [slug for slug in values if slug not in found]
        if missing and hasattr(self.queryset, "by_former_slugs"):
            # A party merged or renamed since the link was made: its old slug leads to it.
            found.update(self.queryset.by_former_slugs(missing))
        for slug in values:
            if slug not in found:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"kind": self.kind, "value": slug},
                )
        return list({found[slug].pk: found[slug] for slug in values}.values())


class SearchFilter(django_filters.Filter):
    field_class = SearchField


class SlugChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugChoiceField


class SearchForm(forms.Form):
    def errors_beside_search(self) -> list[str]:
        """Return the errors of every field but the search box, each after its field's label.

        The search box's own error is shown under it, alone: a box listing nothing else would
        be an empty alert.
        """
        return [message for name, message in self.labelled_errors() if name != "q"]

    def error_messages(self) -> list[str]:
        """Return every error, each after its field's label."""
        return [message for _, message in self.labelled_errors()]

    def errors_in_a_line(self) -> str:
        """Return every error in one line, each after its parameter's name: for a 400 answer
        in plain text (exports, counts) or a saved search that no longer runs."""
        return "; ".join(
            f"{'search' if name == NON_FIELD_ERRORS else name}: {' '.join(messages)}"
            for name, messages in self.errors.items()
        )

    def labelled_errors(self) -> list[tuple[str, str]]:
        labelled = []
        for name, errors in self.errors.items():
            text = " ".join(errors)
            if name in self.fields and name != "q":
                text = f"{self.fields[name].label}: {text}"
            labelled.append((name, text))
        return labelled

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The end date is before the start date.")
        if data.get("undated") == "only" and (start or end):
            self.add_error("undated", "Articles of unknown date have no date to fall between.")
        return data


# Articles whose date is unknown: every search includes them unless told otherwise.
UNDATED_CHOICES = [("only", "only those"), ("exclude", "leave them out")]


class ArticleFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_text", label="Search")
    source = SlugChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        kind="source",
        method="filter_sources",
        label="Source",
    )
    party = SlugChoiceFilter(
        queryset=Party.objects.all(),
        to_field_name="slug",
        kind="party",
        method="filter_parties",
        label="Mentions",
    )
    kind = django_filters.ChoiceFilter(
        choices=Party.Kind.choices, method="filter_kind", label="Mentions a"
    )
    place = django_filters.CharFilter(
        field_name="dateline", lookup_expr="iexact", max_length=200, label="Dateline"
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_nothing", label="Order", empty_label="Relevance (the default)"
    )
    undated = django_filters.ChoiceFilter(
        choices=UNDATED_CHOICES, method="filter_undated", label="Date unknown"
    )

    class Meta:
        model = Article
        fields = []
        form = SearchForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        start = start_of_day(data["from"]) if data.get("from") else None
        end = end_of_day(data["to"]) if data.get("to") else None
        self.plan = plan_search(
            data.get("q"), list(data.get("party") or []), list(data.get("source") or []), start, end
        )
        return super().filter_queryset(queryset)

    def filter_text(self, queryset, name, value):
        if value is None:
            return queryset
        return matching(
            queryset, value, drive=self.plan.drives(TEXT), walking=self.plan.walks_newest
        )

    def filter_sources(self, queryset, name, sources):
        # No choice arrives as an empty queryset, which would otherwise match nothing.
        return queryset.filter(source__in=sources) if sources else queryset

    def filter_parties(self, queryset, name, parties):
        # A party may drive (its mentions list the articles) or only probe each article found
        # another way (EXISTS): plan.py picks the more selective side.
        for party in parties:
            if self.plan.drives(party_key(party)):
                queryset = queryset.filter(
                    id__in=Mention.objects.filter(party=party).values("article")
                )
            else:
                queryset = queryset.filter(
                    Exists(Mention.objects.filter(article=OuterRef("pk"), party=party))
                )
        return queryset

    def filter_kind(self, queryset, name, kind):
        mentions = Mention.objects.filter(article=OuterRef("pk"), party__kind=kind)
        return queryset.filter(Exists(mentions))

    def filter_undated(self, queryset, name, value):
        if value == "only":
            return queryset.filter(published_at=None)
        return queryset.exclude(published_at=None)

    def filter_nothing(self, queryset, name, value):
        return queryset  # the order is the search's business (archive/search/results.py)

    def current_party_slugs(self) -> list[str] | None:
        """Return the chosen parties' slugs when the URL named one by a former slug, else None.

        The search page then moves to the URL with today's slugs, so that its links (a chip's
        remove link, a facet) read the same slugs as the URL.
        """
        given = list(dict.fromkeys(self.data.getlist("party")))
        current = [party.slug for party in self.form.cleaned_data.get("party") or []]
        return current if given != current else None

    @property
    def query(self) -> Query:
        """Return the parsed search (empty when there is none or the form is invalid)."""
        if not self.is_valid():
            return Query()
        return self.form.cleaned_data.get("q") or Query()


def start_of_day(day: date) -> datetime:
    """Return the first moment of a day, in UTC like the timeline's months."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def end_of_day(day: date) -> datetime | None:
    """Return the first moment after a day (None after the last day there is)."""
    return None if day == date.max else start_of_day(day + timedelta(days=1))


def filter_from(queryset, name, day):
    return queryset.in_period(start=start_of_day(day))


def filter_to(queryset, name, day):
    return queryset.in_period(end=end_of_day(day))


# "from" is a Python keyword, so these two public names are declared after the class.
ArticleFilter.base_filters["from"] = django_filters.DateFilter(method=filter_from, label="From")
ArticleFilter.base_filters["to"] = django_filters.DateFilter(method=filter_to, label="To")
