"""The JSON API under /api/v1/: the search page's parameters and results, as JSON, never a 500."""

import json
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from archive.api import directory
from archive.curation import merge_parties
from archive.models import Article, Party
from tests.factories import make_article, make_party, make_raw_document, make_source

pytestmark = pytest.mark.django_db
ARTICLES = reverse("api:articles")


@pytest.fixture
def archive():
    afp, reuters = make_source(name="AFP"), make_source(name="Reuters")
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    shoigu = make_party(name="Sergei Shoigu", kind=Party.Kind.PERSON)
    found = make_party(name="Subscribe Sign", kind=Party.Kind.PERSON, status=Party.Status.NEW)
    for n in range(12):
        make_article(
            title=f"Oil report {n}",
            body=f"Oil prices moved {n} points in Vienna.\n\nTraders waited.",
            source=afp if n % 2 else reuters,
            dateline="Vienna" if n % 3 else "London",
            published_at=datetime(2019, 1 + n, 1 + n, tzinfo=UTC),
            parties={russia: 1} if n % 4 == 0 else {},
        )
    talks = make_article(
        title="Military talks on Syria",
        summary="Talks in Washington.",
        body="Mechanisms for deconfliction were discussed.\n\nShoigu and Russia agreed.",
        authors=["Jane Doe", "John Roe"],
        source=afp,
        dateline="Washington",
        url="https://example.org/talks",
        published_at=datetime(2015, 9, 18, tzinfo=UTC),
        raw_document=make_raw_document(),
        parties={russia: 2, shoigu: 1, found: 1},
    )
    undated = make_article(
        title="Oil without a date",
        body="Oil again, some day.",
        published_at=None,
        published_precision="",
    )
    return {
        "afp": afp,
        "russia": russia,
        "shoigu": shoigu,
        "found": found,
        "talks": talks,
        "undated": undated,
    }


def get_json(client, url: str, params: dict | None = None, status: int = 200) -> dict:
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_articles_give_hits_with_snippets_counts_and_facets(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        answer = get_json(client, ARTICLES, {"q": "deconfliction"})

    assert answer["query"] == "deconfliction" and answer["sort"] == "relevance"
    assert answer["count"] == 1 and answer["count_capped"] is False
    (hit,) = answer["results"]
    assert hit["id"] == archive["talks"].pk
    assert hit["title"] == "Military talks on Syria"
    assert "<mark>deconfliction</mark>" in hit["snippet_html"]
    assert "Mechanisms for deconfliction were discussed." in hit["snippet"]
    assert "<mark>" not in hit["snippet"]
    assert hit["source"] == {"slug": "afp", "name": "AFP"}
    assert hit["published"] == "2015-09-18" and hit["published_precision"] == "day"
    assert hit["url"] == f"http://testserver/api/v1/articles/{archive['talks'].pk}"
    assert hit["page_url"] == f"http://testserver{archive['talks'].get_absolute_url()}"
    facets = answer["facets"]
    assert facets["sources"] == [{"slug": "afp", "name": "AFP", "count": 1}]
    assert facets["parties"]["country"] == [
        {"slug": "russia", "name": "Russia", "count": 1, "reviewed": True}
    ]
    people = {party["slug"]: party["reviewed"] for party in facets["parties"]["person"]}
    assert people == {"sergei-shoigu": True, "subscribe-sign": False}
    assert facets["places"] == [{"name": "Washington", "count": 1}]
    assert answer["next"] is None and answer["next_url"] is None


def test_articles_take_the_search_pages_parameters(client, archive):
    def titles(params: dict) -> list[str]:
        return [hit["title"] for hit in get_json(client, ARTICLES, params)["results"]]

    assert titles({"source": ["reuters"], "party": "russia", "sort": "oldest"}) == [
        "Oil report 0",
        "Oil report 4",
        "Oil report 8",
    ]
    assert titles({"source": ["afp", "reuters"], "from": "2019-11-01", "to": "2019-12-31"}) == [
        "Oil report 11",
        "Oil report 10",
    ]
    assert titles({"kind": "person"}) == ["Military talks on Syria"]
    assert titles({"place": "london", "q": "oil", "sort": "oldest"}) == [
        "Oil report 0",
        "Oil report 3",
        "Oil report 6",
        "Oil report 9",
    ]
    assert titles({"q": "oil", "undated": "only"}) == ["Oil without a date"]
    assert "Oil without a date" not in titles({"q": "oil", "undated": "exclude"})
    oil = get_json(client, ARTICLES, {"q": "oil"})
    assert oil["count"] == 13 and oil["facets"]["undated"] == 1


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"from": "2019-02-30"}, "from", "Enter a valid date."),
        ({"from": "2020-01-01", "to": "2019-01-01"}, "to", "The end date is before the start"),
        ({"party": "nobody"}, "party", "There is no party “nobody” in the archive."),
        ({"source": "../../etc"}, "source", "There is no source “../../etc”"),
        ({"kind": "alien"}, "kind", "Select a valid choice."),
        ({"sort": "<script>"}, "sort", "Select a valid choice."),
        ({"undated": "only", "from": "2019-01-01"}, "undated", "have no date to fall between"),
        ({"q": "x" * 10_000}, "q", "please keep it under 2,000"),
        ({"q": "-only -exclusions"}, "q", ""),
        ({"place": "x" * 300}, "place", "at most 200 characters"),
        ({"page": "abc"}, "page", "valid integer"),
        ({"page": "-1"}, "page", "greater than or equal to 1"),
        ({"page": "99999999999999999999"}, "page", "less than or equal to 1000000"),
        ({"cursor": "garbage"}, "cursor", "Not a cursor this API gave out"),
        ({"cursor": "x" * 1000}, "cursor", "at most 200 characters"),
    ],
)
def test_bad_parameters_are_a_400_saying_which_and_why(client, archive, params, parameter, message):
    answer = get_json(client, ARTICLES, params, status=400)

    assert set(answer) == {"detail", "errors"}
    assert list(answer["errors"]) == [parameter]
    assert message in " ".join(answer["errors"][parameter])
    assert parameter in answer["detail"] or answer["detail"] == "This cursor cannot be used."
    if "cursor" not in params and "page" not in params:
        assert get_json(client, reverse("api:timeline"), params, status=400)["errors"]


def test_hostile_searches_get_results_or_a_400(client, archive):
    for text in ['"', "NEAR(", ")", "*", "null\x00byte", "'; DROP TABLE archive_article; --"]:
        for params in ({"q": text}, {"place": text}, {"party": text}, {"cursor": text}):
            response = client.get(ARTICLES, params)
            assert response.status_code in (200, 400), params
            json.loads(response.content)


def follow(client, params: dict) -> list[int]:
    """Return the ids of every page of a search, following next_url from the first page."""
    answer = get_json(client, ARTICLES, params)
    ids = [hit["id"] for hit in answer["results"]]
    while answer["next_url"]:
        assert answer["next_url"].startswith("http://testserver/api/v1/articles?")
        answer = get_json(client, answer["next_url"])
        ids += [hit["id"] for hit in answer["results"]]
    return ids


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_cursor_pages_past_the_count_limit_without_duplicates_or_gaps(
    client, archive, settings, sort
):
    settings.ARTICLES_PER_PAGE = 3
    settings.ARCHIVE_SEARCH_LIMIT = 5  # pages 2 on are read from the cursor's keyset
    # Same moment for several, and more undated: the keyset orders by date, then id, nulls last.
    for _ in range(3):
        make_article(published_at=datetime(2019, 5, 5, tzinfo=UTC))
        make_article(published_at=None, published_precision="")
    dated = Article.objects.exclude(published_at=None)
    undated = Article.objects.filter(published_at=None)
    if sort == "newest":
        order = [*dated.order_by("-published_at", "-id"), *undated.order_by("-id")]
    else:
        order = [*dated.order_by("published_at", "id"), *undated.order_by("id")]
    expected = [article.pk for article in order]

    first = get_json(client, ARTICLES, {"sort": sort})
    ids = follow(client, {"sort": sort})

    assert first["count"] == 5 and first["count_capped"] is True
    assert first["page_count"] is None and first["next"]
    assert len(ids) == len(set(ids)) == Article.objects.count() == 20
    assert ids == expected


def test_page_numbers_and_cursor_agree_below_the_limit(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 4
    ids = follow(client, {"q": "oil", "sort": "oldest"})
    second = get_json(client, ARTICLES, {"q": "oil", "sort": "oldest", "page": "2"})

    assert len(ids) == len(set(ids)) == 13
    assert [hit["id"] for hit in second["results"]] == ids[4:8]
    assert second["page_count"] == 4
    assert second["previous_url"] == "http://testserver/api/v1/articles?q=oil&sort=oldest&page=1"
    relevance = follow(client, {"q": "oil"})
    assert sorted(relevance) == sorted(ids)


def test_per_page_sets_the_page_size_and_follows_the_cursor(client, archive, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 5  # past the limit too: the keyset cursor
    for n in range(4):
        make_article(title=f"Oil spill {n}", body=f"Oil on the coast, day {n}.")
    first = get_json(client, ARTICLES, {"q": "oil", "sort": "newest", "per_page": "2"})
    assert first["per_page"] == 2 and len(first["results"]) == 2
    assert "per_page=2" in first["next_url"]
    ids = follow(client, {"q": "oil", "sort": "newest", "per_page": "2"})
    assert len(ids) == len(set(ids)) == Article.objects.filter(body__icontains="oil").count()

    # A cursor is for its page size: another one would skip or repeat articles.
    answer = get_json(
        client, ARTICLES, {"q": "oil", "sort": "newest", "cursor": first["next"]}, 400
    )
    assert "cursor" in answer["errors"]
    for bad in ("0", "101", "many"):
        answer = get_json(client, ARTICLES, {"q": "oil", "per_page": bad}, 400)
        assert "per_page" in answer["errors"]


def test_a_cursor_serves_only_its_own_search(client, archive, settings):
    settings.ARTICLES_PER_PAGE = 4
    cursor = get_json(client, ARTICLES, {"q": "oil"})["next"]
    assert get_json(client, ARTICLES, {"q": "oil", "cursor": cursor})["page"] == 2

    answer = get_json(client, ARTICLES, {"q": "oil", "sort": "oldest", "cursor": cursor}, 400)
    assert "cursor" in answer["errors"]


def test_article_is_the_clean_article_with_its_parties_and_raw_document(client, archive):
    talks = archive["talks"]
    answer = get_json(client, reverse("api:article", args=[talks.pk]))

    assert answer["title"] == "Military talks on Syria"
    assert answer["summary"] == "Talks in Washington."
    assert answer["authors"] == ["Jane Doe", "John Roe"]
    assert answer["paragraphs"] == [
        "Mechanisms for deconfliction were discussed.",
        "Shoigu and Russia agreed.",
    ]
    assert answer["body"] == talks.body
    assert answer["published"] == "2015-09-18"
    assert answer["published_at"].startswith("2015-09-18T00:00:00")
    assert answer["dateline"] == "Washington" and answer["language"] == "en"
    assert answer["url"] == "https://example.org/talks"
    assert answer["source"] == {"slug": "afp", "name": "AFP"}
    assert answer["raw_document_id"] == talks.raw_document_id is not None
    assert answer["parties"][0] == {
        "slug": "russia",
        "name": "Russia",
        "kind": "country",
        "count": 2,
        "reviewed": True,
        "url": "http://testserver/api/v1/parties/russia",
    }
    assert {party["slug"] for party in answer["parties"]} == {
        "russia",
        "sergei-shoigu",
        "subscribe-sign",
    }
    undated = get_json(client, reverse("api:article", args=[archive["undated"].pk]))
    assert undated["published"] is None and undated["published_precision"] is None


def test_missing_article_is_a_json_404_and_a_bad_id_a_400(client, archive):
    missing = get_json(client, reverse("api:article", args=[10**9]), status=404)
    assert missing == {"detail": "No article has this id.", "errors": {}}
    assert "article_id" in get_json(client, "/api/v1/articles/abc", status=400)["errors"]
    get_json(client, f"/api/v1/articles/{10**30}", status=400)
    get_json(client, "/api/v1/articles/0", status=400)


def test_hidden_unreviewed_parties_stay_out_of_the_api(staff_client, archive, settings):
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"
    client = Client()  # a reader; staff_client is signed in
    talks = reverse("api:article", args=[archive["talks"].pk])

    article = get_json(client, talks)
    facets = get_json(client, ARTICLES, {"q": "deconfliction"})["facets"]
    parties = get_json(client, reverse("api:parties"), {"kind": "person"})

    assert "subscribe-sign" not in {party["slug"] for party in article["parties"]}
    assert [party["slug"] for party in facets["parties"]["person"]] == ["sergei-shoigu"]
    assert [party["slug"] for party in parties["results"]] == ["sergei-shoigu"]
    get_json(client, reverse("api:party", args=["subscribe-sign"]), status=404)
    staff_article = get_json(staff_client, talks)
    assert "subscribe-sign" in {party["slug"] for party in staff_article["parties"]}
    get_json(staff_client, reverse("api:party", args=["subscribe-sign"]))


def test_parties_are_listed_by_name_with_kind_prefix_paging_and_counts(
    client, archive, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(directory, "PARTIES_PER_PAGE", 2)
    url = reverse("api:parties")

    with django_assert_max_num_queries(3):
        first = get_json(client, url)
    second = get_json(client, first["next_url"])

    assert first["count"] == 3 and first["page_count"] == 2
    assert [party["slug"] for party in first["results"] + second["results"]] == [
        "russia",
        "sergei-shoigu",
        "subscribe-sign",
    ]
    assert first["results"][0]["article_count"] == 4  # n = 0, 4, 8 and the talks
    assert first["results"][0]["articles_url"] == "http://testserver/api/v1/articles?party=russia"
    assert second["previous_url"] and second["next_url"] is None
    assert second["results"][0]["reviewed"] is False
    people = get_json(client, url, {"kind": "person", "q": "SERG"})["results"]
    assert [party["name"] for party in people] == ["Sergei Shoigu"]
    assert get_json(client, url, {"q": "Russ", "kind": "person"})["results"] == []
    assert "kind" in get_json(client, url, {"kind": "alien"}, status=400)["errors"]
    assert "page" in get_json(client, url, {"page": "x"}, status=400)["errors"]
    assert "q" in get_json(client, url, {"q": "nul\x00"}, status=400)["errors"]


def test_party_has_its_names_and_counts_and_former_slugs_lead_to_it(client, archive):
    other = make_party(name="Shoygu", kind=Party.Kind.PERSON)
    make_article(title="Shoygu visits", parties={other: 3})
    merge_parties(archive["shoigu"], [other])

    moved = client.get(reverse("api:party", args=["shoygu"]))
    answer = get_json(client, moved["Location"])

    assert moved.status_code == 301
    assert moved["Location"] == "/api/v1/parties/sergei-shoigu"
    assert answer["name"] == "Sergei Shoigu" and answer["kind"] == "person"
    assert answer["aliases"] == ["Shoygu"] and answer["former_slugs"] == ["shoygu"]
    assert answer["article_count"] == 2 and answer["mention_total"] == 4
    assert answer["page_url"] == "http://testserver/parties/sergei-shoigu/"
    missing = get_json(client, reverse("api:party", args=["nobody"]), status=404)
    assert missing["detail"] == "No party has this slug."
    assert "slug" in get_json(client, "/api/v1/parties/no%20slug", status=400)["errors"]


def test_sources_are_listed_with_their_article_counts(client, archive):
    make_source(name="Empty Wire")

    answer = get_json(client, reverse("api:sources"))

    counts = {source["slug"]: source["article_count"] for source in answer}
    assert counts == {"afp": 7, "empty-wire": 0, "reuters": 6}
    assert answer[0]["articles_url"] == "http://testserver/api/v1/articles?source=afp"


def test_timeline_counts_a_search_by_period_and_the_undated(client, archive):
    answer = get_json(client, reverse("api:timeline"), {"q": "oil"})

    buckets = answer["buckets"]
    assert sum(bucket["count"] for bucket in buckets) == 12
    assert answer["undated"] == 1 and answer["sampled"] is False
    assert buckets[0]["start"] <= "2019-01-01" <= buckets[0]["end"]
    assert buckets[-1]["start"] <= "2019-12-12" <= buckets[-1]["end"]
    assert all(bucket["label"] and bucket["start"] <= bucket["end"] for bucket in buckets)
    assert {bucket["unit"] for bucket in buckets} == {"month"}  # a year of articles
    russia = get_json(client, reverse("api:timeline"), {"party": "russia"})
    assert sum(bucket["count"] for bucket in russia["buckets"]) == 4
    assert russia["undated"] == 0


def test_the_api_is_read_only(client, archive):
    assert client.post(ARTICLES, {"q": "oil"}).status_code == 405
    assert client.delete(reverse("api:article", args=[archive["talks"].pk])).status_code == 405


def test_openapi_document_lists_every_path_and_the_search_parameters(client):
    document = get_json(client, "/api/v1/openapi.json")

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/timeline",
        "/api/v1/parties",
        "/api/v1/parties/{slug}",
        "/api/v1/sources",
    }
    search = document["paths"]["/api/v1/articles"]["get"]
    names = [parameter["name"] for parameter in search["parameters"]]
    assert names == [
        *("q", "from", "to", "source", "party", "kind", "place", "sort", "undated"),
        *("page", "per_page", "cursor"),
    ]
    assert "400" in search["responses"]


def test_docs_page_loads_swagger_from_the_sites_own_files(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in html
    assert "https://" not in html  # no CDN
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert client.get("/static/ninja/swagger-ui-init.js").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_run_under_the_content_security_policy(page):
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message),
    )
    page.goto("/api/v1/docs")
    page.get_by_text("/api/v1/parties/{slug}").wait_for()
    page.get_by_text("/api/v1/sources").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first

    expect(status).to_have_text("200")
    assert violations == []
