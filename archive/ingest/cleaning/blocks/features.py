"""Describe each line of a page by numbers the line classifier weighs, its neighbours' included.

A line is described alone (length, words, stop words, punctuation, capitals, digits, whether it
reads as a date or a byline, furniture keywords) and against its page: where it sits, how far it
is from the densest run of prose (where the story most likely is), whether the page repeats it,
and how much it shares with the first line (often the HTML <title>) and the most headline-like
line. The classifier sees each line's row together with the rows of the lines around it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from archive.ingest.cleaning.blocks.borrowed import (
    LIST_MARKER,
    is_boilerplate_line,
    parse_byline,
    parse_date,
)

# Offsets of the neighbouring lines whose features join a line's own.
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
MAX_LINE_LENGTH = 5000  # a longer line is measured by its first MAX_LINE_LENGTH characters
MAX_DATE_LENGTH = 90
MAX_BYLINE_LENGTH = 100
PROSE_MIN_WORDS = 8
# A non-prose line costs the densest run as much as this many characters of prose bring it.
RUN_GAP_PENALTY = 60
TITLE_SEARCH_LINES = 40  # how far above the densest run the headline is looked for
# Prose lines at most this many lines apart belong to one block (an advert, a subheading between).
BLOCK_GAP = 3
MAJOR_BLOCK_SHARE = 0.3  # a block with this share of the largest block's prose is a main one

_STOP_WORD_TEXT = """
    a about after against all also an and any are as at be because been before being between both
    but by can could did do does during each for from had has have he her here him his how
    i if in into is it its just may me might more most my no not now of on one only or other our
    out over said says she should so some than that the their them then there these they this
    those through to too under up us was we were what when where which while who whom why will
    with would you your"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())

WORD = re.compile(r"\w+")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b")
MONTH_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+(?:ago|read)\b", re.IGNORECASE
)
BY_PREFIX = re.compile(r"^(?:by|written by|words by|reporting by|von|par|por)\b", re.IGNORECASE)
# Furniture vocabulary: (single words matched against a line's words, phrases found anywhere).
KEYWORDS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "cookie": (frozenset({"cookie", "cookies", "consent", "gdpr"}), ("privacy settings",)),
    "account": (
        frozenset(
            {
                "subscribe",
                "subscriber",
                "subscribers",
                "subscription",
                "newsletter",
                "newsletters",
                "login",
                "logout",
                "register",
                "inbox",
                "paywall",
                "premium",
                "membership",
            }
        ),
        ("sign in", "sign up", "log in", "log out", "my account", "free trial"),
    ),  # fmt: skip
    "share": (
        frozenset(
            {
                "share",
                "shares",
                "tweet",
                "facebook",
                "twitter",
                "whatsapp",
                "linkedin",
                "pinterest",
                "reddit",
                "email",
                "print",
                "comment",
                "comments",
            }
        ),
        ("copy link", "e-mail"),
    ),  # fmt: skip
    "advert": (
        frozenset(
            {
                "advertisement",
                "advertising",
                "advert",
                "adverts",
                "sponsored",
                "promoted",
                "ad",
                "ads",
            }
        ),
        ("partner content",),
    ),  # fmt: skip
    "legal": (
        frozenset({"copyright", "privacy", "accessibility", "careers", "sitemap"}),
        ("©", "all rights reserved", "terms of", "terms and", "contact us", "about us"),
    ),
    "related": (
        frozenset({"related", "recommended", "popular", "trending", "latest"}),
        (
            "read more",
            "read next",
            "read also",
            "more from",
            "more on",
            "more about",
            "more stories",
            "more news",
            "editor's pick",
            "editors' pick",
            "editors pick",
            "see also",
            "most read",
            "most viewed",
            "top stories",
            "you may",
            "don't miss",
            "watch:",
            "listen",
        ),
    ),  # fmt: skip
    "media": (
        frozenset(
            {
                "photo",
                "photos",
                "image",
                "images",
                "getty",
                "caption",
                "credit",
                "credits",
                "video",
                "videos",
                "gallery",
                "shutterstock",
            }
        ),
        ("(ap)", "reuters/", "afp via"),
    ),  # fmt: skip
    "link": (frozenset(), ("http://", "https://", "www.", ".com", "@")),
}

# Each group of bucket names below is one-hot: exactly one of them is 1.0 for a line.
CHAR_BUCKETS = ((10, "chars<10"), (25, "chars<25"), (50, "chars<50"), (100, "chars<100"),
                (200, "chars<200"), (math.inf, "chars>=200"))  # fmt: skip
WORD_BUCKETS = ((1, "words=1"), (3, "words<=3"), (6, "words<=6"), (12, "words<=12"),
                (25, "words<=25"), (math.inf, "words>25"))  # fmt: skip
RUN_DISTANCE_BUCKETS = ((0, "run_in"), (1, "run_d1"), (3, "run_d<=3"), (8, "run_d<=8"),
                        (20, "run_d<=20"), (math.inf, "run_d>20"))  # fmt: skip

BASE_FEATURES: tuple[str, ...] = (
    "bias",
    "log_chars",
    *(name for _, name in CHAR_BUCKETS),
    *(name for _, name in WORD_BUCKETS),
    "stop_ratio",
    "stop_none",
    "stop_low",
    "stop_mid",
    "stop_high",
    "stop_na",
    "punct_ratio",
    "comma_ratio",
    "ends_sentence",
    "ends_colon",
    "ends_other_punct",
    "starts_upper",
    "starts_lower",
    "starts_digit",
    "starts_bullet",
    "starts_quote",
    "has_separator",
    "title_case_share",
    "all_caps",
    "digit_ratio",
    "has_year",
    "has_clock",
    "position",
    "first_line",
    "top_5",
    "bottom_5",
    *(name for _, name in RUN_DISTANCE_BUCKETS),
    "before_run",
    "after_run",
    "log_run_chars",
    "repeated",
    "repeated_often",
    "first_line_share",
    "first_line_match",
    "headline_share",
    "headline_line",
    "date_line",
    "month_day",
    "relative_time",
    "byline",
    "by_prefix",
    "furniture",
    *(f"kw_{name}" for name in KEYWORDS),
    "prose",
    "prose_nearby",
    "prose_wide",
    "same_shape_nearby",
    "block_share",
    "block_top",
    "block_major",
    "block_minor",
    "major_near",
    "major_blocks_many",
)
FEATURE_INDEX = {name: index for index, name in enumerate(BASE_FEATURES)}
KEYWORD_COLUMNS = [FEATURE_INDEX[f"kw_{name}"] for name in KEYWORDS]
PAD_FEATURES = tuple(f"{offset}:pad" for offset in NEIGHBOUR_OFFSETS)
WINDOW_FEATURES: tuple[str, ...] = (
    *BASE_FEATURES,
    *(f"{offset}:{name}" for offset in NEIGHBOUR_OFFSETS for name in BASE_FEATURES),
    *PAD_FEATURES,
)


def _bucket(value: float, buckets: tuple[tuple[float, str], ...]) -> int:
    """Return the feature index of the first bucket whose bound value does not exceed."""
    for bound, name in buckets:
        if value <= bound:
            return FEATURE_INDEX[name]
    raise AssertionError("the last bucket is unbounded")


def _char_bucket(length: int) -> int:
    for bound, name in CHAR_BUCKETS:
        if length < bound:
            return FEATURE_INDEX[name]
    raise AssertionError("the last bucket is unbounded")


_DIGITS = "0123456789"
_TIGHT_SEPARATORS = "|›»"
_SPACED_SEPARATORS = tuple(f" {mark} " for mark in ">•·/–—-")
_TIME_WORDS = frozenset({"updated", "published", "posted"})
_WIDTH = len(BASE_FEATURES)
_KEYWORD_CHECKS = [
    (FEATURE_INDEX[f"kw_{name}"], words, phrases) for name, (words, phrases) in KEYWORDS.items()
]
_SENTENCE_CLOSERS = "\"'”’)]"


def _line_row(
    line: str, repeat_count: int, first_words: frozenset[str]
) -> tuple[list[float], list[str]]:
    """Return the features of one line that do not depend on where it sits, and its words."""
    index = FEATURE_INDEX
    row = [0.0] * _WIDTH
    words = WORD.findall(line.lower())
    length = len(line)
    word_count = len(words)
    row[index["bias"]] = 1.0
    row[index["log_chars"]] = math.log1p(length) / 8
    row[_char_bucket(length)] = 1.0
    row[_bucket(word_count, WORD_BUCKETS)] = 1.0

    stops = sum(map(STOP_WORDS.__contains__, words))
    stop_ratio = stops / word_count if word_count else 0.0
    row[index["stop_ratio"]] = stop_ratio
    if word_count < 4:
        row[index["stop_na"]] = 1.0
    elif stops == 0:
        row[index["stop_none"]] = 1.0
    elif stop_ratio < 0.15:
        row[index["stop_low"]] = 1.0
    elif stop_ratio < 0.3:
        row[index["stop_mid"]] = 1.0
    else:
        row[index["stop_high"]] = 1.0

    digits = sum(map(line.count, _DIGITS))
    word_characters = sum(map(len, words))
    letters = word_characters - digits
    punctuation = length - word_characters - line.count(" ")
    row[index["punct_ratio"]] = punctuation / length
    row[index["comma_ratio"]] = min(line.count(",") / (word_count or 1), 1.0)
    row[index["digit_ratio"]] = digits / length
    last, first = line[-1], line[0]
    ends_sentence = line.rstrip(_SENTENCE_CLOSERS)[-1:] in (".", "!", "?", "…")
    if ends_sentence:
        row[index["ends_sentence"]] = 1.0
    elif last == ":":
        row[index["ends_colon"]] = 1.0
    elif not last.isalnum():
        row[index["ends_other_punct"]] = 1.0
    if first.isupper():
        row[index["starts_upper"]] = 1.0
    elif first.islower():
        row[index["starts_lower"]] = 1.0
    elif first.isdigit():
        row[index["starts_digit"]] = 1.0
    elif first in "\"'“‘«":
        row[index["starts_quote"]] = 1.0
    if LIST_MARKER.match(line):
        row[index["starts_bullet"]] = 1.0
    for mark in _TIGHT_SEPARATORS:
        if mark in line:
            row[index["has_separator"]] = 1.0
            break
    else:
        for mark in _SPACED_SEPARATORS:
            if mark in line:
                row[index["has_separator"]] = 1.0
                break

    alphabetic = [word[0] for word in line.split() if word[0].isalpha()]
    title_case_share = sum(map(str.isupper, alphabetic)) / len(alphabetic) if alphabetic else 0.0
    row[index["title_case_share"]] = title_case_share
    if letters >= 3 and line.upper() == line:
        row[index["all_caps"]] = 1.0
    if digits:
        if YEAR.search(line):
            row[index["has_year"]] = 1.0
        if CLOCK.search(line):
            row[index["has_clock"]] = 1.0
        if length <= MAX_DATE_LENGTH and parse_date(line) is not None:
            row[index["date_line"]] = 1.0
    if length <= MAX_DATE_LENGTH * 2:
        if digits and MONTH_DAY.search(line):
            row[index["month_day"]] = 1.0
        if (digits and RELATIVE_TIME.search(line)) or not _TIME_WORDS.isdisjoint(words):
            row[index["relative_time"]] = 1.0
    by_prefix = BY_PREFIX.match(line) is not None
    if by_prefix:
        row[index["by_prefix"]] = 1.0
    # Bylines are names and sources, capitalised; sparing the rest saves most of the parsing.
    if (
        2 <= word_count <= 16
        and length <= MAX_BYLINE_LENGTH
        and (by_prefix or title_case_share >= 0.5)
        and parse_byline(line)
    ):
        row[index["byline"]] = 1.0
    if length <= 300:
        if is_boilerplate_line(line):
            row[index["furniture"]] = 1.0
        lowered, distinct = line.lower(), set(words)
        for column, keyword_words, phrases in _KEYWORD_CHECKS:
            if not distinct.isdisjoint(keyword_words):
                row[column] = 1.0
                continue
            for phrase in phrases:
                if phrase in lowered:
                    row[column] = 1.0
                    break

    if repeat_count > 1:
        row[index["repeated"]] = 1.0
    if repeat_count > 2:
        row[index["repeated_often"]] = 1.0
    if words and first_words:
        share = sum(map(first_words.__contains__, words)) / word_count
        row[index["first_line_share"]] = share
        if share >= 0.8 and word_count >= 3:
            row[index["first_line_match"]] = 1.0
    if word_count >= PROSE_MIN_WORDS and (ends_sentence or stop_ratio >= 0.25):
        row[index["prose"]] = 1.0
    return row, words


def base_features(lines: list[str]) -> np.ndarray:
    """Return one row of BASE_FEATURES per line (the lines stripped, none blank)."""
    count = len(lines)
    if not count:
        return np.zeros((0, len(BASE_FEATURES)), dtype=np.float32)
    lines = [line[:MAX_LINE_LENGTH] for line in lines]
    repeats = Counter(line.casefold() for line in lines)
    first_words = frozenset(WORD.findall(lines[0].lower()))
    # A page repeats its menus; a line's own row depends on its text alone, so make it once.
    made: dict[str, tuple[list[float], list[str]]] = {}
    table = []
    for line in lines:
        found = made.get(line)
        if found is None:
            found = made[line] = _line_row(line, repeats[line.casefold()], first_words)
        table.append(found[0])
    rows = np.array(table, dtype=np.float32)
    rows[0, FEATURE_INDEX["first_line_match"]] = 0.0
    prose = rows[:, FEATURE_INDEX["prose"]] > 0

    index = FEATURE_INDEX
    positions = np.arange(count, dtype=np.float32)
    rows[:, index["position"]] = positions / max(count - 1, 1)
    rows[0, index["first_line"]] = 1.0
    rows[:5, index["top_5"]] = 1.0
    rows[-5:, index["bottom_5"]] = 1.0

    lengths = np.fromiter((len(line) for line in lines), dtype=np.float32, count=count)
    _describe_prose_run(rows, prose, lengths)
    _describe_headline(rows, lines, {line: words for line, (_, words) in made.items()}, prose)
    _describe_neighbourhood(rows, prose, lengths)
    _describe_blocks(rows, prose, lengths)
    return rows


def _densest_run(prose: np.ndarray, lengths: np.ndarray) -> tuple[int, int]:
    """Return the first and last line of the run of lines richest in prose (Kadane's method)."""
    gains = np.where(prose, lengths, -RUN_GAP_PENALTY)
    best_sum, best = -math.inf, (0, 0)
    running, start = 0.0, 0
    for number, gain in enumerate(gains.tolist()):
        if running <= 0:
            running, start = gain, number
        else:
            running += gain
        if running > best_sum:
            best_sum, best = running, (start, number)
    return best


def _describe_prose_run(rows: np.ndarray, prose: np.ndarray, lengths: np.ndarray) -> None:
    """Fill the features that say how far each line is from the densest run of prose."""
    count = len(rows)
    start, end = _densest_run(prose, lengths)
    positions = np.arange(count)
    distance = np.where(positions < start, start - positions, np.maximum(positions - end, 0))
    for bound, name in RUN_DISTANCE_BUCKETS:
        column = FEATURE_INDEX[name]
        previous = _previous_bound(bound)
        rows[(distance <= bound) & (distance > previous), column] = 1.0
    rows[positions < start, FEATURE_INDEX["before_run"]] = 1.0
    rows[positions > end, FEATURE_INDEX["after_run"]] = 1.0
    cumulative = np.concatenate(([0.0], np.cumsum(lengths)))
    chars_between = np.where(
        positions < start,
        cumulative[start] - cumulative[positions + 1],
        np.where(positions > end, cumulative[positions] - cumulative[end + 1], 0.0),
    )
    rows[:, FEATURE_INDEX["log_run_chars"]] = np.log1p(chars_between) / 10


def _previous_bound(bound: float) -> float:
    bounds = [value for value, _ in RUN_DISTANCE_BUCKETS]
    position = bounds.index(bound)
    return bounds[position - 1] if position else -1


def _describe_headline(
    rows: np.ndarray, lines: list[str], words_of: dict[str, list[str]], prose: np.ndarray
) -> None:
    """Mark the most headline-like line above the prose run and each line's overlap with it."""
    run_start = int(np.argmax(rows[:, FEATURE_INDEX["run_in"]]))
    first_share = rows[:, FEATURE_INDEX["first_line_share"]]
    best, best_score = None, 0.0
    for number in range(max(0, run_start - TITLE_SEARCH_LINES), min(run_start + 1, len(lines))):
        words = words_of[lines[number]]
        if not 3 <= len(words) <= 30 or prose[number] and lines[number].endswith("."):
            continue
        # Headlines echo the <title>, sit just above the story and are no prompt or credit.
        score = first_share[number] * 2 + 1 - (run_start - number) / TITLE_SEARCH_LINES
        score += rows[number, FEATURE_INDEX["title_case_share"]] * 0.5
        score -= rows[number, KEYWORD_COLUMNS].sum() + rows[number, FEATURE_INDEX["furniture"]]
        score -= 0.5 * prose[number]
        if number and score > best_score:
            best, best_score = number, score
    if best is None:
        return
    rows[best, FEATURE_INDEX["headline_line"]] = 1.0
    headline = frozenset(words_of[lines[best]])
    shares = {
        line: sum(map(headline.__contains__, words)) / len(words) if words else 0.0
        for line, words in words_of.items()
    }
    rows[:, FEATURE_INDEX["headline_share"]] = [shares[line] for line in lines]


def _describe_neighbourhood(rows: np.ndarray, prose: np.ndarray, lengths: np.ndarray) -> None:
    """Fill the share of prose lines nearby and whether neighbours have the same length class."""
    count = len(rows)
    reach = 3
    padded = np.concatenate((np.zeros(reach), prose.astype(np.float32), np.zeros(reach)))
    window = np.convolve(padded, np.ones(2 * reach + 1), mode="valid")
    rows[:, FEATURE_INDEX["prose_nearby"]] = (window - prose) / (2 * reach)
    reach = 10
    padded = np.concatenate((np.zeros(reach), prose.astype(np.float32), np.zeros(reach)))
    window = np.convolve(padded, np.ones(2 * reach + 1), mode="valid")
    rows[:, FEATURE_INDEX["prose_wide"]] = window / (2 * reach + 1)
    if count > 1:
        short = lengths < 60
        same = np.zeros(count, dtype=np.float32)
        same[1:] += short[1:] == short[:-1]
        same[:-1] += short[:-1] == short[1:]
        rows[:, FEATURE_INDEX["same_shape_nearby"]] = same / 2


def _describe_blocks(rows: np.ndarray, prose: np.ndarray, lengths: np.ndarray) -> None:
    """Fill how much prose the block around each line holds, against the page's largest block."""
    blocks: list[list[float]] = []  # [first line, last line, prose characters]
    for number in np.flatnonzero(prose).tolist():
        if blocks and number - blocks[-1][1] <= BLOCK_GAP:
            blocks[-1][1] = number
            blocks[-1][2] += lengths[number]
        else:
            blocks.append([number, number, lengths[number]])
    if not blocks:
        return
    largest = max(chars for _, _, chars in blocks)
    count = len(rows)
    share = np.zeros(count, dtype=np.float32)
    major = np.zeros(count, dtype=bool)
    for first, last, chars in blocks:
        share[int(first) : int(last) + 1] = chars / largest
        if chars / largest >= MAJOR_BLOCK_SHARE:
            major[int(first) : int(last) + 1] = True
    rows[:, FEATURE_INDEX["block_share"]] = share
    rows[share == 1.0, FEATURE_INDEX["block_top"]] = 1.0
    rows[major, FEATURE_INDEX["block_major"]] = 1.0
    rows[(share > 0) & ~major, FEATURE_INDEX["block_minor"]] = 1.0
    padded = np.concatenate((np.zeros(2, dtype=bool), major, np.zeros(2, dtype=bool)))
    near = np.zeros(count, dtype=bool)
    for offset in range(5):
        near |= padded[offset : offset + count]
    rows[near & ~major, FEATURE_INDEX["major_near"]] = 1.0
    if sum(chars / largest >= MAJOR_BLOCK_SHARE for _, _, chars in blocks) > 2:
        rows[:, FEATURE_INDEX["major_blocks_many"]] = 1.0


def window_features(base: np.ndarray) -> np.ndarray:
    """Return each line's base row followed by its neighbours' rows and padding flags."""
    count, width = base.shape
    parts = [base]
    pads = np.zeros((count, len(NEIGHBOUR_OFFSETS)), dtype=np.float32)
    for position, offset in enumerate(NEIGHBOUR_OFFSETS):
        shifted = np.zeros_like(base)
        if offset < 0:
            shifted[-offset:] = base[: count + offset]
            pads[: min(-offset, count), position] = 1.0
        else:
            shifted[: count - offset] = base[offset:]
            pads[max(count - offset, 0) :, position] = 1.0
        parts.append(shifted)
    parts.append(pads)
    return np.hstack(parts)


def line_features(lines: list[str]) -> np.ndarray:
    """Return the full feature matrix (one row of WINDOW_FEATURES per line)."""
    return window_features(base_features(lines))
