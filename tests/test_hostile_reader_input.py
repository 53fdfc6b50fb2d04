"""Hostile input to every reader endpoint: a clear answer (2xx, 3xx, 400 or 404), never a 500.

Each value goes into each parameter of each endpoint, on both engines: NUL (PostgreSQL refuses
it in text), the last code point (no character comes after it), bytes that are not UTF-8, huge
text,
search syntax, markup, and numbers out of range.
"""

import pytest
from django.urls import reverse

from archive.models import Party
from tests.factories import make_article, make_party, make_source

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "\U0010ffff",
    "z\U0010ffff",
    "x" * 5000,
    '"unclosed',
    "-only",
    "* OR OR NOT",
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999999",
    "2019-02-30",
    "%00",
    "🦀",
]
# Bytes no UTF-8 text holds, sent as they are: a lone surrogate, an invalid byte.
RAW = ["%ED%A0%80", "%FF%FE"]

ENDPOINTS = [
    ("archive:search", ["q", "source", "party", "kind", "place", "sort", "undated", "from"]),
    ("archive:search", ["source_name", "party_name", "page", "after"]),
    ("archive:suggest_parties", ["q", "kind"]),
    ("archive:suggest_sources", ["q"]),
    ("archive:all_sources", ["prefix", "page", "q", "party"]),
    ("archive:all_datelines", ["prefix", "page", "to"]),
    ("archive:timeline_csv", ["q", "unit", "from", "undated"]),
    ("archive:compare", ["q", "measure", "source"]),
    ("archive:compare_csv", ["q", "measure"]),
    ("archive:export_csv", ["q", "party"]),
    ("archive:feed", ["q"]),
    ("api:articles", ["q", "cursor", "page", "sort", "party", "from"]),
    ("api:timeline", ["q", "to"]),
    ("api:parties", ["q", "kind", "page"]),
]


@pytest.fixture
def archive():
    source = make_source(name="Reuters")
    party = make_party(name="Georgia", kind=Party.Kind.COUNTRY)
    for day in range(1, 4):
        make_article(
            title=f"Talks {day}",
            source=source,
            published_at=f"2019-03-0{day}T10:00:00Z",
            parties={party: 1},
        )


@pytest.mark.parametrize(("name", "params"), ENDPOINTS)
def test_no_hostile_value_makes_a_server_error(client, archive, name, params):
    url = reverse(name)
    failures = []
    for param in params:
        for value in HOSTILE:
            response = client.get(url, {param: value, **({"q": "talks"} if param != "q" else {})})
            if response.status_code >= 500 or response.status_code == 422:
                failures.append((param, value[:20], response.status_code))
        for raw in RAW:
            response = client.get(f"{url}?q=talks&{param}={raw}")
            if response.status_code >= 500 or response.status_code == 422:
                failures.append((param, raw, response.status_code))
    assert failures == []


def test_the_facet_pages_of_a_kind_and_an_unknown_kind(client, archive):
    assert client.get(reverse("archive:all_parties", args=["country"])).status_code == 200
    assert client.get(reverse("archive:all_parties", args=["\U0010ffff"])).status_code == 404
    for value in HOSTILE:
        response = client.get(reverse("archive:all_parties", args=["country"]), {"prefix": value})
        assert response.status_code in (200, 400), (value[:20], response.status_code)
