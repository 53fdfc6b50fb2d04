"""Real corpora, read in place from ../shared/corpora: ingestion must not fail on real news."""

import gzip
import io
import itertools
import json
import re

import pytest
from django.core.management import call_command

from archive.models import Article, RawDocument
from bench.harness import CORPORA

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

BBC = CORPORA / "bbc-news"
REUTERS = CORPORA / "reuters21578" / "reuters21578.jsonl.gz"
REUTERS_SAMPLE = 2500
WIRE_DATE = re.compile(r",?\s*[a-z]{3,9}\.?\s+\d{1,2}[\s,-]*$", re.IGNORECASE)  # "..., March 6 -"


def ingest(*paths) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, paths), "--no-progress", stdout=out, stderr=err)
    except SystemExit:
        pytest.fail(f"ingest failed:\n{err.getvalue()[:3000]}")
    return out.getvalue()


def test_every_bbc_file_is_ingested_without_failure():
    folders = sorted(path for path in BBC.iterdir() if path.is_dir())
    files = [path for folder in folders for path in folder.glob("*.txt")]
    assert len(files) == 2225
    ingest(*folders)
    assert RawDocument.objects.count() == 2225
    assert not RawDocument.objects.failed().exists()
    # The corpus repeats some stories word for word; those are linked, not stored twice.
    assert Article.objects.count() + RawDocument.objects.filter(status="duplicate").count() == 2225
    latin1 = Article.objects.get(raw_document__origin__endswith="sport/199.txt")
    assert "\ufffd" not in latin1.body and "Ã" not in latin1.body
    first = Article.objects.get(raw_document__origin__endswith="business/001.txt")
    assert first.title == "Ad sales boost Time Warner profit"
    assert first.paragraphs[0].startswith("Quarterly profits at US media giant TimeWarner jumped")


def test_reuters_records_are_ingested_with_titles_dates_and_datelines(tmp_path):
    with gzip.open(REUTERS, "rt", encoding="utf-8") as corpus:
        lines = list(itertools.islice(corpus, REUTERS_SAMPLE))
    sample = tmp_path / "reuters.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    ingest(sample)
    assert RawDocument.objects.count() == REUTERS_SAMPLE
    assert not RawDocument.objects.failed().exists()

    records = {f"{sample}#{n}": json.loads(line) for n, line in enumerate(lines, start=1)}
    articles = Article.objects.select_related("raw_document", "source")
    odd_datelines = []
    assert articles.count() >= REUTERS_SAMPLE - 50  # a few wire stories were sent twice
    for article in articles:
        record = records[article.raw_document.origin]
        assert article.title == " ".join(record["title"].split())
        assert article.published_at.date().isoformat() == record["date"][:10]
        place = re.sub(r"\s+,", ",", WIRE_DATE.sub("", record["dateline"]).strip(" ,-"))
        if place and article.dateline.casefold() != place.casefold():
            odd_datelines.append((record["dateline"], article.dateline))
        assert not re.search(r"\bReuter\s*$", article.body)
        assert all("\n" not in paragraph for paragraph in article.paragraphs)
        assert article.paragraphs, record["id"]
    # A few wire datelines are garbled ("MAR8  --     --", "c    CHICAGO, March 9 -").
    assert len(odd_datelines) <= 0.005 * articles.count(), odd_datelines
    # The wire's sign-off names the source; a few truncated stories lost it.
    assert articles.filter(source__name="Reuters").count() >= 0.98 * articles.count()


def test_reuters_paragraphs_are_unwrapped_where_the_wire_indented(tmp_path):
    with gzip.open(REUTERS, "rt", encoding="utf-8") as corpus:
        first = json.loads(next(corpus))
    sample = tmp_path / "one.jsonl"
    sample.write_text(json.dumps(first))
    ingest(sample)
    article = Article.objects.get()
    assert article.paragraphs[0] == (
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought"
        " since early January and improving prospects for the coming temporao, although normal"
        " humidity levels have not been restored, Comissaria Smith said in its weekly review."
    )
    assert article.paragraphs[1] == "The dry period means the temporao will be late this year."
    assert article.dateline == "Salvador"
