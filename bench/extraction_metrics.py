"""Score an extracted article against its truth: body shingles and field matches. Pure functions.

Body: the measure of the Zyte article-extraction benchmark. Tokens are `\\w+` runs, lowercased;
a text's shingles are the multiset of its runs of 4 consecutive tokens (a text of 1-3 tokens has
one shingle of all its tokens, an empty text none). Per document, true positives are the shingles
both sides share (with multiplicity); P = tp / (tp + fp), R = tp / (tp + fn). P and R are averaged
over the documents and F1 is taken of the two averages.

Empty texts: both empty is a perfect document (P = R = 1). An empty prediction of a non-empty
truth scores P = 0 and R = 0 (Zyte's evaluate.py leaves such a document out of the precision
mean; here a failed extraction costs on both sides). A non-empty prediction of an empty truth
scores P = 0 and R = 1.

Fields, each compared after `normalise` (Unicode NFKC, curly quotes and the acute accent folded
to straight quotes, dashes to "-", case folded, runs of space collapsed, ends trimmed):
- title: equal, also after collapsing "--" to "-" and trimming full stops and quotes at the
  ends (hand-made truths differ in those).
- date: the same day. A truth is "YYYY-MM-DD" or an ISO datetime that may carry an offset; the
  prediction matches when its date, read in the timezone it carries or converted to the truth's
  stated offset, is the truth's day. No date stated (truth "") matches only no prediction.
- source: equal, after dropping a leading "The" and mapping the names of one agency to one
  (SOURCE_NAMES: "Agence France-Presse" is "AFP", "PTI" is "Press Trust of India").
- dateline: equal, or the same place before its first comma ("PORTLAND, Ore." = "Portland").
- authors: equal as sets of names (each also stripped of dots and commas).
- site (NAEB): the source matches a site URL when its letters, with or without a leading "the",
  are the site's main domain label ("ABC News" ~ abcnews.go.com). An approximate rule.
A truth field that is None is not scored for that document.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from archive.lib.paragraphs import join_paragraphs

SHINGLE_SIZE = 4
TOKEN = re.compile(r"\w+")
FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "´": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
    }
)
# check_seed.py's folding: quotes and the no-break space only.
SEED_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "\u00a0": " "}
)
# Names of one source, written differently; the first is the name reported.
SOURCE_NAMES: list[tuple[str, ...]] = [
    ("AFP", "Agence France-Presse", "Agence France Presse"),
    ("Reuters", "Reuter", "Thomson Reuters"),
    ("Associated Press", "AP", "The Associated Press"),
    ("Press Trust of India", "PTI"),
    ("IANS", "Indo-Asian News Service"),
    ("ANI", "Asian News International"),
    ("dpa", "Deutsche Presse-Agentur"),
    ("Xinhua", "Xinhua News Agency"),
    ("Bloomberg", "Bloomberg News"),
    ("UPI", "United Press International"),
    ("BBC News", "BBC"),
]
FIELDS = ("title", "published", "source", "dateline", "authors")


@dataclass
class Extraction:
    """What an extractor returned for one document; error says why it returned nothing."""

    title: str = ""
    body: str = ""
    authors: list[str] = field(default_factory=list)
    source: str = ""
    published: datetime | date | None = None
    published_precision: str = ""
    dateline: str = ""
    error: str = ""


@dataclass
class Truth:
    """What a document should give; a None field is not known for this set and not scored."""

    body: str
    title: str | None = None
    authors: list[str] | None = None
    source: str | None = None
    published: str | None = None  # "" when the document states no date
    dateline: str | None = None
    site: str | None = None

    @classmethod
    def from_expected(cls, expected: dict) -> Truth:
        """Return the truth an acceptance file or a damaged scrape states field by field."""
        return cls(
            body=join_paragraphs(expected["body"]),
            title=expected["title"],
            authors=expected["authors"],
            source=expected["source"],
            published=expected["published"],
            dateline=expected["dateline"],
        )


@dataclass
class BodyScore:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        if self.false_positives == self.false_negatives == 0:
            return 1.0
        if self.true_positives + self.false_positives == 0:
            return 0.0
        return self.true_positives / (self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        if self.false_positives == self.false_negatives == 0:
            return 1.0
        if self.true_positives + self.false_negatives == 0:
            return 1.0  # an empty truth: nothing to miss
        return self.true_positives / (self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def tokens(text: str) -> list[str]:
    """Return the lowercased word tokens of text."""
    return TOKEN.findall((text or "").lower())


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Return the multiset of runs of size consecutive tokens (one short run for a short text)."""
    words = tokens(text)
    if not words:
        return Counter()
    return Counter(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))


def score_body(truth: str, prediction: str) -> BodyScore:
    """Return the shingles a prediction shares with the truth, adds, and misses."""
    wanted, got = shingles(truth), shingles(prediction)
    shared = sum((wanted & got).values())
    return BodyScore(shared, sum(got.values()) - shared, sum(wanted.values()) - shared)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def average_body(scores: Iterable[BodyScore]) -> tuple[float, float, float]:
    """Return mean precision, mean recall and the F1 of those two means."""
    scores = list(scores)
    if not scores:
        return 0.0, 0.0, 0.0
    precision = statistics.fmean(score.precision for score in scores)
    recall = statistics.fmean(score.recall for score in scores)
    return precision, recall, f1(precision, recall)


def normalise(text: str | None) -> str:
    """Return text as fields are compared: folded quotes, dashes, case and space."""
    # Fold first: NFKC would turn the acute accent into a space and a combining accent.
    text = unicodedata.normalize("NFKC", (text or "").translate(FOLD))
    return " ".join(text.casefold().split())


def same_title(truth: str, prediction: str) -> bool:
    return _title(truth) == _title(prediction)


def _title(text: str) -> str:
    # Hand-made truths differ in a closing full stop, a stray quote or "--" for a dash.
    return re.sub(r"-{2,}", "-", normalise(text)).strip(" .'\"")


def source_key(name: str) -> str:
    """Return the one name a source is compared under."""
    key = re.sub(r"^the\s+", "", normalise(name))
    for names in SOURCE_NAMES:
        if key in {re.sub(r"^the\s+", "", normalise(other)) for other in names}:
            return normalise(names[0])
    return key


def same_source(truth: str, prediction: str) -> bool:
    return source_key(truth) == source_key(prediction)


def same_site(site_url: str, prediction: str) -> bool:
    """Tell whether a source name is the site of a URL (see the module docstring)."""
    host = urlsplit(site_url if "//" in site_url else f"//{site_url}").hostname or ""
    labels = [label for label in host.split(".") if label not in {"www", "m", "edition"}]
    if not labels or not prediction.strip():
        return False
    main = labels[0] if len(labels) <= 2 else max(labels[:-1], key=len)
    letters = re.sub(r"[^a-z0-9]", "", normalise(prediction))
    return main in {letters, letters.removeprefix("the"), f"the{letters}"}


def same_dateline(truth: str, prediction: str) -> bool:
    truth, prediction = _place(truth), _place(prediction)
    if truth == prediction:
        return True
    return bool(truth and prediction) and truth.split(",")[0] == prediction.split(",")[0]


def _place(text: str) -> str:
    return normalise(text).strip(" -:,.")


def author_key(name: str) -> str:
    return " ".join(re.sub(r"[.,]", " ", normalise(name)).split())


def same_authors(truth: list[str], prediction: list[str]) -> bool:
    return {author_key(name) for name in truth} == {author_key(name) for name in prediction}


def split_authors(text: str) -> list[str]:
    """Return the names in an author string ("A, B and C"; "A; B")."""
    parts = re.split(r"\s*(?:[,;&]|\band\b)\s*", text or "")
    return [part.strip() for part in parts if part.strip()]


def same_day(truth: str, prediction: datetime | date | None) -> bool:
    """Tell whether a predicted date is the truth's day (see the module docstring)."""
    if not truth:
        return prediction is None
    if prediction is None:
        return False
    wanted = datetime.fromisoformat(truth)
    if not isinstance(prediction, datetime):
        return prediction == wanted.date()
    if prediction.date() == wanted.date():
        return True
    if wanted.tzinfo is not None and prediction.tzinfo is not None:
        return prediction.astimezone(wanted.tzinfo).date() == wanted.date()
    return False


def match_fields(truth: Truth, extraction: Extraction) -> dict[str, bool]:
    """Return, for each field the truth knows, whether the extraction got it right."""
    matches = {}
    if truth.title is not None:
        matches["title"] = same_title(truth.title, extraction.title)
    if truth.published is not None:
        matches["published"] = same_day(truth.published, extraction.published)
    if truth.source is not None:
        matches["source"] = same_source(truth.source, extraction.source)
    if truth.site is not None:
        matches["site"] = same_site(truth.site, extraction.source)
    if truth.dateline is not None:
        matches["dateline"] = same_dateline(truth.dateline, extraction.dateline)
    if truth.authors is not None:
        matches["authors"] = same_authors(truth.authors, extraction.authors)
    return matches


def seed_differences(expected: dict, extraction: Extraction) -> list[str]:
    """Return how an extraction differs from the seed's acceptance file (parties aside).

    The rules of check_seed.py: title, source and dateline equal after folding quotes and
    space (case kept), the date as its day, the body paragraph by paragraph, no ´ left.
    """

    def fold(text: str | None) -> str:
        return " ".join((text or "").translate(SEED_FOLD).split())

    differences = []
    if extraction.error:
        return [f"no article: {extraction.error}"]
    for key in ("title", "source", "dateline"):
        if fold(getattr(extraction, key)) != fold(expected[key]):
            differences.append(f"{key} is {getattr(extraction, key)!r}, not {expected[key]!r}")
    published = extraction.published.isoformat() if extraction.published else ""
    if not published.startswith(expected["published"]):
        differences.append(f"published is {published!r}, not {expected['published']}")
    if {author_key(a) for a in extraction.authors} != {author_key(a) for a in expected["authors"]}:
        differences.append(f"authors are {extraction.authors}, not {expected['authors']}")
    if "´" in extraction.body:
        differences.append("´ survives in the body")
    got = [fold(p) for p in re.split(r"\n\s*\n", extraction.body) if fold(p)]
    wanted = [fold(p) for p in expected["body"]]
    for number, (have, want) in enumerate(zip(got, wanted, strict=False), start=1):
        if have != want:
            differences.append(f"body paragraph {number} is {have!r}, not {want!r}")
            break
    if len(got) != len(wanted):
        differences.append(f"the body has {len(got)} paragraphs, not {len(wanted)}")
    return differences
