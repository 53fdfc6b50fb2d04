"""Known agencies and byline lines (archive.ingest.cleaning.sources)."""

import pytest

from archive.ingest.cleaning.sources import (
    canonical_source,
    is_known_source,
    parse_byline,
    source_aliases,
)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Agence France-Presse", "AFP"),
        ("agence france presse", "AFP"),
        ("AFP staff", "AFP"),
        ("Reuter", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("Press Association", "PA Media"),
        ("Deutsche Presse-Agentur", "dpa"),
        ("XINHUA", "Xinhua"),
        ("Bloomberg News", "Bloomberg"),
        ("guardian", "The Guardian"),
        ("New York Times", "The New York Times"),
    ],
)
def test_canonical_source(name, canonical):
    assert canonical_source(name) == canonical
    assert is_known_source(name)


def test_unknown_source_is_returned_tidied():
    assert canonical_source("  The   Daily  Example, ") == "The Daily Example"
    assert not is_known_source("The Daily Example")
    assert not is_known_source("")


def test_source_aliases():
    assert source_aliases("agence france-presse")[0] == "AFP"
    assert "Agence France-Presse" in source_aliases("AFP")
    assert source_aliases("The Daily Example") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By AFP", ([], "AFP")),
        ("By AFP staff", ([], "AFP")),
        ("Agence France-Presse", ([], "AFP")),
        ("Reuters", ([], "Reuters")),
        ("By Jane Doe, Reuters", (["Jane Doe"], "Reuters")),
        ("By Jane Doe and John Smith", (["Jane Doe", "John Smith"], "")),
        ("By Jane Doe, John Smith and Ann Lee", (["Jane Doe", "John Smith", "Ann Lee"], "")),
        ("Jane Doe | Reuters", (["Jane Doe"], "Reuters")),
        ("By JANE DOE", (["Jane Doe"], "")),
        ("BY JOHN MCDONALD", (["John McDonald"], "")),
        ("By Jane Doe, Staff Writer", (["Jane Doe"], "")),
        ("By Jane Doe, Senior Political Correspondent", (["Jane Doe"], "")),
        ("Words: Jane Doe", (["Jane Doe"], "")),
        ("By Mark O'Neill, Reuters", (["Mark O'Neill"], "Reuters")),
        ("By Ursula von der Leyen", (["Ursula von der Leyen"], "")),
        ("By Jean-Luc Martin in Paris", (["Jean-Luc Martin"], "")),
        ("by josé garcía", None),
    ],
)
def test_parse_byline(line, expected):
    byline = parse_byline(line)
    assert (byline.authors, byline.source) == expected if expected else byline is None


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices had doubled.",
        "By contrast, the index fell.",
        "By 2025, 40% of homes will be online.",
        "By Monday",
        "By far the best result of the season came in March against the champions.",
        "Jane Doe",
        "The minister said on Friday that talks would resume, Reuters reported.",
        "",
        "By " + "Name " * 100,
    ],
)
def test_sentences_are_not_bylines(line):
    assert parse_byline(line) is None
