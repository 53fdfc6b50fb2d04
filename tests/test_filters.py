"""ArticleFilter, tested directly (no HTTP): every public parameter and its errors."""

from datetime import UTC, datetime

import pytest

from archive.curation import merge_parties
from archive.filters import ArticleFilter
from archive.models import Article, Party
from tests.factories import make_article, make_party, make_source

pytestmark = pytest.mark.django_db


def titles(data: dict) -> set[str]:
    filterset = ArticleFilter(data, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("title", flat=True))


def errors(data: dict) -> dict:
    filterset = ArticleFilter(data, queryset=Article.objects.all())
    assert not filterset.is_valid()
    return filterset.errors


def test_date_range_includes_both_days():
    for day, hour in ((9, 23), (10, 0), (12, 23), (13, 0)):
        make_article(title=f"{day}:{hour}", published_at=datetime(2020, 3, day, hour, tzinfo=UTC))
    assert titles({"from": "2020-03-10", "to": "2020-03-12"}) == {"10:0", "12:23"}
    assert titles({"from": "2020-03-13"}) == {"13:0"}
    assert titles({"to": "2020-03-09"}) == {"9:23"}
    assert titles({"to": "9999-12-31"}) == {"9:23", "10:0", "12:23", "13:0"}


def test_bad_dates_are_form_errors():
    assert "from" in errors({"from": "2020-13-01"})
    assert "to" in errors({"from": "2020-03-02", "to": "2020-03-01"})
    assert "to" in errors({"to": "yesterday"})


def test_sources_are_any_of_and_parties_all_of():
    afp, ap = make_source(name="AFP"), make_source(name="AP")
    make_source(name="Reuters")
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    carter = make_party(name="Ash Carter", kind=Party.Kind.PERSON)
    make_article(title="both", source=afp, parties={russia: 1, carter: 1})
    make_article(title="russia", source=ap, parties={russia: 2})
    make_article(title="none")
    assert titles({"source": ["afp", "ap"]}) == {"both", "russia"}
    assert titles({"source": ["reuters"]}) == set()
    assert titles({"party": ["russia"]}) == {"both", "russia"}
    assert titles({"party": ["russia", "ash-carter"]}) == {"both"}
    assert titles({"kind": "person"}) == {"both"}


def test_unknown_or_malformed_slugs_are_form_errors():
    assert "There is no source “nowhere”" in str(errors({"source": ["nowhere"]}))
    assert "party" in errors({"party": ["bad\x00slug"]})
    assert "party" in errors({"party": ["<script>"]})
    assert "Choose at most" in str(errors({"party": [f"p{i}" for i in range(30)]}))


def test_place_sort_and_text():
    make_article(title="From Moscow", dateline="Moscow", body="Talks went on.")
    make_article(title="From Paris", dateline="Paris", body="Talks ended.")
    assert titles({"place": "moscow"}) == {"From Moscow"}
    assert titles({"q": "ended"}) == {"From Paris"}
    assert titles({"q": "", "sort": "oldest"}) == {"From Moscow", "From Paris"}
    assert "sort" in errors({"sort": "sideways"})
    assert "q" in errors({"q": "-talks"})
    assert "q" in errors({"q": "x" * 5000})
    assert "place" in errors({"place": "nul\x00byte"})


def test_a_party_merged_away_is_still_found_by_its_former_slug(client):
    kept = make_party(name="European Union", kind=Party.Kind.ORGANIZATION)
    merged = make_party(name="EU", kind=Party.Kind.ORGANIZATION)
    make_article(title="Summit", parties={merged: 1})
    make_article(title="Budget", parties={kept: 1})
    make_article(title="Unrelated")
    merge_parties(kept, [merged])
    assert titles({"party": ["eu"]}) == {"Summit", "Budget"}
    assert titles({"party": ["eu", "european-union"]}) == {"Summit", "Budget"}
    assert "party" in errors({"party": ["never-a-party"]})

    # The search page moves to today's slug, so that its chips and facets read the URL's slugs.
    response = client.get("/search/", {"party": "eu", "q": "summit", "page": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?party=european-union&q=summit&page=1"
    assert client.get(response["Location"]).status_code == 200
