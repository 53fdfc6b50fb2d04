"""Saved searches: a signed-in reader keeps a search under a name and sees what is new in it.

A search is its URL parameters, so a saved search is those parameters in one spelling. What is
new is counted by the same FilterSet as the search page, over articles ingested since the owner
last opened the results, and capped like the search page's count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from archive.filters import ArticleFilter
from archive.links import PAGING, SearchLinks
from archive.models import Article, SavedSearch


def search_parameters(params: QueryDict) -> str:
    """Return a search's query string in one spelling, so one search is always one string.

    Only the search's own filters count, in their declared order, without paging or empty
    values; a repeatable filter's values are sorted (their order does not change the search),
    and a single-valued one keeps the value the search page reads (the last).
    """
    normal = QueryDict(mutable=True)
    for name, declared in ArticleFilter.base_filters.items():
        if name in PAGING:
            continue
        values = [value.strip() for value in params.getlist(name) if value.strip()]
        if not values:
            continue
        if isinstance(declared, django_filters.MultipleChoiceFilter):
            normal.setlist(name, sorted(set(values)))
        else:
            normal[name] = values[-1]
    return normal.urlencode()


def search_filter(parameters: str) -> ArticleFilter:
    return ArticleFilter(QueryDict(parameters), queryset=Article.objects.all())


@dataclass
class SavedSearchStatus:
    """What the list of saved searches says of one: its filters in words and what is new."""

    saved: SavedSearch
    description: list[str] = field(default_factory=list)
    new_count: int = 0
    new_capped: bool = False  # more than `new_count`: show "10,000+"
    error: str = ""  # the search no longer runs (a source or party it names is gone)


def search_status(saved: SavedSearch) -> SavedSearchStatus:
    """Describe the search and count its articles ingested since it was last opened (capped)."""
    filterset = search_filter(saved.parameters)
    if not filterset.is_valid():
        return SavedSearchStatus(saved, error=filterset.form.errors_in_a_line())
    limit = settings.ARCHIVE_SEARCH_LIMIT
    new = filterset.qs.filter(created_at__gt=saved.last_seen_at).order_by()[: limit + 1]
    count = new.count()
    return SavedSearchStatus(
        saved, search_description(filterset), new_count=min(count, limit), new_capped=count > limit
    )


def search_description(filterset: ArticleFilter) -> list[str]:
    """Return what a valid search asks for, in words: its query and each filter in force."""
    words = [f"“{filterset.query}”"] if filterset.query else []
    chosen = SearchLinks(reverse("archive:search"), {}).chosen(filterset.form.cleaned_data)
    return words + [f"{item.name}: {item.label}" for item in chosen] or ["every article"]


class SearchNameForm(forms.Form):
    """A name for a saved search, unique among its owner's."""

    name = forms.CharField(max_length=SavedSearch.MAX_NAME_LENGTH, label="Name")

    def __init__(self, *args, owner, saved: SavedSearch | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner, self.saved = owner, saved

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        taken = SavedSearch.objects.owned_by(self.owner).filter(name=name)
        if self.saved is not None:
            taken = taken.exclude(pk=self.saved.pk)
        if taken.exists():
            raise forms.ValidationError(
                f"You already have a saved search named “{name}”: choose another name.",
                code="taken",
            )
        return name


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = [search_status(saved) for saved in SavedSearch.objects.owned_by(request.user)]
    return render(request, "archive/saved/list.html", {"searches": searches})


@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    """Save the search given in the form under the name given, if it runs and the name is free."""
    parameters = search_parameters(QueryDict(request.POST.get("search", "")))
    search_url = SavedSearch(parameters=parameters).search_url()
    if not request.user.is_authenticated:
        # Signed out since the page was shown: sign in, then back to the search to save it.
        return redirect_to_login(search_url)
    filterset = search_filter(parameters)
    form = SearchNameForm(request.POST, owner=request.user)
    context = {
        "form": form,
        "parameters": parameters,
        "search_url": search_url,
        "action": reverse("archive:save_search"),
    }
    if not filterset.is_valid():
        context["search_error"] = (
            f"This search cannot be saved: {filterset.form.errors_in_a_line()}"
        )
        return render(request, "archive/saved/name_form.html", context, status=400)
    saved = SavedSearch(owner=request.user, parameters=parameters)
    if not form.is_valid() or not save_named(saved, form):
        return render(request, "archive/saved/name_form.html", context, status=400)
    return redirect(search_url)


def save_named(saved: SavedSearch, form: SearchNameForm) -> bool:
    """Save under the form's name; a name taken since the form's check is a form error too."""
    saved.name = form.cleaned_data["name"]
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:
        form.add_error("name", "You already have a saved search with this name.")
        return False
    return True


def owned(request: HttpRequest, pk: int) -> SavedSearch:
    """Return the reader's saved search; another reader's is not found, as if it did not exist."""
    return get_object_or_404(SavedSearch.objects.owned_by(request.user), pk=pk)


@login_required
def open_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the search's results, and count its new articles from now on."""
    saved = owned(request, pk)
    saved.mark_seen()
    return redirect(saved.search_url())


@require_POST
@login_required
def rename_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = owned(request, pk)
    form = SearchNameForm(request.POST, owner=request.user, saved=saved)
    context = {
        "form": form,
        "former_name": saved.name,
        "action": reverse("archive:rename_saved_search", args=[saved.pk]),
    }
    if not form.is_valid() or not save_named(saved, form):
        return render(request, "archive/saved/name_form.html", context, status=400)
    return redirect("archive:saved_searches")


@require_POST
@login_required
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    owned(request, pk).delete()
    return redirect("archive:saved_searches")
