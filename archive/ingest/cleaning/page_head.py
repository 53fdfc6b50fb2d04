"""Read the byline and date a page shows between its headline and its story.

Extractors leave these lines out of the story, but the page prints them where a reader looks
for them: under the headline ("By Jane Doe | December 19, 2023"). They are read from the
visible text's runs that cleaning left out between the title and the first paragraph, and
marked on those runs as byline or date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from archive.ingest.cleaning.dates import MONTH_NAME, parse_date
from archive.ingest.cleaning.page_meta import author_names
from archive.ingest.cleaning.sources import Byline, parse_byline
from archive.ingest.types import Segment
from archive.lib.names import normalize_name
from archive.lib.vocabulary import SegmentLabel

# How far under the headline a byline or date line may stand, and how long it may be.
MAX_HEAD_LINES = 12
MAX_HEAD_LINE_LENGTH = 160
PARTS = re.compile(r"\s+[|·•]\s+|\s+[-–—]\s+(?=by\b)", re.IGNORECASE)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_WITHIN = re.compile(
    r"\b(?:" + MONTH_NAME + r"\s*" + _DAY + r",?\s+\d{4}"
    r"|" + _DAY + r"\s+(?:of\s+)?" + MONTH_NAME + r",?\s+\d{4}"
    r"|\d{4}-\d\d-\d\d)\b",
    re.IGNORECASE,
)
# A date inside a line counts when little else is written around it: a caption that mentions a
# day is a sentence, a date line is the date with a name, a time or a label.
MAX_WORDS_AROUND_DATE = 7
DATE_LABEL = re.compile(
    r"(?:[\s,;|:-]|\b(?:first |last )?(?:published|updated|posted|modified|on|at|date[d]?))*$",
    re.IGNORECASE,
)
LONE_BY = re.compile(r"^(?:by|words by|written by)\s*:?$", re.IGNORECASE)


@dataclass
class Head:
    """What the lines under a page's headline say."""

    authors: list[str] = field(default_factory=list)
    source: str = ""
    published: tuple[datetime, str] | None = None


def read_head(segments: list[Segment], known_authors: list[str]) -> tuple[list[Segment], Head]:
    """Return the segments with the byline and date lines under the title marked, and what
    those lines say. known_authors (from the page's metadata) count as bylines too."""
    first_body = next(
        (index for index, segment in enumerate(segments) if segment.label == SegmentLabel.BODY),
        len(segments),
    )
    titles = [i for i in range(first_body) if segments[i].label == SegmentLabel.TITLE]
    left_out = [i for i in range(first_body) if segments[i].label == SegmentLabel.BOILERPLATE]
    if titles:
        start = titles[-1] + 1
    elif left_out:  # no title found: only the lines just above the story
        start = left_out[-1]
    else:
        return segments, Head()
    head = Head()
    names = {normalize_name(name) for name in known_authors}
    result = segments[:start]
    lines_seen = 0
    for index in range(start, len(segments)):
        segment = segments[index]
        if segment.label != SegmentLabel.BOILERPLATE or index > first_body:
            result.append(segment)
            continue
        if not titles:
            lines_seen = MAX_HEAD_LINES - len(segment.text.strip().splitlines())
        pieces, lines_seen = _mark_lines(segment.text, head, names, lines_seen)
        result += pieces
    return _merged(result), head


def _mark_lines(
    text: str, head: Head, names: set[str], lines_seen: int
) -> tuple[list[Segment], int]:
    """Return a left-out run cut into lines, byline and date lines marked, noting what they say."""
    pieces: list[Segment] = []
    after_lone_by = False
    for line in text.splitlines(keepends=True):
        content = line.strip()
        if not content:
            pieces.append(Segment(SegmentLabel.BLANK, line))
            continue
        lines_seen += 1
        label = SegmentLabel.BOILERPLATE
        if 0 < lines_seen <= MAX_HEAD_LINES and len(content) <= MAX_HEAD_LINE_LENGTH:
            if LONE_BY.match(content):
                label, after_lone_by = SegmentLabel.BYLINE, True
            else:
                label = _read_line(content, head, names, after_lone_by) or label
                after_lone_by = False
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        pieces += [
            Segment(SegmentLabel.BLANK, lead),
            Segment(label, content),
            Segment(SegmentLabel.BLANK, trail),
        ]
    return [piece for piece in pieces if piece.text], lines_seen


def _read_line(line: str, head: Head, names: set[str], after_lone_by: bool) -> str | None:
    """Return the label of a byline or date line (None for any other), noting what it says."""
    label = None
    for part in PARTS.split(line):
        part = part.strip()
        if not part:
            continue
        date = parse_date(part)
        if not date:
            date, part = _date_within(part)
        if date:
            head.published = head.published or date
            label = label or SegmentLabel.DATE
        if not part:
            continue
        byline = parse_byline(f"By {part}" if after_lone_by else part)
        if not byline and normalize_name(part) in names:
            byline = Byline(authors=author_names([part]))
        if byline and (byline.authors or byline.source):
            if not head.authors:
                head.authors = list(byline.authors)
            head.source = head.source or byline.source
            label = SegmentLabel.BYLINE
    return label


def _date_within(text: str) -> tuple[tuple[datetime, str] | None, str]:
    """Return the first written-out date inside text ("By Jo Li, updated Dec. 22, 2023 at 6
    am") and what stands before it, without its label ("By Jo Li"); else (None, text)."""
    for match in DATE_WITHIN.finditer(text):
        found = parse_date(match[0])
        around = text[: match.start()] + " " + text[match.end() :]
        if found and len(re.findall(r"[^\W\d_]{2,}", around)) <= MAX_WORDS_AROUND_DATE:
            return found, DATE_LABEL.sub("", text[: match.start()]).strip()
    return None, text


def _merged(segments: list[Segment]) -> list[Segment]:
    """Return segments with neighbours of the same label joined."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].label == segment.label:
            merged[-1] = Segment(segment.label, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged
