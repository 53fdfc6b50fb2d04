"""The admin for archivists: the review queue's own buttons, the article editor, the record's
extra fields, the ingestion log kept for staff, and the ingest command's progress."""

import contextlib
import io
import re
import sys
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.admin import records
from archive.lib.sentences import sentence_around
from archive.models import Article, BlockedName, IngestRun, Mention, Party, RawDocument
from tests.factories import make_article, make_mention, make_party, make_raw_document
from tests.test_admin import post_article_change

pytestmark = pytest.mark.django_db

QUEUE = "admin:archive_partytoreview_changelist"


def queued(name: str, kind: str = Party.Kind.PERSON) -> Party:
    """Return a party awaiting review that one article mentions."""
    party = make_party(name=name, kind=kind, status=Party.Status.NEW)
    make_article(body=f"Yesterday {name} spoke.", parties={party: 1})
    return party


def decide(client, party: Party, action: str, query: str = "", **data):
    """Post one card's decision as its buttons do, to the queue's address as shown."""
    url = reverse(QUEUE) + query
    return client.post(url, {"action": action, "_selected_action": party.pk, **data})


# The review queue


def test_each_card_has_its_own_forms_that_post_to_the_page_it_is_on(staff_client):
    lindqvist, solberg = queued("Tomas Lindqvist"), queued("Ingrid Solberg")
    html = staff_client.get(reverse(QUEUE), {"kind__exact": "person"}).content.decode()
    for party in (lindqvist, solberg):
        assert f'<form id="review-decide-{party.pk}" method="post">' in html
        assert f'form="review-decide-{party.pk}" name="action" value="accept_selected"' in html
        assert f'form="review-decide-{party.pk}" name="action" value="reject_selected"' in html
        assert f'name="other" form="review-merge-{party.pk}"' in html
    assert "Select party to review to change" not in html
    assert "<h1>Parties to review (2)</h1>" in html


def test_accepting_from_a_card_comes_back_to_the_same_page_at_the_next_card(staff_client):
    first, second = queued("Tomas Lindqvist"), queued("Ingrid Solberg")
    query = "?kind__exact=person&q=s"
    response = decide(staff_client, first, "accept_selected", query, review_place=second.pk)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.path, location.query) == (reverse(QUEUE), query[1:])
    assert location.fragment == f"review-{second.pk}"
    page = staff_client.get(response["Location"])
    html = page.content.decode()
    assert "Accepted 1 party." in html and "<h1>Parties to review (1)</h1>" in html
    assert [party.pk for party in page.context["cl"].result_list] == [second.pk]
    first.refresh_from_db()
    assert first.status == Party.Status.ACCEPTED


def test_a_place_that_is_not_a_card_is_left_out_of_the_answer(staff_client):
    party = queued("Tomas Lindqvist")
    response = decide(staff_client, party, "accept_selected", review_place="x#<script>")
    assert response["Location"] == reverse(QUEUE)


def test_rejecting_from_a_card_blocks_the_name_and_keeps_the_others(staff_client):
    junk, kept = queued("Quorvex Holdings", "organization"), queued("Ingrid Solberg")
    response = decide(staff_client, junk, "reject_selected")
    page = staff_client.get(response["Location"])
    assert "Rejected 1 party." in page.content.decode()
    assert [party.pk for party in page.context["cl"].result_list] == [kept.pk]
    assert BlockedName.objects.get().name == "Quorvex Holdings"


def test_merging_from_a_card_into_a_party_typed_by_name(staff_client):
    ash = make_party(name="Ash Carter")
    short = queued("Secretary Carter")
    response = decide(staff_client, short, "merge_selected", other="ash carter", confirm="yes")
    answer = staff_client.get(response["Location"]).content.decode()
    assert response.status_code == 302 and "Merged 1 party into Ash Carter" in answer
    assert Mention.objects.get().party == ash


def test_merging_with_an_empty_box_opens_the_suggestions(staff_client):
    make_party(name="Ash Carter")
    short = queued("Secretary Carter")
    response = decide(staff_client, short, "merge_selected", other="")
    html = response.content.decode()
    assert response.status_code == 200 and "Merge parties" in html and "Ash Carter" in html
    assert Party.objects.filter(pk=short.pk).exists()


def test_a_queue_of_one_party_answers_at_the_top(staff_client):
    queued("Tomas Lindqvist")
    html = staff_client.get(reverse(QUEUE)).content.decode()
    assert 'name="review_place" value=""' in html


# The article editor


def article_form(client, article: Article):
    return client.get(reverse("admin:archive_article_change", args=[article.pk]))


def test_authors_are_one_box_each_and_a_blank_one(staff_client):
    article = make_article(authors=["Jane Doe", "Ali Veli"])
    html = article_form(staff_client, article).content.decode()
    assert 'name="authors" value="Jane Doe"' in html
    assert 'name="authors" value="Ali Veli"' in html
    assert 'name="authors" value=""' in html and 'aria-label="Another author"' in html
    assert "[&quot;Jane Doe&quot;" not in html  # no raw JSON to edit


def test_authors_typed_in_boxes_are_saved_as_a_list(staff_client):
    article = make_article(authors=["Jane Doe", "Ali Veli"])
    authors = ["  Jane   Doe ", "", "Ayşe Yılmaz"]
    response = post_article_change(staff_client, article, authors=authors)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.authors == ["Jane Doe", "Ayşe Yılmaz"]
    post_article_change(staff_client, article, authors=[""])
    article.refresh_from_db()
    assert article.authors == []


def test_a_name_too_long_is_a_form_error(staff_client):
    article = make_article(authors=["Jane Doe"])
    response = post_article_change(staff_client, article, authors=["x" * 201])
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    article.refresh_from_db()
    assert article.authors == ["Jane Doe"]


def test_mentions_show_the_sentence_that_names_the_party(staff_client):
    body = "Markets fell. Later Tomas Lindqvist told reporters the port would reopen. Ships waited."
    article = make_article(body=body)
    lindqvist = make_party(name="Tomas Lindqvist")
    make_mention(article, lindqvist, surface="Tomas Lindqvist")
    make_mention(article, make_party(name="Ingrid Solberg"))  # only the headline names her
    html = article_form(staff_client, article).content.decode()
    assert (
        '<span class="mention-context">Later <mark>Tomas Lindqvist</mark>'
        " told reporters the port would reopen.</span>"
    ) in html
    assert "Not in the text as it stands" in html
    assert "first offset" not in html.lower()


def test_the_title_is_headline_wide_and_the_link_is_called_url(staff_client):
    html = article_form(staff_client, make_article()).content.decode()
    assert 'class="vTextField headline-input"' in html
    assert ">URL:</label>" in html and ">Url:</label>" not in html


# The record's extra fields


def record_article(title: str, extra: dict) -> Article:
    return make_article(title=title, raw_document=make_raw_document(extra=extra))


def search_titles(client, text: str) -> list[str]:
    response = client.get(reverse("admin:archive_article_changelist"), {"q": text})
    assert response.status_code == 200
    return sorted(article.title for article in response.context["cl"].result_list)


def test_the_article_page_shows_the_record_fields_each_a_search(staff_client):
    article = record_article("Grain", {"section": "world news", "tags": ["grain", "ports"]})
    html = article_form(staff_client, article).content.decode()
    assert '<dl class="record-fields"><dt>section</dt>' in html
    assert "q=extra%3Asection%3D%22world+news%22" in html
    assert '">grain</a>, <a' in html and "q=extra%3Atags%3Dports" in html


@pytest.fixture
def records_archive():
    record_article("Grain", {"section": "markets", "tags": ["grain", "ports"]})
    record_article("Wheat", {"section": "Markets", "tags": ["grain"], "id": 7})
    record_article("Football", {"section": "sport", "desk": "Zürich"})
    make_article(title="Scrape")  # no raw document at all


@pytest.mark.parametrize(
    ("search", "titles"),
    [
        ("extra:section=markets", ["Grain", "Wheat"]),
        ("extra:tags=grain", ["Grain", "Wheat"]),
        ("extra:tags=ports", ["Grain"]),
        ("extra:tags=port", []),
        ("extra:id=7", ["Wheat"]),
        ("extra:id", ["Wheat"]),
        ("extra:desk=Zürich", ["Football"]),
        ('extra:section="markets" extra:tags=ports', ["Grain"]),
        ("extra:section=markets title:wheat", ["Wheat"]),
        ("extra:section=nowhere", []),
    ],
)
def test_the_article_list_finds_record_fields(staff_client, records_archive, search, titles):
    assert search_titles(staff_client, search) == titles


def test_a_record_field_search_says_how_far_back_it_looked(staff_client, monkeypatch):
    record_article("Old", {"section": "markets"})
    for _ in range(3):
        record_article("New", {"section": "sport"})
    monkeypatch.setattr(records, "WALK_STEP", 1)
    monkeypatch.setattr(records, "WALK_SECONDS", 0)
    response = staff_client.get(
        reverse("admin:archive_article_changelist"), {"q": "extra:section=markets"}
    )
    assert list(response.context["cl"].result_list) == []
    assert "the articles ingested last" in response.content.decode()


def test_a_record_field_search_reads_as_many_queries_for_many_articles_as_for_few(staff_client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            search_titles(staff_client, "extra:section=markets")
        return len(queries)

    record_article("One", {"section": "markets"})
    few = count_queries()
    for number in range(30):
        record_article(f"Many {number}", {"section": "markets"})
    assert count_queries() <= few


def test_the_terms_of_a_search_split_into_record_fields_and_words():
    terms, words = records.split_terms('oil extra:tags=grain EXTRA:desk="New York" extra: -gas')
    assert terms == [
        records.RecordFieldTerm("tags", "grain"),
        records.RecordFieldTerm("desk", "New York"),
    ]
    assert words == "oil -gas"
    assert records.search_for(records.RecordFieldTerm("desk", 'The "Desk"')) == (
        'extra:desk="The \\"Desk\\""'
    )


# The ingestion log on the home page


def fill_ingestion_log() -> None:
    run = IngestRun.objects.create(requested=["feeds"], new_count=12, failed_count=1)
    make_raw_document(status=RawDocument.Status.FAILED, error="not valid JSON", ingest_run=run)


def test_staff_see_the_ingestion_log_on_the_home_page(staff_client):
    fill_ingestion_log()
    html = staff_client.get(reverse("archive:home")).content.decode()
    assert "12 new" in html and "1 failed document waiting in the admin" in html


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_readers_see_no_ingestion_log_and_it_is_not_read_for_them(client, django_user_model, who):
    fill_ingestion_log()
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("archive:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "12 new" not in html and "failed document" not in html and "Ingestion" not in html
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "archive_ingestrun" not in tables and "archive_pendingdiscovery" not in tables


# The ingest command's progress


class Terminal(io.StringIO):
    """Standard error as a terminal would be: the command shows its progress there."""

    def isatty(self) -> bool:
        return True


def ingest_on_a_terminal(*args) -> str:
    """Run the ingest command as on a terminal; return what it wrote on standard error."""
    err = Terminal()
    with contextlib.suppress(SystemExit):  # a failed document ends the command with 1
        call_command("ingest", *map(str, args), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def corpus(tmp_path):
    """A folder of three scrapes and a file of two records: five documents."""
    for number in range(3):
        (tmp_path / f"story{number}.txt").write_text(
            f"Ports reopen, day {number}\n\nThe harbour reopened on day {number}.\n"
        )
    (tmp_path / "wire.jsonl").write_text(
        '{"title": "Grain prices rise", "body": "Prices rose."}\n\n'
        '{"title": "Grain prices fall", "body": "Prices fell."}\n'
    )
    return tmp_path


def test_progress_has_a_total_a_percentage_and_the_time_left_for_files(corpus):
    shown = ingest_on_a_terminal(corpus)
    last = shown.rsplit("\r", 1)[-1]
    assert "100%" in last and "5/5" in last
    assert "<" in last.split("[", 1)[1]  # [elapsed<left, rate]
    assert Article.objects.count() == 5


def test_progress_counts_and_gives_a_rate_when_reading_standard_input(monkeypatch):
    scrape = b"Ports reopen\n\nThe harbour reopened on Sunday.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(scrape)))
    shown = ingest_on_a_terminal("-")
    last = shown.rsplit("\r", 1)[-1]
    # A count, the time spent and a rate (per second, or seconds each when slow); no total.
    assert re.fullmatch(r"1 docs \[[\d:]+, +[\d.]+(s/ docs| docs/s)\]\s*", last), last


def test_no_progress_silences_it_even_on_a_terminal(corpus):
    shown = ingest_on_a_terminal(corpus, "--no-progress")
    assert "%" not in shown and "docs/s" not in shown


def test_documents_are_counted_as_the_readers_split_them(corpus):
    from archive.ingest.readers.files import count_documents, read_inputs

    (corpus / "array.json").write_text('[{"title": "A"}, {"title": "B"}, {"title": "C"}]')
    (corpus / "README.md").write_text("About this corpus.")
    assert count_documents([str(corpus)]) == 8 == len(list(read_inputs([str(corpus)])))
    assert count_documents([str(corpus), "-"]) is None


# The sentence around a span


@pytest.mark.parametrize(
    ("text", "name", "window", "expected"),
    [
        (
            "Markets fell. Then Mr. Tomas Lindqvist said “no.” Ships waited.",
            "Tomas Lindqvist",
            (True, True),
            ("Then Mr. ", " said “no.”"),
        ),
        ("Tomas Lindqvist spoke", "Tomas Lindqvist", (True, True), ("", " spoke")),
        (
            "ing words before Tomas Lindqvist and words aft",
            "Tomas Lindqvist",
            (False, False),
            ("…words before ", " and words…"),
        ),
        ("A line\nTomas Lindqvist\nNext line", "Tomas Lindqvist", (True, True), ("", "")),
    ],
)
def test_the_sentence_around_a_span(text, name, window, expected):
    start = text.index(name)
    before, span, after = sentence_around(text, start, len(name), *window)
    assert (before, span, after) == (expected[0], name, expected[1])
