"""The ingest command: storing, idempotency, duplicates, failures, and the --json interface."""

import gzip
import io
import json

import pytest
from django.core.management import CommandError

from archive.models import Article, IngestRun, RawDocument, Source
from tests.conftest import run_ingest

pytestmark = pytest.mark.django_db

STORY = "\n".join(
    [
        "Harbour cranes idle as dock strike enters second week",
        "By Jane Doe, Reuters",
        "March 3, 2019",
        "ROTTERDAM (Reuters) - Cranes at the port of Rotterdam stood idle on Sunday as a strike by"
        " dock workers entered its second week.",
        "The union said talks with employers would resume on Tuesday.",
        "",
    ]
)


def test_dry_run_json_prints_exactly_the_stable_keys_and_stores_nothing(seed_path):
    code, out, _ = run_ingest("--dry-run", "--json", str(seed_path))
    [row] = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert list(row) == [
        "path",
        "title",
        "source",
        "authors",
        "published",
        "dateline",
        "body",
        "parties",
    ]
    assert row["path"] == str(seed_path)
    assert row["source"] == "AFP" and row["published"] == "2015-09-18"
    assert all(set(party) == {"name", "kind"} for party in row["parties"])
    assert not Article.objects.exists() and not RawDocument.objects.exists()


def test_dry_run_json_numbers_records_and_reports_failures_in_order(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"title": "One", "body": "First body."})
        + "\n{broken\n"
        + json.dumps({"title": "Three", "body": "Third body."})
        + "\n"
    )
    code, out, err = run_ingest("--dry-run", "--json", str(feed))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["path"] for row in rows] == [f"{feed}#1", f"{feed}#2", f"{feed}#3"]
    assert rows[0]["title"] == "One" and rows[2]["title"] == "Three"
    assert set(rows[1]) == {"path", "error"} and "JSON" in rows[1]["error"]
    assert code == 1 and f"{feed}#2" in err


def test_ingest_stores_raw_bytes_article_source_and_run(tmp_path):
    path = tmp_path / "strike.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode())
    code, out, _ = run_ingest(str(path))
    assert code == 0 and "1 new" in out
    article = Article.objects.get()
    assert article.title == "Harbour cranes idle as dock strike enters second week"
    assert article.source.name == "Reuters" and article.authors == ["Jane Doe"]
    assert article.dateline == "Rotterdam" and article.published_at.year == 2019
    assert article.paragraphs[0].startswith("Cranes at the port")
    raw = article.raw_document
    assert bytes(raw.content) == path.read_bytes() and raw.status == RawDocument.Status.PARSED
    run = IngestRun.objects.get()
    assert run.new_count == 1 and run.finished_at is not None and raw.ingest_run == run


def test_ingesting_the_same_input_twice_adds_nothing_and_says_so(tmp_path):
    (tmp_path / "strike.txt").write_text(STORY)
    run_ingest(str(tmp_path))
    code, out, _ = run_ingest(str(tmp_path))
    assert code == 0 and "0 new" in out and "1 unchanged" in out
    assert Article.objects.count() == 1 and RawDocument.objects.count() == 1


def test_the_same_article_in_two_raw_files_is_linked_as_a_duplicate(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    tail = "-\nUnrelated headline about something else\n-\nAnother unrelated headline\n"
    (tmp_path / "b.txt").write_text(STORY + tail)
    code, out, _ = run_ingest(str(tmp_path))
    assert code == 0 and "1 new" in out and "1 duplicate" in out
    article = Article.objects.get()
    duplicate = RawDocument.objects.get(status=RawDocument.Status.DUPLICATE)
    assert duplicate.duplicate_of == article and duplicate.origin.endswith("b.txt")


def test_bad_files_fail_alone_with_reasons_and_a_nonzero_exit(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "page.html").write_text("<html><body><p>Hello</p></body></html>")
    code, out, err = run_ingest(str(tmp_path))
    assert code == 1
    assert "1 new" in out and "3 failed" in out
    for name in ("empty.txt", "image.txt", "page.html"):
        assert name in err
    failed = RawDocument.objects.filter(status=RawDocument.Status.FAILED)
    assert failed.count() == 3 and all(raw.error for raw in failed)
    assert bytes(failed.get(origin__endswith="image.txt").content).startswith(b"\x89PNG")


def test_a_failed_document_is_tried_again_on_the_next_ingest(tmp_path, settings):
    path = tmp_path / "strike.txt"
    path.write_text(STORY)
    settings.ARCHIVE_MAX_DOCUMENT_BYTES = 10
    code, _, err = run_ingest(str(path))
    assert code == 1 and "over the limit" in err
    settings.ARCHIVE_MAX_DOCUMENT_BYTES = 10_000
    code, out, _ = run_ingest(str(path))
    assert code == 0 and "1 new" in out
    assert RawDocument.objects.get().status == RawDocument.Status.PARSED


def test_json_records_keep_unknown_fields_with_the_raw_document(tmp_path):
    record = {
        "title": "Grain prices rise",
        "body": "Prices rose.",
        "source": "Agence France-Presse",
        "date": "2020-05-04T10:30:00Z",
        "section": "markets",
        "tags": ["grain"],
    }
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    code, _, _ = run_ingest(str(path))
    raw = RawDocument.objects.get()
    assert code == 0 and raw.origin == f"{path}#1"
    assert raw.extra == {"section": "markets", "tags": ["grain"]}
    assert raw.article.source.name == "AFP"


def test_source_aliases_land_on_one_source(tmp_path):
    for number, byline in enumerate(["By AFP", "Agence France-Presse", "By AFP staff"]):
        (tmp_path / f"{number}.txt").write_text(
            f"Story number {number}\n{byline}\nParis - Something happened, number {number}.\n"
        )
    run_ingest(str(tmp_path))
    assert Source.objects.count() == 1
    assert Source.objects.get().articles.count() == 3


def test_identical_files_at_two_paths_are_both_kept(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    code, out, _ = run_ingest(str(tmp_path))
    assert code == 0 and "1 new" in out and "1 duplicate" in out
    assert RawDocument.objects.count() == 2


def test_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    code, out, _ = run_ingest("-")
    assert code == 0 and Article.objects.get().raw_document.origin == "-"


def test_seed_parties_are_stored_as_mentions(seed_path):
    run_ingest(str(seed_path))
    article = Article.objects.get()
    mentions = {m.party.name: m for m in article.mentions.select_related("party")}
    assert {"United States", "Russia", "Ash Carter", "Islamic State"} <= set(mentions)
    assert mentions["Peter Cook"].count == 2  # "Peter Cook said", later "Cook said"
    assert "AFP" not in mentions and "South Korea" not in mentions
    # Parties the gazetteer knows arrive with its aliases, for editors to see and change.
    aliases = mentions["United States"].party.aliases.values_list("name", flat=True)
    assert {"US", "U.S."} <= set(aliases)


UNDATED = "Harbour cranes idle\nCranes at the port stood idle on Sunday as the strike went on.\n"


def test_the_operator_supplies_what_the_input_lacks(tmp_path):
    folder = tmp_path / "2019" / "03" / "12"
    folder.mkdir(parents=True)
    (folder / "story.txt").write_text(UNDATED)
    (tmp_path / "dated.txt").write_text(STORY)
    code, _, err = run_ingest(
        str(tmp_path), "--source", "Agence France-Presse", "--date-from-path", "--language", "fr"
    )
    assert code == 0 and "read from the path" in err
    undated = Article.objects.get(title="Harbour cranes idle")
    assert undated.source.name == "AFP" and undated.language == "fr"
    assert undated.published_at.date().isoformat() == "2019-03-12"
    # What the document says itself wins.
    dated = Article.objects.exclude(pk=undated.pk).get()
    assert dated.source.name == "Reuters" and dated.published_at.date().isoformat() == "2019-03-03"
    assert undated.raw_document.supplied["source"] == "Agence France-Presse"


def test_a_default_date_and_re_cleaning_keep_what_was_supplied(tmp_path, staff_client):
    (tmp_path / "story.txt").write_text(UNDATED)
    run_ingest(str(tmp_path), "--published-default", "2020-01-31")
    article = Article.objects.get()
    assert article.published_at.date().isoformat() == "2020-01-31"
    staff_client.post(
        "/admin/archive/rawdocument/",
        {"action": "reclean_selected", "_selected_action": [article.raw_document.pk]},
    )
    assert Article.objects.get().published_at.date().isoformat() == "2020-01-31"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run_ingest(str(tmp_path), "--published-default", "31/01/2020")


def test_folder_walks_skip_readme_license_and_hidden_files_and_say_so(tmp_path):
    (tmp_path / "README.txt").write_text("About this collection.\n")
    (tmp_path / "LICENSE").write_text("Some licence.\n")
    (tmp_path / ".hidden.txt").write_text(STORY)
    (tmp_path / "story.txt").write_text(STORY)
    code, out, _ = run_ingest(str(tmp_path))
    assert code == 0 and "1 new" in out
    assert "skipped 2 README/LICENSE-like file(s) and 1 hidden" in out
    assert RawDocument.objects.count() == 1


def test_articles_of_unknown_date_are_counted_and_can_be_chosen(tmp_path, client):
    (tmp_path / "a.txt").write_text(UNDATED)
    (tmp_path / "b.txt").write_text(STORY)
    run_ingest(str(tmp_path))
    home = client.get("/").content.decode()
    assert "1 of unknown date" in home
    results = client.get("/search/").context["results"]
    assert results.facets.undated == 1
    only = client.get("/search/", {"undated": "only"}).context["results"]
    assert [hit.article.title for hit in only.hits] == ["Harbour cranes idle"]
    left_out = client.get("/search/", {"undated": "exclude"}).context["results"]
    assert [hit.article.title for hit in left_out.hits] != ["Harbour cranes idle"]
    assert client.get("/search/", {"undated": "only", "from": "2019-01-01"}).status_code == 400
