"""Search work is cached until the archive changes, whatever path the change takes; the
Server-Timing header that tells a request's queries."""

import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.models import ArchiveVersion, Article, Mention, Party, Source
from archive.search import cache, matching, parse_query
from archive.search.results import RELEVANCE, run_search
from tests.factories import make_article, make_party, make_source

pytestmark = pytest.mark.django_db


def search(text: str):
    query = parse_query(text)
    return run_search(matching(Article.objects.all(), query), query)


@pytest.fixture
def archive():
    source = make_source(name="Wire")
    party = make_party(name="Angela Merkel")
    for day in range(1, 4):
        make_article(
            title=f"Oil report {day}",
            body="Oil prices rose.",
            source=source,
            published_at=datetime(2020, 1, day, tzinfo=UTC),
            parties={party: 1},
        )
    return source, party


def test_every_write_to_what_searches_read_raises_the_version(archive):
    source, party = archive
    seen = [cache.archive_version()]

    def changed() -> bool:
        seen.append(cache.archive_version())
        return seen[-1] > seen[-2]

    article = make_article(title="Gas report")
    assert changed()
    Article.objects.filter(pk=article.pk).update(title="Gas report, corrected")
    assert changed()
    Mention.objects.filter(party=party).first().delete()
    assert changed()
    Party.objects.filter(pk=party.pk).update(name="Angela Dorothea Merkel")
    assert changed()
    Source.objects.filter(pk=source.pk).update(name="The Wire")
    assert changed()
    article.delete()
    assert changed()
    assert not changed()  # reading changes nothing


def test_a_repeated_search_reads_its_work_from_the_cache(archive):
    first = search("oil")
    with CaptureQueriesContext(connection) as again:
        second = search("oil")
    assert [hit.article.pk for hit in second.hits] == [hit.article.pk for hit in first.hits]
    assert second.facets == first.facets and second.sort == RELEVANCE
    # The version, then the page's articles and their snippets: no match, rank or facet query.
    assert len(again) == 3
    assert not any("COUNT(" in query["sql"].upper() for query in again.captured_queries)


def test_a_new_article_is_found_at_once(archive):
    assert search("oil").count == 3
    make_article(title="Oil again", body="More oil.", published_at=datetime(2020, 2, 1, tzinfo=UTC))
    results = search("oil")
    assert results.count == 4
    assert sum(bucket.count for bucket in results.facets.timeline) == 4


def test_an_edit_through_the_queryset_is_seen(archive):
    assert search("oil").count == 3
    Article.objects.filter(title="Oil report 1").update(title="Coal report", body="Coal.")
    assert search("oil").count == 2


def test_facets_follow_a_renamed_source_and_a_removed_mention(archive):
    source, party = archive
    results = search("oil")
    assert [value.label for value in results.facets.sources] == ["Wire"]
    assert results.facets.parties[Party.Kind.PERSON.label][0].count == 3
    Source.objects.filter(pk=source.pk).update(name="The Wire")
    Mention.objects.filter(party=party).first().delete()
    results = search("oil")
    assert [value.label for value in results.facets.sources] == ["The Wire"]
    assert results.facets.parties[Party.Kind.PERSON.label][0].count == 2


def test_without_a_version_nothing_is_cached(archive):
    ArchiveVersion.objects.all().delete()
    search("oil")
    with CaptureQueriesContext(connection) as again:
        search("oil")
    assert len(again) > 3


@pytest.mark.django_db(transaction=True)
def test_the_triggers_survive_a_migration_that_copies_the_table(archive):
    # Migrating back and forth past the version's migration drops and installs the triggers;
    # on SQLite later migrations copy tables, and post_migrate puts the triggers back.
    call_command("migrate", "archive", "0010", verbosity=0)
    call_command("migrate", "archive", verbosity=0)
    before = cache.archive_version()
    make_article(title="After the migration")
    assert cache.archive_version() > before


def test_server_timing_says_how_many_queries_a_page_ran(archive, settings):
    settings.ARCHIVE_SERVER_TIMING = True
    response = Client().get("/search/", {"q": "oil"})
    timing = re.fullmatch(
        r'db;dur=[\d.]+;desc="(\d+) queries", app;dur=[\d.]+', response["Server-Timing"]
    )
    assert timing and int(timing[1]) > 3
    settings.ARCHIVE_SERVER_TIMING = False
    assert "Server-Timing" not in Client().get("/search/", {"q": "oil"})
