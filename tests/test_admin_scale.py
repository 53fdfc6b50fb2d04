"""The admin at a million articles: no list reads a whole table (bench/admin_speed.py times them).

Each changelist runs as many queries for forty rows as for three, counts no further than
ARCHIVE_SEARCH_LIMIT, never counts the whole table, offers filters whose choices need no
DISTINCT over the rows, and the article search goes through the full-text index.
"""

import re
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.admin.articles import ArticleAdmin, MentionAdmin
from archive.admin.documents import FailedDocumentAdmin, RawDocumentAdmin
from archive.admin.lists import RECORDS_LISTED, YEARS_LISTED
from archive.curation import mention_contexts
from archive.models import (
    Article,
    BlockedName,
    IngestRun,
    Party,
    PartyAlias,
    PendingDiscovery,
    RawDocument,
    SourceAlias,
)
from tests.factories import make_article, make_mention, make_party, make_raw_document, make_source

pytestmark = pytest.mark.django_db


def fill_archive(articles: int) -> None:
    """Add articles with what every admin list shows: sources, raw documents, parties, runs."""
    for number in range(articles):
        run = IngestRun.objects.create(requested=[f"feeds/{number}"])
        source = make_source()
        SourceAlias.objects.create(source=source, name=f"{source.name} alias")
        raw = make_raw_document(origin=f"feeds/wire.jsonl#{number}", ingest_run=run)
        make_raw_document(
            origin=f"feeds/bad.jsonl#{number}",
            status=RawDocument.Status.FAILED,
            error="not valid JSON",
            ingest_run=run,
        )
        queued = make_party(status=Party.Status.NEW)
        accepted = make_party()
        PartyAlias.objects.create(party=accepted, name=f"{accepted.name} alias")
        BlockedName.objects.create(name=f"Blocked {queued.name}")
        article = make_article(
            source=source,
            raw_document=raw,
            body=f"The harbour reopened, number {number}.",
            language="en" if number % 2 else "fr",
            parties={queued: 2, accepted: 1},
        )
        PendingDiscovery.objects.create(article=article)


CHANGELISTS = [
    ("article", {}),
    ("article", {"q": "harbour"}),
    ("article", {"q": "title:article harbour OR port -storm"}),
    ("article", {"language": "en", "published": "2015"}),
    ("article", {"language": "other"}),
    ("rawdocument", {}),
    ("rawdocument", {"status__exact": "failed", "format__exact": "text"}),
    ("rawdocument", {"q": "feeds/wire"}),
    ("faileddocument", {}),
    ("faileddocument", {"q": "JSON"}),
    ("mention", {}),
    ("pendingdiscovery", {}),
    ("ingestrun", {}),
    ("party", {}),
    ("party", {"status__exact": "new", "q": "party"}),
    ("partytoreview", {}),
    ("partyalias", {}),
    ("blockedname", {}),
    ("source", {}),
    ("sourcealias", {}),
]


def get_counting(client, url: str, params: dict) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(("model", "params"), CHANGELISTS)
def test_a_changelist_runs_as_many_queries_for_many_rows_as_for_few(
    staff_client, django_assert_max_num_queries, model, params
):
    url = reverse(f"admin:archive_{model}_changelist")
    fill_archive(3)
    _, few = get_counting(staff_client, url, params)
    fill_archive(40)
    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(url, params)
    assert len(response.context["cl"].result_list) > 3


# The tables that grow with the archive (sources, aliases, blocked names and runs stay small).
GROWING = {"article", "rawdocument", "faileddocument", "mention", "pendingdiscovery", "party"}


@pytest.mark.parametrize(("model", "params"), CHANGELISTS)
def test_no_changelist_reads_distinct_values_or_counts_a_growing_table(staff_client, model, params):
    fill_archive(3)
    response, queries = get_counting(
        staff_client, reverse(f"admin:archive_{model}_changelist"), params
    )
    for sql in queries:
        assert "DISTINCT" not in sql.upper(), sql
        if model in GROWING or model == "partytoreview":
            # A count of the whole table: COUNT(*) with no condition and no limit.
            assert not re.fullmatch(r'SELECT COUNT\(\*\) AS "__count" FROM "[a-z_]+"', sql), sql
    if model in GROWING:
        assert "total)" not in response.content.decode()  # no "(N total)" link


@pytest.mark.parametrize(
    "admin_class", [ArticleAdmin, MentionAdmin, RawDocumentAdmin, FailedDocumentAdmin]
)
def test_the_large_lists_never_count_everything(admin_class):
    assert admin_class.show_full_result_count is False
    assert admin_class.date_hierarchy is None  # MIN, MAX and DISTINCT dates over the table


def test_counting_stops_at_the_search_limit_and_says_more_than(staff_client, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 3
    for _ in range(5):
        make_article()
    url = reverse("admin:archive_article_changelist")
    response, queries = get_counting(staff_client, url, {})
    html = response.content.decode()
    assert "More than 3 articles" in html
    assert 'class="question' not in html  # no "Select all": not a request's work on 1M rows
    assert any(sql.endswith("LIMIT 4") for sql in queries)  # the ids of 3 + 1 rows, no more
    assert staff_client.get(url, {"p": 2}).status_code == 200


def article_titles(response) -> set[str]:
    return {article.title for article in response.context["cl"].result_list}


def search_articles(client, text: str):
    return client.get(reverse("admin:archive_article_changelist"), {"q": text})


def test_the_article_search_reads_the_full_text_index(staff_client):
    make_article(title="Port news", body="The harbours reopened after the storm.")
    make_article(title="Erdoğan speaks", body="A speech in Ankara.")
    make_article(title="Other", body="Nothing about ports here.")
    assert article_titles(search_articles(staff_client, "harbour")) == {"Port news"}  # stemmed
    assert article_titles(search_articles(staff_client, "erdogan")) == {"Erdoğan speaks"}
    assert article_titles(search_articles(staff_client, "harbour -storm")) == set()
    assert article_titles(search_articles(staff_client, '"after the storm"')) == {"Port news"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unclosed', None),
        ("NEAR(a b) OR ) AND * ^ title:", None),
        ("-only", "at least one word to look for"),
        ("x " * 1100, "keep it under"),
        ('"', "no word to look for"),
    ],
)
def test_hostile_article_searches_answer_with_a_message_never_an_error(staff_client, text, message):
    make_article(title="Unclosed", body="unclosed near")
    response = search_articles(staff_client, text)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
        assert article_titles(response) == set()


def test_the_language_filter_offers_the_default_and_any_other_without_reading_the_rows(
    staff_client,
):
    make_article(title="English", language="en")
    make_article(title="French", language="fr")
    make_article(title="Blank", language="")
    url = reverse("admin:archive_article_changelist")
    response = staff_client.get(url, {"language": "other"})
    assert article_titles(response) == {"French", "Blank"}
    html = response.content.decode()
    assert "English (en)" in html and "Any other" in html and "French (fr)" not in html
    response = staff_client.get(url, {"language": "fr"})
    assert article_titles(response) == {"French"}
    assert "French (fr)" in response.content.decode()  # shown as chosen


def test_the_publication_filter_offers_years_then_decades(staff_client):
    url = reverse("admin:archive_article_changelist")
    make_article(title="Old", published_at=datetime(1987, 3, 1, tzinfo=UTC))
    make_article(title="Undated", published_at=None)
    make_article(title="New", published_at=datetime(1987 + YEARS_LISTED - 1, 1, 1, tzinfo=UTC))
    filters = staff_client.get(url).context["cl"].filter_specs
    published = next(spec for spec in filters if spec.title == "published")
    assert [value for value, _ in published.lookup_choices][-2:] == ["1987", "none"]
    assert article_titles(staff_client.get(url, {"published": "1987"})) == {"Old"}
    assert article_titles(staff_client.get(url, {"published": "none"})) == {"Undated"}

    make_article(title="Newer", published_at=datetime(2015, 9, 18, tzinfo=UTC))
    response = staff_client.get(url, {"published": "1980s"})
    assert article_titles(response) == {"Old"}
    published = next(
        spec for spec in response.context["cl"].filter_specs if spec.title == "published"
    )
    choices = [value for value, _ in published.lookup_choices]
    assert choices[:1] == ["2010s"] and "1989" in choices and "1987" in choices
    assert "2015" not in choices  # only the chosen decade opens into years
    assert staff_client.get(url, {"published": "soon"}).status_code == 302  # ?e=1


def test_a_filter_by_source_lists_sources_only_while_they_are_few(staff_client):
    sources = [make_source(name=f"Wire {number:02}") for number in range(RECORDS_LISTED + 1)]
    make_article(title="From the last", source=sources[-1])
    url = reverse("admin:archive_article_changelist")
    response = staff_client.get(url, {"source__id__exact": sources[-1].pk})
    html = response.content.decode()
    assert article_titles(response) == {"From the last"}
    assert "Choose among all sources…" in html
    assert f"Wire {RECORDS_LISTED:02}" in html and "Wire 00" not in html
    sources_page = staff_client.get(reverse("admin:archive_source_changelist")).content.decode()
    assert f'{url}?source__id__exact={sources[-1].pk}">1</a>' in sources_page


def test_the_article_list_counts_parties_for_its_rows_and_never_loads_bodies(staff_client):
    article = make_article(title="Counted", parties={make_party(): 1, make_party(): 3})
    response, queries = get_counting(staff_client, reverse("admin:archive_article_changelist"), {})
    (row,) = response.context["cl"].result_list
    assert row.party_count == 2 and row.pk == article.pk
    listing = [sql for sql in queries if '"archive_article"."title"' in sql]
    assert listing and not any('"body"' in sql or '"cleaning_segments"' in sql for sql in listing)


def test_raw_documents_are_found_by_origin_or_checksum_and_their_bytes_stay_unread(staff_client):
    wanted = make_raw_document(origin="feeds/2019/afp.jsonl#3", content=b"wanted bytes")
    make_raw_document(origin="other/afp.jsonl#3", content=b"other bytes")
    url = reverse("admin:archive_rawdocument_changelist")
    for text in ["feeds/2019", "feeds/2019/afp.jsonl#3", wanted.checksum[:10], wanted.checksum]:
        response, queries = get_counting(staff_client, url, {"q": text})
        assert list(response.context["cl"].result_list) == [wanted], text
        assert all('"content"' not in sql for sql in queries)
    response = staff_client.get(url, {"q": "afp.jsonl"})  # a prefix, not any part of the path
    assert list(response.context["cl"].result_list) == []


def test_mentions_are_found_by_the_name_or_an_alias_of_their_party(staff_client):
    carter = make_party(name="Ash Carter")
    PartyAlias.objects.create(party=carter, name="Ashton Carter")
    other = make_party(name="Jimmy Carter")
    mention = make_mention(make_article(), carter)
    make_mention(make_article(), other)
    url = reverse("admin:archive_mention_changelist")
    for text in ["ash carter", "Ashton Carter"]:
        response = staff_client.get(url, {"q": text})
        assert list(response.context["cl"].result_list) == [mention]


def test_party_lists_count_the_mentions_of_the_rows_on_screen(staff_client):
    busy = make_party(name="Busy")
    for count in (2, 5):
        make_article(parties={busy: count})
    make_party(name="Quiet")
    response, queries = get_counting(staff_client, reverse("admin:archive_party_changelist"), {})
    rows = {party.name: party for party in response.context["cl"].result_list}
    assert (rows["Busy"].article_count, rows["Busy"].mention_total) == (2, 7)
    assert (rows["Quiet"].article_count, rows["Quiet"].mention_total) == (0, 0)
    for sql in queries:
        if "GROUP BY" in sql:
            assert " IN (" in sql, sql  # the counts of the parties on screen, not of all


def test_a_large_review_queue_is_ordered_by_the_articles_ingested_last(staff_client, monkeypatch):
    monkeypatch.setattr("archive.admin.review.EXACT_ORDER_MENTIONS", 2)
    monkeypatch.setattr("archive.admin.review.RANKED_ARTICLES", 1)
    old = make_party(name="Often Long Ago", status=Party.Status.NEW)
    recent = make_party(name="Once Lately", status=Party.Status.NEW)
    make_article(parties={old: 9})
    make_article(parties={recent: 1})
    response = staff_client.get(reverse("admin:archive_partytoreview_changelist"))
    html = response.content.decode()
    assert [party.name for party in response.context["cl"].result_list] == [
        "Once Lately",
        "Often Long Ago",
    ]
    assert "Most mentioned first in the 1 articles ingested last" in html
    assert response.context["cl"].result_list[1].mention_total == 9  # counts stay exact


def test_the_review_queue_counts_every_mention_while_they_are_few(staff_client):
    old = make_party(name="Often Long Ago", status=Party.Status.NEW)
    recent = make_party(name="Once Lately", status=Party.Status.NEW)
    make_article(parties={old: 9})
    make_article(parties={recent: 1})
    response = staff_client.get(reverse("admin:archive_partytoreview_changelist"))
    names = [party.name for party in response.context["cl"].result_list]
    assert names == ["Often Long Ago", "Once Lately"]
    assert "ingested last" not in response.content.decode()


def test_change_pages_pick_related_records_by_autocomplete_or_id(staff_client):
    for _ in range(25):
        make_article(
            raw_document=make_raw_document(), parties={make_party(): 1}, source=make_source()
        )
    article = Article.objects.first()
    mention = article.mentions.get()
    pages = [
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_mention_change", args=[mention.pk]),
        reverse("admin:archive_rawdocument_change", args=[article.raw_document.pk]),
    ]
    for url in pages:
        html = staff_client.get(url).content.decode()
        # A <select> lists its choices: never one <option> per article or raw document.
        assert html.count("<option") < 20, url


def test_a_filter_few_rows_pass_reads_the_page_from_the_counted_ids(staff_client):
    for language in ("en", "en", "fr"):
        make_article(title=f"In {language}", language=language)
    response, queries = get_counting(
        staff_client, reverse("admin:archive_article_changelist"), {"language": "fr"}
    )
    assert article_titles(response) == {"In fr"}
    (page,) = [sql for sql in queries if '"archive_article"."title"' in sql]
    # Not the list's order walked until a French article turns up: the ids counted before.
    assert '"archive_article"."id" IN (SELECT value FROM json_each' in page or (
        '"archive_article"."id" = ANY(' in page
    )


def test_a_common_origin_prefix_is_searched_as_well_as_a_rare_one(staff_client, settings):
    settings.ARCHIVE_SEARCH_LIMIT = 2
    for number in range(3):
        make_raw_document(origin=f"feeds/wire.jsonl#{number}")
    make_raw_document(origin="feeds/other.jsonl#1")
    url = reverse("admin:archive_rawdocument_changelist")
    response = staff_client.get(url, {"q": "feeds/wire"})
    assert "More than 2 raw documents" in response.content.decode()
    assert {raw.origin for raw in response.context["cl"].result_list} <= {
        f"feeds/wire.jsonl#{number}" for number in range(3)
    }
    response = staff_client.get(url, {"q": "feeds/other"})
    assert [raw.origin for raw in response.context["cl"].result_list] == ["feeds/other.jsonl#1"]


def test_mention_contexts_read_a_few_mentions_a_party_however_many_it_has(
    django_assert_num_queries,
):
    busy, quiet = make_party(name="Tomas Lindqvist"), make_party(name="Ingrid Solberg")
    for count in range(1, 30):
        make_mention(make_article(body=f"Tomas Lindqvist, take {count}."), busy, "Tomas Lindqvist")
    make_mention(make_article(body="Then Ingrid Solberg spoke."), quiet, "Ingrid Solberg")
    with django_assert_num_queries(2):
        contexts = mention_contexts([busy, quiet], per_party=2)
    assert [context.after for context in contexts[busy.pk]] == [", take 29.", ", take 28."]
    assert [context.before for context in contexts[quiet.pk]] == ["Then "]


def test_a_search_too_slow_to_gather_counts_only_its_first_page(staff_client, monkeypatch):
    @contextmanager
    def out_of_time(milliseconds):
        raise DatabaseError("canceling statement due to statement timeout")
        yield

    monkeypatch.setattr(
        "archive.admin.articles.backend", lambda: SimpleNamespace(time_limit=out_of_time)
    )
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 2)
    for number in range(3):
        make_article(title=f"Rates {number}", body="Interest rates rose.")
    response = search_articles(staff_client, '"interest rates"')
    assert len(response.context["cl"].result_list) == 2
    assert "More than 2 results" in response.content.decode()
