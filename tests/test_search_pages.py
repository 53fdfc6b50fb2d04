"""The search page, exports and feed through HTTP: state in the URL, never a 500."""

import csv
import io
import json
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from archive.curation import merge_parties
from archive.models import Party
from tests.factories import make_article, make_party, make_raw_document, make_source

pytestmark = pytest.mark.django_db
SEARCH = reverse("archive:search")


@pytest.fixture
def archive():
    afp, reuters = make_source(name="AFP"), make_source(name="Reuters")
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    shoigu = make_party(name="Sergei Shoigu", kind=Party.Kind.PERSON)
    for n in range(30):
        make_article(
            title=f"Oil report {n}",
            body=f"Oil prices moved {n} points in Vienna.\n\nTraders waited.",
            source=afp if n % 2 else reuters,
            dateline="Vienna" if n % 3 else "London",
            published_at=datetime(2019, 1 + n % 12, 1 + n, tzinfo=UTC),
            parties={russia: 1} if n % 5 == 0 else {},
        )
    talks = make_article(
        title="Military talks on Syria",
        body="Mechanisms for deconfliction were discussed.\n\nShoigu and Russia agreed.",
        source=afp,
        dateline="Washington",
        published_at=datetime(2015, 9, 18, tzinfo=UTC),
        parties={russia: 2, shoigu: 1},
    )
    return {"afp": afp, "russia": russia, "shoigu": shoigu, "talks": talks}


def test_search_shows_hits_snippets_facets_and_timeline(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "deconfliction"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 article match <strong>deconfliction</strong>" in html
    assert "<mark>deconfliction</mark>" in html
    assert f"{archive['talks'].get_absolute_url()}?q=deconfliction" in html
    assert "Sep 2015: 1 article" in html
    assert "/search/?q=deconfliction&amp;party=sergei-shoigu" in html  # a facet adds its filter


def test_facet_links_add_filters_and_chosen_filters_can_be_lifted(client, archive):
    response = client.get(SEARCH, {"q": "oil", "source": "afp", "party": "russia"})
    results = response.context["results"]
    assert {hit.article.source.slug for hit in results.hits} == {"afp"}
    assert results.count == 3  # n = 5, 15, 25
    chosen = {c.label: c.remove_url for c in response.context["chosen"]}
    assert chosen["AFP"] == "/search/?q=oil&party=russia"
    assert chosen["Russia"] == "/search/?q=oil&source=afp"
    places = response.context["facets"]["places"]
    assert all("place=" in link.url for link in places)


def test_list_pages_keep_a_fixed_number_of_queries(client, archive, django_assert_max_num_queries):
    for params in ({}, {"q": "oil", "sort": "newest"}, {"party": "russia", "page": "2"}):
        with django_assert_max_num_queries(12):
            assert client.get(SEARCH, params).status_code == 200
    for url in (
        reverse("archive:home"),
        archive["russia"].get_absolute_url(),
        archive["afp"].get_absolute_url(),
    ):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_pages_are_links(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 10
    first = client.get(SEARCH, {"q": "oil", "sort": "oldest"})
    assert first.context["results"].page_count == 3
    assert first.context["urls"]["next"] == "/search/?q=oil&sort=oldest&page=2"
    third = client.get(first.context["urls"]["next"].replace("page=2", "page=3"))
    assert len(third.context["results"].hits) == 10
    assert third.context["urls"]["previous"] == "/search/?q=oil&sort=oldest&page=2"


def test_deep_pages_past_the_count_limit_use_a_cursor(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 10
    settings.ARCHIVE_SEARCH_LIMIT = 15
    response = client.get(SEARCH, {"sort": "newest", "page": "2"})
    assert "More than 15 articles" in response.content.decode()
    next_url = response.context["urls"]["next"]
    assert "after=" in next_url and "page=3" in next_url
    seen = {hit.article.pk for hit in response.context["results"].hits}
    third = client.get(next_url).context["results"]
    assert len(third.hits) == 10 and not seen & {hit.article.pk for hit in third.hits}


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"'},
        {"q": "NEAR("},
        {"q": ")"},
        {"q": "*"},
        {"q": '"unbalanced phrase'},
        {"q": "x" * 10_000},
        {"q": "null\x00byte"},
        {"q": "the a of"},
        {"q": "-only -exclusions"},
        {"q": "'; DROP TABLE archive_article; --"},
        {"from": "2019-02-30"},
        {"to": "99999-01-01"},
        {"source": "../../etc"},
        {"party": "\x00"},
        {"sort": "<script>"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"after": "garbage"},
        {"kind": "alien"},
        {"q": "½ ٣ 🙂 e\u0301 x\u200dy"},
        {"q": "a" * 1999},
    ],
)
def test_hostile_input_gets_results_or_a_message(client, archive, params):
    response = client.get(SEARCH, params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert b'role="alert"' in response.content
    for export in ("archive:export_csv", "archive:export_jsonl", "archive:feed"):
        assert client.get(reverse(export), params).status_code in (200, 400)
    if "q" in params:
        talks = archive["talks"].get_absolute_url()
        assert client.get(talks, {"q": params["q"]}).status_code == 200


def test_article_page_highlights_the_search_and_lists_related_and_duplicates(client, archive):
    talks = archive["talks"]
    make_raw_document(origin="copy.txt", duplicate_of=talks, status="duplicate")
    response = client.get(talks.get_absolute_url(), {"q": "deconfliction OR shoigu"})
    html = response.content.decode()
    assert "Mechanisms for <mark>deconfliction</mark> were discussed." in html
    assert "<mark>Shoigu</mark> and Russia agreed." in html
    assert "copy.txt" in html
    plain = client.get(talks.get_absolute_url(), {"q": "unrelated"}).content.decode()
    assert "<mark>" not in plain
    related = client.get(talks.get_absolute_url()).context["related"]
    assert related and all(archive["russia"] in a.parties.all() for a in related)


def test_merged_party_slug_redirects(client, archive):
    other = make_party(name="Shoygu", kind=Party.Kind.PERSON)
    old_url = other.get_absolute_url()
    merge_parties(archive["shoigu"], [other])
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == archive["shoigu"].get_absolute_url()
    assert client.get(reverse("archive:party", args=["nobody"])).status_code == 404


def test_csv_export_has_every_match_with_its_query_and_time(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 5
    response = client.get(reverse("archive:export_csv"), {"q": "oil", "source": "afp"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="news-archive-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 15  # every match, not one page
    assert rows[0]["search_url"] == "http://testserver/search/?q=oil&source=afp"
    assert rows[0]["exported_at"].startswith(str(datetime.now(UTC).year))
    assert rows[0]["published"] == "2019-12-24"  # newest first, a date alone for day precision
    assert rows[-1]["published"] == "2019-02-02"
    assert "Russia (country)" in {row["parties"] for row in rows}
    assert {row["party_slugs"] for row in rows} == {"", "russia"}


def test_jsonl_export_and_atom_feed(client, archive):
    response = client.get(reverse("archive:export_jsonl"), {"party": "russia", "sort": "oldest"})
    records = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert [r["title"] for r in records][:2] == ["Military talks on Syria", "Oil report 0"]
    assert records[0]["parties"][0] == {
        "slug": "russia",
        "name": "Russia",
        "kind": "country",
        "mentions": 2,
        "reviewed": True,
    }
    assert records[0]["search_url"].endswith("/search/?party=russia&sort=oldest")
    feed = client.get(reverse("archive:feed"), {"q": "deconfliction"})
    assert feed["Content-Type"].startswith("application/xml")  # so browsers apply feed.xsl
    root = ElementTree.fromstring(feed.content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == ["Military talks on Syria"]
    assert root.find(f"{atom}title").text == "News Archive: deconfliction"
    # The summary is the article's plain text, and says so: a reader shows "<" and "&" as such.
    summary = entries[0].find(f"{atom}summary")
    assert summary.get("type") == "text" and "deconfliction" in summary.text


def test_invalid_export_is_a_400_with_the_reason(client, archive):
    response = client.get(reverse("archive:export_csv"), {"party": "nobody"})
    assert response.status_code == 400
    assert "There is no party “nobody”" in response.content.decode()


def test_an_empty_archive_answers_every_page(client):
    assert client.get(reverse("archive:home")).status_code == 200
    response = client.get(SEARCH, {"q": "anything", "party": [], "sort": "relevance"})
    assert response.status_code == 200 and response.context["results"].count == 0
    assert b"No articles match" in response.content
    for export in ("archive:export_csv", "archive:export_jsonl", "archive:feed"):
        assert client.get(reverse(export), {"q": "anything"}).status_code == 200


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client):
    make_article(title='=HYPERLINK("http://evil.example","click")', body="@SUM(A1) in the body.")
    response = client.get(reverse("archive:export_csv"))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["body"] == "'@SUM(A1) in the body."
    jsonl = client.get(reverse("archive:export_jsonl"))
    record = json.loads(b"".join(jsonl.streaming_content))
    assert record["title"].startswith("=HYPERLINK")


def test_random_hostile_searches_never_fail(client, archive):
    """A fixed-seed fuzz over the characters that mean something to FTS5, tsquery or HTML."""
    import random

    alphabet = list("\"*()-:^{}[]&|!<>\\'`+~@#%;,./ \t\n\x00\x1fOoRrNnAaTtIiEe é東🙂½") + [
        "OR ",
        "NOT ",
        "AND ",
        "NEAR(",
        "title:",
        "oil",
        "deconfliction",
    ]
    rng = random.Random(20261125)
    for _ in range(150):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        response = client.get(SEARCH, {"q": text})
        assert response.status_code in (200, 400), repr(text)
        if response.status_code == 200 and response.context["results"].hits:
            talks = response.context["results"].hits[0].article.get_absolute_url()
            assert client.get(talks, {"q": text}).status_code == 200, repr(text)
