"""The search syntax: parsed by us, compiled for each engine, never passed raw."""

import re

import pytest

from archive.search import postgresql, sqlite
from archive.search.query import MAX_QUERY_CHARS, Query, QueryError, Term, parse_query


def test_words_must_all_match_and_or_binds_tighter():
    query = parse_query("oil OR gas prices")
    assert query.groups == [[Term("oil"), Term("gas")], [Term("prices")]]
    assert str(query) == "oil OR gas prices"


def test_phrases_exclusions_prefixes_and_title_terms():
    query = parse_query('"oil prices" -iran NOT iraq negot* title:talks title:"air strikes"')
    assert query.groups == [
        [Term("oil prices")],
        [Term("negot", prefix=True)],
        [Term("talks", title_only=True)],
        [Term("air strikes", title_only=True)],
    ]
    assert query.excluded == [Term("iran"), Term("iraq")]


def test_an_empty_search_is_an_empty_query():
    for text in ("", "   ", '"', "*", ")", "((", "- -", "AND OR"):
        assert not parse_query(text), text


@pytest.mark.parametrize(
    "text",
    [
        'NEAR(a b) "unbalanced',
        'a" OR "b',
        "foo:bar {title}: ^x",
        "a & b | !c <-> d:*",
        "x\x00y\x1fz",
        "'; DROP TABLE archive_article; --",
        "\\' \\\" \\\\",
        "title: OR - *",
        "OR OR OR a",
        "ünïcödé Erdoğan 東京",
    ],
)
def test_hostile_text_reads_as_plain_words(text):
    query = parse_query(text)
    match = sqlite.compile_query(query) if query else ""
    tsquery, params = postgresql.compile_query(query) if query else ("", [])
    for term in query.terms + query.excluded:
        assert "\x00" not in term.text and '"' not in term.text and "'" not in term.text
    # Terms reach PostgreSQL only as parameters: the SQL is nothing but functions and operators.
    leftover = re.sub(
        r"phraseto_tsquery|to_tsquery|'archive_english'::regconfig|%s|[()&|!, ]", "", tsquery
    )
    assert leftover == "" and len(params) == tsquery.count("%s")
    assert match.count('"') % 2 == 0


def test_too_long_too_many_and_only_exclusions_are_explained():
    with pytest.raises(QueryError, match="characters long"):
        parse_query("word " * (MAX_QUERY_CHARS // 5 + 1))
    with pytest.raises(QueryError, match="too many words"):
        parse_query(" ".join(f"w{i}" for i in range(40)))
    with pytest.raises(QueryError, match="at least one word"):
        parse_query("-iran -iraq")


def test_one_letter_prefixes_search_the_word_itself():
    assert parse_query("a*").groups == [[Term("a")]]


def test_terms_keep_what_each_engine_splits_itself():
    query = parse_query("U.S. e-mail Russia's")
    assert [term.text for term in query.terms] == ["U.S.", "e-mail", "Russia s"]


def test_fts5_expression_quotes_every_term():
    query = parse_query('"oil prices" OR gas -iran title:talk negot*')
    assert sqlite.compile_query(query) == (
        '(("oil prices" OR "gas") AND (title : "talk") AND ("negot"*)) NOT "iran"'
    )


def test_tsquery_is_built_from_parameters():
    query = parse_query('"oil prices" OR gas -iran title:talk negot*')
    sql, params = postgresql.compile_query(query)
    assert params == ["oil prices", "gas", "'talk':A", "'negot':*", "iran"]
    assert sql.count("%s") == len(params)
    assert "!!" in sql and "||" in sql and "&&" in sql


def test_query_is_falsy_without_words():
    assert not Query() and parse_query("x")
