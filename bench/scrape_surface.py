"""Lay a scrape's pieces out as text, then damage its characters and bytes."""

from __future__ import annotations

import random
import re
import textwrap

# Bytes Windows-1252 leaves undefined; mojibake shows them as Latin-1 characters.
CP1252_GAPS = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def layout(
    rng: random.Random,
    damage: dict,
    title: list[str],
    head: list[str],
    body: list[str],
    tail: list[str],
) -> str:
    """Return the lines joined in one of three layouts: lines, blank-separated, hard-wrapped."""
    style = rng.choices(["lines", "blank", "wrapped"], weights=[35, 45, 20])[0]
    damage["layout"] = style
    if style == "lines":
        return "\n".join([*title, *head, *body, *tail])
    head_separator = rng.choice(["\n", "\n\n"])
    tail_separator = rng.choice(["\n", "\n\n"])
    if style == "blank":
        paragraphs = body
        separator = "\n\n"
    else:
        width = rng.randint(58, 80)
        indent = rng.choice(["", "    "])
        separator = "\n" if indent else "\n\n"
        # Wrapped lines need a blank line or an indent to show where a paragraph ends.
        head_separator = separator

        def wrap(text: str) -> str:
            return textwrap.fill(
                text, width, initial_indent=indent, break_long_words=False, break_on_hyphens=False
            )

        paragraphs = [wrap(paragraph) for paragraph in body]
        head = [wrap(line) for line in head]
        damage["wrap"] = width
    parts = ["\n".join(title)]
    if head:
        parts.append(head_separator.join(head))
    parts.append(separator.join(paragraphs))
    if tail:
        parts.append(tail_separator.join(tail))
    return "\n\n".join(parts)


def odd_characters(rng: random.Random, damage: dict, text: str) -> str:
    """Return text with curly or acute-accent quotes, mojibake, odd spaces and line ends."""
    mojibake = rng.random() < 0.1
    if mojibake or rng.random() < 0.45:
        text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
        text = re.sub(r'"([^"\n]*)"', r"“\1”", text)
        damage["curly_quotes"] = True
    if rng.random() < 0.15:
        text = re.sub(r"(?<=\w)['’](?=\w)", "´", text)
        damage["acute_apostrophes"] = True
    if mojibake:
        text = "\n".join(
            as_mojibake(line) if rng.random() < 0.7 else line for line in text.split("\n")
        )
        damage["mojibake"] = True
    if rng.random() < 0.12:
        text = re.sub(" ", lambda _: "\u00a0" if rng.random() < 0.1 else " ", text)
        damage["no_break_spaces"] = True
    if rng.random() < 0.1:
        text = re.sub("\n", lambda _: " " * rng.randint(0, 2) + "\n", text)
        damage["trailing_spaces"] = True
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
        damage["crlf"] = True
    return text


def as_mojibake(text: str) -> str:
    """Return text as UTF-8 bytes misread as Windows-1252 (Latin-1 where it has no character)."""
    return "".join(
        bytes([byte]).decode("latin-1" if byte in CP1252_GAPS else "cp1252")
        for byte in text.encode("utf-8")
    )


def encode(text: str, rng: random.Random) -> tuple[bytes, str]:
    """Return the scrape's bytes: mostly UTF-8, sometimes with a BOM or in Windows-1252."""
    roll = rng.random()
    if roll < 0.1:
        try:
            return text.encode("cp1252"), "cp1252"
        except UnicodeEncodeError:
            pass
    if roll > 0.95:
        return text.encode("utf-8-sig"), "utf-8-sig"
    return text.encode("utf-8"), "utf-8"
