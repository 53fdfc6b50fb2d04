"""The admin: every model manageable, failures easy to find, re-cleaning and merging."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import (
    BlockedName,
    Mention,
    Party,
    PartyAlias,
    PartySlugRedirect,
    PendingDiscovery,
    RawDocument,
)
from tests.factories import (
    make_article,
    make_mention,
    make_party,
    make_raw_document,
    make_source,
)

pytestmark = pytest.mark.django_db

SCRAPE = b"Ports reopen after storm\nBy AFP\nMarch 3, 2019\nLisbon - Ports reopened on Sunday.\n"


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
        "pendingdiscovery",
    ],
)
def test_every_changelist_opens(staff_client, model):
    article = make_article(
        source=make_source(), parties={make_party(): 1}, raw_document=make_raw_document()
    )
    PendingDiscovery.objects.create(article=article)
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
        staff_client, article, title="Typo in title", authors=["Jane Doe", ""]
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


# Curating parties


def test_curation_lists_open(staff_client):
    make_article(parties={make_party(status=Party.Status.NEW): 1})
    make_party(name="Blocked Thing")
    BlockedName.objects.create(name="Blocked Thing")
    for model in ["partytoreview", "blockedname", "partyslugredirect"]:
        response = staff_client.get(reverse(f"admin:archive_{model}_changelist"))
        assert response.status_code == 200


def test_the_review_queue_shows_new_parties_most_mentioned_first_with_contexts(staff_client):
    body = "The board of Quorvex Holdings met in Oslo on Monday."
    quorvex = make_party(name="Quorvex Holdings", kind="organization", status=Party.Status.NEW)
    rare = make_party(name="Tomas Lindqvist", status=Party.Status.NEW)
    accepted = make_party(name="Ingrid Solberg")
    make_mention(make_article(body=body), quorvex, surface="Quorvex Holdings", count=4)
    make_article(parties={rare: 1, accepted: 9})
    response = staff_client.get(reverse("admin:archive_partytoreview_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Quorvex Holdings") < html.index("Tomas Lindqvist")
    assert "Ingrid Solberg" not in html
    assert "The board of <mark>Quorvex Holdings</mark> met in Oslo" in html


def queue_action(client, action: str, parties: list, **data):
    url = reverse("admin:archive_partytoreview_changelist")
    return client.post(
        url, {"action": action, "_selected_action": [p.pk for p in parties], **data}, follow=True
    )


def test_accepting_takes_parties_out_of_the_queue(staff_client):
    party = make_party(status=Party.Status.NEW)
    response = queue_action(staff_client, "accept_selected", [party])
    assert "Accepted 1 party." in response.content.decode()
    party.refresh_from_db()
    assert party.status == Party.Status.ACCEPTED


def test_rejecting_blocks_the_name_and_a_shared_name_is_refused_with_a_reason(staff_client):
    junk = make_party(name="Quorvex Holdings", kind="organization", status=Party.Status.NEW)
    article = make_article(body="Quorvex Holdings rose.", parties={junk: 1})
    make_party(name="Jordan", kind=Party.Kind.COUNTRY)
    person = make_party(name="Jordan", status=Party.Status.NEW)
    response = queue_action(staff_client, "reject_selected", [junk, person])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rejected 1 party." in html and "is also a name of Jordan (country)" in html
    assert not Party.objects.filter(pk=junk.pk).exists()
    assert not article.mentions.exists()
    assert BlockedName.objects.get().name == "Quorvex Holdings"
    assert Party.objects.filter(pk=person.pk).exists()


def test_a_queued_party_merges_into_an_existing_one_named_by_the_editor(staff_client):
    ash = make_party(name="Ash Carter")
    short = make_party(name="Secretary Carter", status=Party.Status.NEW)
    article = make_article(parties={short: 2})
    response = queue_action(staff_client, "merge_selected", [short])
    assert b"Ash Carter" in response.content  # suggested: same last word
    response = queue_action(
        staff_client, "merge_selected", [short], confirm="yes", other="ash carter"
    )
    assert "Merged 1 party into Ash Carter" in response.content.decode()
    assert Mention.objects.get(article=article).party == ash
    assert Party.objects.from_slug("secretary-carter") == (ash, True)


@pytest.mark.parametrize(
    ("other", "message"),
    [
        ("Secretary Carter", "cannot be merged into itself"),
        ("Nobody Atall", "No party is called “Nobody Atall”"),
        ("", "Choose the party to merge into."),
    ],
)
def test_a_bad_merge_choice_is_a_form_error(staff_client, other, message):
    short = make_party(name="Secretary Carter", status=Party.Status.NEW)
    response = queue_action(staff_client, "merge_selected", [short], confirm="yes", other=other)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Party.objects.filter(pk=short.pk).exists()


def test_several_parties_of_one_name_ask_for_a_slug(staff_client):
    short = make_party(name="Carter", status=Party.Status.NEW)
    make_party(name="Georgia", kind=Party.Kind.COUNTRY)
    make_party(name="Georgia", kind=Party.Kind.PERSON)
    response = queue_action(staff_client, "merge_selected", [short], confirm="yes", other="Georgia")
    assert "Several parties are called “Georgia”" in response.content.decode()
    response = queue_action(
        staff_client, "merge_selected", [short], confirm="yes", other="georgia-2"
    )
    assert not Party.objects.filter(pk=short.pk).exists()


def party_form_data(client, party, **changes) -> dict:
    """Return the party's admin change form as shown, inlines included, with some changes."""
    response = client.get(reverse("admin:archive_party_change", args=[party.pk]))
    form = response.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value not in (None, False):
                    data[subform.add_prefix(name)] = value
    data.update(changes)
    return data


def test_renaming_keeps_the_old_name_and_slug_and_the_mentions(staff_client):
    party = make_party(name="Ash Carters")
    article = make_article(parties={party: 3})
    url = reverse("admin:archive_party_change", args=[party.pk])
    data = party_form_data(
        staff_client, party, name="Ash Carter", slug="ash-carter", kind="organization"
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.name, party.kind) == ("Ash Carter", "organization")
    assert list(party.aliases.values_list("name", flat=True)) == ["Ash Carters"]
    assert Party.objects.from_slug("ash-carters") == (party, True)
    assert Mention.objects.get(article=article).party == party


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "This field is required."),
        ({"name": "ingrid solberg"}, "Another party of this kind has this name already"),
        ({"slug": "old-solberg"}, "Old links with this slug lead to Ingrid Solberg"),
        (
            {"aliases-0-name": "Carter", "aliases-1-name": "carter"},
            "The alias “carter” is listed twice.",
        ),
    ],
)
def test_bad_party_edits_are_form_errors(staff_client, changes, message):
    other = make_party(name="Ingrid Solberg")
    PartySlugRedirect.objects.create(old_slug="old-solberg", party=other)
    party = make_party(name="Ash Carter")
    data = party_form_data(staff_client, party, **changes)
    if "aliases-1-name" in changes:
        data["aliases-TOTAL_FORMS"] = "2"
    url = reverse("admin:archive_party_change", args=[party.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    party.refresh_from_db()
    assert party.name == "Ash Carter"


def test_a_new_alias_takes_effect_on_the_stored_articles(staff_client):
    party = make_party(name="Ash Carter")
    article = make_article(body="The Pentagon chief Ashton Carter spoke.")
    url = reverse("admin:archive_party_change", args=[party.pk])
    data = party_form_data(staff_client, party, **{"aliases-0-name": "Ashton Carter"})
    response = staff_client.post(url, data, follow=True)
    assert "Re-applied: 1 article read again, 1 changed" in response.content.decode()
    assert Mention.objects.get(article=article, party=party).count == 1


def test_a_party_added_by_hand_is_found_in_the_stored_articles(staff_client):
    article = make_article(body="Talks with Quorvex Holdings stalled.")
    response = staff_client.post(
        reverse("admin:archive_party_add"),
        {
            "name": "Quorvex Holdings",
            "slug": "",
            "kind": "organization",
            "status": "accepted",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Quorvex",
        },
    )
    assert response.status_code == 302
    assert article.mentions.get().party.name == "Quorvex Holdings"


def test_splitting_an_alias_off_from_the_change_page(staff_client):
    ash = make_party(name="Ash Carter")
    PartyAlias.objects.create(party=ash, name="Jimmy Carter")
    alias = PartyAlias.objects.get()
    article = make_article(body="Jimmy Carter visited Plains.", parties={ash: 1})
    change = staff_client.get(reverse("admin:archive_party_change", args=[ash.pk]))
    split_url = reverse("admin:archive_party_split", args=[ash.pk])
    assert split_url in change.content.decode()
    assert staff_client.get(split_url).status_code == 200
    response = staff_client.post(split_url, {"alias": alias.pk, "name": "", "kind": "person"})
    jimmy = Party.objects.get(name="Jimmy Carter")
    assert response.status_code == 302
    assert Mention.objects.get(article=article).party == jimmy


def test_a_bad_split_is_a_form_error(staff_client):
    ash = make_party(name="Ash Carter")
    alias = PartyAlias.objects.create(party=ash, name="ASH CARTER JR")
    split_url = reverse("admin:archive_party_split", args=[ash.pk])
    response = staff_client.post(
        split_url, {"alias": alias.pk, "name": "ash carter", "kind": "person"}
    )
    assert response.status_code == 200 and "is this party already" in response.content.decode()
    response = staff_client.post(split_url, {"alias": 999999, "kind": "person"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert PartyAlias.objects.filter(pk=alias.pk).exists()


def test_the_alias_list_splits_aliases_off(staff_client):
    ash = make_party(name="Ash Carter")
    alias = PartyAlias.objects.create(party=ash, name="Jimmy Carter")
    response = staff_client.post(
        reverse("admin:archive_partyalias_changelist"),
        {"action": "split_selected", "_selected_action": [alias.pk]},
        follow=True,
    )
    assert "Split 1 alias off." in response.content.decode()
    assert Party.objects.filter(name="Jimmy Carter").exists()


def test_the_whole_archive_is_re_applied_by_the_command_the_admin_names_never_in_a_request(
    staff_client,
):
    party = make_party(name="Tomas Lindqvist")
    article = make_article(body="Tomas Lindqvist spoke.")
    url = reverse("admin:archive_party_reapply")
    changelist = staff_client.get(reverse("admin:archive_party_changelist"))
    assert url in changelist.content.decode()
    page = staff_client.get(url).content.decode()
    assert "python manage.py reapply_parties" in page and "1 article" in page
    staff_client.post(url)
    assert not Mention.objects.filter(article=article).exists()  # nothing ran in the request
    call_command("reapply_parties", "--no-progress", stdout=io.StringIO())
    assert Mention.objects.get(article=article).party == party


def test_editing_an_article_body_reads_its_parties_again(staff_client):
    party = make_party(name="Tomas Lindqvist")
    article = make_article(body="Officials spoke.", title="A meeting")
    url = reverse("admin:archive_article_change", args=[article.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        body="Later Tomas Lindqvist spoke.",
        authors=[""],
        published_at_0="2015-09-18",
        published_at_1="00:00:00",
        raw_document="",
        source="",
        **{
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
            "mentions-MIN_NUM_FORMS": "0",
            "mentions-MAX_NUM_FORMS": "1000",
        },
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mention = Mention.objects.get(article=article)
    assert mention.party == party and mention.surface == "Tomas Lindqvist"


def test_blocking_and_unblocking_a_name_in_the_admin(staff_client):
    party = make_party(name="Quorvex Holdings", kind="organization")
    article = make_article(body="Quorvex Holdings rose.", parties={party: 1})
    add_url = reverse("admin:archive_blockedname_add")
    response = staff_client.post(add_url, {"name": "quorvex holdings", "reason": "not a company"})
    assert response.status_code == 302
    assert not article.mentions.exists() and not Party.objects.filter(pk=party.pk).exists()
    response = staff_client.post(add_url, {"name": "Quorvex  Holdings"})
    assert response.status_code == 200 and "is blocked already" in response.content.decode()
    blocked = BlockedName.objects.get()
    delete_url = reverse("admin:archive_blockedname_delete", args=[blocked.pk])
    response = staff_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302 and not BlockedName.objects.exists()
    assert article.mentions.get().party.name == "Quorvex Holdings"


def test_the_party_page_shows_where_articles_mention_it(staff_client):
    party = make_party(name="Tomas Lindqvist")
    body = "Officials said Tomas Lindqvist would stay."
    make_mention(make_article(body=body), party, surface="Tomas Lindqvist")
    response = staff_client.get(reverse("admin:archive_party_change", args=[party.pk]))
    assert "Officials said <mark>Tomas Lindqvist</mark> would stay." in response.content.decode()
    assert staff_client.get(reverse("admin:archive_party_add")).status_code == 200
