"""Discover parties nobody listed with a statistical recogniser (spaCy): extraction's layer 2.

Layer 1 (`PartyMatcher`) knows the gazetteer and every party in the archive; this layer reads
each paragraph with a spaCy model and hands the matcher the people, organisations and places
it recognises. The matcher keeps the last word: its own names win where the two overlap, and
the recognised names go through the same title stripping, junk rejection and short-form
resolution as its own. extractor.py puts the two layers together.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING

from archive.ingest.parties.dictionary import tokenize
from archive.ingest.parties.gazetteer import load_places
from archive.ingest.parties.headlines import is_heading
from archive.ingest.parties.mentions import WORK, Mention
from archive.ingest.parties.runs import is_name_syllable
from archive.ingest.parties.words import name_words
from archive.lib.names import normalize_name
from archive.lib.paragraphs import paragraph_starts
from archive.lib.vocabulary import PartyKind

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

# spaCy labels worth a party, and the archive's kind for each. NORP (nationalities, creeds)
# is left to the gazetteer's demonyms; dates, numbers and works of art are never parties.
KINDS = {
    "PERSON": PartyKind.PERSON,
    "ORG": PartyKind.ORGANIZATION,
    "GPE": PartyKind.PLACE,
    "LOC": PartyKind.PLACE,
    "FAC": PartyKind.PLACE,  # airports, streets, stadiums: "Heathrow", "Fleet Street"
}

# Components a spaCy English pipeline may have besides "ner", which alone finds entities:
# excluding them makes the model load faster and read about a third faster. A shared
# embedding layer ("tok2vec", "transformer") goes too unless the recogniser listens to it
# (the small English model's recogniser has its own).
UPSTREAM_PIPES = ("tok2vec", "transformer")
UNNEEDED_PIPES = (
    "tagger",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "senter",
    "sentencizer",
)
MAX_NAME_WORDS = 6
NAME_LINKS = frozenset({"of", "and", "the", "for"})  # "Bank of England"
SENTENCE_END = re.compile(r"[.!?:;\"“”']\s*$")


def load_model(name: str) -> Language | None:
    """Return the named spaCy pipeline with only its recogniser, or None when it is missing."""
    return load_model_or_problem(name)[0]


@functools.cache
def load_model_or_problem(name: str) -> tuple[Language | None, str]:
    """Load a spaCy pipeline once per process; return it, or None and why it cannot load."""
    if not name:
        return None, ""
    try:
        import spacy
    except ImportError:
        return None, "spaCy is not installed"
    try:
        model = spacy.load(name, exclude=list(UNNEEDED_PIPES))
    except (OSError, ImportError) as error:
        return None, f"spaCy model {name!r} could not be loaded ({error})"
    if "ner" not in model.pipe_names:
        return None, f"spaCy model {name!r} has no named-entity recogniser"
    for upstream in UPSTREAM_PIPES:
        if upstream in model.pipe_names and not model.get_pipe(upstream).listening_components:
            model.remove_pipe(upstream)
    return model, ""


# The statistical layer reads this much of a body, at most (about 30 long articles); the
# dictionary layer reads all of it. spaCy reads some 100,000 characters a second, so a 19 MB
# text would take minutes, and it refuses any one text over a million characters.
MAX_CHARACTERS = 100_000


# Before a name, these say it is the title of a work (a film, a book, a game), not a party.
WORK_BEFORE = re.compile(
    r"\b(?:film|films|movie|movies|sequel|prequel|documentary|album|single|song|track|book|"
    r"novel|memoir|series|sitcom|show|drama|play|musical|opera|game|video game|franchise|"
    r"blockbuster|hit|title|character|epic|thriller|comedy|cartoon|console|software|program)"
    r"\s*[,:]?\s*(?:the\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
NOT_PARTIES = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
# After a name, these say it is a work's: "Evil Dead director Sam Raimi" (no person has one).
WORK_MAKER_AFTER = re.compile(
    r"['’]?s? (?:director|directors|screenwriter|scriptwriter|showrunner|creator|co-creator)"
    r" [A-Z]"
)
# Before a word the place list knows, these say it is the place: "towns of Whakatane", "in Newport".
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|from|outside|around|to|towards|via)|"
    r"\b(?:town|towns|city|cities|village|villages|suburb|suburbs|port|county|region) of|,)"
    r"\s*$",
    re.IGNORECASE,
)
QUOTES_OPEN = "\"“‘'"
QUOTES_CLOSE = "\"”’'"


def _names_a_work(paragraph: str, start: int, end: int) -> bool:
    """Tell whether a name stands as the title of a work: quoted, or after "film", "album"."""
    before = paragraph[max(0, start - 40) : start]
    opening, closing = before.rstrip()[-1:], paragraph[end : end + 1]
    # "Clint Eastwood's film" opens a paragraph: no quote before it, an apostrophe after.
    quoted = bool(opening and closing) and opening in QUOTES_OPEN and closing in QUOTES_CLOSE
    return quoted or bool(WORK_BEFORE.search(before))


def work_names(documents: list, reads_a_work) -> set[str]:
    """Return the names of the entities `reads_a_work(entity, text)` takes for works."""
    return {
        normalize_name(entity.text).removeprefix("the ")
        for document in documents
        for entity in document.ents
        if reads_a_work(entity, document.text)
    }


def directs(entity, text: str) -> bool:
    """Tell whether a "person" has a director after it: "Evil Dead director Sam Raimi"."""
    return entity.label_ == "PERSON" and bool(WORK_MAKER_AFTER.match(text, entity.end_char))


def _within_works(text: str, works: set[str]) -> bool:
    """Tell whether a name is, or opens, a title the recogniser read as a work elsewhere."""
    name = normalize_name(text).removeprefix("the ")
    return any(work == name or work.startswith(name + " ") for work in works)


class EntityRecognizer:
    """Read paragraphs with a spaCy pipeline and return the parties it recognises."""

    def __init__(self, model: Language, max_characters: int = MAX_CHARACTERS) -> None:
        self.model = model
        self.max_characters = max_characters
        self.lexicon = lexicon = name_words()
        self.titles = lexicon.person_titles | lexicon.office_words | lexicon.single_name_titles
        self.common_words = lexicon.common_words
        self.not_alone = lexicon.office_words | lexicon.org_suffixes | lexicon.place_words
        self.links = lexicon.particles | NAME_LINKS
        self.not_name = self.common_words | lexicon.descriptors | self.titles
        self.venues = lexicon.venues
        self.not_parties = lexicon.not_parties
        self.places = load_places().evidence

    def mentions(self, paragraphs: list[str]) -> list[Mention]:
        """Return cleaned mentions with offsets in the body (paragraphs joined by a blank line)."""
        found: list[Mention] = []
        pieces = self.readable_part(paragraphs)
        documents = list(self.model.pipe(pieces))
        # The recogniser's other readings vote too: a name it reads anywhere in the article as
        # a work, a product or an event ("Harry Potter and the Prisoner of Azkaban", "Windows")
        # is no party where it reads it as a person or a place; nor is a "person" with a
        # director ("Harry Potter director Alfonso Cuaron").
        directed = work_names(documents, directs)
        works = directed | work_names(documents, lambda entity, _: entity.label_ in NOT_PARTIES)
        for paragraph, offset, document in zip(
            pieces, paragraph_starts(paragraphs), documents, strict=False
        ):
            if is_heading(paragraph):
                continue  # "The AI Learning Curve": every word capitalised, none told apart
            for entity in document.ents:
                kind = KINDS.get(entity.label_)
                if kind is None or _within_works(entity.text, works):
                    continue
                mention = self.clean(paragraph, entity.start_char, entity.end_char, kind)
                if mention is not None:
                    mention.start += offset
                    found.append(mention)
        # Works vote against the dictionary layer too ("Harry Potter" has a given name) when the
        # recogniser reads a work of art or a work has a director; a product or an event
        # reading alone is too often a person's name misread.
        vetoes = directed | work_names(documents, lambda entity, _: entity.label_ == "WORK_OF_ART")
        found.extend(Mention(work, WORK, -1, work) for work in sorted(vetoes))
        return found

    def readable_part(self, paragraphs: list[str]) -> list[str]:
        """Return the paragraphs within the character budget, the last one cut at a space."""
        pieces, left = [], self.max_characters
        for paragraph in paragraphs:
            if len(paragraph) > left:
                cut = paragraph.rfind(" ", 0, left)
                if cut > 0:
                    pieces.append(paragraph[:cut])
                break
            pieces.append(paragraph)
            left -= len(paragraph)
        return pieces

    def reads_all(self, paragraphs: list[str]) -> bool:
        """Tell whether the whole body fits the statistical layer's budget."""
        return sum(map(len, paragraphs)) <= self.max_characters

    def clean(self, paragraph: str, start: int, end: int, kind: str) -> Mention | None:
        """Return the mention a recognised span names without titles, or None for junk."""
        tokens = tokenize(paragraph[start:end])
        # "Secretary Carter", "the Treasury": titles and articles are not part of a name.
        while tokens and (
            tokens[0].key == "the"
            or (
                # "Ministry of Trade" keeps its head word: only a word before a name goes.
                (len(tokens) == 1 or tokens[1].capitalised)
                and (
                    tokens[0].text in self.common_words
                    or (kind == PartyKind.PERSON and tokens[0].text in self.titles)
                )
            )
        ):
            tokens = tokens[1:]
        # "Goalscorer Kolo Toure", "Striker Wayne Rooney": a role opening a sentence is no
        # part of the name, and says whose name follows.
        if len(tokens) > 1 and tokens[1].capitalised and tokens[0].key in self.lexicon.role_words:
            tokens, kind = tokens[1:], PartyKind.PERSON
        # "Kelly Jones MS": letters after a name make it a person's; "Waupaca County Capt"
        # (before "Jane Doe"): a title at the end belongs to the next name.
        if len(tokens) > 1 and tokens[-1].text in self.lexicon.credentials:
            tokens, kind = tokens[:-1], PartyKind.PERSON
        while len(tokens) > 1 and tokens[-1].text.rstrip(".") in self.lexicon.person_titles:
            tokens = tokens[:-1]
        if not tokens or len(tokens) > MAX_NAME_WORDS:
            return None
        if any(token.join is None for token in tokens[1:]):
            return None  # "48.7, March", "BP/Standard": punctuation splits what was read as one
        if not all(
            token.capitalised
            or token.key in self.links
            or is_name_syllable(tokens, index, self.lexicon)
            for index, token in enumerate(tokens)
        ):
            return None  # "talks in Geneva": a lower-case word the name cannot hold
        syllable = is_name_syllable(tokens, len(tokens) - 1, self.lexicon)  # "Kim Mahn-je"
        if (not tokens[-1].capitalised and not syllable) or any(
            c.isdigit() for t in tokens for c in t.text
        ):
            return None
        surface = paragraph[start + tokens[0].start : start + tokens[-1].end]
        if _names_a_work(paragraph, start + tokens[0].start, start + tokens[-1].end):
            return None  # "the film Harry Potter", "‘The Aviator’": a title, not a party
        if kind != PartyKind.PERSON and len(tokens) > 1 and tokens[-1].text in self.lexicon.events:
            return None  # "Norwich Union Grand Prix", "Australian Open": an event
        if kind == PartyKind.ORGANIZATION and tokens[-1].text in self.venues:
            kind = PartyKind.PLACE  # "Kodak Theatre", "Wembley Stadium": a place events happen at
        if len(tokens) == 1 and (
            tokens[0].text.upper() in self.not_parties or tokens[0].text in self.lexicon.credentials
        ):
            return None
        placed = False
        if len(tokens) == 1:
            word = tokens[0].text
            if len(word) < 2 or word in self.not_name or word in self.not_alone:
                return None
            placed = self._locative(paragraph, start + tokens[0].start, word, kind)
            if placed:
                kind = PartyKind.PLACE  # "the worst-hit towns of Edgecumbe, Whakatane"
            if kind != PartyKind.PERSON and self._plain_word(
                paragraph, start + tokens[0].start, word
            ):
                return None
        elif all(
            t.text in self.not_name or t.text in self.not_alone or t.key in self.links
            for t in tokens
        ):
            return None  # "Defense Department", "Trade and Industry": no name among the words
        return Mention(surface, kind, start + tokens[0].start, surface, placed=placed)

    def _locative(self, paragraph: str, start: int, word: str, kind: str) -> bool:
        """Tell whether the word at start stands where a place stands and is one: the place
        list knows it, or the recogniser read a place there too."""
        before = paragraph[max(0, start - 30) : start]
        # An acronym the place list does not know is rarely a place ("at EDO").
        listed = word.casefold() in self.places
        known = listed or (kind == PartyKind.PLACE and not word.isupper())
        if not known or not LOCATIVE_BEFORE.search(before):
            return False
        # "towns of Edgecumbe, Whakatane": after a comma, only in a list of places.
        return not before.rstrip().endswith(",") or bool(
            re.search(r"\b(?:towns?|cities|villages|places) of\b", paragraph[:start])
        )

    @staticmethod
    def _plain_word(paragraph: str, start: int, word: str) -> bool:
        """Tell whether a lone capitalised word is only capitalised because a sentence starts."""
        # "Sorghum", "Bread" opening a line of a table: a word, not a name. A word also used in
        # lower case in the same paragraph is an ordinary word too.
        opens_sentence = start == 0 or bool(SENTENCE_END.search(paragraph[:start]))
        lower = re.search(rf"\b{re.escape(word.lower())}\b", paragraph)
        return opens_sentence or lower is not None
