"""Saved searches, readers' sign-in and the readable Atom feed, through HTTP on both engines."""

from datetime import UTC, datetime
from io import BytesIO
from xml.etree import ElementTree

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from archive.models import Article, SavedSearch
from archive.saved import search_parameters
from tests.conftest import run_ingest
from tests.factories import make_article, make_source

ATOM = "{http://www.w3.org/2005/Atom}"
SEARCH = reverse("archive:search")
SAVED = reverse("archive:saved_searches")
SAVE = reverse("archive:save_search")
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def test_a_search_is_saved_in_one_spelling_without_paging():
    params = QueryDict(
        "page=3&after=12.5&q=+pipeline+talks+&source=reuters&source=afp&source=afp"
        "&from=&sort=newest&sort=oldest&utm_source=mail"
    )
    assert search_parameters(params) == ("q=pipeline+talks&source=afp&source=reuters&sort=oldest")
    assert search_parameters(QueryDict("page=2")) == ""


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", password="a long password")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def pipelines():
    """Two articles about pipelines and one about harbours, all ingested long ago."""
    reuters = make_source(name="Reuters")
    for number in range(2):
        make_article(title=f"Pipeline report {number}", source=reuters)
    make_article(title="Harbour cranes idle")
    Article.objects.update(created_at=LONG_AGO)
    return reuters


def save(client, parameters: str, name: str, **kwargs):
    return client.post(SAVE, {"search": parameters, "name": name}, **kwargs)


@pytest.mark.django_db
def test_a_reader_saves_the_search_shown_and_the_page_says_so(reader_client, reader, pipelines):
    page = reader_client.get(SEARCH, {"q": "pipeline", "page": "1"})
    assert b"Save this search" in page.content
    assert b'name="search" value="q=pipeline"' in page.content

    response = save(reader_client, "q=pipeline", "Pipelines")
    assert response.status_code == 302 and response["Location"] == f"{SEARCH}?q=pipeline"
    saved = SavedSearch.objects.get()
    assert (saved.owner, saved.name, saved.parameters) == (reader, "Pipelines", "q=pipeline")

    page = reader_client.get(SEARCH, {"q": "pipeline"})
    assert "You saved this search as" in page.content.decode()
    assert b'name="search"' not in page.content


@pytest.mark.django_db
def test_signed_out_readers_are_asked_to_sign_in_and_come_back(client, pipelines):
    page = client.get(SEARCH, {"q": "pipeline"})
    content = page.content.decode()
    assert "Sign in to save this search" in content
    assert "/sign-in/?next=%2Fsearch%2F%3Fq%3Dpipeline" in content
    assert 'name="search"' not in content

    response = save(client, "q=pipeline", "Pipelines")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/search/%3Fq%3Dpipeline"
    assert not SavedSearch.objects.exists()


@pytest.mark.django_db
def test_a_name_is_used_once_per_reader(reader_client, reader, django_user_model, pipelines):
    save(reader_client, "q=pipeline", "Energy")
    response = save(reader_client, "q=harbour", "Energy")
    assert response.status_code == 400
    assert "You already have a saved search named “Energy”" in response.content.decode()
    assert SavedSearch.objects.count() == 1

    other = Client()
    other.force_login(django_user_model.objects.create_user("other", password="another one"))
    assert save(other, "q=harbour", "Energy").status_code == 302
    assert SavedSearch.objects.filter(name="Energy").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parameters, reason",
    [
        ("q=pipeline&from=2018-02-30", "from: Enter a valid date."),
        ("source=no-such-source", "There is no source “no-such-source”"),
        ("q=-climate", "q: A search needs at least one word"),
    ],
)
def test_a_search_that_does_not_run_cannot_be_saved(reader_client, parameters, reason):
    response = save(reader_client, parameters, "Broken")
    assert response.status_code == 400
    assert "This search cannot be saved" in response.content.decode()
    assert reason in response.content.decode()
    assert not SavedSearch.objects.exists()


@pytest.mark.django_db
def test_saved_searches_belong_to_their_owner(reader_client, django_user_model, pipelines):
    owner = django_user_model.objects.create_user("owner", password="a long password")
    theirs = SavedSearch.objects.create(
        owner=owner, name="Their pipelines", parameters="q=pipe", last_seen_at=LONG_AGO
    )

    assert "Their pipelines" not in reader_client.get(SAVED).content.decode()
    urls = [
        ("get", reverse("archive:open_saved_search", args=[theirs.pk])),
        ("post", reverse("archive:rename_saved_search", args=[theirs.pk])),
        ("post", reverse("archive:delete_saved_search", args=[theirs.pk])),
    ]
    for method, url in urls:
        assert getattr(reader_client, method)(url, {"name": "Mine now"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Their pipelines" and theirs.last_seen_at == LONG_AGO

    signed_out = Client().get(SAVED)
    assert signed_out.status_code == 302 and signed_out["Location"] == "/sign-in/?next=/saved/"


@pytest.mark.django_db
def test_new_articles_are_counted_since_the_owner_last_opened_the_search(
    reader_client, pipelines, tmp_path
):
    save(reader_client, "q=pipeline", "Pipelines")
    saved = SavedSearch.objects.get()
    assert "0 new" in reader_client.get(SAVED).content.decode()

    # A newer article that matches arrives by ingestion, and one that does not.
    (tmp_path / "pipeline.txt").write_text(
        "Pipeline talks resume in Vienna\n\nNegotiators met again on Monday to discuss the"
        " pipeline.\n",
        encoding="utf-8",
    )
    (tmp_path / "harbour.txt").write_text(
        "Harbour strike ends\n\nDock workers went back to work on Monday.\n", encoding="utf-8"
    )
    code, _, _ = run_ingest(tmp_path)
    assert code == 0 and Article.objects.count() == 5
    listing = reader_client.get(SAVED).content.decode()
    assert "1 new" in listing and "has-new" in listing

    response = reader_client.get(saved.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == f"{SEARCH}?q=pipeline"
    saved.refresh_from_db()
    assert saved.last_seen_at > Article.objects.latest("created_at").created_at
    assert "0 new" in reader_client.get(SAVED).content.decode()


@pytest.mark.django_db
def test_the_new_count_stops_at_the_search_limit(reader_client, reader, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 2
    SavedSearch.objects.create(owner=reader, name="Everything", last_seen_at=LONG_AGO)
    for _ in range(3):
        make_article()
    listing = reader_client.get(SAVED).content.decode()
    assert "2+ new" in listing
    assert "every article" in listing


@pytest.mark.django_db
def test_the_list_describes_each_search_and_links_its_feed(reader_client, reader, pipelines):
    SavedSearch.objects.create(
        owner=reader, name="Reuters pipelines", parameters="q=pipeline&source=reuters"
    )
    listing = reader_client.get(SAVED).content.decode()
    assert "“pipeline” · source: Reuters" in listing
    feed_url = f"{reverse('archive:feed')}?q=pipeline&amp;source=reuters"
    assert f'href="{feed_url}"' in listing

    feed = reader_client.get(reverse("archive:feed"), {"q": "pipeline", "source": "reuters"})
    titles = [e.findtext(f"{ATOM}title") for e in ElementTree.fromstring(feed.content)]
    assert sorted(t for t in titles if t and t.startswith("Pipeline")) == [
        "Pipeline report 0",
        "Pipeline report 1",
    ]


@pytest.mark.django_db
def test_a_search_that_stopped_running_says_why(reader_client, reader, pipelines):
    SavedSearch.objects.create(owner=reader, name="Gone", parameters="source=reuters")
    pipelines.delete()
    listing = reader_client.get(SAVED)
    assert listing.status_code == 200
    assert "This search no longer runs" in listing.content.decode()
    assert "There is no source “reuters”" in listing.content.decode()


@pytest.mark.django_db
def test_rename_and_delete_are_posts_with_a_csrf_token(reader, django_user_model):
    saved = SavedSearch.objects.create(owner=reader, name="Pipelines", parameters="q=pipeline")
    SavedSearch.objects.create(owner=reader, name="Harbours", parameters="q=harbour")
    rename = reverse("archive:rename_saved_search", args=[saved.pk])
    delete = reverse("archive:delete_saved_search", args=[saved.pk])
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(reader)

    assert guarded.get(rename).status_code == 405
    assert guarded.get(delete).status_code == 405
    assert guarded.post(rename, {"name": "Gas"}).status_code == 403
    assert guarded.post(delete).status_code == 403

    listing = guarded.get(SAVED)
    token = listing.context["csrf_token"]
    taken = guarded.post(rename, {"name": "Harbours", "csrfmiddlewaretoken": token})
    assert taken.status_code == 400
    assert "You already have a saved search named “Harbours”" in taken.content.decode()
    response = guarded.post(rename, {"name": "Gas", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Gas"
    assert guarded.post(delete, {"csrfmiddlewaretoken": token}).status_code == 302
    assert list(SavedSearch.objects.values_list("name", flat=True)) == ["Harbours"]


@pytest.mark.django_db
def test_readers_sign_in_and_out(client, reader, django_user_model):
    page = client.get(reverse("archive:login"))
    assert "Accounts are made by the archive" in page.content.decode()
    wrong = client.post(reverse("archive:login"), {"username": "reader", "password": "no"})
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()

    response = client.post(
        reverse("archive:login"),
        {"username": "reader", "password": "a long password", "next": "/search/?q=gas"},
    )
    assert response.status_code == 302 and response["Location"] == "/search/?q=gas"
    header = client.get(reverse("archive:home")).content.decode()
    assert "reader" in header and "Saved searches" in header and "Sign out" in header
    assert reverse("admin:index") not in header

    assert client.get(reverse("archive:logout")).status_code == 405
    assert client.post(reverse("archive:logout")).status_code == 302
    assert SESSION_KEY not in client.session
    assert ">Sign in</a>" in client.get(reverse("archive:home")).content.decode()


@pytest.mark.django_db
def test_staff_keep_their_admin_link(staff_client):
    header = staff_client.get(reverse("archive:home")).content.decode()
    assert f'href="{reverse("admin:index")}"' in header and "Saved searches" in header


def feed_document(client, **params) -> bytes:
    response = client.get(reverse("archive:feed"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return response.content


@pytest.mark.django_db
def test_the_feed_names_its_stylesheet_and_is_well_formed_atom(client, pipelines):
    document = feed_document(client, q="pipeline")
    events = ElementTree.iterparse(BytesIO(document), events=("pi", "start"))
    first_event, instruction = next(events)
    assert first_event == "pi"
    assert instruction.text == (
        'xml-stylesheet href="/static/archive/feed.xsl" media="screen" type="text/xsl"'
    )
    root = ElementTree.fromstring(document)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert sorted(e.findtext(f"{ATOM}title") for e in entries) == [
        "Pipeline report 0",
        "Pipeline report 1",
    ]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("feed.atom?q=pipeline")


@pytest.mark.django_db
def test_the_stylesheet_renders_a_page_a_person_can_read(client, pipelines):
    stylesheet = b"".join(client.get("/static/archive/feed.xsl").streaming_content)
    transform = etree.XSLT(etree.fromstring(stylesheet))
    page = transform(etree.fromstring(feed_document(client, q="pipeline")))
    html = etree.tostring(page, method="html", encoding="unicode")

    assert page.findtext(".//h1") == "News Archive: pipeline"
    assert "This is a feed." in html and "feed reader" in html
    address = page.find(".//input[@id='feed-address']")
    assert address.get("value").endswith("/search/feed.atom?q=pipeline")
    links = {a.text.strip(): a.get("href") for a in page.iterfind(".//ol//a")}
    assert set(links) == {"Pipeline report 0", "Pipeline report 1"}
    assert all(href.startswith("http://testserver/articles/") for href in links.values())
    # What the site's Content-Security-Policy would refuse: none of it.
    assert page.xpath("//script | //style | //@style | //@*[starts-with(name(), 'on')]") == []
    assert page.find(".//link[@rel='stylesheet']").get("href") == "/static/archive/style.css"


@pytest.mark.django_db
def test_the_list_costs_a_few_queries_per_search(reader_client, reader, pipelines):
    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert reader_client.get(SAVED).status_code == 200
        return len(queries)

    SavedSearch.objects.create(owner=reader, name="One", parameters="q=pipeline&source=reuters")
    one = queries_for_the_list()
    for name in ("Two", "Three"):
        SavedSearch.objects.create(owner=reader, name=name, parameters="q=pipeline&source=reuters")
    # Each search: its source looked up, its new articles counted (and, on SQLite, its plan).
    assert queries_for_the_list() - one <= 2 * 3
