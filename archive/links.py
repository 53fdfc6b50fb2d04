"""Links that change one thing about a search: the URL is the state, so every view is a link."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import QueryDict
from django.urls import reverse

from archive.lib.vocabulary import PartyKind
from archive.search.facets import Bucket, Facets, FacetValue

# Changing what is searched starts again at page one.
PAGING = ("page", "after")


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    chosen: bool
    reviewed: bool = True


@dataclass
class FacetGroup:
    """The values of one kind of party, under a heading, with a link to all of them."""

    heading: str
    links: list[FacetLink]
    more_url: str


@dataclass
class Chosen:
    """A filter in force, with the link that lifts it."""

    name: str
    label: str
    remove_url: str


def article_url(article, query: str = "") -> str:
    """Return an article's page, with a search's words marked when it is opened from one."""
    url = article.get_absolute_url()
    if query:
        encoded = QueryDict(mutable=True)
        encoded["q"] = query
        url = f"{url}?{encoded.urlencode()}"
    return url


class SearchLinks:
    """Build search URLs from the current parameters (a QueryDict or a {name: [values]})."""

    def __init__(self, path: str, params) -> None:
        self.path = path
        if isinstance(params, QueryDict):
            self.params = {key: params.getlist(key) for key in params}
        else:
            self.params = {key: list(values) for key, values in params.items()}

    def url(self, params: dict[str, list[str]] | None = None) -> str:
        query = QueryDict(mutable=True)
        for key, values in (self.params if params is None else params).items():
            values = [value for value in values if value != ""]
            if values:
                query.setlist(key, values)
        encoded = query.urlencode()
        return f"{self.path}?{encoded}" if encoded else self.path

    def changed(self, drop_paging: bool = True, **changes: list[str]) -> dict[str, list[str]]:
        params = {k: v for k, v in self.params.items() if not (drop_paging and k in PAGING)}
        params.update(changes)
        return params

    def with_value(self, name: str, value: str) -> str:
        """Return the URL with one more value of a repeatable filter (a facet click)."""
        values = self.params.get(name, [])
        return self.url(self.changed(**{name: [*values, value] if value not in values else values}))

    def without_value(self, name: str, value: str) -> str:
        values = [v for v in self.params.get(name, []) if v != value]
        return self.url(self.changed(**{name: values}))

    def replaced(self, **changes: str) -> str:
        """Return the URL with single-valued parameters set (an empty string removes one)."""
        return self.url(self.changed(**{name: [value] for name, value in changes.items()}))

    def page(self, number: int, after: str = "") -> str:
        params = self.changed(page=[str(number)] if number > 1 else [], after=[after])
        return self.url(params)

    def export(self, path: str) -> str:
        """Return the same search at another path (an export or a feed), without paging."""
        return SearchLinks(path, self.changed()).url()

    def for_bucket(self, bucket: Bucket) -> str:
        """Return the search narrowed to a timeline bar's period (a chart has a hundred)."""
        base = self._without_dates
        period = f"from={bucket.start.isoformat()}&to={bucket.end.isoformat()}"
        return f"{base}{'&' if '?' in base else '?'}{period}"

    @cached_property
    def _without_dates(self) -> str:
        return self.url(self.changed(**{"from": [], "to": []}))

    def facet_links(self, facets: Facets, data: dict) -> dict:
        """Return the facets as links that add (or, when chosen, keep) their filter."""
        chosen_sources = {s.slug for s in data.get("source") or []}
        chosen_parties = {p.slug for p in data.get("party") or []}
        chosen_place = (data.get("place") or "").casefold()

        def links(name: str, values: list[FacetValue], chosen) -> list[FacetLink]:
            return [
                FacetLink(
                    value.label,
                    value.count,
                    self.replaced(place=value.value)
                    if name == "place"
                    else self.with_value(name, value.value),
                    chosen(value.value),
                    value.reviewed,
                )
                for value in values
            ]

        kinds = {kind.label: kind for kind in PartyKind}
        return {
            "sources": links("source", facets.sources, chosen_sources.__contains__),
            "parties": [
                FacetGroup(
                    kinds[label].plural,
                    links("party", values, chosen_parties.__contains__),
                    self.all_values("parties", kinds[label]),
                )
                for label, values in facets.parties.items()
            ],
            "places": links("place", facets.places, lambda v: v.casefold() == chosen_place),
            "more": {"sources": self.all_values("sources"), "places": self.all_values("datelines")},
            "undated": FacetLink(
                "Date unknown",
                facets.undated,
                self.replaced(undated="only", **{"from": "", "to": ""}),
                data.get("undated") == "only",
            )
            if facets.undated
            else None,
            "approximate": facets.approximate,
            "sample": facets.sample,
        }

    def all_values(self, facet: str, kind: str = "") -> str:
        """Return the page listing every value of a facet for this search (its "more" link)."""
        args = [kind] if kind else []
        return self.export(reverse(f"archive:all_{facet}", args=args))

    def chosen(self, data: dict) -> list[Chosen]:
        """Return the filters in force, each with a link that removes it."""
        chosen = []
        for source in data.get("source") or []:
            chosen.append(Chosen("source", source.name, self.without_value("source", source.slug)))
        for party in data.get("party") or []:
            chosen.append(Chosen("mentions", party.name, self.without_value("party", party.slug)))
        if data.get("kind"):
            chosen.append(Chosen("mentions a", data["kind"], self.replaced(kind="")))
        if data.get("place"):
            chosen.append(Chosen("dateline", data["place"], self.replaced(place="")))
        if data.get("from"):
            chosen.append(Chosen("from", data["from"].isoformat(), self.replaced(**{"from": ""})))
        if data.get("to"):
            chosen.append(Chosen("to", data["to"].isoformat(), self.replaced(to="")))
        if data.get("undated"):
            label = "unknown only" if data["undated"] == "only" else "unknown left out"
            chosen.append(Chosen("date", label, self.replaced(undated="")))
        return chosen
