"""The admin: every model manageable, failures easy to find, re-cleaning and merging."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from archive.models import Mention, Party, PartyAlias, RawDocument
from tests.conftest import make_article, make_party, make_raw_document, make_source

pytestmark = pytest.mark.django_db

SCRAPE = b"Ports reopen after storm\nBy AFP\nMarch 3, 2019\nLisbon - Ports reopened on Sunday.\n"


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "article",
        "source",
        "sourcealias",
        "party",
        "partyalias",
        "mention",
        "rawdocument",
        "faileddocument",
        "ingestrun",
    ],
)
def test_every_changelist_opens(staff_client, model):
    make_article(source=make_source(), parties={make_party(): 1}, raw_document=make_raw_document())
    response = staff_client.get(reverse(f"admin:archive_{model}_changelist"))
    assert response.status_code == 200


def test_article_change_page_shows_the_original_beside_the_cleaned_text(staff_client):
    raw = make_raw_document(content=SCRAPE)
    article = make_article(
        raw_document=raw,
        body="Ports reopened on Sunday.",
        cleaning_segments=[
            ["title", "Ports reopen after storm\n"],
            ["byline", "By AFP\n"],
            ["body", "Ports reopened on Sunday.\n"],
        ],
    )
    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="beside"' in html and "label-byline" in html


def post_article_change(client, article, **changes):
    """Post the article's admin change form as shown, with some fields changed."""
    url = reverse("admin:archive_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "published_at_0": "2015-09-18",
            "published_at_1": "00:00:00",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
            **changes,
        }
    )
    return client.post(url, data)


def test_an_editor_can_fix_a_record(staff_client):
    article = make_article(title="Tpyo in title", body="Body.")
    response = post_article_change(
        staff_client, article, title="Typo in title", authors='["Jane Doe"]'
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "Typo in title" and article.authors == ["Jane Doe"]


def test_an_edit_that_makes_two_articles_identical_is_refused_with_a_message(staff_client):
    make_article(title="Same", body="Same body.")
    other = make_article(title="Other", body="Same body.")
    response = post_article_change(staff_client, other, title="Same")
    assert response.status_code == 200
    assert "same title and body" in response.content.decode()


def test_failed_raw_documents_are_one_filter_away(staff_client):
    make_raw_document(
        status=RawDocument.Status.FAILED, error="not valid JSON", origin="bad.jsonl#2"
    )
    make_raw_document(origin="fine.txt")
    url = reverse("admin:archive_rawdocument_changelist")
    response = staff_client.get(url, {"status__exact": "failed"})
    html = response.content.decode()
    assert "bad.jsonl#2" in html and "not valid JSON" in html and "fine.txt" not in html


def test_the_failure_queue_lists_only_failures(staff_client):
    make_raw_document(status=RawDocument.Status.FAILED, error="the document is empty", origin="e")
    make_raw_document(origin="fine.txt")
    response = staff_client.get(reverse("admin:archive_faileddocument_changelist"))
    html = response.content.decode()
    assert "the document is empty" in html and "fine.txt" not in html
    assert "Failed documents" in staff_client.get(reverse("admin:index")).content.decode()


def test_reclean_action_turns_a_failed_document_into_an_article(staff_client):
    raw = make_raw_document(content=SCRAPE, status=RawDocument.Status.FAILED, error="old bug")
    response = staff_client.post(
        reverse("admin:archive_rawdocument_changelist"),
        {"action": "reclean_selected", "_selected_action": [raw.pk]},
    )
    assert response.status_code == 302
    raw.refresh_from_db()
    assert raw.status == RawDocument.Status.PARSED and raw.error == ""
    assert raw.article.title == "Ports reopen after storm"
    assert raw.article.source.name == "AFP"


def test_merge_action_moves_mentions_and_aliases(staff_client):
    carter = make_party(name="Ash Carter")
    short = make_party(name="Secretary Carter")
    PartyAlias.objects.create(party=short, name="Sec. Carter")
    both = make_article(parties={carter: 2, short: 1})
    only_short = make_article(parties={short: 4})
    url = reverse("admin:archive_party_changelist")
    response = staff_client.post(
        url, {"action": "merge_selected", "_selected_action": [carter.pk, short.pk]}
    )
    assert response.status_code == 200 and b"Merge parties" in response.content
    response = staff_client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [carter.pk, short.pk],
            "target": carter.pk,
            "confirm": "yes",
        },
    )
    assert response.status_code == 302
    assert not Party.objects.filter(pk=short.pk).exists()
    assert Mention.objects.get(article=both, party=carter).count == 3
    assert Mention.objects.get(article=only_short).party == carter
    assert set(carter.aliases.values_list("name", flat=True)) == {"Secretary Carter", "Sec. Carter"}
