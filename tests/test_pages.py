"""The public pages: home, article, original text, source and party pages."""

import pytest
from django.urls import reverse

from archive.models import Party
from tests.factories import (
    make_article,
    make_mention,
    make_party,
    make_raw_document,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_home_lists_the_latest_articles_first(client, django_assert_max_num_queries):
    source = make_source(name="AFP")
    for day in range(1, 30):
        make_article(
            title=f"Story of day {day}", source=source, published_at=f"2016-01-{day:02d}T08:00:00Z"
        )
    with django_assert_max_num_queries(13):
        response = client.get(reverse("archive:home"))
    assert response.status_code == 200
    titles = [hit.article.title for hit in response.context["results"].hits]
    assert titles[0] == "Story of day 29" and len(titles) == 10
    html = response.content.decode()
    assert "29 articles, published 1 January 2016 to 29 January 2016" in html
    assert 'action="/search/"' in html and "?sort=newest" in html
    # 29 days: a bar a day.
    assert "<svg" in html and "29 Jan 2016: 1 article<" in html


def test_article_page_shows_metadata_paragraphs_and_parties(client, django_assert_max_num_queries):
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    carter = make_party(name="Ash Carter", kind=Party.Kind.PERSON)
    article = make_article(
        title="Talks on Syria",
        source=make_source(name="AFP"),
        authors=["Jane Doe"],
        dateline="Washington",
        body="First paragraph.\n\nSecond paragraph.",
        parties={russia: 3, carter: 2},
    )
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Talks on Syria",
        "AFP",
        "Jane Doe",
        "18 September 2015",
        "Washington",
        '<p><span class="dateline">',
        "Second paragraph.",
        russia.get_absolute_url(),
        carter.get_absolute_url(),
    ):
        assert text in html


def test_missing_article_is_a_404(client):
    assert client.get(reverse("archive:article", args=[999999])).status_code == 404


def test_original_text_marks_what_cleaning_removed(client):
    raw = make_raw_document(content=b"Title\nBy AFP\nParis - Body text.\n")
    article = make_article(
        raw_document=raw,
        cleaning_segments=[
            ["title", "Title\n"],
            ["byline", "By AFP\n"],
            ["dateline", "Paris - "],
            ["body", "Body text.\n"],
            ["boilerplate", "Share this article"],
        ],
    )
    response = client.get(reverse("archive:article_raw", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="segment moved label-byline" title="byline: kept as a field">By AFP' in html
    assert '<del class="segment removed label-boilerplate" title="boilerplate: left out">' in html
    assert '<span class="segment label-body">Body text.\n</span>' in html
    assert raw.checksum[:10] in html


def test_original_text_escapes_hostile_html(client):
    article = make_article(cleaning_segments=[["body", "<script>alert(1)</script>"]])
    response = client.get(reverse("archive:article_raw", args=[article.pk]))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_source_and_party_pages_list_their_articles(client, django_assert_max_num_queries):
    source = make_source(name="Reuters")
    party = make_party(name="NATO", kind=Party.Kind.ORGANIZATION)
    make_article(title="About NATO", source=source, parties={party: 1})
    make_article(title="Not about NATO", source=source)
    with django_assert_max_num_queries(12):
        response = client.get(party.get_absolute_url())
    assert [hit.article.title for hit in response.context["results"].hits] == ["About NATO"]
    assert response.context["all_url"] == "/search/?party=nato"
    response = client.get(source.get_absolute_url())
    assert len(response.context["results"].hits) == 2
    assert response.context["all_url"] == "/search/?source=reuters"
    assert client.get(reverse("archive:party", args=["nobody"])).status_code == 404


def test_article_page_links_each_party_where_it_is_first_named(client):
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    carter = make_party(name="Ash Carter", kind=Party.Kind.PERSON)
    cook = make_party(name="Peter Cook", kind=Party.Kind.PERSON)
    body = "Russian militaries <met>.\n\nUS Secretary Ash Carter spoke; Pentagon's Peter Cook said."
    article = make_article(body=body)
    make_mention(article, russia, surface="Russian")
    make_mention(article, carter, surface="Ash Carter")
    make_mention(article, cook, surface="Peter Cook")
    gone = make_party(name="Gone")
    make_mention(article, gone, first_offset=10_000, first_length=4, surface="Gone")
    # A stored span that no longer holds its text (a body edited by hand) links nothing.
    make_mention(article, make_party(name="Zed"), first_offset=0, first_length=3, surface="Zed")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<a class="mention" href="/parties/russia/" title="Russia (country)">Russian</a> '
        "militaries &lt;met&gt;." in html
    )
    assert 'Secretary <a class="mention" href="/parties/ash-carter/"' in html
    assert ">Peter Cook</a> said." in html


def test_a_search_is_marked_inside_and_around_the_linked_mentions(client):

    carter = make_party(name="Ash Carter", kind=Party.Kind.PERSON)
    body = "Talks began.\n\nUS Secretary Ash Carter spoke by telephone."
    article = make_article(body=body)
    make_mention(article, carter, surface="Ash Carter")
    html = client.get(article.get_absolute_url(), {"q": '"Carter spoke" OR talks'}).content
    html = html.decode()
    assert "<mark>Talks</mark> began." in html
    assert (
        '<a class="mention" href="/parties/ash-carter/" title="Ash Carter (person)">'
        "Ash <mark>Carter</mark></a>" in html
    )
    assert "spoke</mark> by telephone." in html


def test_article_page_links_the_span_ingestion_stored_and_no_other(client):
    carter = make_party(name="Ash Carter", kind=Party.Kind.PERSON)
    body = "Carter spoke first.\n\nLater Secretary Ash Carter spoke again."
    article = make_article(body=body)
    # Ingestion found the party where the full name stands; the page does not look elsewhere.
    make_mention(article, carter, surface="Ash Carter")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<p>Carter spoke first.</p>" in html
    assert 'Secretary <a class="mention" href="/parties/ash-carter/"' in html
    assert html.count('class="mention"') == 1


def test_article_page_queries_do_not_grow_with_its_parties_and_their_aliases(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.models import PartyAlias

    def queries_for(party_count: int) -> int:
        names = [f"Quorvex{party_count}x{number} Holdings" for number in range(party_count)]
        article = make_article(body="\n\n".join(f"{name} met." for name in names))
        for name in names:
            party = make_party(name=name, kind=Party.Kind.ORGANIZATION)
            PartyAlias.objects.create(party=party, name=name.split()[0])
            make_mention(article, party, surface=name)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('class="mention"') == party_count
        return len(queries)

    assert queries_for(2) == queries_for(12)
