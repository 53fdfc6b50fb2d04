"""HTML pages: decoding, the story and its fields, the marked visible text, and ingesting them.

Every page here is invented for these tests. The pure tests need no database; the ingest and
page tests run on both engines.
"""

import gzip
import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.urls import reverse

from archive.ingest.cleaning import clean_html, clean_record
from archive.ingest.pipeline import parse_item
from archive.ingest.readers.decoding import decode_page
from archive.ingest.types import RawItem
from archive.lib.vocabulary import DocumentFormat, SegmentLabel
from archive.models import Article, RawDocument
from bench.archive_adapter import NO_PARTIES
from tests.conftest import run_ingest

FIRST = (
    "The town council approved the dredging of the old harbour on Tuesday after a long debate"
    " about what it will cost the town and its fishermen."
)
SECOND = (
    "Work on the channel is to start in the spring and last two years, the council said in a"
    " statement released after the vote, which passed by seven votes to four."
)
THIRD = (
    "Fishermen in Port Ellis have asked for a deeper channel since the storms of 2019 silted up"
    " the harbour mouth, and Norway offered advice on the work."
)


def page(body: str = "", head: str = "", lang: str = "en") -> str:
    """Return a small news page: a menu, the article (its headline, then body) and a footer."""
    body = body or f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p>"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        "<title>Harbour dredging approved | The Kestrel Gazette</title>"
        f"{head}</head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>'
        f"<article><h1>Harbour dredging approved</h1>{body}</article>"
        "<footer><p>Copyright 2024 The Kestrel Gazette. All rights reserved.</p></footer>"
        "</body></html>"
    )


def labelled(article, label: str) -> list[str]:
    return [segment.text for segment in article.segments if segment.label == label]


def test_title_is_the_headline_without_the_site_name_which_becomes_the_source():
    article = clean_html(page().encode())
    assert article.title == "Harbour dredging approved"
    assert article.source == "The Kestrel Gazette"
    assert article.paragraphs == [FIRST, SECOND, THIRD]


def test_title_from_metadata_when_the_page_has_no_heading():
    html = page(head='<meta property="og:site_name" content="The Kestrel Gazette">')
    article = clean_html(html.replace("<h1>Harbour dredging approved</h1>", ""))
    assert article.title == "Harbour dredging approved"
    assert article.source == "The Kestrel Gazette"


def test_the_pages_only_heading_is_the_title_whatever_its_metadata_says():
    head = '<meta property="og:title" content="Why the harbour needs dredging now">'
    assert clean_html(page(head=head)).title == "Harbour dredging approved"


def test_a_logo_heading_is_not_the_title():
    head = '<meta property="og:site_name" content="KESTREL">'
    head += '<meta property="og:title" content="Harbour dredging approved after long debate">'
    html = page(head=head).replace("<h1>Harbour dredging approved</h1>", "")
    html = html.replace("<nav>", "<h1>KESTREL Kestrel Logo</h1><nav>")
    assert clean_html(html).title == "Harbour dredging approved after long debate"


def test_author_metadata_keeps_the_people_and_drops_the_rest():
    head = '<meta name="author" content="Mara Quint | Sponsored; Ivo Brandt, Kestrel.example">'
    assert clean_html(page(head=head)).authors == ["Mara Quint", "Ivo Brandt"]


@pytest.mark.parametrize(
    ("meta_block", "marked"),
    [
        # A byline the extractor keeps in the story: cleaning reads it, as in a scrape.
        ("<p>By Mara Quint | March 5, 2024</p>", [("byline", "By Mara Quint | March 5, 2024")]),
        # One it leaves out: read from the visible text under the headline.
        (
            '<div class="byline">By Mara Quint</div><time>March 5, 2024</time>',
            [("byline", "By Mara Quint"), ("date", "March 5, 2024")],
        ),
        (
            '<div class="meta"><span class="author">By Mara Quint</span>'
            ' <span class="date">Published March 5, 2024</span></div>',
            [("byline", "By Mara Quint Published March 5, 2024")],
        ),
    ],
)
def test_byline_and_date_under_the_headline_are_fields_marked_on_the_page(meta_block, marked):
    article = clean_html(page(f"{meta_block}<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p>"))
    assert article.authors == ["Mara Quint"]
    assert article.published == datetime(2024, 3, 5, tzinfo=UTC)
    assert article.published_precision == "day"
    moved = [(segment.label, segment.text) for segment in article.segments]
    moved = [(label, text) for label, text in moved if label in ("byline", "date")]
    assert moved == marked
    assert article.paragraphs == [FIRST, SECOND, THIRD]


def test_a_date_in_a_caption_under_the_headline_is_not_the_publication_date():
    caption = (
        "<p>Boats in the harbour of Port Ellis on March 1, 2024, before the storm reached it.</p>"
    )
    article = clean_html(page(f"<figure>{caption}</figure><p>{FIRST}</p><p>{SECOND}</p>"))
    assert article.published is None


def test_authors_and_date_from_metadata_when_the_page_prints_none():
    head = (
        '<meta name="author" content="Tomas Lindqvist">'
        '<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">'
    )
    article = clean_html(page(head=head))
    assert article.authors == ["Tomas Lindqvist"]
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.published_precision == "second"


def test_json_ld_article_gives_authors_and_is_kept_as_evidence():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Kestrel Gazette"},
            {
                "@type": "NewsArticle",
                "headline": "Harbour dredging approved",
                "datePublished": "2024-03-05T08:00:00Z",
                "author": [{"@type": "Person", "name": "Mara Quint"}, {"name": "Ivo Brandt"}],
                "publisher": {"@type": "Organization", "name": "The Kestrel Gazette"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    article = clean_html(page(head=head))
    assert article.authors == ["Mara Quint", "Ivo Brandt"]
    assert article.published == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    evidence = article.extra["page"]
    assert evidence["title"] == "Harbour dredging approved | The Kestrel Gazette"
    assert evidence["json_ld"]["type"] == "NewsArticle"
    assert evidence["json_ld"]["publisher"] == "The Kestrel Gazette"
    assert len(json.dumps(evidence)) < 2000  # what the page said, not the page


@pytest.mark.parametrize(
    "json_ld",
    [
        '{"@type": [1, {}], "headline": 5, "author": [{"name": ["x"]}, 7], "@graph": "x"}',
        '{"@type": "NewsArticle", "headline": "Harbour dredging approved",',
        "[[[]]]",
    ],
)
def test_malformed_json_ld_is_passed_over(json_ld):
    head = f'<script type="application/ld+json">{json_ld}</script>'
    article = clean_html(page(head=head))
    assert article.title == "Harbour dredging approved"
    assert article.paragraphs == [FIRST, SECOND, THIRD]


def test_a_day_printed_on_the_page_takes_the_time_the_metadata_gives_that_day():
    head = '<meta property="article:published_time" content="2024-03-05T09:30:00Z">'
    article = clean_html(page(f"<p>Published March 5, 2024</p><p>{FIRST}</p>", head))
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert labelled(article, SegmentLabel.DATE) == ["Published March 5, 2024"]


@pytest.mark.parametrize(
    ("link", "url"),
    [
        (
            '<link rel="canonical" href="https://kestrel.example/news/dredging">',
            "https://kestrel.example/news/dredging",
        ),
        ('<link rel="canonical" href="javascript:alert(1)">', ""),
        ('<link rel="canonical" href="/news/dredging">', ""),
        ('<meta property="og:url" content="http://kestrel.example/d">', "http://kestrel.example/d"),
    ],
)
def test_canonical_url_is_kept_only_when_it_is_a_web_link(link, url):
    assert clean_html(page(head=link)).url == url


@pytest.mark.parametrize(
    ("lang", "head", "language"),
    [
        ("en-GB", "", "en-GB"),
        ("", '<meta property="og:locale" content="fr_FR">', "fr-FR"),
        ("", "", ""),
    ],
)
def test_language_from_the_page(lang, head, language):
    assert clean_html(page(head=head, lang=lang)).language == language


def test_teaser_and_related_headlines_are_left_out():
    body = (
        "<p>The town council approved the dredging of the old harbour on Tuesday after a"
        " long...</p>"
        f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p><p>Related stories</p>"
        '<ul><li><a href="/a">Ferry timetable changes for the winter</a></li>'
        '<li><a href="/b">Lighthouse repainted by volunteers</a></li></ul>'
    )
    article = clean_html(page(body))
    assert article.paragraphs == [FIRST, SECOND, THIRD]
    assert labelled(article, SegmentLabel.TEASER) == [
        "The town council approved the dredging of the old harbour on Tuesday after a long..."
    ]
    left_out = " ".join(labelled(article, SegmentLabel.BOILERPLATE))
    assert "Lighthouse repainted" in left_out and "Home" in left_out


def test_wire_dateline_and_sign_off_are_read():
    body = f"<p>PORT ELLIS (Reuters) - {FIRST}</p><p>{SECOND}</p><p>{THIRD}</p><p>Reuters</p>"
    article = clean_html(page(body))
    assert article.dateline == "Port Ellis"
    assert article.source == "Reuters"
    assert article.paragraphs == [FIRST, SECOND, THIRD]
    assert labelled(article, SegmentLabel.DATELINE) == ["PORT ELLIS (Reuters) -"]


def test_segments_are_the_visible_text_with_what_became_a_field_marked():
    article = clean_html(page(f"<p>By Mara Quint</p><p>{FIRST}</p><p>{SECOND}</p>"))
    visible = "".join(segment.text for segment in article.segments)
    assert visible.startswith("Home\nSport\n\nHarbour dredging approved\n\nBy Mara Quint\n\n")
    assert visible.endswith("Copyright 2024 The Kestrel Gazette. All rights reserved.")
    assert labelled(article, SegmentLabel.TITLE) == ["Harbour dredging approved"]
    assert labelled(article, SegmentLabel.BODY) == [FIRST, SECOND]
    assert "<" not in visible


def test_list_items_are_body_and_marked_on_the_page():
    items = ["Dredge the channel to four metres", "Rebuild the north quay wall"]
    body = f"<p>{FIRST}</p><p>The plan has two parts:</p><ul>"
    body += "".join(f"<li>{item}</li>" for item in items) + f"</ul><p>{SECOND}</p>"
    article = clean_html(page(body))
    assert [item in article.body for item in items] == [True, True]
    marked = " ".join(labelled(article, SegmentLabel.BODY))
    assert all(item in marked for item in items)


def test_a_page_with_no_story_in_its_markup_is_read_as_its_visible_text_with_a_note():
    html = (
        "<html><head><title>Harbour notice</title></head><body><footer>"
        f"<p>Harbour notice</p><p>{FIRST}</p><p>{SECOND}</p></footer></body></html>"
    )
    article = clean_html(html)
    assert article.title == "Harbour notice"
    assert article.paragraphs == [FIRST, SECOND]
    assert any("visible text" in note for note in article.notes)


def test_a_page_in_windows_1252_with_a_meta_charset():
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Caf\u00e9 prices</title></head><body><article><h1>Caf\u00e9 prices</h1>"
        "<p>A \u201cfair\u201d price for a caf\u00e9 cr\u00e8me in the harbour is now \u00a33.20,"
        " the owners of the four caf\u00e9s on the quay said on Monday after a survey.</p>"
        "<p>The survey found that prices rose by a fifth over the year as the cost of milk,"
        " coffee and rent went up for every one of the caf\u00e9s.</p></article></body></html>"
    )
    article = clean_html(html.encode("cp1252"))
    assert article.title == "Caf\u00e9 prices"
    assert "A \u201cfair\u201d price for a caf\u00e9 cr\u00e8me" in article.body
    assert "\u00a33.20" in article.body


def test_decode_page_follows_the_declared_charset():
    latin = '<meta charset="iso-8859-1"><p>caf\u00e9 \u201cq\u201d</p>'.encode("cp1252")
    assert decode_page(latin).endswith("caf\u00e9 \u201cq\u201d</p>")
    cyrillic = "<meta charset=windows-1251><p>\u041f\u0440\u0438\u0432\u0435\u0442</p>"
    assert "\u041f\u0440\u0438\u0432\u0435\u0442" in decode_page(cyrillic.encode("cp1251"))
    # A page that says UTF-8 keeps its UTF-8 and reads a stray 1252 byte alone.
    mixed = b'<meta charset="utf-8"><p>caf\xc3\xa9 \x93q\x94</p>'
    assert decode_page(mixed).endswith("caf\u00e9 \u201cq\u201d</p>")
    assert decode_page("<p>caf\u00e9</p>".encode()) == "<p>caf\u00e9</p>"


def test_a_gzipped_page_is_expanded_and_read():
    item = RawItem("page.html.gz", gzip.compress(page().encode()), DocumentFormat.HTML)
    article = parse_item(item, NO_PARTIES)
    assert article.title == "Harbour dredging approved"
    assert article.paragraphs == [FIRST, SECOND, THIRD]


HOSTILE = (
    "<html><head><title>Harbour <script>alert(1)</script> dredging</title>"
    '<meta property="og:title" content="&lt;script&gt;alert(2)&lt;/script&gt;Harbour">'
    '<meta name="author" content="&lt;img src=x onerror=alert(3)&gt;Mara Quint">'
    '<link rel="canonical" href="javascript:alert(4)">'
    '<script type="application/ld+json">{"@type": "NewsArticle",'
    ' "headline": "<iframe src=//evil.example></iframe>Harbour dredging approved"}</script>'
    '</head><body onload="alert(5)"><article><h1>Harbour dredging approved</h1>'
    "<script>document.write('<p>injected</p>')</script>"
    '<iframe src="https://evil.example/"></iframe>'
    f'<p>{FIRST} <img src=x onerror="alert(6)"></p>'
    f'<p>{SECOND} <a href="javascript:alert(7)">More</a></p><p>{THIRD}</p>'
    "</article></body></html>"
)


def test_hostile_markup_never_reaches_a_field_as_markup():
    article = clean_html(HOSTILE)
    fields = [article.title, article.summary, article.source, article.dateline, article.url]
    fields += [article.body, *article.authors, *(segment.text for segment in article.segments)]
    text = " ".join(fields).lower()
    for markup in ("<script", "<img", "<iframe", "onerror", "onload", "javascript:", "injected"):
        assert markup not in text
    assert article.title == "Harbour dredging approved"
    assert article.url == ""
    assert "<" not in json.dumps(article.extra)


def test_a_record_without_a_body_reads_its_html_field_and_keeps_its_own_fields():
    record = {
        "html": page(f"<p>By Mara Quint</p><p>PORT ELLIS (Reuters) - {FIRST}</p><p>{SECOND}</p>"),
        "title": "Council backs harbour dredging",
        "date": "2024-03-06",
        "feed": "coast",
    }
    article = clean_record(record)
    assert article.title == "Council backs harbour dredging"
    assert article.published == datetime(2024, 3, 6, tzinfo=UTC)
    assert article.paragraphs == [FIRST, SECOND]
    assert article.authors == ["Mara Quint"]
    assert article.dateline == "Port Ellis" and article.source == "Reuters"
    assert article.extra["feed"] == "coast" and "html" not in article.extra
    assert article.extra["page"]["title"] == "Harbour dredging approved | The Kestrel Gazette"
    assert labelled(article, SegmentLabel.TITLE) == ["Harbour dredging approved"]


def test_a_record_with_a_body_ignores_its_html_field():
    article = clean_record({"title": "T", "body": SECOND, "html": page()})
    assert article.paragraphs == [SECOND]
    assert "html" in article.extra


@pytest.mark.django_db
def test_ingest_stores_html_pages_gzipped_and_saved_as_text(tmp_path):
    dated = '<meta property="article:published_time" content="2024-03-05T09:30:00Z">'
    (tmp_path / "a.html").write_text(page(head=dated))
    second = page(f"<p>By Mara Quint</p><p>{SECOND}</p><p>{THIRD}</p>")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(second.replace("approved", "begun").encode()))
    third = page(f"<p>PORT ELLIS (Reuters) - {THIRD}</p><p>{FIRST}</p>")
    (tmp_path / "c.txt").write_text(third.replace("approved", "delayed"))
    code, out, err = run_ingest(tmp_path)
    assert code == 0, err
    assert "3 new" in out
    assert set(RawDocument.objects.values_list("format", flat=True)) == {"html"}
    first = Article.objects.get(title="Harbour dredging approved")
    assert first.source.name == "The Kestrel Gazette"
    assert first.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert first.body.startswith("The town council approved")
    assert "Norway" in {mention.party.name for mention in first.mentions.all()}
    assert Article.objects.get(title="Harbour dredging begun").authors == ["Mara Quint"]
    wire = Article.objects.get(title="Harbour dredging delayed")
    assert wire.dateline == "Port Ellis" and wire.source.name == "Reuters"
    assert wire.raw_document.extra["page"]["h1"] == ["Harbour dredging delayed"]


@pytest.mark.django_db
def test_original_text_page_marks_the_visible_text_and_shows_the_html_escaped(tmp_path, client):
    (tmp_path / "hostile.html").write_text(HOSTILE)
    code, _, err = run_ingest(tmp_path)
    assert code == 0, err
    article = Article.objects.get()
    response = client.get(reverse("archive:article_raw", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="segment moved label-title"' in html
    assert '<span class="segment label-body">The town council approved' in html
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "&lt;script&gt;document.write(" in html
    assert "&lt;iframe src=&quot;https://evil.example/&quot;&gt;" in html
    article_page = client.get(article.get_absolute_url()).content.decode()
    assert "<script" not in article_page and "javascript:" not in article_page


@pytest.mark.django_db
def test_admin_shows_a_raw_page_escaped(tmp_path, staff_client):
    (tmp_path / "hostile.html").write_text(HOSTILE)
    run_ingest(tmp_path)
    raw = RawDocument.objects.get()
    response = staff_client.get(reverse("admin:archive_rawdocument_change", args=[raw.pk]))
    html = response.content.decode()
    assert "&lt;script&gt;document.write(" in html
    assert "<script>document.write(" not in html and "<iframe src" not in html


@pytest.mark.django_db
def test_ingest_reads_a_record_html_field(tmp_path, client):
    record = {"html": page(), "date": "2024-03-06", "url": "https://kestrel.example/d"}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n")
    code, _, err = run_ingest(tmp_path)
    assert code == 0, err
    article = Article.objects.get()
    assert article.title == "Harbour dredging approved"
    assert article.url == "https://kestrel.example/d"
    assert article.published_at == datetime(2024, 3, 6, tzinfo=UTC)
    assert article.paragraphs == [FIRST, SECOND, THIRD]
    response = client.get(reverse("archive:article_raw", args=[article.pk]))
    assert '<mark class="segment moved label-title"' in response.content.decode()


@pytest.mark.django_db
def test_a_page_on_standard_input_is_sniffed_as_html(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page().encode())))
    code, _, err = run_ingest("-")
    assert code == 0, err
    article = Article.objects.get()
    assert article.raw_document.format == "html"
    assert article.title == "Harbour dredging approved"
