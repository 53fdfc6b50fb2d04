"""Parties no editor has reviewed: marked for readers, or held back from them by a setting."""

import json

import pytest
from django.urls import reverse

from archive.models import Party
from tests.factories import make_article, make_party

pytestmark = pytest.mark.django_db
SEARCH = reverse("archive:search")
MARK = 'class="unreviewed"'


@pytest.fixture
def parties():
    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    found = make_party(name="Subscribe Sign", kind=Party.Kind.PERSON, status=Party.Status.NEW)
    article = make_article(
        title="Talks in Moscow",
        body="Russia talked.\n\nSubscribe Sign spoke.",
        parties={russia: 2, found: 1},
    )
    return {"russia": russia, "found": found, "article": article}


def facet_item(html: str, name: str) -> str:
    """Return the facet list item that links a party, as HTML."""
    start = html.index(f">{name}</a>")
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def test_by_default_readers_see_unreviewed_parties_marked(client, parties):
    html = client.get(SEARCH, {"q": "talked"}).content.decode()

    assert MARK in facet_item(html, "Subscribe Sign")
    assert MARK not in facet_item(html, "Russia")
    article = client.get(parties["article"].get_absolute_url()).content.decode()
    assert "Subscribe Sign" in article and MARK in article
    page = client.get(parties["found"].get_absolute_url())
    assert page.status_code == 200
    assert "no editor has reviewed it yet" in page.content.decode()


def test_hidden_unreviewed_parties_stay_out_of_facets_articles_and_pages(client, parties, settings):
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"

    html = client.get(SEARCH, {"q": "talked"}).content.decode()
    home = client.get(reverse("archive:home")).content.decode()
    article = client.get(parties["article"].get_absolute_url()).content.decode()

    for page in (html, home):
        assert ">Russia</a>" in page
        assert ">Subscribe Sign</a>" not in page
    assert ">Russia</a>" in article and ">Subscribe Sign</a>" not in article
    assert client.get(parties["found"].get_absolute_url()).status_code == 404
    assert client.get(parties["russia"].get_absolute_url()).status_code == 200


def test_staff_see_hidden_unreviewed_parties_marked(staff_client, parties, settings):
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"

    html = staff_client.get(SEARCH, {"q": "talked"}).content.decode()

    assert MARK in facet_item(html, "Subscribe Sign")
    assert staff_client.get(parties["found"].get_absolute_url()).status_code == 200


def test_accepting_a_party_lifts_its_mark(client, parties):
    Party.objects.filter(pk=parties["found"].pk).update(status=Party.Status.ACCEPTED)

    html = client.get(SEARCH, {"q": "talked"}).content.decode()

    assert MARK not in facet_item(html, "Subscribe Sign")


def test_exports_mark_unreviewed_parties_or_leave_them_out(client, parties, settings):
    query = {"q": "talked"}

    marked = client.get(reverse("archive:export_jsonl"), query)
    record = json.loads(b"".join(marked.streaming_content).decode())
    csv_text = b"".join(client.get(reverse("archive:export_csv"), query).streaming_content)
    settings.ARCHIVE_UNREVIEWED_PARTIES = "hide"
    hidden = client.get(reverse("archive:export_jsonl"), query)

    reviewed = {party["name"]: party["reviewed"] for party in record["parties"]}
    assert reviewed == {"Russia": True, "Subscribe Sign": False}
    assert "Subscribe Sign (person, unreviewed)" in csv_text.decode("utf-8-sig")
    names = [p["name"] for p in json.loads(b"".join(hidden.streaming_content))["parties"]]
    assert names == ["Russia"]
