"""Mark on a page's visible text what cleaning made of it, for the original-text page.

Cleaning works on the story trafilatura found; people read the page as a browser shows it.
Each labelled run of the cleaned story is found again in the visible text (ignoring spacing,
which the two renderings set differently); whatever is found nowhere was left out as page
furniture. The runs returned join back to the visible text exactly.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from archive.ingest.types import Segment
from archive.lib.vocabulary import SegmentLabel

# Runs shorter than this (a byline, "Reuters") occur all over a page: they are looked for only
# between the long runs around them, which are found first.
MIN_ANCHOR_LENGTH = 30
# Quotes are compared straight: a title from the metadata may write them so. One character
# for one, so offsets hold.
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
# trafilatura writes a list item as "- item"; the page shows a bullet that is no text.
LIST_MARKER = re.compile(r"^\s*[-•*]\s+")  # trafilatura's "- " before a list item
NON_SPACE = re.compile(r"\S+")
SPACE = re.compile(r"\s+")


class CompactText:
    """A text with its whitespace taken out, mapping positions back to the text."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        compact_lines = ["".join(line.split()) for line in self.lines]
        self.text = "".join(compact_lines).translate(QUOTES)
        self.line_starts = list(accumulate((len(line) for line in compact_lines), initial=0))
        self.line_offsets = list(accumulate((len(line) + 1 for line in self.lines), initial=0))

    def original(self, compact_offset: int) -> int:
        """Return the offset in the original text of a compact offset's character."""
        # The last line starting at or before the offset holds it (blank lines hold nothing).
        index = bisect.bisect_right(self.line_starts, compact_offset) - 1
        wanted = compact_offset - self.line_starts[index]
        for word in NON_SPACE.finditer(self.lines[index]):
            if wanted < len(word[0]):
                return self.line_offsets[index] + word.start() + wanted
            wanted -= len(word[0])
        return self.line_offsets[index] + len(self.lines[index])


def align_segments(visible: str, segments: list[Segment]) -> list[Segment]:
    """Return the visible text as labelled runs: where cleaning's runs are found again, their
    labels; any other text, boilerplate; whitespace between them, blank."""
    compact = CompactText(visible)
    pieces = [
        (segment.label, SPACE.sub("", LIST_MARKER.sub("", segment.text)).translate(QUOTES))
        for segment in segments
        if segment.label != SegmentLabel.BLANK and segment.text.strip()
    ]
    spans: list[tuple[int, int] | None] = [None] * len(pieces)
    cursor = 0
    for index, (label, key) in enumerate(pieces):
        if len(key) >= MIN_ANCHOR_LENGTH and label != SegmentLabel.TITLE:
            found = compact.text.find(key, cursor)
            if found >= 0:
                spans[index] = (found, found + len(key))
                cursor = found + len(key)
    for index, (label, key) in enumerate(pieces):
        if spans[index] is None:
            spans[index] = _between(compact.text, key, spans, index)
        if spans[index] is None and label == SegmentLabel.TITLE:
            # A story that opens with furniture found above the headline: the title is
            # specific enough to be looked for anywhere free.
            spans[index] = _anywhere(compact.text, key, spans)
    runs: list[tuple[str, int, int]] = []
    for (label, _), span in zip(pieces, spans, strict=True):
        if span is not None:
            start = compact.original(span[0])
            end = compact.original(span[1] - 1) + 1
            runs.append((label, start, end))
    return _cover(visible, runs)


def _between(text: str, key: str, spans: list, index: int) -> tuple[int, int] | None:
    """Return where key lies between the runs found before and after it (None: nowhere).

    Before the first run found, the occurrence nearest that run is taken (a title sits just
    above the story, not in the menu above it).
    """
    if not key:
        return None
    start = max((span[1] for span in spans[:index] if span), default=0)
    following = [span[0] for span in spans[index + 1 :] if span]
    end = min(following, default=len(text))
    if end < start:
        return None
    found = text.rfind(key, start, end) if start == 0 and following else text.find(key, start, end)
    return (found, found + len(key)) if found >= 0 else None


def _anywhere(text: str, key: str, spans: list) -> tuple[int, int] | None:
    """Return the first place of key that no run found overlaps (None: nowhere)."""
    found = text.find(key) if key else -1
    while found >= 0:
        end = found + len(key)
        if not any(span and span[0] < end and found < span[1] for span in spans):
            return found, end
        found = text.find(key, found + 1)
    return None


def _cover(visible: str, runs: list[tuple[str, int, int]]) -> list[Segment]:
    """Return the visible text cut at the runs, the gaps labelled boilerplate or blank."""
    pieces: list[tuple[str, int, int]] = []
    position = 0
    for label, start, end in sorted(runs, key=lambda run: run[1]):
        if start < position:
            continue
        pieces += _gap(visible, position, start)
        pieces.append((label, start, end))
        position = end
    pieces += _gap(visible, position, len(visible))
    segments: list[Segment] = []
    for label, start, end in pieces:
        if end <= start:
            continue
        if segments and segments[-1].label == label:
            segments[-1].text += visible[start:end]
        else:
            segments.append(Segment(label, visible[start:end]))
    return segments


def _gap(visible: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Return a gap between found runs: its text is boilerplate, the space around it blank."""
    text = visible[start:end]
    if not text.strip():
        return [(SegmentLabel.BLANK, start, end)]
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    return [
        (SegmentLabel.BLANK, start, start + lead),
        (SegmentLabel.BOILERPLATE, start + lead, end - trail),
        (SegmentLabel.BLANK, end - trail, end),
    ]
