"""Extraction's statistical layer (spaCy) behind the matcher, and both layers measured."""

import gzip
import io
import itertools
import logging
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.parties.extractor import build_extractor
from archive.ingest.parties.statistical import load_model
from archive.models import Party
from bench.party_recall import REUTERS, TARGETS, measure_recall, score_labelled
from tests.conftest import MODEL


def by_name(extractor, paragraphs: list[str]) -> dict:
    return {party.name: party for party in extractor.find(paragraphs)}


def test_the_model_is_loaded_once_with_only_its_recogniser():
    assert load_model(MODEL) is load_model(MODEL)
    assert load_model(MODEL).pipe_names == ["ner"]


def test_a_missing_model_leaves_layer_one_and_says_so(caplog):
    with caplog.at_level(logging.WARNING):
        extractor = build_extractor(model_name="no_such_model_installed")

    assert not extractor.statistical
    assert "no_such_model_installed" in caplog.text
    found = by_name(extractor, ["Talks in Paris with the IMF."])
    assert set(found) == {"Paris", "IMF"}


def test_an_empty_model_name_turns_the_layer_off_quietly(caplog):
    with caplog.at_level(logging.WARNING):
        extractor = build_extractor(model_name="")

    assert not extractor.statistical
    assert caplog.text == ""


def test_a_person_without_title_or_known_given_name_is_discovered(extractor):
    paragraphs = [
        "President of the Brazilian Coffee Institute, Jorio Dauster, told a press conference.",
        "Dauster said he would talk to producers.",
    ]
    assert "Jorio Dauster" not in by_name(build_extractor(), paragraphs)

    found = by_name(extractor, paragraphs)

    assert found["Jorio Dauster"].kind == "person"
    assert found["Jorio Dauster"].count == 2  # the later surname counts toward the full name
    assert "Dauster" not in found
    body = "\n\n".join(paragraphs)
    assert body[found["Jorio Dauster"].first_offset :].startswith("Jorio Dauster")


def test_titles_are_not_part_of_a_discovered_name(extractor):
    found = by_name(
        extractor,
        ["U.S. trade representative Clayton Yeutter said Canada erred.", "Yeutter left."],
    )

    assert found["Clayton Yeutter"].count == 2
    assert found["United States"].kind == "country"
    assert not any("representative" in name for name in found)


def test_dictionary_names_win_and_a_film_is_neither_a_country_nor_a_person(extractor):
    found = by_name(
        extractor,
        ["He played Russian Roulette while Secretary Ash Carter watched.", "Carter left."],
    )

    assert "Russia" not in found
    assert "Russian Roulette" not in found
    assert found["Ash Carter"].count == 2


def test_lone_words_the_recogniser_alone_vouches_for_are_rejected(extractor):
    found = by_name(extractor, ["Sorghum exports rose.", "Bread prices fell sharply in Lagos."])

    assert set(found) == {"Lagos"}


def test_blocked_names_are_not_discovered():
    extractor = build_extractor(blocked=["Jorio Dauster"], model_name=MODEL)

    found = by_name(extractor, ["The institute's head, Jorio Dauster, spoke.", "Dauster left."])

    assert "Jorio Dauster" not in found


@pytest.mark.corpus
def test_both_layers_reach_the_recall_targets_on_a_reuters_sample(extractor):
    with gzip.open(REUTERS, "rt", encoding="utf-8") as corpus:
        lines = list(itertools.islice(corpus, 400))

    run = measure_recall(extractor, lines)

    for family, target in TARGETS.items():
        assert run.tallies[family].named >= 25, family
        assert run.recall(family) >= target, (family, run.tallies[family])


@pytest.mark.corpus
def test_precision_and_recall_on_the_hand_labelled_articles(extractor):
    layer_one = score_labelled(build_extractor())
    both = score_labelled(extractor)

    assert both.articles == layer_one.articles == 50
    assert layer_one.precision >= 0.92, layer_one.wrong
    assert both.precision >= 0.87, both.wrong
    # The recogniser is there to find what the dictionary and heuristics miss.
    assert both.recall >= layer_one.recall + 0.05
    assert both.recall >= 0.75


def coffee_scrape(folder) -> Path:
    """Write a scrape naming a person only the statistical layer finds (Jorio Dauster)."""
    scrape = folder / "coffee.txt"
    scrape.write_text(
        "Coffee talks fail\n\nPresident of the Brazilian Coffee Institute, Jorio Dauster, told"
        " a press conference in Rio de Janeiro that talks had failed.\n\nDauster said he would"
        " talk to producers.\n",
        encoding="utf-8",
    )
    return scrape


@pytest.mark.django_db
def test_ingest_stores_discovered_parties(tmp_path, settings):
    settings.ARCHIVE_NER_MODEL = MODEL
    scrape = coffee_scrape(tmp_path)
    err = io.StringIO()

    call_command("ingest", str(scrape), "--no-progress", stdout=io.StringIO(), stderr=err)

    assert Party.objects.get(name="Jorio Dauster").kind == "person"
    assert "warning" not in err.getvalue()


@pytest.mark.django_db
def test_ingest_warns_when_the_model_is_missing_and_still_finds_listed_parties(tmp_path, settings):
    settings.ARCHIVE_NER_MODEL = "no_such_model_installed"
    scrape = tmp_path / "talks.txt"
    scrape.write_text("Talks\n\nTalks opened in Paris with the IMF.\n", encoding="utf-8")
    err = io.StringIO()

    call_command("ingest", str(scrape), "--no-progress", stdout=io.StringIO(), stderr=err)

    assert "no_such_model_installed" in err.getvalue()
    assert set(Party.objects.values_list("name", flat=True)) == {"Paris", "IMF"}


@pytest.mark.django_db
def test_a_deferred_statistical_pass_finds_the_same_parties_later(tmp_path, settings):
    from django.core.management.base import CommandError

    from archive.models import Article, PendingDiscovery

    settings.ARCHIVE_NER_MODEL = MODEL
    scrape = coffee_scrape(tmp_path)
    err = io.StringIO()
    call_command(
        "ingest",
        str(scrape),
        "--no-progress",
        "--defer-discovery",
        stdout=io.StringIO(),
        stderr=err,
    )
    article = Article.objects.get()
    assert not Party.objects.filter(name="Jorio Dauster").exists()
    assert list(PendingDiscovery.objects.values_list("article_id", flat=True)) == [article.pk]
    assert "1 article(s) wait for the statistical layer" in err.getvalue()

    out = io.StringIO()
    call_command("discover_parties", "--no-progress", stdout=out)
    dauster = Party.objects.get(name="Jorio Dauster")
    assert dauster.kind == "person" and dauster.mentions.get().article == article
    assert not PendingDiscovery.objects.exists()
    assert "Read 1 article(s)" in out.getvalue() and "0 still waiting" in out.getvalue()

    settings.ARCHIVE_NER_MODEL = "no_such_model_installed"
    with pytest.raises(CommandError, match="cannot be loaded"):
        call_command("discover_parties", "--no-progress", stdout=io.StringIO())
    settings.ARCHIVE_NER_MODEL = ""
    with pytest.raises(CommandError, match="turned off"):
        call_command("discover_parties", "--no-progress", stdout=io.StringIO())


@pytest.mark.django_db
def test_without_a_model_articles_wait_for_it_and_with_none_configured_they_do_not(
    tmp_path, settings
):
    from archive.models import PendingDiscovery

    scrape = tmp_path / "talks.txt"
    scrape.write_text("Talks\n\nTalks opened in Paris with the IMF.\n", encoding="utf-8")
    settings.ARCHIVE_NER_MODEL = ""
    call_command("ingest", str(scrape), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert not PendingDiscovery.objects.exists()
    settings.ARCHIVE_NER_MODEL = "no_such_model_installed"
    scrape.write_text("Talks\n\nTalks opened in Rome with the IMF.\n", encoding="utf-8")
    call_command("ingest", str(scrape), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert PendingDiscovery.objects.count() == 1
