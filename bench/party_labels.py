"""Score party extraction against articles labelled by hand (bench/fixtures/parties_*.json).

Each labelled party has a name, a kind (person, organization, country, place) and the
spellings the body uses. An extracted party matches a labelled one when its name or one of the
spellings it was found under equals the label's name or one of its spellings (case, quotes,
spacing and a possessive 's folded); each label matches once. Strict scoring also wants the
kind; loose scoring does not. Precision is counted per extracted kind, recall per labelled kind.

The labels were made by reading the articles before anyone looked at what the archive finds
(see each file's "about"); the scores are only honest on a set nobody tuned extraction on.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from archive.ingest.pipeline import PartyFinder, parse_item
from archive.ingest.types import FoundParty, ParseError, RawItem
from archive.lib.names import normalize_name
from archive.lib.vocabulary import DocumentFormat
from bench.harness import CORPORA, REUTERS, ROOT

FIXTURES = ROOT / "bench" / "fixtures"
LABELLED_SETS = {
    "dev": FIXTURES / "parties_dev.json",
    "heldout": FIXTURES / "parties_heldout.json",
    "naeb": FIXTURES / "parties_naeb.json",
}
KINDS = ("person", "organization", "country", "place")
POSSESSIVE = re.compile(r"['’]s$")


def key(name: str) -> str:
    """Return a name folded for matching: case, quotes, spacing, a possessive 's, a leading
    "the" ("The Washington Post") and a final full stop ("Corp.": where a sentence ends and
    where an abbreviation does cannot be told apart)."""
    folded = POSSESSIVE.sub("", normalize_name(name)).removeprefix("the ")
    return folded.removesuffix(".")


@dataclass
class Labelled:
    """One labelled article: its text as the archive receives it, and its parties."""

    corpus: str
    identifier: str
    item: RawItem
    parties: list[dict]


@dataclass
class Tally:
    """Matches per kind: extracted (for precision), labelled (for recall), right."""

    extracted: dict[str, int] = field(default_factory=dict)
    labelled: dict[str, int] = field(default_factory=dict)
    right_extracted: dict[str, int] = field(default_factory=dict)
    right_labelled: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, counts: dict[str, int], kind: str, number: int = 1) -> None:
        counts[kind] = counts.get(kind, 0) + number

    def precision(self, kind: str | None = None) -> float:
        return ratio(self.right_extracted, self.extracted, kind)

    def recall(self, kind: str | None = None) -> float:
        return ratio(self.right_labelled, self.labelled, kind)

    def f1(self, kind: str | None = None) -> float:
        p, r = self.precision(kind), self.recall(kind)
        return 2 * p * r / (p + r) if p + r else 0.0


def ratio(right: dict[str, int], total: dict[str, int], kind: str | None) -> float:
    """Return right/total for one kind or all."""
    kinds = [kind] if kind else list(total)
    denominator = sum(total.get(k, 0) for k in kinds)
    return sum(right.get(k, 0) for k in kinds) / denominator if denominator else 0.0


def labelled_articles(name: str) -> list[Labelled]:
    """Return the articles of one labelled set, read from the corpora as the archive reads them."""
    path = LABELLED_SETS[name]
    if not path.exists():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))["articles"]
    reuters = _reuters_records({e["id"] for e in entries if e["corpus"] == "reuters"})
    naeb = _naeb_articles({e["id"] for e in entries if e["corpus"] == "naeb"})
    articles = []
    for entry in entries:
        if entry["corpus"] == "bbc":
            data = (CORPORA / "bbc-news" / f"{entry['id'].removeprefix('bbc/')}.txt").read_bytes()
            item = RawItem(entry["id"], data, DocumentFormat.TEXT)
        elif entry["corpus"] == "reuters":
            item = RawItem(entry["id"], reuters[entry["id"]], DocumentFormat.JSON)
        else:
            article = naeb[entry["id"]]
            text = f"{article['title']}\n\n{article['text']}".encode()
            item = RawItem(f"naeb/{entry['id']}", text, DocumentFormat.TEXT)
        articles.append(Labelled(entry["corpus"], str(entry["id"]), item, entry["parties"]))
    return articles


def _reuters_records(wanted: set[str]) -> dict[str, bytes]:
    """Return the raw JSON lines of the wanted Reuters records, by id."""
    found = {}
    with gzip.open(REUTERS, "rt", encoding="utf-8") as corpus:
        for line in corpus:
            if wanted and json.loads(line)["id"] in wanted:
                found[json.loads(line)["id"]] = line.encode()
    return found


def _naeb_articles(wanted: set) -> dict:
    """Return the wanted NAEB articles, by id."""
    if not wanted:
        return {}
    items = json.loads((CORPORA / "naeb" / "news_articles.json").read_text(encoding="utf-8"))
    return {item["id"]: item for item in items if item["id"] in wanted}


def score(
    articles: list[Labelled], extract: Callable[[Labelled], list[FoundParty]], strict: bool
) -> Tally:
    """Compare what extract finds in each article with its labels."""
    tally = Tally()
    for article in articles:
        labels = article.parties
        for label in labels:
            tally.add(tally.labelled, label["kind"])
        keys = [{key(label["name"]), *map(key, label["spellings"])} for label in labels]
        unmatched = set(range(len(labels)))
        for party in extract(article):
            kind = party.kind if party.kind in KINDS else "other"
            tally.add(tally.extracted, kind)
            forms = {key(party.name), *map(key, party.surface_forms)}
            match = next(
                (
                    index
                    for index in sorted(unmatched)
                    if forms & keys[index] and (not strict or labels[index]["kind"] == kind)
                ),
                None,
            )
            if match is None:
                tally.wrong.append(f"{article.identifier}: {party.name} ({party.kind})")
                continue
            unmatched.discard(match)
            tally.add(tally.right_extracted, kind)
            tally.add(tally.right_labelled, labels[match]["kind"])
        for index in sorted(unmatched):
            label = labels[index]
            tally.missed.append(f"{article.identifier}: {label['name']} ({label['kind']})")
    return tally


def archive_extraction(finder: PartyFinder) -> Callable[[Labelled], list[FoundParty]]:
    """Return the parties the archive's pipeline finds in an article with this finder."""

    def extract(article: Labelled) -> list[FoundParty]:
        try:
            parties = parse_item(article.item, finder).parties
        except ParseError:
            return []
        # The labels are the body's parties (the guideline leaves headlines out): a party only
        # the headline names, which has no body offset, is not scored.
        return [party for party in parties if party.first_surface]

    return extract


# Errors were read on "dev" and on NAEB's even-numbered articles while extraction was worked
# on; "heldout" and NAEB's odd-numbered articles were only ever scored.
HELD_OUT = ("heldout", "naeb:odd")


def iter_sets(names: list[str]) -> Iterator[tuple[str, list[Labelled]]]:
    """Yield (name, articles) for each labelled set that exists; "naeb:odd" and "naeb:even"
    are the set's articles with odd or even ids."""
    for name in names:
        base, _, half = name.partition(":")
        articles = labelled_articles(base)
        if half:
            parity = {"even": 0, "odd": 1}[half]
            articles = [a for a in articles if int(a.identifier) % 2 == parity]
        if articles:
            yield name, articles


def spacy_alone(model_name: str) -> Callable[[Labelled], list[FoundParty]] | None:
    """Return spaCy's own reading of each article as parties (the reference to beat), or None
    when the model cannot load. Its labels map to kinds: PERSON, ORG, GPE (a country when the
    gazetteer lists it as one, else a place), LOC and FAC (places), NORP (a listed country's
    demonym)."""
    from archive.ingest.parties.gazetteer import load_gazetteer
    from archive.ingest.parties.statistical import load_model
    from bench.archive_adapter import NoParties

    model = load_model(model_name)
    if model is None:
        return None
    countries = {
        key(form): party.name
        for party in load_gazetteer()
        if party.kind == "country"
        for form in (party.name, *party.aliases)
    }
    plain = {"PERSON": "person", "ORG": "organization", "LOC": "place", "FAC": "place"}

    def extract(article: Labelled) -> list[FoundParty]:
        try:
            paragraphs = parse_item(article.item, NoParties()).paragraphs
        except ParseError:
            return []
        found: dict[tuple[str, str], FoundParty] = {}
        for document in model.pipe(paragraphs):
            for entity in document.ents:
                text, label = entity.text.strip(), entity.label_
                country = countries.get(key(text))
                if label in ("GPE", "NORP") and country:
                    name, kind = country, "country"
                elif label in plain or label == "GPE":
                    name, kind = text, plain.get(label, "place")
                else:
                    continue
                party = found.setdefault((name, kind), FoundParty(name, kind, 0))
                party.count += 1
                party.surface_forms.append(text)
        return list(found.values())

    return extract
