"""Choosing sources and parties by name: suggestions, typed names, and every value of a facet.

The search form has a text field for a source and one for a party. With JavaScript,
static/archive/pickers.js lists suggestions from `suggest` as the reader types and adds the
chosen slug to the search. Without it, the typed name arrives as `source_name` or `party_name`
and `answer_picked_names` turns it into the slug (a redirect), or asks which one was meant.

A facet's "more" page (`all_sources`, `all_parties`, `all_datelines`) lists every value of
that facet for the current search, with counts, a page at a time, searchable by prefix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from archive.filters import ArticleFilter
from archive.lib.names import normalize_name
from archive.lib.vocabulary import PartyKind
from archive.links import SearchLinks
from archive.models import Article, Party, PartyAlias, Source, unreviewed_shown
from archive.search import facets
from archive.search.results import DATE_ORDER, NEWEST, SORTS, first_matches

KINDS = {kind.value for kind in PartyKind}
LAST_CODE_POINT = "\U0010ffff"
# Suggestions listed for a name being typed.
SUGGESTIONS = 10
# Names typed longer than any stored name (max_length=200) cannot match one.
MAX_NAME_CHARS = 200
# The picker fields and the filter each one adds to.
PICKERS = {"source_name": "source", "party_name": "party"}
PLURALS = {"source": "sources", "party": "parties"}
# A facet's "more" page lists this many values at a time.
VALUES_PER_PAGE = 50
# Parameters of a "more" page itself, not of the search it counts over.
LIST_PARAMS = ("prefix", "page")


@dataclass
class Suggestion:
    slug: str
    name: str
    detail: str  # the kind of party, or "source"
    reviewed: bool = True
    alias: str = ""  # the other name the typed text matched, if it was not the name

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "detail": self.detail,
            "reviewed": self.reviewed,
            "alias": self.alias,
        }


@dataclass
class Choice:
    label: str
    url: str


@dataclass
class NameProblem:
    """A typed name that is no one's, or several records' name: the reader chooses."""

    message: str
    choices: list[Choice] = field(default_factory=list)
    unknown: bool = True


def database_lower(text: str) -> str:
    """Return text lowered as the database lowers it, to compare with the LOWER(name) index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT LOWER(%s)", [text])
        return cursor.fetchone()[0]


def starting_with(field: str, prefix: str) -> Q:
    """Return the condition "field starts with prefix" as a range an index can scan.

    The range ends at the first string past every string that starts with prefix (in code
    points); a prefix of nothing but the last code point has no such string, only a start.
    """
    condition = Q(**{f"{field}__gte": prefix})
    stem = prefix.rstrip(LAST_CODE_POINT)
    if stem:
        condition &= Q(**{f"{field}__lt": stem[:-1] + chr(ord(stem[-1]) + 1)})
    return condition


def suggest_parties(text: str, unreviewed: bool, kind: str = "") -> list[Suggestion]:
    """Return the parties whose name or one of whose other names starts with text.

    Both are range scans of an index (`party_unique_name_kind` on LOWER(name),
    `party_alias_normalized`) read in order and capped: fast among millions of parties.
    Exact names come first, then the rest alphabetically.
    """
    lowered, normalized = database_lower(text.strip()), normalize_name(text)
    if not lowered or not normalized:
        return []
    parties = (
        Party.objects.shown(unreviewed)
        .alias(lower_name=Lower("name"))
        .filter(starting_with("lower_name", lowered))
    )
    aliases = PartyAlias.objects.filter(starting_with("normalized", normalized)).select_related(
        "party"
    )
    if not unreviewed:
        aliases = aliases.filter(party__status=Party.Status.ACCEPTED)
    if kind:
        parties, aliases = parties.filter(kind=kind), aliases.filter(party__kind=kind)
    found = {party.pk: (party, "") for party in parties.order_by("lower_name")[:SUGGESTIONS]}
    for alias in aliases.order_by("normalized")[:SUGGESTIONS]:
        found.setdefault(alias.party_id, (alias.party, alias.name))
    ranked = sorted(
        found.values(),
        key=lambda pair: (
            normalize_name(pair[1] or pair[0].name) != normalized,
            normalize_name(pair[0].name),
        ),
    )
    return [
        Suggestion(party.slug, party.name, party.get_kind_display().lower(), party.reviewed, alias)
        for party, alias in ranked[:SUGGESTIONS]
    ]


def suggest_sources(text: str) -> list[Suggestion]:
    """Return the sources with text in their name or one of their other names (few exist)."""
    text = text.strip()
    if not text:
        return []
    sources = (
        Source.objects.filter(
            Q(name__icontains=text) | Q(aliases__normalized__contains=normalize_name(text))
        )
        .distinct()
        .order_by("name")[:SUGGESTIONS]
    )
    return [Suggestion(source.slug, source.name, "source") for source in sources]


def suggest_sources_view(request: HttpRequest) -> JsonResponse:
    """Answer the source picker's type-ahead: {"suggestions": [...]} for ?q=."""
    text = request.GET.get("q", "")
    if problem := typed_text_problem(text):
        return JsonResponse({"error": problem}, status=400)
    return suggestions_json(suggest_sources(text))


def suggest_parties_view(request: HttpRequest) -> JsonResponse:
    """Answer the party picker's type-ahead for ?q= (and ?kind=, optional)."""
    text, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    if problem := typed_text_problem(text):
        return JsonResponse({"error": problem}, status=400)
    if kind and kind not in KINDS:
        kinds = ", ".join(PartyKind)
        return JsonResponse({"error": f"kind must be one of {kinds}."}, status=400)
    return suggestions_json(suggest_parties(text, unreviewed_shown(request.user), kind))


def typed_text_problem(text: str) -> str:
    """Return why typed text cannot name anything ("" when it can): no stored name is longer
    than MAX_NAME_CHARS or holds a NUL (which PostgreSQL refuses in any text it is sent)."""
    if len(text) > MAX_NAME_CHARS:
        return f"Type at most {MAX_NAME_CHARS} characters."
    if "\x00" in text:
        return "A name cannot hold a NUL character."
    return ""


def suggestions_json(found: list[Suggestion]) -> JsonResponse:
    return JsonResponse({"suggestions": [suggestion.as_json() for suggestion in found]})


def parties_named(name: str, unreviewed: bool) -> list[Party]:
    """Return the parties whose name, or one of whose other names, is name (both indexed)."""
    alias_of = PartyAlias.objects.filter(normalized=normalize_name(name)).values("party")
    parties = (
        Party.objects.shown(unreviewed)
        .alias(lower_name=Lower("name"))
        .filter(Q(lower_name=database_lower(name)) | Q(pk__in=alias_of))
    )
    return list(parties.order_by("name", "kind")[:SUGGESTIONS])


def sources_named(name: str) -> list[Source]:
    """Return the sources whose name, or one of whose other names, is name."""
    return list(
        Source.objects.filter(
            Q(name__iexact=name) | Q(aliases__normalized=normalize_name(name))
        ).distinct()
    )


def source_names() -> list[str]:
    """Return every source's name, for the source picker's list (an archive has few)."""
    return list(Source.objects.order_by("name").values_list("name", flat=True)[:1000])


def answer_picked_names(request: HttpRequest) -> HttpResponse | None:
    """Turn names typed into the pickers into their slugs, if the search has any.

    Return a redirect to the search with the slugs, or a page that lists the records a name
    may mean (several) or says none has it; None when no name was typed.
    """
    # NUL cannot be in a name, nor be sent to PostgreSQL; the rest of a long name is no name's.
    typed = {
        param: request.GET.get(param, "").replace("\x00", "").strip()[:MAX_NAME_CHARS]
        for param in PICKERS
    }
    if not any(typed.values()):
        return None
    links = SearchLinks(request.path, request.GET)
    unreviewed = unreviewed_shown(request.user)
    resolved: dict[str, list[str]] = {param: [] for param in PICKERS}
    found = {}
    for param, name in typed.items():
        if name:
            found[param] = records_named(PICKERS[param], name, unreviewed)
            if len(found[param]) == 1:
                chosen = links.params.get(PICKERS[param], [])
                slug = found[param][0].slug
                resolved[PICKERS[param]] = [*chosen, slug] if slug not in chosen else chosen
    if all(len(records) == 1 for records in found.values()):
        return redirect(links.url(links.changed(**resolved)))
    remaining = SearchLinks(request.path, links.changed(**resolved))
    problems = [
        name_problem(PICKERS[param], typed[param], records, remaining, unreviewed)
        for param, records in found.items()
        if len(records) != 1
    ]
    filterset = ArticleFilter(request.GET, queryset=Article.objects.none())
    context = {
        "filterset": filterset,
        "links": links,
        "sorts": SORTS,
        "source_names": source_names(),
        "typed": typed,
        "picker_problems": problems,
    }
    status = 400 if any(problem.unknown for problem in problems) else 200
    return render(request, "archive/search.html", context, status=status)


def records_named(what: str, name: str, unreviewed: bool) -> list:
    return sources_named(name) if what == "source" else parties_named(name, unreviewed)


def name_problem(
    what: str, name: str, records: list, links: SearchLinks, unreviewed: bool
) -> NameProblem:
    """Say which records a typed name may mean, or that none has it and which names start so."""
    if records:
        return NameProblem(
            f"Several {PLURALS[what]} are called “{name}”: which one do you mean?",
            [choice(record, links, what) for record in records],
            unknown=False,
        )
    near = suggest_sources(name) if what == "source" else suggest_parties(name, unreviewed)
    message = f"No {what} in the archive is called “{name}”."
    if near:
        message += " Did you mean one of these?"
    return NameProblem(
        message,
        [
            Choice(f"{s.name} ({s.detail})", picker_links(links).with_value(what, s.slug))
            for s in near
        ],
    )


def picker_links(links: SearchLinks) -> SearchLinks:
    """Return links for the search without the typed names, which a choice replaces."""
    return SearchLinks(links.path, links.changed(**{param: [] for param in PICKERS}))


def choice(record, links: SearchLinks, what: str) -> Choice:
    detail = "source" if what == "source" else record.get_kind_display().lower()
    return Choice(f"{record.name} ({detail})", picker_links(links).with_value(what, record.slug))


# A facet's "more" page ------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetKind:
    """What a facet's "more" page lists and how a value narrows the search."""

    heading: str
    param: str  # the search parameter a value sets


SOURCES = FacetKind("Sources", "source")
DATELINES = FacetKind("Datelines", "place")


def all_sources(request: HttpRequest) -> HttpResponse:
    return facet_values(request, SOURCES)


def all_datelines(request: HttpRequest) -> HttpResponse:
    return facet_values(request, DATELINES)


def all_parties(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("There is no such kind of party.")
    return facet_values(request, FacetKind(PartyKind(kind).plural, "party"), kind)


def list_page_number(text: str | None) -> int | None:
    """Return the page of a list asked for (1 when none), or None when it is no page number."""
    if text is None or text == "":
        return 1
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= 1_000_000 else None


def facet_values(request: HttpRequest, facet: FacetKind, kind: str = "") -> HttpResponse:
    """List every value of a facet for the search in the URL, with counts, a page at a time."""
    search_params = {k: request.GET.getlist(k) for k in request.GET if k not in LIST_PARAMS}
    links = SearchLinks(reverse("archive:search"), search_params)
    filterset = ArticleFilter(request.GET, queryset=Article.objects.all())
    prefix = request.GET.get("prefix", "").strip()
    page = list_page_number(request.GET.get("page"))
    context = {
        "facet": facet,
        "filterset": filterset,
        "prefix": prefix,
        "search_url": links.url(),
        "whole_list_url": SearchLinks(request.path, search_params).url(),
        "hidden": [(name, value) for name, values in search_params.items() for value in values],
        "problems": [],
    }
    if not filterset.is_valid():
        context["problems"] = filterset.form.error_messages()
    if problem := typed_text_problem(prefix):
        context["problems"].append(problem)
    if page is None:
        context["problems"].append("The page must be a whole number from 1.")
    if context["problems"]:
        return render(request, "archive/facet_values.html", context, status=400)

    rows, capped = first_matches(filterset.qs.order_by(*DATE_ORDER[NEWEST]))
    ids = [row[0] for row in rows]
    offset = (page - 1) * VALUES_PER_PAGE
    listing = count_values(facet, kind, ids, prefix, offset, request)
    page_count = max(1, math.ceil(listing.total / VALUES_PER_PAGE))
    if page > page_count:
        context["problems"] = [f"There is no page {page}: the list has {page_count}."]
        return render(request, "archive/facet_values.html", context, status=400)
    data = filterset.form.cleaned_data
    pages = SearchLinks(request.path, request.GET)
    context.update(
        listing=listing,
        values=value_links(facet, listing.values, links, data),
        start=offset + 1,
        page=page,
        page_count=page_count,
        previous_url=pages.replaced(page=str(page - 1) if page > 2 else "") if page > 1 else "",
        next_url=pages.replaced(page=str(page + 1)) if page < page_count else "",
        chosen=links.chosen(data),
        query=str(filterset.query),
        approximate=capped,
        sample=len(ids),
    )
    return render(request, "archive/facet_values.html", context)


def count_values(
    facet: FacetKind, kind: str, ids: list[int], prefix: str, offset: int, request: HttpRequest
) -> facets.FacetList:
    if facet.param == "source":
        return facets.all_sources(ids, prefix, offset, VALUES_PER_PAGE)
    if facet.param == "place":
        return facets.all_places(ids, prefix, offset, VALUES_PER_PAGE)
    unreviewed = unreviewed_shown(request.user)
    return facets.all_parties(ids, kind, prefix, offset, VALUES_PER_PAGE, unreviewed=unreviewed)


def value_links(facet: FacetKind, values: list, links: SearchLinks, data: dict) -> list:
    """Return the values as links that narrow the search, the ones in force marked."""
    if facet.param == "place":
        chosen = {(data.get("place") or "").casefold()}
        return [
            {
                "value": v,
                "url": links.replaced(place=v.value),
                "chosen": v.value.casefold() in chosen,
            }
            for v in values
        ]
    chosen = {record.slug for record in data.get(facet.param) or []}
    return [
        {"value": v, "url": links.with_value(facet.param, v.value), "chosen": v.value in chosen}
        for v in values
    ]
