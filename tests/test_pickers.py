"""Choosing sources and parties by name, every value of a facet, and the search page's fixes."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.lib.vocabulary import PartyKind
from archive.models import Party, PartyAlias, SourceAlias
from archive.pickers import SUGGESTIONS, VALUES_PER_PAGE, suggest_parties
from tests.factories import make_article, make_party, make_source

pytestmark = pytest.mark.django_db
SEARCH = reverse("archive:search")
SUGGEST_PARTIES = reverse("archive:suggest_parties")
SUGGEST_SOURCES = reverse("archive:suggest_sources")


def all_parties(kind: str) -> str:
    return reverse("archive:all_parties", args=[kind])


@pytest.fixture
def archive():
    """Sixty articles: 12 countries named Country 00 to Country 11, two sources, datelines."""
    afp, reuters = make_source(name="AFP"), make_source(name="Reuters")
    SourceAlias.objects.create(source=afp, name="Agence France-Presse")
    countries = [make_party(name=f"Country {n:02d}", kind=Party.Kind.COUNTRY) for n in range(12)]
    putin = make_party(name="Vladimir Putin", kind=Party.Kind.PERSON)
    PartyAlias.objects.create(party=putin, name="Putin")
    for n in range(60):
        # Country k is mentioned by the articles n with n % 12 >= k: Country 00 by all 60,
        # Country 11 by 5; so the counts fall with the number and every count differs.
        mentioned = {country: 1 for k, country in enumerate(countries) if n % 12 >= k}
        if n < 3:
            mentioned[putin] = 1
        make_article(
            title=f"Grain talks {n}",
            body=f"Grain shipments resumed, round {n}.\n\nPorts reopened.",
            source=afp if n % 3 else reuters,
            dateline=f"Port {n % 15:02d}",
            published_at=datetime(2021, 1 + n % 12, 1 + n % 28, tzinfo=UTC),
            parties=mentioned,
        )
    return {"afp": afp, "reuters": reuters, "countries": countries, "putin": putin}


# Suggestions ----------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [suggestion["name"] for suggestion in response.json()["suggestions"]]


def test_party_suggestions_start_with_the_typed_text_any_case(client):
    for name in ("Georgia", "George Washington", "Geneva", "Angela Merkel"):
        make_party(name=name)
    assert names(client.get(SUGGEST_PARTIES, {"q": "gE"})) == [
        "Geneva",
        "George Washington",
        "Georgia",
    ]
    assert names(client.get(SUGGEST_PARTIES, {"q": "geor"})) == ["George Washington", "Georgia"]
    assert names(client.get(SUGGEST_PARTIES, {"q": "merkel"})) == []  # a prefix, not a word
    assert names(client.get(SUGGEST_PARTIES, {"q": "  "})) == []


def test_party_suggestions_find_other_names_and_put_an_exact_name_first(client):
    paris = make_party(name="Paris", kind=Party.Kind.PLACE)
    make_party(name="Paris Saint-Germain", kind=Party.Kind.ORGANIZATION)
    make_party(name="Parisian Police", kind=Party.Kind.ORGANIZATION)
    islamic_state = make_party(name="Islamic State", kind=Party.Kind.GROUP)
    PartyAlias.objects.create(party=islamic_state, name="ISIL")
    answer = client.get(SUGGEST_PARTIES, {"q": "isil"}).json()["suggestions"]
    assert answer == [
        {
            "slug": islamic_state.slug,
            "name": "Islamic State",
            "detail": "group",
            "reviewed": True,
            "alias": "ISIL",
        }
    ]
    assert names(client.get(SUGGEST_PARTIES, {"q": "paris"}))[0] == paris.name
    only_places = client.get(SUGGEST_PARTIES, {"q": "paris", "kind": "place"})
    assert names(only_places) == ["Paris"]


def test_party_suggestions_are_capped(client):
    for n in range(SUGGESTIONS + 5):
        make_party(name=f"Smith {n:02d}")
    assert len(names(client.get(SUGGEST_PARTIES, {"q": "smith"}))) == SUGGESTIONS


def test_party_suggestions_follow_the_unreviewed_setting(client, settings, django_user_model):
    make_party(name="Ivan Accepted")
    make_party(name="Ivan Found", status=Party.Status.NEW)
    settings.ARCHIVE_UNREVIEWED_PARTIES = "mark"
    marked = client.get(SUGGEST_PARTIES, {"q": "ivan"}).json()["suggestions"]
    assert [(s["name"], s["reviewed"]) for s in marked] == [
        ("Ivan Accepted", True),
        ("Ivan Found", False),
    ]
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"
    assert names(client.get(SUGGEST_PARTIES, {"q": "ivan"})) == ["Ivan Accepted"]
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    assert names(staff.get(SUGGEST_PARTIES, {"q": "ivan"})) == [
        "Ivan Accepted",
        "Ivan Found",
    ]


def test_party_suggestions_read_an_index_not_the_whole_table():
    make_party(name="Kofi Annan")
    with CaptureQueriesContext(connection) as queries:
        suggest_parties("kof", unreviewed=True)
    party_query = next(q["sql"] for q in queries if 'FROM "archive_party"' in q["sql"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {party_query}")
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "party_unique_name_kind" in plan and "SCAN archive_party" not in plan
        else:
            cursor.execute("SET enable_seqscan = off")  # a tiny table: ask what it could use
            cursor.execute(f"EXPLAIN {party_query}")
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "party_unique_name_kind" in plan


def test_source_suggestions_match_any_part_of_a_name_or_alias(client, archive):
    assert names(client.get(SUGGEST_SOURCES, {"q": "euter"})) == ["Reuters"]
    assert names(client.get(SUGGEST_SOURCES, {"q": "france"})) == ["AFP"]


def test_suggestions_answer_bad_parameters_with_400(client):
    too_long = client.get(SUGGEST_PARTIES, {"q": "x" * 201})
    assert too_long.status_code == 400 and "200 characters" in too_long.json()["error"]
    bad_kind = client.get(SUGGEST_PARTIES, {"q": "x", "kind": "planet"})
    assert bad_kind.status_code == 400 and "person" in bad_kind.json()["error"]
    assert client.get(SUGGEST_SOURCES, {"q": "x" * 201}).status_code == 400


# A party or source typed by name (no JavaScript) ----------------------------------------------


def test_a_typed_party_name_becomes_its_slug(client, archive):
    response = client.get(SEARCH, {"q": "grain", "party_name": "vladimir putin", "source": "afp"})
    assert response.status_code == 302
    assert response["Location"] == f"/search/?q=grain&source=afp&party={archive['putin'].slug}"
    by_alias = client.get(SEARCH, {"party_name": "Putin", "source_name": "Agence France-Presse"})
    assert by_alias["Location"] == f"/search/?source=afp&party={archive['putin'].slug}"
    results = client.get(by_alias["Location"]).context["results"]
    assert results.count == 2  # articles 1 and 2 (0 is from Reuters)


def test_a_name_that_several_parties_share_lists_them_as_links(client):
    country = make_party(name="Georgia", kind=Party.Kind.COUNTRY)
    person = make_party(name="Georgia", kind=Party.Kind.PERSON)
    response = client.get(SEARCH, {"q": "wine", "party_name": "Georgia"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Several parties are called “Georgia”: which one do you mean?" in html
    assert f'href="/search/?q=wine&amp;party={country.slug}">Georgia (country)</a>' in html
    assert f'href="/search/?q=wine&amp;party={person.slug}">Georgia (person)</a>' in html
    assert 'value="Georgia"' in html  # the typed name stays in its field
    assert "results" not in response.context


def test_an_unknown_name_is_a_form_error_with_names_that_start_so(client, archive):
    response = client.get(SEARCH, {"party_name": "Vlad"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No party in the archive is called “Vlad”. Did you mean one of these?" in html
    assert f'href="/search/?party={archive["putin"].slug}">Vladimir Putin (person)</a>' in html
    nothing = client.get(SEARCH, {"source_name": "Pravda"}).content.decode()
    assert "No source in the archive is called “Pravda”." in nothing
    assert "Did you mean" not in nothing


def test_a_typed_name_of_a_hidden_party_is_unknown(client, settings):
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"
    make_party(name="Secret Person", status=Party.Status.NEW)
    assert client.get(SEARCH, {"party_name": "Secret Person"}).status_code == 400


def test_the_search_form_offers_the_pickers(client, archive):
    html = client.get(SEARCH, {"q": "grain"}).content.decode()
    assert '<label for="id_party_name">' in html and '<label for="id_source_name">' in html
    assert '<datalist id="source-names"><option value="AFP"></option><option value="Reuters">' in (
        html
    )
    assert '<option value="Country 00"></option>' in html  # the facet's parties, as hints
    assert 'src="/static/archive/pickers.js" defer' in html


# A facet's "more" page ------------------------------------------------------------------------


def test_facets_link_to_all_their_values(client, archive):
    html = client.get(SEARCH, {"q": "grain"}).content.decode()
    assert '<a href="/search/all/parties/country/?q=grain">All countries</a>' in html
    assert '<a href="/search/all/sources/?q=grain">All sources</a>' in html
    assert '<a href="/search/all/datelines/?q=grain">All datelines</a>' in html


def test_all_countries_lists_every_one_with_its_count(client, archive):
    response = client.get(all_parties("country"), {"q": "grain"})
    assert response.status_code == 200
    values = response.context["values"]
    assert [v["value"].label for v in values] == [f"Country {n:02d}" for n in range(12)]
    assert [v["value"].count for v in values] == [60 - 5 * k for k in range(12)]
    country_11 = archive["countries"][11]
    assert values[-1]["url"] == f"/search/?q=grain&party={country_11.slug}"
    narrowed = client.get(values[-1]["url"]).context["results"]
    assert narrowed.count == 5
    assert "12 values" in response.content.decode()


def test_the_list_pages_and_searches_within(client, archive):
    for n in range(VALUES_PER_PAGE + 5):
        make_article(dateline=f"Town {n:03d}")
    first = client.get(reverse("archive:all_datelines"))
    assert first.context["listing"].total == 15 + VALUES_PER_PAGE + 5
    assert len(first.context["values"]) == VALUES_PER_PAGE
    assert first.context["next_url"] == "/search/all/datelines/?page=2"
    second = client.get(first.context["next_url"])
    assert len(second.context["values"]) == 20
    assert second.context["previous_url"] == "/search/all/datelines/"
    within = client.get(reverse("archive:all_datelines"), {"prefix": "port 1"})
    assert [v["value"].label for v in within.context["values"]] == [
        "Port 10",  # 4 articles each: n = 10, 25, 40, 55 ...
        "Port 11",
        "Port 12",
        "Port 13",
        "Port 14",
    ]
    assert within.context["values"][0]["url"] == "/search/?place=Port+10"
    assert '<input type="hidden" name="prefix"' not in within.content.decode()


def test_the_list_counts_over_the_search_and_marks_its_own_filters(client, archive):
    afp = archive["afp"]
    response = client.get(reverse("archive:all_sources"), {"source": "afp"})
    values = response.context["values"]
    assert [(v["value"].label, v["value"].count, v["chosen"]) for v in values] == [
        ("AFP", 40, True)
    ]
    assert f'<a href="/search/?source={afp.slug}" aria-current="true">AFP</a>' in (
        response.content.decode()
    )
    people = client.get(all_parties("person"), {"party": archive["putin"].slug})
    assert [v["value"].count for v in people.context["values"]] == [3]


def test_the_list_follows_the_unreviewed_setting(client, archive, settings):
    found = make_party(name="Country Found", kind=Party.Kind.COUNTRY, status=Party.Status.NEW)
    make_article(parties={found: 1})
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"
    shown = [v["value"].label for v in client.get(all_parties("country")).context["values"]]
    assert "Country Found" not in shown and len(shown) == 12
    settings.ARCHIVE_UNREVIEWED_PARTIES = "mark"
    response = client.get(all_parties("country"))
    assert "Country Found" in [v["value"].label for v in response.context["values"]]
    assert "unreviewed</span>" in response.content.decode()


def test_a_capped_count_says_so(client, archive, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 20
    response = client.get(reverse("archive:all_sources"))
    assert response.context["approximate"] is True
    assert sum(v["value"].count for v in response.context["values"]) == 20
    assert "Counted over the newest 20 matching articles only" in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "0"}, "The page must be a whole number from 1."),
        ({"page": "two"}, "The page must be a whole number from 1."),
        ({"page": "9"}, "There is no page 9: the list has 1."),
        ({"prefix": "x" * 201}, "Type at most 200 characters"),
        ({"from": "2021-02-30"}, "From: Enter a valid date."),
        ({"party": "no-such-party"}, "There is no party “no-such-party” in the archive."),
        ({"q": "-grain"}, "at least one word to look for"),
    ],
)
def test_bad_list_parameters_are_400_with_a_message(client, archive, params, message):
    response = client.get(all_parties("country"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_kind_is_404(client):
    assert client.get(all_parties("planet")).status_code == 404


def test_the_list_keeps_a_fixed_number_of_queries(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert (
            client.get(all_parties("country"), {"q": "grain", "source": "afp"}).status_code == 200
        )


# The search page's fixes ----------------------------------------------------------------------


def test_party_facets_are_headed_by_plurals(client, archive):
    html = client.get(SEARCH, {"q": "grain"}).content.decode()
    assert "<h2>Countries</h2>" in html and "<h2>People</h2>" in html
    assert "Countrys" not in html and "Persons" not in html
    assert [kind.plural for kind in PartyKind] == [
        "People",
        "Organizations",
        "Countries",
        "Places",
        "Groups",
    ]


def test_the_order_menu_has_one_option_per_order_and_says_the_default(client, archive):
    html = client.get(SEARCH, {"q": "grain"}).content.decode()
    menu = html[
        html.index('<select id="id_sort" name="sort"') : html.index(
            "</select>", html.index('"sort"')
        )
    ]
    assert menu.count("<option") == 3
    assert '<option value="">relevance (default)</option>' in menu
    assert "best first" not in html
    assert "without them, the newest come first" in html
    newest = client.get(SEARCH, {"q": "grain", "sort": "newest"}).content.decode()
    assert '<option value="newest" selected>newest first</option>' in newest


def test_a_search_of_exclusions_only_says_so_once(client, archive):
    response = client.get(SEARCH, {"q": "-climate"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="error"') == 1
    assert "not only words to leave out" in html
    assert "Some of the search could not be read" not in html


def test_other_errors_are_listed_by_their_labels(client, archive):
    html = client.get(SEARCH, {"q": "-climate", "from": "2021-02-30"}).content.decode()
    assert html.count('class="error"') == 2  # the search box's, and the rest
    assert "<li>From: Enter a valid date.</li>" in html


def test_chosen_facet_values_are_marked_current(client, archive):
    html = client.get(SEARCH, {"source": "afp"}).content.decode()
    assert 'aria-current="true">AFP</a>' in html
    assert 'aria-current="true">Reuters</a>' not in html


def test_pages_start_with_a_skip_link_to_the_content(client, archive):
    for url in (reverse("archive:home"), SEARCH, all_parties("country")):
        html = client.get(url).content.decode()
        body = html[html.index("<body>") :]
        first_control = min(body.find(tag) % len(body) for tag in ("<a ", "<input", "<button"))
        assert first_control == body.index('<a class="skip-link" href="#content">')
        assert '<main id="content" tabindex="-1">' in html
