"""The search API on the database in use: the same queries find the same articles on both."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.models.expressions import RawSQL

from archive.models import Article
from archive.search import backend, matching, parse_query, schema
from archive.search.results import (
    DATE_ORDER,
    NEWEST,
    OLDEST,
    RELEVANCE,
    Cursor,
    first_matches,
    run_search,
)
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

ARTICLES = {
    "talks": ("US and Russia launch talks on Syria", "The ministers talked by telephone."),
    "oil": ("Oil prices rise", "Crude oil prices rose on Monday as OPEC met in Vienna."),
    "gas": ("Gas supplies", "Gas prices fell while oil output held steady."),
    "iran": ("Iran oil exports", "Iran said oil prices would recover."),
    "erdogan": ("Erdoğan visits Berlin", "President Erdoğan met the chancellor on e-mail policy."),
    "negotiations": ("Budget", "Negotiations on the budget resumed in the U.S. Congress."),
    "body_talks": ("Weekly round-up", "Diplomats held talks on trade, and talks on climate."),
}


@pytest.fixture
def corpus():
    articles = {}
    for day, (key, (title, body)) in enumerate(ARTICLES.items(), start=1):
        articles[key] = make_article(
            title=title, body=body, published_at=datetime(2020, 1, day, tzinfo=UTC)
        )
    return articles


def found(text: str) -> set[str]:
    """Return the keys of the fixture articles a search finds."""
    titles = {title: key for key, (title, _) in ARTICLES.items()}
    matched = matching(Article.objects.all(), parse_query(text))
    return {titles[title] for title in matched.values_list("title", flat=True)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oil prices", {"oil", "gas", "iran"}),
        ('"oil prices"', {"oil", "iran"}),
        ("oil -iran", {"oil", "gas"}),
        ("oil NOT iran", {"oil", "gas"}),
        ("vienna OR telephone", {"oil", "talks"}),
        ("vienna OR telephone prices", {"oil"}),
        ("talk", {"talks", "body_talks"}),  # stemming: "talks" and "talked" are "talk"
        ("title:talks", {"talks"}),
        ('title:"oil prices"', {"oil"}),
        ("negot*", {"negotiations"}),
        ("erdogan", {"erdogan"}),  # accents folded
        ("Erdoğan", {"erdogan"}),
        ("U.S.", {"negotiations"}),
        ("e-mail", {"erdogan"}),
        ("the", {"talks", "erdogan", "negotiations"}),  # no stop words: "the" is a word
        ("zanzibar", set()),
        ('"prices oil"', set()),
    ],
)
def test_query_syntax_finds_the_same_articles_on_every_engine(corpus, text, expected):
    assert found(text) == expected


def test_a_title_match_ranks_above_body_matches(corpus):
    results = run_search(
        matching(Article.objects.all(), parse_query("talks")), parse_query("talks"), sort=RELEVANCE
    )
    assert [hit.article.pk for hit in results.hits][0] == corpus["talks"].pk
    assert results.count == 2


@pytest.mark.parametrize("walk_range", [100_000, 0])  # neighbours walked, or looked up one by one
def test_snippets_mark_matches_and_escape_html(monkeypatch, walk_range):
    from archive.search import sqlite

    monkeypatch.setattr(sqlite, "WALK_RANGE", walk_range)
    make_article(title="A <b>bold</b> claim", body="Before <script>alert(1)</script> oil after.")
    make_article(title="Oil again", body="More oil.")
    query = parse_query("oil OR bold")
    results = run_search(matching(Article.objects.all(), query), query)
    hit = next(hit for hit in results.hits if "bold" in hit.article.title)
    assert "<mark>oil</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "alert(1)" in hit.snippet
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in hit.title
    assert all("<mark>" in hit.title or "<mark>" in hit.snippet for hit in results.hits)


def test_every_write_path_keeps_the_index_current():
    article = make_article(title="Original headline", body="Nothing to see.")
    assert found_ids("headline") == {article.pk}
    article.title = "Changed title"
    article.save()
    assert found_ids("headline") == set() and found_ids("changed") == {article.pk}
    Article.objects.filter(pk=article.pk).update(body="Now about volcanoes.")
    assert found_ids("volcano") == {article.pk}
    article.delete()
    assert found_ids("volcano") == set() and found_ids("changed") == set()


def found_ids(text: str) -> set[int]:
    return set(matching(Article.objects.all(), parse_query(text)).values_list("id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_rebuild_command_restores_an_index_from_scratch(capsys):
    article = make_article(title="Glaciers retreat", body="Ice melts.")
    schema.uninstall(connection)
    schema.install(connection)
    if connection.vendor == "sqlite":
        # A new, empty external-content index: nothing found until it is rebuilt.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {schema.SQLITE_TABLE}({schema.SQLITE_TABLE}) VALUES ('delete-all')"
            )
        assert found_ids("glacier") == set()
    call_command("rebuild_search_index")
    assert found_ids("glacier") == {article.pk}
    assert "Rebuilt the search index of 1 articles" in capsys.readouterr().out


def test_counts_stop_at_the_limit_and_keyset_pages_reach_every_row(settings):
    settings.ARCHIVE_SEARCH_LIMIT = 5
    settings.ARTICLES_PER_PAGE = 2
    source = make_source(name="Wire")
    made = [
        make_article(
            title=f"Item {n}", source=source, published_at=datetime(2021, 1, 1 + n // 2, tzinfo=UTC)
        )
        for n in range(9)
    ] + [make_article(title="Undated item", published_at=None, source=source)]
    for sort in (NEWEST, OLDEST):
        seen, page, cursor = [], 1, None
        while True:
            results = run_search(
                Article.objects.all(), parse_query(""), sort=sort, page=page, cursor=cursor
            )
            assert results.count == 5 and results.count_capped
            seen += [hit.article.pk for hit in results.hits]
            if not results.has_next:
                break
            page, cursor = page + 1, results.next_cursor
        assert sorted(seen) == sorted(a.pk for a in made), sort
        assert len(seen) == len(set(seen))
        assert seen[-1] == made[-1].pk  # undated last either way
    facets = run_search(Article.objects.all(), parse_query("")).facets
    assert facets.approximate and facets.sample == 5
    assert sum(bucket.count for bucket in facets.timeline) == 9  # the timeline counts every match
    assert facets.sources[0].count == 5


def test_relevance_ranks_only_the_newest_candidates(settings):
    settings.ARCHIVE_RANK_LIMIT = 3
    for n in range(5):
        make_article(
            title=f"Report {n}",
            body="Rain again.",
            published_at=datetime(2022, 1, n + 1, tzinfo=UTC),
        )
    query = parse_query("rain")
    results = run_search(matching(Article.objects.all(), query), query, sort=RELEVANCE)
    assert results.ranked == 3 and results.count == 5
    assert {hit.article.title for hit in results.hits} == {"Report 2", "Report 3", "Report 4"}


def test_cursors_survive_the_url_and_reject_junk():
    moment = datetime(2020, 5, 1, 12, 30, 15, 123456, tzinfo=UTC)
    assert Cursor.parse(str(Cursor(moment, 42))) == Cursor(moment, 42)
    assert Cursor.parse(str(Cursor(None, 7))) == Cursor(None, 7)
    for junk in ("", "x", "1.", ".", "99999999999999999999999.1", "1.2.3"):
        assert Cursor.parse(junk) is None


def test_a_timeline_over_too_many_matches_falls_back_to_the_newest(settings, monkeypatch):
    settings.ARCHIVE_SEARCH_LIMIT = 2
    for n in range(4):
        make_article(title=f"Story {n}", published_at=datetime(2020, 3 * n + 1, 1, tzinfo=UTC))

    @contextmanager
    def out_of_time(milliseconds):
        raise OperationalError("interrupted")  # as a query cut off by the limit raises
        yield

    monkeypatch.setattr(backend(), "time_limit", out_of_time)
    facets = run_search(Article.objects.all(), parse_query("")).facets
    assert facets.timeline_sampled and facets.approximate
    assert [(bucket.label, bucket.count) for bucket in facets.timeline] == [
        ("Jul 2020", 1),
        ("Aug 2020", 0),
        ("Sep 2020", 0),
        ("Oct 2020", 1),
    ]


SLOW_QUERY = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT max(i) FROM n",
    "postgresql": "SELECT pg_sleep(2)",
}


def test_time_limit_stops_a_slow_query_and_lifts_afterwards():
    with pytest.raises(OperationalError), backend().time_limit(50), connection.cursor() as cursor:
        cursor.execute(SLOW_QUERY[connection.vendor])
    with backend().time_limit(5_000), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # still usable, no limit left behind
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('statement_timeout')")
            assert cursor.fetchone()[0] == "0"


def test_the_most_selective_condition_drives_and_results_stay_the_same(monkeypatch):
    from django.http import QueryDict

    from archive.filters import ArticleFilter
    from archive.models import Party
    from archive.search import plan
    from tests.factories import make_party

    russia = make_party(name="Russia", kind=Party.Kind.COUNTRY)
    carter = make_party(name="Ash Carter", kind=Party.Kind.PERSON)
    afp = make_source(name="AFP")
    for n in range(12):
        parties = {russia: 1, carter: 1} if n < 2 else {russia: 1}
        make_article(
            title=f"Story {n}",
            body="Oil and gas." if n % 3 == 0 else "Gas only.",
            source=afp if n < 4 else None,
            parties=parties,
            published_at=datetime(2020, 1 + n, 1, tzinfo=UTC),
        )
    searches = {
        "q=gas&party=russia&party=ash-carter": "party:",
        "q=oil&party=russia": "text",
        "q=gas&from=2020-12-01": "dates",
        "q=gas&source=afp&party=russia": "sources",
        "q=gas&party=russia": None,  # both common: walk the newest first
    }

    def run(params: str) -> tuple[list[str], plan.Plan]:
        filterset = ArticleFilter(QueryDict(params), queryset=Article.objects.all())
        assert filterset.is_valid(), filterset.errors
        titles = sorted(filterset.qs.values_list("title", flat=True))
        return titles, filterset.plan

    for params, driver in searches.items():
        monkeypatch.setattr(plan, "ESTIMATE_CAP", 1000)
        unplanned, inactive = run(params)
        monkeypatch.setattr(plan, "ESTIMATE_CAP", 5)
        planned, chosen = run(params)
        assert planned == unplanned and planned, params
        assert not inactive.active
        if connection.vendor == "sqlite":
            assert chosen.active
            assert (chosen.driver or "None").startswith(str(driver)), (params, chosen)


@pytest.fixture
def storms():
    """Thirty articles that say "storm", dated in the order they arrived."""
    return [
        make_article(
            title=f"Storm {n}", body="A storm.", published_at=datetime(2000, 1, 1, tzinfo=UTC)
        )
        for n in range(30)
    ]


def walked(order: str):
    """The storms in date order, matched as a query that walks the archive does (plan.py)."""
    query = parse_query("storm")
    articles = matching(Article.objects.all(), query, drive=False, walking=True)
    dates = DATE_ORDER[OLDEST if order == OLDEST else NEWEST]
    return articles.order_by(*dates)


def plain_rows(order: str, limit: int) -> list:
    rows = walked(order).annotate(day=RawSQL(backend().day_expression(), []))
    return list(rows.values_list("id", "day", "source_id", "dateline")[:limit])


@pytest.mark.parametrize("order", [NEWEST, OLDEST])
def test_the_first_rows_of_a_walk_are_exact_in_or_out_of_date_order(
    storms, order, settings, monkeypatch
):
    settings.ARCHIVE_SEARCH_LIMIT = 5
    monkeypatch.setattr(backend(), "WINDOWS", (1, 2), raising=False)  # windows of 5, 10 rowids
    for n, article in enumerate(storms):  # ids rise with the dates
        Article.objects.filter(pk=article.pk).update(
            published_at=datetime(2000, 1, 1, tzinfo=UTC) + timedelta(days=n)
        )
    rows, capped = first_matches(walked(order), oldest=order == OLDEST)
    assert capped and rows == plain_rows(order, 5)
    # The article that arrived first (last) is the newest (oldest): outside any window.
    stray = storms[0] if order == NEWEST else storms[-1]
    Article.objects.filter(pk=stray.pk).update(
        published_at=datetime(2001 if order == NEWEST else 1999, 1, 1, tzinfo=UTC)
    )
    rows, capped = first_matches(walked(order), oldest=order == OLDEST)
    assert capped and rows == plain_rows(order, 5) and rows[0][0] == stray.pk
    # Fewer matches than the limit in the window, and older articles below it: read in full.
    keep = [article.pk for article in storms[:2] + storms[-3:]]
    Article.objects.exclude(pk__in=keep).update(title="Calm", body="Calm.")
    rows, capped = first_matches(walked(order), oldest=order == OLDEST)
    assert not capped and rows == plain_rows(order, 5)


def test_a_match_in_the_window_dated_before_its_edge_is_not_missed(settings, monkeypatch):
    settings.ARCHIVE_SEARCH_LIMIT = 5
    monkeypatch.setattr(backend(), "WINDOWS", (1,), raising=False)  # the 5 highest rowids
    edge = make_article(title="Calm", body="Calm.", published_at=datetime(2000, 1, 10, tzinfo=UTC))
    for day in (11, 12, 13, 14):
        make_article(
            title=f"Storm {day}", body="A storm.", published_at=datetime(2000, 1, day, tzinfo=UTC)
        )
    early = make_article(
        title="Early storm", body="A storm.", published_at=datetime(1999, 1, 1, tzinfo=UTC)
    )
    assert Article.objects.order_by("-id")[5].pk == edge.pk  # the window's edge
    rows, capped = first_matches(walked(NEWEST))
    assert not capped and [row[0] for row in rows][-1] == early.pk and len(rows) == 5
