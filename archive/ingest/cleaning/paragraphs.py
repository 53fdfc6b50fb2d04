"""Cut raw text into paragraph units that remember where they came from in the raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest.cleaning.boilerplate import BULLET
from archive.ingest.types import Segment
from archive.lib.vocabulary import SegmentLabel

# Hard-wrapped wire text keeps its lines under this width (Reuters wraps at about 65).
MAX_WRAPPED_WIDTH = 100
MIN_WRAPPED_WIDTH = 40
# In wrapped text only a paragraph's last line stops this far short of the wrap width.
SHORT_LINE_SHARE = 0.5
BLANK_LINE_BETWEEN = re.compile(r"\S[ \t]*\n[ \t]*\n\s*\S")
SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")


@dataclass
class Unit:
    """One paragraph of the raw text: where it lies, how it reads, what cleaning made of it."""

    start: int
    end: int
    text: str
    # (offset in text, offset in the raw text) where each raw line of the paragraph begins.
    line_starts: list[tuple[int, int]] = field(default_factory=list)
    label: str = SegmentLabel.BODY
    body_start: int = 0  # offset in text where the body begins, after a dateline
    body_end: int = -1  # offset in text where a sign-off glued to the paragraph begins

    @classmethod
    def from_line(cls, offset: int, line: str) -> Unit:
        """Return a unit holding one raw line that starts at offset."""
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        return cls(offset + lead, offset + lead + len(stripped), stripped, [(0, offset + lead)])

    def add_line(self, offset: int, line: str, joiner: str) -> None:
        """Append one more raw line, starting at offset, to the paragraph."""
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        self.line_starts.append((len(self.text) + len(joiner), offset + lead))
        self.text += joiner + stripped
        self.end = offset + lead + len(stripped)

    @property
    def body_text(self) -> str:
        """Return the paragraph without its dateline and glued sign-off."""
        end = len(self.text) if self.body_end < 0 else self.body_end
        return self.text[self.body_start : end].strip()

    def raw_offset(self, text_offset: int) -> int:
        """Return the raw-text offset of a character of text."""
        line_text_offset, line_raw_offset = self.line_starts[0]
        for candidate_text, candidate_raw in self.line_starts:
            if candidate_text > text_offset:
                break
            line_text_offset, line_raw_offset = candidate_text, candidate_raw
        return line_raw_offset + text_offset - line_text_offset


def split_units(text: str, start: int = 0) -> list[Unit]:
    """Return the paragraphs of text[start:], unwrapping hard-wrapped wire text."""
    lines = _lines(text, start)
    if _is_hard_wrapped([line for _, line in lines]):
        return _wrapped_units(lines)
    return _line_units(
        lines, keep_lists_together=BLANK_LINE_BETWEEN.search(text, start) is not None
    )


def _lines(text: str, start: int) -> list[tuple[int, str]]:
    """Return (raw offset, line) for each line of text from start."""
    lines = []
    offset = start
    for line in text[start:].split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Return whether the line breaks are a fixed-width wrap rather than paragraph ends."""
    widths = [len(line.strip()) for line in lines if line.strip()]
    if len(widths) < 2:
        return False
    widest = max(widths)
    if widest > MAX_WRAPPED_WIDTH or widest < MIN_WRAPPED_WIDTH:
        return False
    # Lines that run on into the next (not the last of a paragraph) fill the width and mostly
    # stop mid-sentence.
    running_on = [
        line.strip()
        for line, following in zip(lines, lines[1:], strict=False)
        if line.strip() and following.strip() and not following[:1].isspace()
    ]
    if not running_on:
        return False
    full = sum(1 for line in running_on if len(line) >= 0.7 * widest)
    unfinished = sum(1 for line in running_on if not SENTENCE_END.search(line))
    return full >= 0.6 * len(running_on) and unfinished >= 0.5 * len(running_on)


def _line_units(lines: list[tuple[int, str]], keep_lists_together: bool) -> list[Unit]:
    """Return one unit per line; where blank lines part paragraphs, a bullet list is one."""
    units: list[Unit] = []
    previous_was_bullet = False
    for offset, line in lines:
        stripped = line.strip()
        if not stripped:
            previous_was_bullet = False
            continue
        is_bullet = bool(BULLET.match(line))
        if is_bullet and previous_was_bullet and keep_lists_together:
            units[-1].add_line(offset, line, "\n")
        else:
            units.append(Unit.from_line(offset, line))
        previous_was_bullet = is_bullet
    return units


def _wrapped_units(lines: list[tuple[int, str]]) -> list[Unit]:
    """Return paragraphs of wrapped text: a blank or indented line starts a new one, and so
    does the line after a short one (a byline or date line above the story ends there)."""
    widest = max((len(line.strip()) for _, line in lines), default=0)
    units: list[Unit] = []
    open_unit: Unit | None = None
    previous_width = 0
    for offset, line in lines:
        stripped = line.strip()
        if not stripped:
            open_unit = None
            continue
        after_short_line = previous_width < SHORT_LINE_SHARE * widest
        previous_width = len(stripped)
        if open_unit is None or line[:1].isspace() or after_short_line or BULLET.match(line):
            open_unit = Unit.from_line(offset, line)
            units.append(open_unit)
        else:
            open_unit.add_line(offset, line, " ")
    return units


def build_segments(text: str, units: list[Unit], start: int = 0) -> list[Segment]:
    """Return text[start:] as labelled runs, in order, that join back to it exactly."""
    runs: list[tuple[str, int, int]] = []
    position = start
    for unit in units:
        runs.append((SegmentLabel.BLANK, position, unit.start))
        body_start = unit.raw_offset(unit.body_start) if unit.body_start else unit.start
        body_end = unit.raw_offset(unit.body_end) if unit.body_end >= 0 else unit.end
        runs.append((SegmentLabel.DATELINE, unit.start, body_start))
        runs.append((unit.label, body_start, body_end))
        runs.append((SegmentLabel.BOILERPLATE, body_end, unit.end))
        position = unit.end
    runs.append((SegmentLabel.BLANK, position, len(text)))
    segments: list[Segment] = []
    for label, run_start, run_end in runs:
        if run_end <= run_start:
            continue
        piece = text[run_start:run_end]
        if segments and segments[-1].label == label:
            segments[-1].text += piece
        else:
            segments.append(Segment(label, piece))
    return segments
