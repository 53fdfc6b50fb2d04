"""Build the party extractor: the one place that puts the two layers together.

Layer 1 (`PartyMatcher`) knows the gazetteer, the archive's parties and blocked names; layer 2
(`EntityRecognizer`, spaCy) runs when a model is named and loads. Without it, `build_extractor`
returns layer 1 alone and logs a warning; `PartyExtractor.statistical` says which one runs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from archive.ingest.parties.headlines import readable_headline
from archive.ingest.parties.matcher import PartyMatcher
from archive.ingest.parties.statistical import EntityRecognizer, load_model_or_problem
from archive.ingest.types import FoundParty, KnownParty
from archive.lib.names import normalize_name
from archive.lib.paragraphs import join_paragraphs

logger = logging.getLogger(__name__)


class PartyExtractor:
    """Both extraction layers behind one `find(paragraphs)`."""

    def __init__(self, matcher: PartyMatcher, recognizer: EntityRecognizer | None) -> None:
        self.matcher = matcher
        self.recognizer = recognizer

    @property
    def statistical(self) -> bool:
        """Tell whether the statistical layer runs, or layer 1 alone."""
        return self.recognizer is not None

    def find(self, paragraphs: list[str], title: str = "", source: str = "") -> list[FoundParty]:
        """Return the parties the headline and body mention, in order of first mention.

        Offsets point into the body; a party only the headline names has no body offset (an
        empty first surface). The article's own source is no party it mentions.
        """
        headline = readable_headline(title, paragraphs)
        texts = [headline, *paragraphs] if headline else paragraphs
        body_start = len(join_paragraphs([headline, ""])) if headline else 0
        discovered = self.recognizer.mentions(texts) if self.recognizer is not None else ()
        parties = self.matcher.find(texts, discovered=discovered, body_start=body_start)
        return without_own_source(parties, source)

    def notes(self, paragraphs: list[str]) -> list[str]:
        """Return what a reader should know about how much of the body each layer read."""
        if self.recognizer is None or self.recognizer.reads_all(paragraphs):
            return []
        return [
            f"the statistical party finder read the first {self.recognizer.max_characters:,}"
            " characters of this long body; the dictionary layer read all of it"
        ]


def build_extractor(
    known: Iterable[KnownParty] = (), blocked: Iterable[str] = (), model_name: str = ""
) -> PartyExtractor:
    """Return an extractor over the gazetteer, known parties and blocked names (normalised).

    With a model name, the statistical layer joins when its model loads.
    """
    matcher = PartyMatcher(known, blocked)
    model, problem = load_model_or_problem(model_name)
    if problem:
        logger.warning("%s: parties come from the gazetteer and the archive only", problem)
    return PartyExtractor(matcher, EntityRecognizer(model) if model is not None else None)


@functools.cache
def gazetteer_extractor() -> PartyExtractor:
    """Return the dictionary layer over the shipped gazetteer alone, built on first use."""
    return build_extractor()


def without_own_source(parties: list[FoundParty], source: str) -> list[FoundParty]:
    """Drop the article's own source from its parties: "told Reuters" in a Reuters story is
    the wire speaking of itself, and a filter by Reuters would otherwise list its whole output."""
    if not source:
        return parties
    own = normalize_name(source)
    return [
        party
        for party in parties
        if own != normalize_name(party.name)
        and all(own != normalize_name(form) for form in party.surface_forms)
    ]


def find_parties(
    paragraphs: list[str], known: Iterable[KnownParty] = (), blocked: Iterable[str] = ()
) -> list[FoundParty]:
    """Return the parties in the paragraphs (layer 1); build an extractor to reuse known ones."""
    known, blocked = list(known), list(blocked)
    extractor = build_extractor(known, blocked) if known or blocked else gazetteer_extractor()
    return extractor.find(paragraphs)
