"""Curating parties: decisions re-applied to the stored articles, former slugs, the queue."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.curation import (
    articles_affected_by,
    block_names,
    mention_contexts,
    merge_parties,
    reapply_parties,
    record_party_edit,
    reject_parties,
    split_alias,
    unblock_names,
)
from archive.models import (
    BlockedName,
    Mention,
    Party,
    PartyAlias,
    PartySlugRedirect,
    PartyToReview,
)
from archive.store import PartyDirectory
from tests.factories import make_article, make_mention, make_party

pytestmark = pytest.mark.django_db

SAMPLE_SCRAPE = (
    Path(__file__).resolve().parent.parent / "sample_data/scrapes/01_afp_opec_vienna_2016.txt"
)


def mentioned(article) -> dict[str, int]:
    """Return the article's parties by name, with their counts."""
    return {
        m.party.name: m.count
        for m in Mention.objects.filter(article=article).select_related("party")
    }


# Former slugs


def test_a_current_slug_is_no_redirect():
    party = make_party(name="Ash Carter")
    assert Party.objects.from_slug("ash-carter") == (party, False)


def test_an_unknown_slug_raises_does_not_exist():
    with pytest.raises(Party.DoesNotExist):
        Party.objects.from_slug("nobody")


def test_merged_slugs_redirect_even_through_a_chain_of_merges():
    first = make_party(name="Secretary Carter")
    second = make_party(name="Carter")
    final = make_party(name="Ash Carter")
    merge_parties(second, [first])
    assert Party.objects.from_slug("secretary-carter") == (second, True)
    merge_parties(final, [second])
    assert Party.objects.from_slug("secretary-carter") == (final, True)
    assert Party.objects.from_slug("carter") == (final, True)
    assert Party.objects.from_slug("ash-carter") == (final, False)


def test_a_new_party_never_takes_a_former_slug():
    make_party(name="Ash Carter")
    target = make_party(name="Ashton Carter")
    merge_parties(target, list(Party.objects.filter(name="Ash Carter")))
    reborn = make_party(name="Ash Carter")
    assert reborn.slug == "ash-carter-2"
    assert Party.objects.from_slug("ash-carter") == (target, True)
    directory = PartyDirectory()
    again = Party.objects.get(pk=directory.id_for("Ash Carter", "organization"))
    assert again.slug not in {"ash-carter", "ash-carter-2"}


def test_a_rename_keeps_the_former_name_as_alias_and_the_former_slug_as_link():
    party = make_party(name="Ash Carters")
    article = make_article(parties={party: 2})
    party.name, party.slug = "Ash Carter", "ash-carter"
    party.save()
    record_party_edit(party, "Ash Carters", "ash-carters")
    assert list(party.aliases.values_list("name", flat=True)) == ["Ash Carters"]
    assert Party.objects.from_slug("ash-carters") == (party, True)
    assert mentioned(article) == {"Ash Carter": 2}
    # Renaming back: the alias that spells the name goes, the live slug wins.
    party.name, party.slug = "Ash Carters", "ash-carters"
    party.save()
    record_party_edit(party, "Ash Carter", "ash-carter")
    assert list(party.aliases.values_list("name", flat=True)) == ["Ash Carter"]
    assert Party.objects.from_slug("ash-carters") == (party, False)
    assert Party.objects.from_slug("ash-carter") == (party, True)


def test_merging_accepts_the_target_and_folds_names_into_aliases():
    target = make_party(name="Tomas Lindqvist", status=Party.Status.NEW)
    other = make_party(name="Minister Lindqvist", status=Party.Status.NEW)
    article = make_article(parties={target: 1, other: 2})
    merge_parties(target, [other])
    target.refresh_from_db()
    assert target.status == Party.Status.ACCEPTED
    assert mentioned(article) == {"Tomas Lindqvist": 3}
    assert PartySlugRedirect.objects.get(old_slug="minister-lindqvist").party == target


# Ingestion marks what it discovers


def test_discovered_parties_await_review_and_shipped_ones_are_accepted():
    directory = PartyDirectory()
    discovered = Party.objects.get(pk=directory.id_for("Quorvex Holdings", "organization"))
    shipped = Party.objects.get(pk=directory.id_for("Russia", "country"))
    assert discovered.status == Party.Status.NEW
    assert shipped.status == Party.Status.ACCEPTED
    assert list(PartyToReview.objects.all()) == [discovered]


def test_the_directory_hands_blocked_names_to_extraction():
    BlockedName.objects.create(name="Quorvex  Holdings")
    assert PartyDirectory().blocked == ["quorvex holdings"]


def test_ingestion_never_extracts_a_blocked_name():
    BlockedName.objects.create(name="Karim Benali")
    call_command("ingest", str(SAMPLE_SCRAPE), "--no-progress", stdout=io.StringIO())
    assert Party.objects.filter(name="OPEC").exists()
    assert not Party.objects.filter(name__icontains="Benali").exists()


# Re-applying decisions


def test_reapply_finds_known_parties_with_counts_and_offsets_into_the_body():
    party = make_party(name="Tomas Lindqvist")
    body = "Officials met on Monday.\n\nLater Tomas Lindqvist spoke. Lindqvist said little."
    article = make_article(body=body)
    result = reapply_parties()
    mention = Mention.objects.get(article=article, party=party)
    assert mention.count == 2
    assert body[mention.first_offset :].startswith("Tomas Lindqvist")
    assert result.articles == 1 and result.changed == 1 and result.links_added >= 1


def test_reapply_stores_where_each_party_is_first_named_and_how_long_the_name_is():
    party = make_party(name="Tomas Lindqvist")
    body = "Officials arrived.\n\nLater Mr Tomas Lindqvist spoke. Lindqvist left."
    article = make_article(body=body)
    reapply_parties()
    mention = Mention.objects.get(article=article, party=party)
    start, end = mention.first_offset, mention.first_offset + mention.first_length
    assert body[start:end] == mention.surface == "Tomas Lindqvist"


def test_ingest_stores_the_span_of_each_first_mention():
    call_command("ingest", "--no-progress", str(SAMPLE_SCRAPE), stdout=io.StringIO())
    mentions = list(Mention.objects.select_related("article", "party"))
    assert len(mentions) >= 3
    for mention in mentions:
        start, end = mention.first_offset, mention.first_offset + mention.first_length
        assert mention.first_length > 0, mention.party.name
        assert mention.article.body[start:end] == mention.surface, mention.party.name


def test_the_data_migration_fills_the_spans_of_older_mentions():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("archive.migrations.0006_mention_span")
    russia = make_party(name="Russia", kind="country")
    PartyAlias.objects.create(party=russia, name="Russian")
    carter = make_party(name="Ash Carter")
    body = "Russian jets flew.\n\nSecretary Carter said so."
    article = make_article(body=body)
    make_mention(article, russia, first_offset=0)
    make_mention(article, carter, first_offset=body.index("Carter"))
    migration.fill_spans(apps, None)
    spans = {m.party.name: m.surface for m in Mention.objects.select_related("party")}
    assert spans == {"Russia": "Russian", "Ash Carter": "Carter"}


def test_reapply_rewrites_only_articles_whose_mentions_changed():
    party = make_party(name="Tomas Lindqvist")
    articles = [make_article(body=f"Tomas Lindqvist spoke in article {n}.") for n in range(5)]
    assert reapply_parties(batch_size=2).changed == 5
    ids = set(Mention.objects.values_list("id", flat=True))
    again = reapply_parties(batch_size=2)
    assert again.articles == 5 and again.changed == 0
    assert set(Mention.objects.values_list("id", flat=True)) == ids
    assert all(mentioned(article) == {party.name: 1} for article in articles)


def test_reapply_over_the_archive_removes_discovered_parties_nobody_mentions():
    stale = make_party(name="Tomas Lindquist", status=Party.Status.NEW)
    kept = make_party(name="Ingrid Solberg")
    make_article(body="Nothing to see here.")
    result = reapply_parties()
    assert not Party.objects.filter(pk=stale.pk).exists()
    assert Party.objects.filter(pk=kept.pk).exists()
    assert result.parties_removed == 1


def test_blocking_a_name_removes_its_mentions_everywhere_and_for_good():
    junk = make_party(name="Quorvex Holdings", kind=Party.Kind.ORGANIZATION)
    keep = make_party(name="Tomas Lindqvist")
    articles = [
        make_article(body=f"Tomas Lindqvist joined Quorvex Holdings, report {n} says.")
        for n in range(3)
    ]
    reapply_parties()
    assert all(mentioned(a).keys() >= {"Quorvex Holdings", "Tomas Lindqvist"} for a in articles)
    result = block_names(["quorvex holdings"])
    assert not Party.objects.filter(pk=junk.pk).exists()
    assert result.changed == 3 and result.parties_removed == 1
    assert all("Quorvex Holdings" not in mentioned(a) for a in articles)
    reapply_parties()
    assert not Party.objects.filter(name="Quorvex Holdings").exists()
    assert all(mentioned(a).get("Tomas Lindqvist") == 1 for a in articles)
    assert Party.objects.filter(pk=keep.pk).exists()


def test_unblocking_a_name_brings_its_mentions_back():
    make_party(name="Quorvex Holdings", kind=Party.Kind.ORGANIZATION)
    article = make_article(body="The Quorvex Holdings board met.")
    block_names(["Quorvex Holdings"])
    assert mentioned(article) == {}
    unblock_names(BlockedName.objects.all())
    assert mentioned(article) == {"Quorvex Holdings": 1}


def test_rejecting_blocks_the_name_and_removes_the_party():
    party = make_party(name="Quorvex Holdings", kind="organization", status=Party.Status.NEW)
    article = make_article(body="The Quorvex Holdings board met.", parties={party: 1})
    result, refusals = reject_parties([party])
    assert refusals == []
    assert not Party.objects.filter(pk=party.pk).exists()
    assert BlockedName.objects.filter(normalized="quorvex holdings").exists()
    assert mentioned(article) == {} and result.changed == 1


def test_rejecting_a_name_that_another_party_uses_is_refused():
    make_party(name="Jordan", kind=Party.Kind.COUNTRY)
    person = make_party(name="Jordan", kind=Party.Kind.PERSON, status=Party.Status.NEW)
    alias_holder = make_party(name="Ash Carter")
    PartyAlias.objects.create(party=alias_holder, name="Secretary Carter")
    echo = make_party(name="Secretary Carter", kind=Party.Kind.ORGANIZATION)
    _, refusals = reject_parties([person, echo])
    assert len(refusals) == 2 and "Jordan" in refusals[0] and "Ash Carter" in refusals[1]
    assert Party.objects.filter(pk=person.pk).exists()
    assert not BlockedName.objects.exists()


def test_rejecting_checks_the_shipped_gazetteer_kind_by_kind():
    impostor = make_party(name="Russia", kind=Party.Kind.PERSON, status=Party.Status.NEW)
    _, refusals = reject_parties([impostor])
    assert refusals and "shipped gazetteer gives another party" in refusals[0]
    country = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    impostor.delete()
    _, refusals = reject_parties([country])
    assert refusals == []
    assert BlockedName.objects.get().normalized == "russia"


def test_splitting_an_alias_moves_only_the_mentions_whose_text_uses_it():
    ash = make_party(name="Ash Carter")
    alias = PartyAlias.objects.create(party=ash, name="Jimmy Carter")
    jimmy_article = make_article(body="Jimmy Carter visited Plains on Monday.")
    ash_article = make_article(body="Ash Carter visited the base. Carter said little.")
    reapply_parties()
    assert mentioned(jimmy_article) == {"Ash Carter": 1}
    jimmy, result = split_alias(alias)
    assert jimmy.name == "Jimmy Carter" and jimmy.kind == Party.Kind.PERSON
    assert jimmy.status == Party.Status.ACCEPTED
    assert mentioned(jimmy_article) == {"Jimmy Carter": 1}
    assert mentioned(ash_article) == {"Ash Carter": 2}
    assert result.changed == 1
    assert not ash.aliases.exists()


def test_splitting_into_an_existing_party_of_that_name_moves_the_alias_there():
    company = make_party(name="Carter Group", kind=Party.Kind.ORGANIZATION)
    ash = make_party(name="Ash Carter")
    alias = PartyAlias.objects.create(party=ash, name="Carter Grp")
    target, _ = split_alias(alias, name="carter group", kind=Party.Kind.ORGANIZATION)
    assert target == company
    assert list(company.aliases.values_list("name", flat=True)) == ["Carter Grp"]


def test_affected_articles_are_those_mentioning_the_parties_or_containing_the_names():
    party = make_party()
    mentions = make_article(parties={party: 1})
    contains = make_article(body="A quorvex holdings memo.")
    make_article(body="Unrelated.")
    affected = articles_affected_by(["Quorvex Holdings"], [party])
    assert set(affected) == {mentions, contains}


def test_contexts_show_the_text_around_the_first_mention():
    party = make_party(name="Tomas Lindqvist")
    body = "Opening words here.\n\n" + "filler " * 30 + "Then Tomas Lindqvist spoke at length."
    article = make_article(body=body)
    make_mention(article, party, surface="Tomas Lindqvist")
    (context,) = mention_contexts([party])[party.pk]
    assert context.surface == "Tomas Lindqvist"
    assert context.before == "filler " * 9 + "Then "  # 70 characters back, less a cut word
    assert context.after == " spoke at length."
    assert context.article_id == article.pk


def test_contexts_end_on_a_whole_word_when_the_text_goes_on():
    party = make_party(name="Tomas Lindqvist")
    body = "Tomas Lindqvist spoke " + "at length " * 30
    make_mention(make_article(body=body), party, surface="Tomas Lindqvist")
    (context,) = mention_contexts([party], width=20)[party.pk]
    assert context.before == ""
    assert context.after == " spoke" + " at length" * 7 + " at"  # 100 characters, less "lengt"


def test_contexts_are_the_most_mentioning_articles_few_per_party():
    party = make_party(name="Tomas Lindqvist")
    for count in range(1, 6):
        article = make_article(body=f"Tomas Lindqvist, take {count}.")
        make_mention(article, party, surface="Tomas Lindqvist", count=count)
    contexts = mention_contexts([party], per_party=3)[party.pk]
    assert [c.after for c in contexts] == [", take 5.", ", take 4.", ", take 3."]


# The command


def test_the_command_reapplies_and_reports():
    make_party(name="Tomas Lindqvist")
    make_article(body="Tomas Lindqvist spoke.")
    out = io.StringIO()
    call_command("reapply_parties", "--no-progress", stdout=out)
    assert "1 articles read again" not in out.getvalue()
    assert "1 article read again, 1 changed" in out.getvalue()


def test_the_command_can_limit_itself_to_a_party_and_refuses_unknown_slugs():
    party = make_party(name="Tomas Lindqvist")
    make_article(body="Tomas Lindqvist spoke.", parties={party: 5})
    make_article(body="Tomas Lindqvist spoke again.")
    out = io.StringIO()
    call_command("reapply_parties", "--party", party.slug, "--no-progress", stdout=out)
    assert "1 article read again, 1 changed" in out.getvalue()
    with pytest.raises(CommandError, match="no-such-party"):
        call_command("reapply_parties", "--party", "no-such-party", stdout=io.StringIO())


def test_articles_affected_by_a_name_are_found_through_the_index():
    from archive.curation import articles_affected_by
    from tests.factories import make_article

    accented = make_article(title="Visit", body="ÉMILE ZOLA’S letter was read in Paris.")
    plain = make_article(title="Other", body="Nothing about him here; zolaesque prose.")
    found = set(articles_affected_by(["Émile Zola"]).values_list("pk", flat=True))
    assert accented.pk in found and plain.pk not in found
    assert not articles_affected_by(["&", "  "]).exists()
