"""Label the lines of a page with the shipped linear-chain CRF and find the article among them.

The model was trained with CRFsuite (bench/train_block_model.py) and shipped as plain JSON
weights: one weight per (feature, label) and one per label transition. Decoding is a Viterbi
pass over the weighted features, so labelling needs numpy only, not CRFsuite or a pickle.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from archive.ingest.cleaning.blocks.features import (
    NEIGHBOUR_OFFSETS,
    WINDOW_FEATURES,
    base_features,
)
from archive.ingest.cleaning.blocks.labels import Label

MODEL_PATH = Path(__file__).with_name("model.json")
CONTENT_BIAS_STEPS = (1.0, 2.0, 4.0)


@dataclass(frozen=True)
class LineModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # one row per WINDOW_FEATURES name, one column per label
    transitions: np.ndarray  # transitions[previous, next]
    content_bias: float = 0.0  # added to every line's content score when decoding

    @classmethod
    def from_dict(cls, data: dict) -> LineModel:
        """Return the model from its JSON form, features the code no longer makes ignored."""
        labels = tuple(data["labels"])
        column = {label: number for number, label in enumerate(labels)}
        row = {name: number for number, name in enumerate(WINDOW_FEATURES)}
        weights = np.zeros((len(WINDOW_FEATURES), len(labels)), dtype=np.float32)
        for name, by_label in data["weights"].items():
            if name in row:
                for label, weight in by_label.items():
                    weights[row[name], column[label]] = weight
        transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for previous, by_label in data["transitions"].items():
            for label, weight in by_label.items():
                transitions[column[previous], column[label]] = weight
        return cls(
            labels=labels,
            weights=weights,
            transitions=transitions,
            content_bias=float(data.get("content_bias", 0.0)),
        )

    def label_lines(self, lines: list[str]) -> list[str]:
        """Return the most likely label sequence of non-blank, stripped lines."""
        if not lines:
            return []
        scores = self.emission_scores(base_features(lines))
        content = self.labels.index(Label.CONTENT)
        scores[:, content] += self.content_bias
        path = self._viterbi(scores)
        # A page is read because it holds an article: when no line reached content, favour
        # content a little more, step by step, rather than return nothing.
        for bias in CONTENT_BIAS_STEPS:
            if content in path:
                break
            boosted = scores.copy()
            boosted[:, content] += bias
            path = self._viterbi(boosted)
        return [self.labels[number] for number in path]

    def emission_scores(self, base: np.ndarray) -> np.ndarray:
        """Return each line's score per label: its own row and its neighbours' rows, weighted.

        The same as `window_features(base) @ weights`, without building the wide matrix.
        """
        count, width = base.shape
        weights = self.weights
        scores = base @ weights[:width]
        for position, offset in enumerate(NEIGHBOUR_OFFSETS, start=1):
            block = base @ weights[position * width : (position + 1) * width]
            pad = weights[len(NEIGHBOUR_OFFSETS) * width + width + position - 1]
            if offset < 0:
                scores[-offset:] += block[: count + offset]
                scores[: min(-offset, count)] += pad
            else:
                scores[: max(count - offset, 0)] += block[offset:]
                scores[max(count - offset, 0) :] += pad
        return scores

    def _viterbi(self, scores: np.ndarray) -> list[int]:
        count, width = scores.shape
        backpointers = np.zeros((count, width), dtype=np.intp)
        current = scores[0]
        transitions = self.transitions
        for step in range(1, count):
            candidates = current[:, None] + transitions
            backpointers[step] = candidates.argmax(axis=0)
            current = candidates.max(axis=0) + scores[step]
        path = [int(current.argmax())]
        for step in range(count - 1, 0, -1):
            path.append(int(backpointers[step, path[-1]]))
        path.reverse()
        return path


@functools.cache
def load_model(path: Path = MODEL_PATH) -> LineModel:
    """Return the shipped model, read once."""
    return LineModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def classify_lines(lines: list[str], model: LineModel | None = None) -> list[str]:
    """Return one label per line; a blank line takes its neighbours' label when they agree."""
    model = model or load_model()
    kept = [number for number, line in enumerate(lines) if line.strip()]
    found = model.label_lines([" ".join(lines[number].split()) for number in kept])
    labels = [Label.BOILERPLATE.value] * len(lines)
    for number, label in zip(kept, found, strict=True):
        labels[number] = label
    for before, after in zip(kept, kept[1:], strict=False):
        if after > before + 1 and labels[before] == labels[after]:
            labels[before + 1 : after] = [labels[after]] * (after - before - 1)
    return labels


@dataclass(frozen=True)
class ArticleRegion:
    """Where the article sits among a page's lines (indexes into `lines`, in order)."""

    lines: list[str]
    labels: list[str]
    title: int | None = None
    bylines: list[int] = field(default_factory=list)
    dates: list[int] = field(default_factory=list)
    content: list[int] = field(default_factory=list)

    @property
    def kept(self) -> list[int]:
        """Return the lines a cleaner keeps: the title, bylines, dates and content."""
        kept = {*self.bylines, *self.dates, *self.content}
        if self.title is not None:
            kept.add(self.title)
        return sorted(kept)

    @property
    def title_text(self) -> str:
        return self.lines[self.title].strip() if self.title is not None else ""

    @property
    def content_text(self) -> str:
        return "\n".join(self.lines[number] for number in self.content).strip()


def find_article(text: str, model: LineModel | None = None) -> ArticleRegion:
    """Return the title, byline, date and content lines of the article in a page's text."""
    lines = text.splitlines()
    labels = classify_lines(lines, model)
    content = [n for n, label in enumerate(labels) if label == Label.CONTENT]
    titles = [n for n, label in enumerate(labels) if label == Label.TITLE]
    # Of several headline candidates keep the last one above the story, else the first.
    above = [n for n in titles if not content or n < content[0]]
    title = above[-1] if above else (titles[0] if titles else None)
    return ArticleRegion(
        lines=lines,
        labels=labels,
        title=title,
        bylines=[n for n, label in enumerate(labels) if label == Label.BYLINE and lines[n].strip()],
        dates=[n for n, label in enumerate(labels) if label == Label.DATE and lines[n].strip()],
        content=content,
    )
